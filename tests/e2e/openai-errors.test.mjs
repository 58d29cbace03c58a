// SPDX-License-Identifier: MIT
// Failures through switchyard-gateway surface in the official `openai` Node SDK as its typed
// exceptions, with the right status, code and headers; a stream cut mid-way raises, never ends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import OpenAI from 'openai';

import { defaultConfig, timeout, useStack } from './harness.mjs';

const MAX_BODY = 65536;
const stack = useStack((upstream) => {
    const config = defaultConfig(upstream, { server: { maxBodyBytes: MAX_BODY } });
    // A provider nobody listens for: connection refused.
    config.providers.push({ id: 'dead', type: 'openai', baseUrl: 'http://127.0.0.1:1/v1', models: ['dead-model'],
        connectTimeoutMs: 1000 });
    // Each case checks how one failure surfaces: no retry of it, and no circuit opened by the
    // cases before (retries and breakers have their own tests in tests/integration/routing).
    config.routing = { retry: { retries: 0 }, circuitBreaker: { failureThreshold: 1000 }, healthCheckIntervalMs: 0 };
    return config;
});
const client = () => new OpenAI({ baseURL: stack.gateway.baseURL, apiKey: 'anything', maxRetries: 0, timeout: 10_000 });
const messages = [{ role: 'user', content: 'Say hello' }];

/** Asserts @p promise rejects with an @p type error of @p status (and @p code); returns it. */
async function rejectsWith(promise, type, status, code) {
    let error;
    await assert.rejects(promise, (e) => {
        error = e;
        return true;
    });
    assert.ok(error instanceof type, `expected ${type.name}, got ${error?.constructor?.name}: ${error?.message}`);
    assert.equal(error.status, status, error.message);
    if (code !== undefined)
        assert.equal(error.code, code, error.message);
    assert.match(error.requestID ?? '', /^req_/, 'the error carries X-Request-ID');
    assert.ok(error.message.length > 0);
    return error;
}

test('missing and malformed fields are BadRequestError 400 naming the field', { timeout }, async () => {
    let e = await rejectsWith(client().chat.completions.create({ model: 'fake-model' }), OpenAI.BadRequestError, 400,
        'missing_required_parameter');
    assert.equal(e.param, 'messages');
    e = await rejectsWith(client().chat.completions.create({ messages }), OpenAI.BadRequestError, 400,
        'missing_required_parameter');
    assert.equal(e.param, 'model');
    e = await rejectsWith(client().chat.completions.create({ model: 'fake-model', messages: 'hello' }),
        OpenAI.BadRequestError, 400, 'invalid_type');
    assert.equal(e.param, 'messages');
    e = await rejectsWith(client().chat.completions.create({ model: 'fake-model', messages: [{ content: 'no role' }] }),
        OpenAI.BadRequestError, 400);
    assert.equal(e.param, 'messages[0].role');
    // Not JSON at all.
    await rejectsWith(client().post('/chat/completions', { body: '{"model": "fake-model", ',
        headers: { 'content-type': 'application/json' } }), OpenAI.BadRequestError, 400, 'invalid_json');
});

test('an unknown model is NotFoundError 404', { timeout }, async () => {
    const e = await rejectsWith(client().chat.completions.create({ model: 'no-such-model', messages }),
        OpenAI.NotFoundError, 404, 'model_not_found');
    assert.match(e.message, /no-such-model/);
    await rejectsWith(client().chat.completions.create({ model: 'nobody/fake-model', messages }), OpenAI.NotFoundError, 404);
});

test('a body over server.maxBodyBytes is 413', { timeout }, async () => {
    const big = 'x'.repeat(MAX_BODY + 1);
    const e = await rejectsWith(client().chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: big }] }),
        OpenAI.APIError, 413);
    assert.equal(e.type, 'invalid_request_error');
});

test('an upstream 400 is BadRequestError with the upstream message', { timeout }, async () => {
    const e = await rejectsWith(client().chat.completions.create({ model: 'fail-400', messages }), OpenAI.BadRequestError, 400);
    assert.match(e.message, /scripted failure 400/);
});

test('an upstream rate limit is RateLimitError 429 with Retry-After', { timeout }, async () => {
    const e = await rejectsWith(client().chat.completions.create({ model: 'fail-429', messages }), OpenAI.RateLimitError, 429);
    assert.equal(e.headers.get('retry-after'), '3');
});

test('an upstream 500 is InternalServerError 502', { timeout }, async () => {
    const e = await rejectsWith(client().chat.completions.create({ model: 'fail-500', messages }),
        OpenAI.InternalServerError, 502);
    assert.equal(e.type, 'api_error');
    // Streamed requests fail the same way before the first byte: an ordinary error response.
    await rejectsWith(client().chat.completions.create({ model: 'fail-500', messages, stream: true }),
        OpenAI.InternalServerError, 502);
});

test('the upstream refusing the gateway\'s key is 502, never AuthenticationError for the client', { timeout }, async () => {
    const e = await rejectsWith(client().chat.completions.create({ model: 'fail-401', messages }),
        OpenAI.InternalServerError, 502, 'upstream_auth_failed');
    assert.ok(!e.message.includes('sk-upstream-secret'), 'the provider key never reaches the client');
});

test('an unreachable upstream is 502 upstream_unreachable', { timeout }, async () => {
    await rejectsWith(client().chat.completions.create({ model: 'dead-model', messages }),
        OpenAI.InternalServerError, 502, 'upstream_unreachable');
});

test('an upstream that never answers is 504 after the provider timeout', { timeout }, async () => {
    const started = performance.now();
    await rejectsWith(client().chat.completions.create({ model: 'hang', messages }), OpenAI.InternalServerError, 504);
    await rejectsWith(client().chat.completions.create({ model: 'hang', messages, stream: true }),
        OpenAI.InternalServerError, 504);
    // Not the SDK's own 10 s timeout: the gateway answered (defaultConfig: 400 ms).
    assert.ok(performance.now() - started < 9000);
});

test('a stream cut mid-way raises in the for-await loop instead of ending cleanly', { timeout }, async () => {
    const stream = await client().chat.completions.create({ model: 'cut-stream', messages, stream: true });
    let text = '';
    let error;
    try {
        for await (const chunk of stream)
            text += chunk.choices[0]?.delta?.content ?? '';
    } catch (e) {
        error = e;
    }
    assert.equal(text, 'Hello', 'what arrived before the cut was relayed');
    assert.ok(error instanceof OpenAI.APIError, `the loop raised: ${error}`);
    assert.ok(error.message.length > 0);

    // The SDK's accumulator rejects too: a cut answer never looks complete.
    await assert.rejects(client().chat.completions.stream({ model: 'cut-stream', messages }).finalChatCompletion());
});

test('the gateway keeps serving after every failure', { timeout }, async () => {
    const reply = await client().chat.completions.create({ model: 'fake-model', messages });
    assert.equal(reply.choices[0].message.content, 'Hello from the fake upstream.');
});
