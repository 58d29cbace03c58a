// SPDX-License-Identifier: MIT
// Models and embeddings through switchyard-gateway with the official `openai` Node SDK.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import OpenAI from 'openai';

import { FAKE_MODELS, defaultConfig, timeout, useStack } from './harness.mjs';

const stack = useStack((upstream) => defaultConfig(upstream));
const client = () => new OpenAI({ baseURL: stack.gateway.baseURL, apiKey: 'anything', maxRetries: 0, timeout: 10_000 });

test('models.list() pages through every served model and the virtual ones', { timeout }, async () => {
    const models = [];
    for await (const model of client().models.list())
        models.push(model);
    const ids = models.map((m) => m.id);
    for (const id of ['mock-fast', 'mock-smart', 'mock-embed', ...FAKE_MODELS, 'auto', 'fast', 'cheap', 'quality'])
        assert.ok(ids.includes(id), `${id} listed`);
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    assert.ok(models.every((m) => m.object === 'model' && typeof m.owned_by === 'string' && Number.isInteger(m.created)));
    const fake = models.find((m) => m.id === 'fake-model');
    assert.equal(fake.owned_by, 'fake');
    assert.equal(fake['x-switchyard'].input_per_1m, 1);
    assert.equal(fake['x-switchyard'].output_per_1m, 2);
    assert.equal(models.find((m) => m.id === 'mock-fast')['x-switchyard'].local, true);
});

test('models.retrieve() by id and by provider/model; an unknown one is NotFoundError', { timeout }, async () => {
    const fast = await client().models.retrieve('mock-fast');
    assert.equal(fast.id, 'mock-fast');
    assert.equal(fast.owned_by, 'mock');
    assert.ok(fast['x-switchyard'].output_per_1m > 0);

    // The SDK sends the id percent-encoded (fake%2Ffake-model), as chat accepts it.
    const prefixed = await client().models.retrieve('fake/fake-model');
    assert.equal(prefixed.id, 'fake/fake-model');
    assert.equal(prefixed.owned_by, 'fake');
    assert.equal(prefixed['x-switchyard'].input_per_1m, 1);

    await assert.rejects(client().models.retrieve('no-such-model'), (e) => {
        assert.ok(e instanceof OpenAI.NotFoundError, `${e.constructor.name}: ${e.message}`);
        assert.equal(e.status, 404);
        return true;
    });
    await assert.rejects(client().models.retrieve('mock/fake-model'), OpenAI.NotFoundError, 'not served by that provider');
});

/** Euclidean length (the mock's vectors are unit vectors). */
function norm(v) {
    return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

test('embeddings from the mock: the SDK default (base64) and float agree', { timeout }, async () => {
    const input = ['switchyards route trains', 'gateways route requests'];
    // No encoding_format: the SDK asks for base64 and decodes it.
    const packed = await client().embeddings.create({ model: 'mock-embed', input });
    const floats = await client().embeddings.create({ model: 'mock-embed', input, encoding_format: 'float' });
    assert.equal(packed.object, 'list');
    assert.equal(packed.data.length, 2);
    for (let i = 0; i < 2; ++i) {
        const a = Array.from(packed.data[i].embedding);
        const b = floats.data[i].embedding;
        assert.equal(packed.data[i].index, i);
        assert.equal(a.length, 256);
        assert.ok(Array.isArray(b) && b.length === 256);
        assert.ok(Math.abs(norm(b) - 1) < 1e-6);
        assert.ok(a.every((x, d) => Math.abs(x - b[d]) < 1e-6), 'base64 decodes to the float vector');
    }
    assert.notDeepEqual(floats.data[0].embedding, floats.data[1].embedding);
    assert.ok(packed.usage.prompt_tokens > 0);
    assert.equal(packed['x-gateway'].provider, 'mock');
    assert.equal(packed['x-gateway'].model, 'mock-embed');

    const small = await client().embeddings.create({ model: 'mock-embed', input: 'x', dimensions: 8 });
    assert.equal(small.data[0].embedding.length, 8);
    // Deterministic: the same text, the same vector.
    const again = await client().embeddings.create({ model: 'mock-embed', input, encoding_format: 'float' });
    assert.deepEqual(again.data[0].embedding, floats.data[0].embedding);
});

test('embeddings through an OpenAI-compatible upstream', { timeout }, async () => {
    const reply = await client().embeddings.create({ model: 'fake-embed', input: ['a', 'b'] });
    assert.equal(reply.data.length, 2);
    assert.deepEqual(Array.from(reply.data[1].embedding), [0.25, 0.5, 0.75]);
    assert.equal(reply.usage.prompt_tokens, 5);
    assert.equal(reply['x-gateway'].provider, 'fake');
});

test('embeddings: missing input, an unknown model or encoding is refused with the right error', { timeout }, async () => {
    await assert.rejects(client().embeddings.create({ model: 'mock-embed' }), (e) => {
        assert.ok(e instanceof OpenAI.BadRequestError);
        assert.equal(e.param, 'input');
        return true;
    });
    await assert.rejects(client().embeddings.create({ model: 'no-such-embedder', input: 'x' }), OpenAI.NotFoundError);
    await assert.rejects(client().embeddings.create({ model: 'mock-embed', input: 'x', encoding_format: 'int8' }),
        OpenAI.BadRequestError);
});
