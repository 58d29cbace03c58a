// SPDX-License-Identifier: MIT
// Chat completions through switchyard-gateway with the official `openai` Node SDK: plain and
// streamed answers, tool calls, provider/model addressing, the mock provider.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import OpenAI from 'openai';

import { defaultConfig, timeout, useStack } from './harness.mjs';

const stack = useStack((upstream) => defaultConfig(upstream));
const client = () => new OpenAI({ baseURL: stack.gateway.baseURL, apiKey: 'anything', maxRetries: 0, timeout: 10_000 });
const messages = [{ role: 'user', content: 'Say hello' }];
const FAKE_TEXT = 'Hello from the fake upstream.';
const FAKE_USAGE = { prompt_tokens: 9, completion_tokens: 12, total_tokens: 21 };
const FAKE_COST = (9 * 1 + 12 * 2) / 1e6; // defaultConfig prices fake-model at 1 / 2 USD per 1M tokens
const weatherTool = {
    type: 'function',
    function: {
        name: 'get_weather',
        description: 'Current weather in a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
};

/** The token counts of a usage object (the gateway adds prompt_tokens_details, as OpenAI does). */
const counts = ({ prompt_tokens, completion_tokens, total_tokens }) => ({ prompt_tokens, completion_tokens, total_tokens });

function assertGatewayMeta(gw, { provider, model, requestId }) {
    assert.ok(gw, 'x-gateway object present');
    assert.equal(gw.provider, provider);
    assert.equal(gw.model, model);
    if (requestId)
        assert.equal(gw.request_id, requestId);
    assert.equal(gw.attempts, 1);
    assert.equal(gw.fallback_used, false);
    assert.equal(gw.cache_hit, false);
    assert.equal(typeof gw.routing_decision, 'string');
    assert.ok(gw.routing_decision.length > 0);
    assert.equal(typeof gw.strategy, 'string');
    assert.equal(typeof gw.score, 'number');
    assert.ok(gw.latency_ms > 0, `latency_ms ${gw.latency_ms}`);
    assert.ok(gw.overhead_ms >= 0 && gw.overhead_ms <= gw.latency_ms, `overhead ${gw.overhead_ms} of ${gw.latency_ms}`);
    assert.equal(typeof gw.cost_usd, 'number');
}

test('non-streamed chat: content, usage, x-gateway, X-Request-ID', { timeout }, async () => {
    const { data, response } = await client().chat.completions.create({ model: 'fake-model', messages }).withResponse();
    assert.equal(data.object, 'chat.completion');
    assert.equal(data.choices[0].message.role, 'assistant');
    assert.equal(data.choices[0].message.content, FAKE_TEXT);
    assert.equal(data.choices[0].finish_reason, 'stop');
    assert.deepEqual(counts(data.usage), FAKE_USAGE);

    const requestId = response.headers.get('x-request-id');
    assert.match(requestId, /^req_/);
    assert.equal(data._request_id, requestId);
    assert.match(response.headers.get('x-response-time'), /^\d+(\.\d+)?ms$/);
    assert.ok(Number(response.headers.get('x-gateway-overhead-ms')) >= 0);
    const gw = data['x-gateway'];
    assertGatewayMeta(gw, { provider: 'fake', model: 'fake-model', requestId });
    assert.equal(gw.requested_model, 'fake-model');
    assert.equal(gw.usage_estimated, false);
    assert.equal(gw.cost_usd, FAKE_COST);

    // Request ids are per request.
    const again = await client().chat.completions.create({ model: 'fake-model', messages });
    assert.notEqual(again._request_id, requestId);
});

test('streamed chat arrives chunk by chunk; include_usage adds a final usage chunk with x-gateway', { timeout }, async () => {
    const { data: stream, response } = await client().chat.completions.create({
        model: 'fake-model', messages, stream: true, stream_options: { include_usage: true },
    }).withResponse();
    assert.match(response.headers.get('content-type'), /^text\/event-stream/);
    const requestId = response.headers.get('x-request-id');
    assert.match(requestId, /^req_/);
    const chunks = [];
    for await (const chunk of stream)
        chunks.push(chunk);

    const pieces = chunks.flatMap((c) => c.choices.map((ch) => ch.delta.content)).filter((p) => p);
    assert.deepEqual(pieces, ['Hello', ' from', ' the', ' fake', ' upstream.'], 'each upstream chunk relayed as its own chunk');
    assert.equal(pieces.join(''), FAKE_TEXT);
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk'));
    assert.equal(chunks.filter((c) => c.choices[0]?.finish_reason === 'stop').length, 1);

    const last = chunks.at(-1);
    assert.deepEqual(last.choices, [], 'the usage chunk has no choices');
    assert.deepEqual(counts(last.usage), FAKE_USAGE);
    assertGatewayMeta(last['x-gateway'], { provider: 'fake', model: 'fake-model', requestId });
    assert.equal(last['x-gateway'].cost_usd, FAKE_COST);
    assert.ok(chunks.slice(0, -1).every((c) => !('x-gateway' in c)), 'x-gateway only on the final chunk');
    assert.ok(chunks.slice(0, -1).every((c) => !c.usage), 'usage only on the final chunk');
});

test('streamed chat without include_usage: no usage chunk, x-gateway on the finish chunk', { timeout }, async () => {
    const stream = await client().chat.completions.create({ model: 'fake-model', messages, stream: true });
    const chunks = [];
    for await (const chunk of stream)
        chunks.push(chunk);
    assert.equal(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join(''), FAKE_TEXT);
    assert.ok(chunks.every((c) => !c.usage && c.choices.length === 1), 'the usage the gateway asked for is not relayed');
    const last = chunks.at(-1);
    assert.equal(last.choices[0].finish_reason, 'stop');
    assertGatewayMeta(last['x-gateway'], { provider: 'fake', model: 'fake-model' });
    assert.equal(last['x-gateway'].cost_usd, FAKE_COST, 'accounted from the usage the gateway asked for');
});

test('a slow upstream stream is relayed as it arrives, and counted when it reports no usage', { timeout }, async () => {
    const stream = await client().chat.completions.create({
        model: 'slow-stream', messages, stream: true, stream_options: { include_usage: true },
    });
    const arrivals = [];
    const chunks = [];
    for await (const chunk of stream) {
        chunks.push(chunk);
        if (chunk.choices[0]?.delta?.content)
            arrivals.push(performance.now());
    }
    assert.equal(arrivals.length, 20);
    // The fake spaces its 20 chunks 50 ms apart (950 ms in all): a gateway that buffered the
    // answer would deliver them together.
    const spread = arrivals.at(-1) - arrivals[0];
    assert.ok(spread > 500, `chunks arrived within ${spread.toFixed(0)} ms of each other`);
    const last = chunks.at(-1);
    assert.ok(last.usage.completion_tokens > 0, 'a counted usage chunk when the upstream sent none');
    assert.equal(last['x-gateway'].usage_estimated, true);
});

test('streamed tool call: arguments arrive in pieces and reassemble into the call', { timeout }, async () => {
    const stream = await client().chat.completions.create({
        model: 'fake-model', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [weatherTool], stream: true,
    });
    const argumentPieces = [];
    let name;
    let id;
    let finish;
    for await (const chunk of stream) {
        for (const call of chunk.choices[0]?.delta?.tool_calls ?? []) {
            assert.equal(call.index, 0);
            id ??= call.id;
            name ??= call.function?.name;
            if (call.function?.arguments)
                argumentPieces.push(call.function.arguments);
        }
        finish ??= chunk.choices[0]?.finish_reason ?? undefined;
    }
    assert.deepEqual(argumentPieces, ['{"city"', ':"Par', 'is"}']);
    assert.deepEqual(JSON.parse(argumentPieces.join('')), { city: 'Paris' });
    assert.equal(name, 'get_weather');
    assert.equal(id, 'call_fake1');
    assert.equal(finish, 'tool_calls');

    // The SDK's own accumulator builds the same call from the gateway's chunks.
    const final = await client().chat.completions.stream({
        model: 'fake-model', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [weatherTool],
    }).finalChatCompletion();
    const call = final.choices[0].message.tool_calls[0];
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
    assert.equal(final.choices[0].finish_reason, 'tool_calls');
});

test('non-streamed tool call', { timeout }, async () => {
    const reply = await client().chat.completions.create({
        model: 'fake-model', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [weatherTool],
    });
    const choice = reply.choices[0];
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, null);
    assert.equal(choice.message.tool_calls.length, 1);
    assert.equal(choice.message.tool_calls[0].type, 'function');
    assert.equal(choice.message.tool_calls[0].function.name, 'get_weather');
    assert.deepEqual(JSON.parse(choice.message.tool_calls[0].function.arguments), { city: 'Paris' });
});

