// SPDX-License-Identifier: MIT
// What the upstream receives when the client speaks another protocol: the official SDKs send a
// system prompt, images (base64 and URL), JSON output and tools; fake-upstream logs each request
// (--log) and every test checks the translated body it got, not only the answer that came back.
// The cross-protocol matrix (cross-protocol.test.mjs) covers answers, stop reasons and usage.
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

import { startFakeUpstream, startGateway, timeout } from './harness.mjs';

const logDir = mkdtempSync(path.join(tmpdir(), 'switchyard-e2e-log-'));
const logFile = path.join(logDir, 'upstream.jsonl');
const stack = {};

before(async () => {
    stack.upstream = await startFakeUpstream(['--log', logFile]);
    const port = stack.upstream.port;
    stack.gateway = await startGateway({
        providers: [
            { id: 'oai', type: 'openai', baseUrl: stack.upstream.baseURL, apiKey: 'sk-oai-secret', models: ['fake-model'] },
            { id: 'claude', type: 'anthropic', baseUrl: `http://127.0.0.1:${port}`, apiKey: 'sk-ant-secret',
                models: ['claude-sonnet-4-5'] },
            { id: 'gem', type: 'gemini', baseUrl: `http://127.0.0.1:${port}/v1beta`, apiKey: 'AIza-secret',
                models: ['gemini-2.5-flash'] },
        ],
    });
}, { timeout: 25_000 });

after(async () => {
    const results = await Promise.allSettled([stack.gateway?.stop(), stack.upstream?.stop()]);
    rmSync(logDir, { recursive: true, force: true });
    const failed = results.find((r) => r.status === 'rejected');
    if (failed)
        throw failed.reason;
}, { timeout: 20_000 });

const openai = () => new OpenAI({ baseURL: stack.gateway.baseURL, apiKey: 'anything', maxRetries: 0, timeout: 10_000 });
const anthropic = () => new Anthropic({ baseURL: stack.gateway.url, apiKey: 'anything', maxRetries: 0, timeout: 10_000 });

