// SPDX-License-Identifier: MIT
// Claude Code through Switchyard: HEAD /, then POST /v1/messages?beta=true with its ~100 KB
// bodies (two dozen tools, cache_control, thinking, context_management, anthropic-beta), relayed
// natively to Anthropic and translated for the OpenAI-compatible and Gemini upstreams.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { defineToolTests, systemText, toolTraffic } from './tools.mjs';

defineToolTests({
    id: 'claude-code',
    toolName: 'Read',
    toolArgs: (note) => ({ file_path: note }),
    args: (prompt) => ['-p', prompt, '--output-format', 'text'],
    check(run, up, prompt, ok) {
        const seen = toolTraffic(run, up.format);
        const first = seen[0];
        ok.ok(systemText(first).includes('Claude Code'), 'Claude Code\'s system prompt reached the upstream');
        if (up.format === 'anthropic') {
            // Native relay: what only the Messages API carries survives.
            ok.match(first.headers['anthropic-beta'] ?? '', /claude-code-/, 'anthropic-beta passed through');
            ok.equal(first.headers['anthropic-version'], '2023-06-01');
            ok.ok(first.body.thinking, 'thinking kept');
            ok.ok(first.body.context_management, 'context_management kept');
            ok.ok(JSON.stringify(first.body.system).includes('cache_control'), 'cache_control kept');
            ok.ok(first.body.tools.length >= 20, `its ${first.body.tools.length} tools relayed`);
        } else if (up.format === 'openai') {
            ok.equal(first.body.messages[0].role, 'system');
            ok.ok(first.body.max_tokens <= 16384, `max_tokens lowered to gpt-4o's limit (${first.body.max_tokens})`);
            ok.equal(first.body.thinking, undefined, 'no Anthropic-only field reaches an OpenAI upstream');
            ok.ok(first.body.tools.length >= 20 && first.body.tools.every((t) => t.type === 'function'));
        } else {
            ok.ok(first.body.systemInstruction, 'system prompt as systemInstruction');
            ok.ok(first.body.tools[0].functionDeclarations.length >= 20);
        }
    },
}, { test, assert });
