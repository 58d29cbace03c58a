// SPDX-License-Identifier: MIT
// resources/connect-tools.json, the one source of how each coding tool reaches Switchyard, and
// how its placeholders are filled in. The tool tests (tools.mjs) configure each tool with it, the
// docs page is generated from it (connect-doc.mjs), the desktop app shows it (app/connect).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../../..');

/** resources/connect-tools.json: how each tool reaches Switchyard. */
export const CONNECT = JSON.parse(readFileSync(path.join(root, 'resources/connect-tools.json'), 'utf8'));

export function toolSpec(id) {
    const t = CONNECT.tools.find((x) => x.id === id);
    if (!t)
        throw new Error(`no tool '${id}' in resources/connect-tools.json`);
    return t;
}

/** {{origin}}, {{baseUrl}}, {{key}}, {{model}} replaced; an unknown placeholder is an error. */
export function render(text, vars) {
    return text.replace(/\{\{(\w+)\}\}/g, (m, name) => {
        if (!(name in vars))
            throw new Error(`unknown placeholder ${m}`);
        return vars[name];
    });
}

/** The placeholders' values for Switchyard at @p origin (http://HOST:PORT). */
export function placeholders(origin, model, key = CONNECT.key) {
    return { origin, baseUrl: `${origin}/v1`, key, model };
}

/** The tool's environment as shell lines (`export NAME=value`), the way the docs and the app show it. */
export function envBlock(tool, vars) {
    return tool.env.map(([k, v]) => `export ${k}=${render(v, vars)}`).join('\n');
}
