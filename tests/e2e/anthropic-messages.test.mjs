// SPDX-License-Identifier: MIT
// The Anthropic Messages ingress with the official `@anthropic-ai/sdk`: native relay to an
// Anthropic upstream (thinking blocks and signatures, beta headers), images and system prompts,
// structured outputs, token counting, and errors as the SDK raises them (overloaded 529,
// invalid requests, a stream that fails midway).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';

import { timeout, useStack } from './harness.mjs';

const stack = useStack((upstream) => ({
    providers: [
        { id: 'mock', type: 'mock', paceMs: 2 },
        { id: 'oai', type: 'openai', baseUrl: upstream.baseURL, apiKey: 'sk-oai-secret', models: ['fake-model', 'cut-stream'] },
        { id: 'claude', type: 'anthropic', baseUrl: `http://127.0.0.1:${upstream.port}`, apiKey: 'sk-ant-secret',
            models: ['claude-sonnet-4-5', 'claude-sonnet-4-5-cached', 'fail-529', 'overloaded-stream'] },
    ],
    models: [{ id: 'claude-sonnet-4-5-cached', inputPer1M: 3, outputPer1M: 15, cachedInputPer1M: 0.3, cacheWritePer1M: 3.75, quality: 90, contextWindow: 200000 }],
}));

const client = () => new Anthropic({ baseURL: stack.gateway.url, apiKey: 'anything', maxRetries: 0, timeout: 10_000 });
const hello = [{ role: 'user', content: 'Say hello' }];

test('native relay: thinking block with its signature comes back and is accepted on the next turn', { timeout }, async () => {
    const body = { model: 'claude-sonnet-4-5', max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: hello };
    const first = await client().messages.create(body);
    assert.equal(first.content[0].type, 'thinking');
    assert.ok(first.content[0].signature.length > 10);
    assert.equal(first.model, 'claude-sonnet-4-5-20250929', 'the upstream\'s own answer, relayed');
    // The fake refuses a thinking block whose signature it did not issue.
    const second = await client().messages.create({
        ...body, messages: [...hello, { role: 'assistant', content: first.content }, { role: 'user', content: 'And again' }],
    });
    assert.equal(second.stop_reason, 'end_turn');

    const stream = client().messages.stream(body);
    const deltas = [];
    stream.on('streamEvent', (e) => e.type === 'content_block_delta' && deltas.push(e.delta.type));
    const final = await stream.finalMessage();
    assert.ok(deltas.includes('thinking_delta') && deltas.includes('signature_delta') && deltas.includes('text_delta'));
    assert.equal(final.content[0].signature, first.content[0].signature);
});

test('beta features pass through (client.beta.messages)', { timeout }, async () => {
    const reply = await client().beta.messages.create({
        model: 'claude-sonnet-4-5', max_tokens: 100, messages: hello, betas: ['interleaved-thinking-2025-05-14'],
    });
    assert.equal(reply.content[0].text, 'Hello from the fake Anthropic upstream.');
});

test('cache reads are accounted at their own price', { timeout }, async () => {
    const reply = await client().messages.create({
        model: 'claude-sonnet-4-5-cached', max_tokens: 100,
        system: [{ type: 'text', text: 'A long shared context.', cache_control: { type: 'ephemeral' } }], messages: hello,
    });
    assert.deepEqual([reply.usage.input_tokens, reply.usage.cache_read_input_tokens, reply.usage.cache_creation_input_tokens, reply.usage.output_tokens],
        [100, 1000, 500, 200]);
    // 100 input at $3, 1000 cache reads at $0.30, 500 cache writes at $3.75, 200 output at $15, per 1M.
    assert.equal(reply['x-gateway'].cost_usd, 0.005475);
});

test('system prompt, image and structured output reach an OpenAI-compatible model', { timeout }, async () => {
    const reply = await client().messages.create({
        model: 'fake-model', max_tokens: 100, system: 'You describe images.',
        messages: [{ role: 'user', content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'text', text: 'What is this?' }] }],
        output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: { what: { type: 'string' } } } } },
    });
    assert.equal(reply.content[0].text, 'Hello from the fake upstream.');
    assert.equal(reply['x-gateway'].provider, 'oai');
});

test('the built-in mock answers Anthropic clients, streamed word by word', { timeout }, async () => {
    const plain = await client().messages.create({ model: 'mock-fast', max_tokens: 200, messages: hello });
    assert.match(plain.content[0].text, /^Hello! I am mock-fast/);
    const texts = [];
    const stream = client().messages.stream({ model: 'mock-fast', max_tokens: 200, messages: hello });
    stream.on('text', (t) => texts.push(t));
    const final = await stream.finalMessage();
    assert.ok(texts.length > 5, `streamed in ${texts.length} pieces`);
    assert.equal(final.content[0].text, plain.content[0].text);
    assert.ok(final.usage.output_tokens > 0);
});

test('count_tokens is the gateway\'s estimate', { timeout }, async () => {
    const { data, response } = await client().messages.countTokens({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'a'.repeat(400) }] }).withResponse();
    assert.ok(data.input_tokens >= 100 && data.input_tokens < 120, `${data.input_tokens}`);
    assert.equal(response.headers.get('x-switchyard-token-count'), 'estimate');
});

test('an overloaded upstream is a 529 overloaded_error the SDK raises', { timeout }, async () => {
    await assert.rejects(client().messages.create({ model: 'fail-529', max_tokens: 10, messages: hello }), (e) => {
        assert.ok(e instanceof Anthropic.APIError);
        assert.equal(e.status, 529);
        assert.equal(e.error.type, 'error');
        assert.equal(e.error.error.type, 'overloaded_error');
        assert.ok(e.requestID, 'request-id header');
        return true;
    });
});

test('invalid requests are 400 invalid_request_error, the upstream never called', { timeout }, async () => {
    await assert.rejects(client().messages.create({ model: 'claude-sonnet-4-5', messages: hello }), (e) => {
        assert.ok(e instanceof Anthropic.BadRequestError);
        assert.equal(e.error.error.type, 'invalid_request_error');
        assert.match(e.error.error.message, /max_tokens: Field required/);
        return true;
    });
    await assert.rejects(client().messages.create({ model: 'no-such-model', max_tokens: 5, messages: hello }),
        (e) => e instanceof Anthropic.NotFoundError && e.error.error.type === 'not_found_error');
});

test('a stream that fails midway raises in the SDK instead of ending cleanly', { timeout }, async () => {
    for (const model of ['overloaded-stream', 'cut-stream']) {
        const stream = client().messages.stream({ model, max_tokens: 10, messages: hello });
        await assert.rejects(stream.finalMessage(), (e) => {
            assert.ok(e instanceof Error, `${model}: ${e}`);
            return true;
        }, model);
    }
});
