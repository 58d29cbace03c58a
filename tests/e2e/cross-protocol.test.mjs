// SPDX-License-Identifier: MIT
// The cross-protocol matrix with the official SDKs: client `openai` (chat completions) or
// `@anthropic-ai/sdk` (messages) x upstream OpenAI-compatible, Anthropic or Gemini (fake-upstream
// speaks all three, by path) x streamed or not x with tools or not. Every cell checks the answer,
// the finish/stop reason, the usage the upstream reported and which provider served it; tool
// cells check the call (streamed arguments reassembled) and send the tool result back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

import { timeout, useStack } from './harness.mjs';

const stack = useStack((upstream) => ({
    providers: [
        { id: 'oai', type: 'openai', baseUrl: upstream.baseURL, apiKey: 'sk-oai-secret', models: ['fake-model'] },
        { id: 'claude', type: 'anthropic', baseUrl: `http://127.0.0.1:${upstream.port}`, apiKey: 'sk-ant-secret',
            models: ['claude-sonnet-4-5', 'fail-529', 'overloaded-stream'] },
        { id: 'gem', type: 'gemini', baseUrl: `http://127.0.0.1:${upstream.port}/v1beta`, apiKey: 'AIza-secret',
            models: ['gemini-2.5-flash', 'gemini-3-pro-preview'] },
    ],
}));

const openai = () => new OpenAI({ baseURL: stack.gateway.baseURL, apiKey: 'anything', maxRetries: 0, timeout: 10_000 });
const anthropic = () => new Anthropic({ baseURL: stack.gateway.url, apiKey: 'anything', maxRetries: 0, timeout: 10_000 });

/** What each fake upstream answers (tests/fakes): model, provider, text, usage plain/streamed/tools-streamed. */
const UPSTREAMS = {
    openai: { model: 'fake-model', provider: 'oai', text: 'Hello from the fake upstream.', usage: [9, 12], streamUsage: [9, 12], toolStreamUsage: [9, 12] },
    anthropic: { model: 'claude-sonnet-4-5', provider: 'claude', text: 'Hello from the fake Anthropic upstream.', usage: [25, 12], streamUsage: [25, 12], toolStreamUsage: [25, 12] },
    // Gemini streams report the candidates counted so far: one token per word of the fake's answer.
    gemini: { model: 'gemini-2.5-flash', provider: 'gem', text: 'Hello from the fake Gemini upstream.', usage: [9, 12], streamUsage: [9, 6], toolStreamUsage: [9, 8] },
};