test('provider/model addressing picks the provider and sends it the bare model', { timeout }, async () => {
    const fake = await client().chat.completions.create({ model: 'fake/fake-model', messages });
    assert.equal(fake.model, 'fake-model', 'the fake echoes the model it was sent');
    assert.equal(fake['x-gateway'].provider, 'fake');
    assert.equal(fake['x-gateway'].model, 'fake-model');
    assert.equal(fake['x-gateway'].requested_model, 'fake/fake-model');

    const mock = await client().chat.completions.create({ model: 'mock/mock-fast', messages });
    assert.equal(mock['x-gateway'].provider, 'mock');
    assert.match(mock.choices[0].message.content, /^Hello! I am mock-fast/);
});

test('the built-in mock streams token by token, the same answer as unstreamed, with usage', { timeout }, async () => {
    const prompt = 'Tell me about rail yards';
    const plain = await client().chat.completions.create({ model: 'mock-fast', messages: [{ role: 'user', content: prompt }] });
    const stream = await client().chat.completions.create({
        model: 'mock-fast', messages: [{ role: 'user', content: prompt }], stream: true, stream_options: { include_usage: true },
    });
    const pieces = [];
    let last;
    for await (const chunk of stream) {
        if (chunk.choices[0]?.delta?.content)
            pieces.push(chunk.choices[0].delta.content);
        last = chunk;
    }
    const text = pieces.join('');
    assert.equal(text, plain.choices[0].message.content);
    assert.match(text, /^Hello! I am mock-fast/);
    assert.ok(text.includes(prompt));
    assert.equal(pieces.length, text.split(' ').length, 'one chunk per word');
    assert.equal(last.usage.completion_tokens, pieces.length);
    assert.equal(last.usage.total_tokens, last.usage.prompt_tokens + last.usage.completion_tokens);
    assertGatewayMeta(last['x-gateway'], { provider: 'mock', model: 'mock-fast' });
    assert.ok(last['x-gateway'].cost_usd > 0, 'mock-fast has a catalog price');
});

test('the built-in mock calls a tool, streamed, with arguments filling the schema', { timeout }, async () => {
    const final = await client().chat.completions.stream({
        model: 'mock-fast', messages: [{ role: 'user', content: 'What is the weather in Paris?' }], tools: [weatherTool],
    }).finalChatCompletion();
    const call = final.choices[0].message.tool_calls[0];
    assert.equal(final.choices[0].finish_reason, 'tool_calls');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
});
