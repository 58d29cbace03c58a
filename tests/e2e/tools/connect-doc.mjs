// SPDX-License-Identifier: MIT
// Writes docs/connect-tools.md from resources/connect-tools.json (`node connect-doc.mjs --write`),
// or, without --write, fails when the page is not what the JSON makes (CTest docs_connect_tools):
// the docs cannot drift from the settings the tool tests run with.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { CONNECT, envBlock, placeholders, render, root } from './connect.mjs';

const origin = 'http://localhost:4000';
const fence = (syntax, text) => `\`\`\`${syntax}\n${text.replace(/\n$/, '')}\n\`\`\``;

const out = [
    '# Connect a tool',
    '',
    '<!-- Generated from resources/connect-tools.json by tests/e2e/tools/connect-doc.mjs --write;',
    '     edit the JSON, then regenerate. CTest docs_connect_tools fails when this page is stale. -->',
    '',
    'The coding tools people point at a local gateway, and the exact settings each needs to use',
    `Switchyard at \`${origin}\`. The desktop app shows the same settings, with the port it listens`,
    'on, under **Connect a tool**; the end-to-end tests (`tests/e2e/tools`) run each tool at the version',
    'below with exactly these settings, against an OpenAI-compatible, an Anthropic and a Gemini',
    'upstream, for a one-shot prompt and a prompt that makes the tool call one of its tools.',
    '',
    `- **Key**: \`${CONNECT.key}\` stands for any string: Switchyard does not check keys on localhost`,
    '  unless `server.requireApiKey` is on (then use a virtual key). The tool\'s key never goes upstream:',
    '  each provider gets the key configured for it.',
    '- **Model**: the examples use a model of the protocol the tool speaks, but any model Switchyard',
    '  serves works with any tool (a catalog id, `provider/model`, or a virtual model such as `auto`):',
    '  a request is translated when the provider speaks another protocol.',
    '',
    '| tool | package | speaks |',
    '| --- | --- | --- |',
    // GitHub's anchor of each tool's heading is its id ("## Gemini CLI" -> #gemini-cli).
    ...CONNECT.tools.map((t) => `| [${t.name}](#${t.id}) | \`${t.package}@${t.version}\` | ${t.speaks} |`),
];
for (const t of CONNECT.tools) {
    const vars = placeholders(origin, t.exampleModel);
    out.push('', `## ${t.name}`, '', `Install: \`npm install -g ${t.package}@${t.version}\`. ${t.speaks}.`, '');
    if (t.env.length)
        out.push('Environment:', fence('sh', envBlock(t, vars)), '');
    for (const f of t.files)
        out.push(`\`${f.path}\`:`, fence(f.syntax, render(f.text, vars)), '');
    out.push(`Run: \`${t.run}\``, '', t.note);
}
const text = `${out.join('\n')}\n`;
const file = path.join(root, 'docs/connect-tools.md');
if (process.argv.includes('--write')) {
    writeFileSync(file, text);
    console.log(`wrote ${path.relative(root, file)}`);
} else {
    let current = '';
    try {
        current = readFileSync(file, 'utf8');
    } catch {
        // missing: stale
    }
    if (current !== text) {
        console.error(`${path.relative(root, file)} is not what resources/connect-tools.json makes: run\n` +
            '  node tests/e2e/tools/connect-doc.mjs --write');
        process.exit(1);
    }
    console.log(`${path.relative(root, file)} matches resources/connect-tools.json`);
}
