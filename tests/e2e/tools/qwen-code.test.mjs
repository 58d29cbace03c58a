// SPDX-License-Identifier: MIT
// Qwen Code through Switchyard: POST /v1/chat/completions, streamed with include_usage, relayed
// to the OpenAI-compatible upstream and translated for Anthropic and Gemini; read_file reads the
// file and its result comes back as a tool message.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { defineToolTests, systemText, toolTraffic } from './tools.mjs';

defineToolTests({
    id: 'qwen-code',
    toolName: 'read_file',
    toolArgs: (note) => ({ file_path: note }),
    args: (prompt) => ['-p', prompt],
    // Qwen Code routes every request through HTTPS_PROXY, 127.0.0.1 included (it ignores NO_PROXY):
    // it is kept in by the connection guard (and the network namespace) instead.
    proxyTrap: false,
    check(run, up, prompt, ok) {
        const first = toolTraffic(run, up.format)[0];
        ok.ok(systemText(first).includes('Qwen Code'), 'Qwen Code\'s system prompt reached the upstream');
        if (up.format === 'openai')
            ok.equal(first.body.stream_options?.include_usage, true, 'usage asked for, as Qwen Code does');
    },
}, { test, assert });
