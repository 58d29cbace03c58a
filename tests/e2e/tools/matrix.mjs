// SPDX-License-Identifier: MIT
// Prints the 5 x 3 matrix of the tool end-to-end tests (tool x upstream wire format, each cell:
// the one-shot prompt and the tool prompt) from the results the tool tests recorded, writes it to
// matrix.txt beside them (installer/test.sh prints it), and fails if any recorded run failed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { CONNECT, UPSTREAMS, resultsDir } from './tools.mjs';

const rows = [];
let failed = 0;
let isolation = 'unknown';
for (const tool of CONNECT.tools) {
    const file = path.join(resultsDir, `${tool.id}.jsonl`);
    const results = existsSync(file)
        ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
        : [];
    const cells = Object.keys(UPSTREAMS).map((up) => {
        const runs = results.filter((r) => r.upstream === up);
        if (runs.length)
            isolation = runs[0].isolation;
        const bad = runs.filter((r) => !r.ok);
        failed += bad.length;
        if (!runs.length)
            return 'not run';
        if (bad.length)
            return `FAIL: ${bad.map((r) => `${r.prompt}: ${r.detail}`).join('; ')}`.slice(0, 60);
        const missing = ['one-shot', 'tool'].filter((p) => !runs.some((r) => r.prompt === p));
        if (missing.length)
            return `ok, ${missing.join(' and ')} not run`;
        const ms = runs.map((r) => r.ms);
        return `ok ok (${(ms[0] / 1000).toFixed(1)} s, ${(ms[1] / 1000).toFixed(1)} s)`;
    });
    rows.push([`${tool.name} ${tool.version}`, ...cells]);
}
const header = ['tool', ...Object.values(UPSTREAMS).map((u) => `${u.label} upstream`)];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
const text = [
    'Coding tools through Switchyard, by upstream wire format (each cell: one-shot prompt, then a',
    'prompt that makes the tool call its file-reading tool and answer from the result; times are',
    `wall clock per run). Isolation: ${isolation}.`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
].join('\n');
writeFileSync(path.join(resultsDir, 'matrix.txt'), text);
process.stdout.write(text);
process.exit(failed ? 1 : 0);