const question = 'What is the weather in Paris?';
const openaiTool = {
    type: 'function',
    function: { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};
const anthropicTool = { name: 'get_weather', description: 'Current weather', input_schema: openaiTool.function.parameters };

/** A streamed chat completion, gathered: text, tool calls by index (arguments joined), finish, usage, x-gateway. */
async function gatherChat(stream) {
    const out = { text: '', calls: [], pieces: 0, finish: null, usage: null, gateway: null };
    for await (const chunk of stream) {
        const choice = chunk.choices[0];
        out.text += choice?.delta?.content ?? '';
        for (const call of choice?.delta?.tool_calls ?? []) {
            const c = (out.calls[call.index] ??= { id: call.id, name: call.function?.name, arguments: '' });
            if (call.function?.arguments) {
                c.arguments += call.function.arguments;
                ++out.pieces;
            }
        }
        out.finish = choice?.finish_reason ?? out.finish;
        out.usage = chunk.usage ?? out.usage;
        out.gateway = chunk['x-gateway'] ?? out.gateway;
    }
    return out;
}

for (const [upstreamName, up] of Object.entries(UPSTREAMS)) {
    for (const streamed of [false, true]) {
        for (const tools of [false, true]) {
            const cell = `${upstreamName} upstream, ${streamed ? 'streamed' : 'not streamed'}, ${tools ? 'tools' : 'no tools'}`;

            test(`openai client -> ${cell}`, { timeout }, async () => {
                const body = { model: up.model, messages: [{ role: 'user', content: question }] };
                if (tools)
                    body.tools = [openaiTool];
                let text;
                let calls;
                let finish;
                let usage;
                let gateway;
                if (streamed) {
                    const g = await gatherChat(await openai().chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }));
                    ({ text, calls, finish, usage, gateway } = g);
                    if (tools && upstreamName !== 'gemini')
                        assert.ok(g.pieces >= 2, `tool arguments streamed in pieces (${g.pieces})`);
                } else {
                    const r = await openai().chat.completions.create(body);
                    text = r.choices[0].message.content ?? '';
                    calls = (r.choices[0].message.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments }));
                    finish = r.choices[0].finish_reason;
                    usage = r.usage;
                    gateway = r['x-gateway'];
                }
                assert.equal(gateway.provider, up.provider);
                const [prompt, completion] = streamed ? (tools ? up.toolStreamUsage : up.streamUsage) : up.usage;
                assert.equal(usage.prompt_tokens, prompt);
                assert.equal(usage.completion_tokens, completion);
                if (!tools) {
                    assert.equal(text, up.text);
                    assert.equal(finish, 'stop');
                    assert.deepEqual(calls, []);
                    return;
                }
                assert.equal(finish, 'tool_calls');
                assert.equal(calls.length, 1);
                assert.equal(calls[0].name, 'get_weather');
                assert.deepEqual(JSON.parse(calls[0].arguments), { city: 'Paris' });
                assert.ok(calls[0].id, 'the call has an id');
                // The conversation goes on with the tool result, as an agent loop sends it back.
                const next = await openai().chat.completions.create({
                    ...body,
                    messages: [...body.messages,
                        { role: 'assistant', content: null, tool_calls: [{ id: calls[0].id, type: 'function', function: { name: 'get_weather', arguments: calls[0].arguments } }] },
                        { role: 'tool', tool_call_id: calls[0].id, content: 'sunny' }],
                });
                if (upstreamName === 'anthropic')
                    assert.equal(next.choices[0].message.content, 'The tool said: sunny');
                if (upstreamName === 'gemini')
                    assert.equal(next.choices[0].message.content, 'The function said: {"result":"sunny"}');
            });

            test(`anthropic client -> ${cell}`, { timeout }, async () => {
                const body = { model: up.model, max_tokens: 256, messages: [{ role: 'user', content: question }] };
                if (tools)
                    body.tools = [anthropicTool];
                let message;
                if (streamed) {
                    const stream = anthropic().messages.stream(body);
                    const types = [];
                    let jsonPieces = 0;
                    stream.on('streamEvent', (event) => {
                        types.push(event.type);
                        if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta' && event.delta.partial_json)
                            ++jsonPieces;
                    });
                    message = await stream.finalMessage();
                    assert.equal(types[0], 'message_start');
                    assert.deepEqual(types.slice(-2), ['message_delta', 'message_stop']);
                    assert.ok(types.includes('content_block_start') && types.includes('content_block_stop'));
                    if (tools && upstreamName !== 'gemini')
                        assert.ok(jsonPieces >= 2, `tool input streamed in input_json_delta pieces (${jsonPieces})`);
                } else {
                    message = await anthropic().messages.create(body);
                    assert.equal(message['x-gateway'].provider, up.provider);
                }
                assert.equal(message.type, 'message');
                assert.equal(message.role, 'assistant');
                const [prompt, completion] = streamed ? (tools ? up.toolStreamUsage : up.streamUsage) : up.usage;
                assert.equal(message.usage.input_tokens, prompt);
                assert.equal(message.usage.output_tokens, completion);
                const textBlocks = message.content.filter((b) => b.type === 'text').map((b) => b.text).join('');
                const uses = message.content.filter((b) => b.type === 'tool_use');
                if (!tools) {
                    assert.equal(textBlocks, up.text);
                    assert.equal(message.stop_reason, 'end_turn');
                    assert.equal(uses.length, 0);
                    return;
                }
                assert.equal(message.stop_reason, 'tool_use');
                assert.equal(uses.length, 1);
                assert.equal(uses[0].name, 'get_weather');
                assert.deepEqual(uses[0].input, { city: 'Paris' });
                assert.match(uses[0].id, /^[a-zA-Z0-9_-]+$/, 'a tool_use id Anthropic would accept');
                const next = await anthropic().messages.create({
                    ...body,
                    messages: [...body.messages, { role: 'assistant', content: message.content },
                        { role: 'user', content: [{ type: 'tool_result', tool_use_id: uses[0].id, content: 'sunny' }] }],
                });
                assert.equal(next.stop_reason, upstreamName === 'openai' ? 'tool_use' : 'end_turn');
                if (upstreamName === 'anthropic')
                    assert.equal(next.content.at(-1).text, 'The tool said: sunny');
                if (upstreamName === 'gemini')
                    assert.equal(next.content[0].text, 'The function said: {"result":"sunny"}');
            });
        }
    }
}

test('gemini 3: the thought signature survives both clients\' round trips', { timeout }, async () => {
    // The fake refuses a replayed Gemini 3 call without the signature it issued.
    const first = await anthropic().messages.create({ model: 'gemini-3-pro-preview', max_tokens: 100, tools: [anthropicTool], messages: [{ role: 'user', content: question }] });
    const use = first.content.find((b) => b.type === 'tool_use');
    const second = await anthropic().messages.create({
        model: 'gemini-3-pro-preview', max_tokens: 100, tools: [anthropicTool],
        messages: [{ role: 'user', content: question }, { role: 'assistant', content: first.content },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'sunny' }] }],
    });
    assert.equal(second.stop_reason, 'end_turn');

    const stream = await openai().chat.completions.create({ model: 'gemini-3-pro-preview', messages: [{ role: 'user', content: question }], tools: [openaiTool], stream: true });
    const { calls } = await gatherChat(stream);
    const next = await openai().chat.completions.create({
        model: 'gemini-3-pro-preview', tools: [openaiTool],
        messages: [{ role: 'user', content: question },
            { role: 'assistant', content: null, tool_calls: [{ id: calls[0].id, type: 'function', function: { name: calls[0].name, arguments: calls[0].arguments } }] },
            { role: 'tool', tool_call_id: calls[0].id, content: 'sunny' }],
    });
    assert.equal(next.choices[0].finish_reason, 'stop');
});
