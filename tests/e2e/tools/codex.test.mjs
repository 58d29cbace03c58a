// SPDX-License-Identifier: MIT
// Codex through Switchyard: POST /v1/responses, streamed (input items, developer messages,
// function and namespaced tools, typed events), translated for every upstream; its shell tool
// reads the file.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { declaredTools, defineToolTests, systemText, toolTraffic } from './tools.mjs';

defineToolTests({
    id: 'codex',
    toolName: 'exec_command',
    toolArgs: () => ({ cmd: 'cat note.txt' }),
    args: (prompt) => ['exec', '--skip-git-repo-check', '--color', 'never', prompt],
    check(run, up, prompt, ok) {
        const first = toolTraffic(run, up.format)[0];
        ok.ok(systemText(first).includes('Codex'), 'Codex\'s developer instructions reached the upstream as system text');
        const tools = declaredTools(first);
        ok.ok(tools.includes('multi_agent_v1__spawn_agent'), `namespaced functions flattened (${tools.join(', ')})`);
        ok.ok(!tools.some((n) => /web_search/.test(n)), 'no hosted tool was sent');
    },
}, { test, assert });
