// SPDX-License-Identifier: MIT
// Gemini CLI through Switchyard: POST /v1beta/models/{model}:streamGenerateContent?alt=sse with
// x-goog-api-key, relayed natively to the Gemini upstream (thought signatures kept) and translated
// for the OpenAI-compatible and Anthropic ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { defineToolTests, systemText, toolTraffic } from './tools.mjs';

defineToolTests({
    id: 'gemini-cli',
    toolName: 'read_file',
    toolArgs: (note) => ({ file_path: note }),
    args: (prompt) => ['-p', prompt],
    // Test-only: the work dir is a fresh temporary one, trusted without the interactive prompt.
    extraEnv: { GEMINI_CLI_TRUST_WORKSPACE: 'true' },
    check(run, up, prompt, ok) {
        const first = toolTraffic(run, up.format)[0];
        ok.ok(systemText(first).length > 1000, 'Gemini CLI\'s system instruction reached the upstream');
        if (up.format === 'gemini')
            ok.ok(first.body.generationConfig?.thinkingConfig, 'native relay: thinkingConfig kept');
    },
}, { test, assert });