/** The last client request (POST; health probes are GETs) the fake saw on a path matching @p pattern. */
function lastUpstreamRequest(pattern) {
    const lines = readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const hits = lines.filter((l) => l.method === 'POST' && pattern.test(l.target));
    assert.ok(hits.length > 0, `the upstream saw no POST matching ${pattern}: ${lines.map((l) => `${l.method} ${l.target}`).join(', ')}`);
    return hits.at(-1);
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const schema = { type: 'object', properties: { what: { type: 'string' } }, required: ['what'], additionalProperties: false };
const weatherTool = {
    type: 'function',
    function: { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

/** OpenAI chat messages with a system prompt and two images (base64 data URL and https URL). */
const imageMessages = [
    { role: 'system', content: 'You describe images.' },
    { role: 'user', content: [
        { type: 'text', text: 'What is in these?' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
    ] },
];

const systemText = (system) => (typeof system === 'string' ? system : system.map((b) => b.text).join(''));

test('OpenAI SDK on a Claude model: system prompt, base64 and URL images, json_schema become Messages API fields', { timeout }, async () => {
    const reply = await openai().chat.completions.create({
        model: 'claude-sonnet-4-5', messages: imageMessages,
        response_format: { type: 'json_schema', json_schema: { name: 'thing', schema, strict: true } },
    });
    // The fakes answer JSON when the request they got asks for it.
    assert.deepEqual(JSON.parse(reply.choices[0].message.content), { city: 'Paris', sunny: true });
    const seen = lastUpstreamRequest(/^\/v1\/messages/);
    assert.equal(seen.headers['x-api-key'], 'sk-ant-secret');
    assert.ok(seen.headers['anthropic-version'], 'anthropic-version header sent');
    const body = seen.body;
    assert.equal(body.model, 'claude-sonnet-4-5');
    assert.equal(systemText(body.system), 'You describe images.');
    assert.equal(body.messages.length, 1, 'the system message left messages');
    assert.equal(body.messages[0].role, 'user');
    const blocks = body.messages[0].content;
    assert.deepEqual(blocks.map((b) => b.type), ['text', 'image', 'image']);
    assert.deepEqual(blocks[1].source, { type: 'base64', media_type: 'image/png', data: PNG });
    assert.deepEqual(blocks[2].source, { type: 'url', url: 'https://example.com/cat.jpg' });
    // Anthropic requires max_tokens; absent from the client, it is the catalog's output limit.
    assert.equal(body.max_tokens, 64000);
    assert.deepEqual(body.output_config?.format, { type: 'json_schema', schema });
});

test('OpenAI SDK on a Claude model, streamed with tools: tools, tool_choice and the stream flag translated', { timeout }, async () => {
    const stream = await openai().chat.completions.create({
        model: 'claude-sonnet-4-5', stream: true, max_tokens: 300, temperature: 0.2, stop: ['END'],
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
        tools: [weatherTool], tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    for await (const chunk of stream)
        void chunk;
    const body = lastUpstreamRequest(/^\/v1\/messages/).body;
    assert.equal(body.stream, true);
    assert.equal(body.max_tokens, 300);
    assert.equal(body.temperature, 0.2);
    assert.deepEqual(body.stop_sequences, ['END']);
    assert.deepEqual(body.tools, [{ name: 'get_weather', description: 'Current weather', input_schema: weatherTool.function.parameters }]);
    assert.deepEqual(body.tool_choice, { type: 'tool', name: 'get_weather' });
});

test('OpenAI SDK on a Gemini model: systemInstruction, inlineData, JSON schema output', { timeout }, async () => {
    const reply = await openai().chat.completions.create({
        model: 'gemini-2.5-flash', messages: imageMessages.map((m) => (m.role === 'user'
            ? { ...m, content: m.content.slice(0, 2) } : m)), // Gemini takes URLs only as fileData of its own
        response_format: { type: 'json_schema', json_schema: { name: 'thing', schema } },
    });
    assert.deepEqual(JSON.parse(reply.choices[0].message.content), { city: 'Paris', sunny: true });
    const seen = lastUpstreamRequest(/^\/v1beta\/models\/gemini-2\.5-flash:generateContent/);
    assert.equal(seen.headers['x-goog-api-key'], 'AIza-secret');
    const body = seen.body;
    assert.equal(body.systemInstruction.parts.map((p) => p.text).join(''), 'You describe images.');
    assert.equal(body.contents.length, 1);
    assert.equal(body.contents[0].role, 'user');
    assert.deepEqual(body.contents[0].parts, [{ text: 'What is in these?' }, { inlineData: { mimeType: 'image/png', data: PNG } }]);
    assert.equal(body.generationConfig.responseMimeType, 'application/json');
    assert.deepEqual(body.generationConfig.responseJsonSchema, schema);
});

test('Anthropic SDK on an OpenAI-compatible model: system, image and output_config become chat-completions fields', { timeout }, async () => {
    const reply = await anthropic().messages.create({
        model: 'fake-model', max_tokens: 100, system: 'You describe images.',
        messages: [{ role: 'user', content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            { type: 'text', text: 'What is this?' }] }],
        output_config: { format: { type: 'json_schema', schema } },
    });
    assert.equal(reply.content[0].text, 'Hello from the fake upstream.');
    const seen = lastUpstreamRequest(/^\/v1\/chat\/completions/);
    assert.equal(seen.headers.authorization, 'Bearer sk-oai-secret');
    const body = seen.body;
    assert.equal(body.model, 'fake-model');
    assert.deepEqual(body.messages[0], { role: 'system', content: 'You describe images.' });
    assert.equal(body.messages[1].role, 'user');
    assert.deepEqual(body.messages[1].content, [
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
        { type: 'text', text: 'What is this?' },
    ]);
    assert.equal(body.response_format.type, 'json_schema');
    assert.deepEqual(body.response_format.json_schema.schema, schema);
    assert.ok((body.max_tokens ?? body.max_completion_tokens) === 100, 'max_tokens carried over');
});
