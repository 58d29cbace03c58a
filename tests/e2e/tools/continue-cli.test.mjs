// SPDX-License-Identifier: MIT
// Continue CLI through Switchyard: POST /v1/chat/completions, streamed with include_usage. It asks
// api.continue.dev for its latest version on every start, with no switch to stop it: the test
// refuses that connection (a network namespace, or loopback-only.cjs) and says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { defineToolTests, systemText, toolTraffic } from './tools.mjs';

defineToolTests({
    id: 'continue-cli',
    toolName: 'Read',
    toolArgs: (note) => ({ filepath: note }),
    args: (prompt) => ['-p', prompt],
    check(run, up, prompt, ok) {
        const first = toolTraffic(run, up.format)[0];
        ok.ok(systemText(first).includes('Continue'), 'Continue\'s system prompt reached the upstream');
        ok.ok(run.blocked.some((b) => b.includes('api.continue.dev')),
            `the update check was refused on this machine (${run.blocked.join(', ') || 'nothing refused'})`);
    },
}, { test, assert });
