// SPDX-License-Identifier: MIT
// What the tool end-to-end tests share: the tools' connection settings (resources/connect-tools.json,
// the same file the docs and the desktop app show), the three upstreams behind one scripted
// fake-upstream, a sandboxed run of one tool, the fake's request log, the network guard, and the
// results the 5 x 3 matrix is printed from (matrix.mjs).
//
//   const stack = useToolStack();                     // before/after hooks: fake + gateway
//   const run = await runTool(stack, 'claude-code', 'anthropic', ['-p', ONE_SHOT]);
//   assert.equal(run.code, 0, run.output());
//
// Every tool runs with HOME, XDG dirs and its working directory fresh for that run, telemetry and
// update checks off, stdin closed, and nothing but 127.0.0.1 reachable (see isolated.sh and
// loopback-only.cjs); each run is stopped by its process group's id on timeout.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';

import { binary, launch, startGateway } from '../harness.mjs';
import { render, toolSpec } from './connect.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export { CONNECT, render, toolSpec } from './connect.mjs';

/** The three upstream wire formats, each a provider of the gateway in front of the same fake. */
export const UPSTREAMS = {
    openai: { label: 'OpenAI-compatible', provider: 'oai', model: 'gpt-4o', format: 'openai',
        key: ['authorization', 'Bearer sk-upstream-oai'] },
    anthropic: { label: 'Anthropic', provider: 'claude', model: 'claude-sonnet-4-5', format: 'anthropic',
        key: ['x-api-key', 'sk-upstream-anthropic'] },
    gemini: { label: 'Gemini', provider: 'gem', model: 'gemini-2.5-flash', format: 'gemini',
        key: ['x-goog-api-key', 'AIza-upstream-gemini'] },
};

/** The key every tool sends Switchyard (keys are not required: any key passes, none goes upstream). */
export const CLIENT_KEY = 'sk-switchyard-e2e-client';

/** The one-shot prompt and its scripted answer. */
export const ONE_SHOT = 'Say PONG and nothing else.';
export const PONG = 'PONG-42';
/** The tool prompt: the fake asks the tool to read note.txt, then answers from what it read. */
export const TOOL_PROMPT = 'Read the file note.txt with your file-reading tool and tell me the secret word in it.';
export const SECRET = 'PAPAYA-7';
export const NOTE = `The secret word is ${SECRET}.\n`;
export const ANSWER = `The secret word in note.txt is ${SECRET}.`;

/**
 * The fake's script for a tool whose file-reading tool is @p toolName, called with @p args
 * (rendered with {{note}}, the note's absolute path).
 */
export function scriptFor(toolName, args) {
    return {
        rules: [
            { name: 'answer-from-tool', when: { toolResultSays: SECRET }, say: ANSWER },
            { name: 'call-tool', when: { lastUserSays: 'secret word', offersTool: toolName, noToolResult: true },
                say: 'Let me read note.txt.', call: { name: toolName, arguments: args } },
            // Gemini CLI and Qwen Code ask "who speaks next?" as JSON: the user, always.
            { name: 'next-speaker', when: { wantsJson: true },
                say: '{"reasoning": "The answer is complete.", "next_speaker": "user"}' },
            { name: 'pong', when: { lastUserSays: 'Say PONG' }, say: PONG },
        ],
        otherwise: 'Nothing was scripted for this request.',
    };
}

const sandboxRoot = process.env.SWITCHYARD_E2E_SANDBOX ?? path.join(here, '.sandbox');

function tempDir(prefix) {
    mkdirSync(sandboxRoot, { recursive: true });
    return mkdtempSync(path.join(sandboxRoot, prefix));
}

/**
 * A proxy that answers every request with 403 and writes down where it was asked to go: tools that
 * honour HTTP(S)_PROXY (the native Claude Code and Codex binaries) are pointed at it, so an attempt
 * to reach the internet is refused on 127.0.0.1 and named in the test's output.
 */
async function startProxyTrap(logFile) {
    const server = net.createServer((socket) => {
        socket.once('data', (d) => {
            const line = d.toString('latin1').split('\r\n')[0];
            appendFileSync(logFile, `${JSON.stringify({ what: `proxy ${line}`, at: Date.now() })}\n`);
            socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        });
        socket.on('error', () => {});
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: server.address().port, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Registers before/after hooks for a test file: a work dir with note.txt, fake-upstream answering
 * from @p makeScript(notePath) and logging each request, a gateway with the three upstream
 * providers in front of it, and the proxy trap. Returns the stack, filled in by before().
 */
export function useToolStack(makeScript) {
    const stack = {};
    before(async () => {
        stack.dir = tempDir('stack-');
        stack.work = path.join(stack.dir, 'work');
        mkdirSync(stack.work);
        stack.note = path.join(stack.work, 'note.txt');
        writeFileSync(stack.note, NOTE);
        stack.fakeLog = path.join(stack.dir, 'fake-requests.jsonl');
        stack.blockedLog = path.join(stack.dir, 'blocked.jsonl');
        writeFileSync(stack.fakeLog, '');
        writeFileSync(stack.blockedLog, '');
        const scriptFile = path.join(stack.dir, 'script.json');
        writeFileSync(scriptFile, JSON.stringify(makeScript(stack.note), null, 2));
        const fake = await launch('fake-upstream', binary('SWITCHYARD_FAKE_UPSTREAM_BIN'),
            ['--port', '0', '--script', scriptFile, '--log', stack.fakeLog], { ready: /fake-upstream listening on (\d+)/ });
        stack.fake = { ...fake, port: Number(fake.match[1]) };
        const up = `http://127.0.0.1:${stack.fake.port}`;
        stack.gateway = await startGateway({
            providers: [
                { id: 'oai', type: 'openai', baseUrl: `${up}/v1`, apiKey: 'sk-upstream-oai', models: [UPSTREAMS.openai.model] },
                { id: 'claude', type: 'anthropic', baseUrl: up, apiKey: 'sk-upstream-anthropic', models: [UPSTREAMS.anthropic.model] },
                { id: 'gem', type: 'gemini', baseUrl: `${up}/v1beta`, apiKey: 'AIza-upstream-gemini', models: [UPSTREAMS.gemini.model] },
            ],
        });
        stack.trap = await startProxyTrap(stack.blockedLog);
    }, { timeout: 30_000 });
    after(async () => {
        const results = await Promise.allSettled([stack.gateway?.stop(), stack.fake?.stop(), stack.trap?.close()]);
        const failed = results.find((r) => r.status === 'rejected');
        if (failed)
            throw failed.reason;
        if (stack.dir && !process.env.SWITCHYARD_E2E_KEEP)
            rmSync(stack.dir, { recursive: true, force: true });
    }, { timeout: 20_000 });
    return stack;
}

/** The requests the fake logged from line @p from on. */
export function fakeRequests(stack, from = 0) {
    return readFileSync(stack.fakeLog, 'utf8').split('\n').filter(Boolean).slice(from).map((l) => JSON.parse(l));
}

/** What the guard and the proxy trap refused since line @p from. */
export function blockedAttempts(stack, from = 0) {
    return readFileSync(stack.blockedLog, 'utf8').split('\n').filter(Boolean).slice(from)
        .map((l) => JSON.parse(l).what);
}

/** The binary npm installed for @p name (tests/e2e/tools/node_modules/.bin). */
export function toolBinary(name) {
    const file = path.join(here, 'node_modules/.bin', name);
    if (!existsSync(file))
        throw new Error(`${file} is missing: the e2e_tools_install fixture installs the tools (tests/e2e/tools/install.sh)`);
    return file;
}

/**
 * Runs tool @p id against @p upstream (a key of UPSTREAMS) with @p args, configured exactly as
 * resources/connect-tools.json says, plus @p extraEnv (test-only switches such as trusting the
 * work dir; @p proxyTrap false: no proxy variables). Resolves with { code, stdout, stderr, ms, requests (what the fake saw during the run),
 * blocked (outbound attempts refused), output() }.
 */
export async function runTool(stack, id, upstream, args, { extraEnv = {}, timeoutMs = 120_000, bin, proxyTrap = true } = {}) {
    const spec = toolSpec(id);
    const up = UPSTREAMS[upstream];
    const home = tempDir(`${id}-home-`);
    const vars = { origin: stack.gateway.url, baseUrl: stack.gateway.baseURL, key: CLIENT_KEY, model: up.model };
    for (const f of spec.files) {
        const file = path.join(home, f.path.replace(/^~\//, ''));
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, render(f.text, vars));
    }
    const trapUrl = `http://127.0.0.1:${stack.trap.port}`;
    const [command, ...runArgs] = spec.run.split(' ');
    const file = bin ?? toolBinary(command);
    // Node code (the tools, Codex's launcher) gets the connection guard; whatever honours a proxy
    // (the native Claude Code and Codex binaries) meets the trap. Qwen Code sends even 127.0.0.1
    // through a configured proxy, NO_PROXY or not: it gets the guard only (@p proxyTrap false).
    const outbound = { NODE_OPTIONS: `--require ${path.join(here, 'loopback-only.cjs')}`, SWITCHYARD_E2E_BLOCKED_LOG: stack.blockedLog };
    if (proxyTrap)
        Object.assign(outbound, { HTTP_PROXY: trapUrl, HTTPS_PROXY: trapUrl, ALL_PROXY: trapUrl, http_proxy: trapUrl,
            https_proxy: trapUrl, all_proxy: trapUrl, NO_PROXY: '127.0.0.1,localhost,::1', no_proxy: '127.0.0.1,localhost,::1' });
    const env = {
        PATH: process.env.PATH,
        LANG: 'C.UTF-8',
        TERM: 'dumb',
        NO_COLOR: '1',
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        XDG_DATA_HOME: path.join(home, '.local/share'),
        XDG_CACHE_HOME: path.join(home, '.cache'),
        XDG_STATE_HOME: path.join(home, '.local/state'),
        TMPDIR: home,
        ...outbound,
        ...Object.fromEntries(spec.env.map(([k, v]) => [k, render(v, vars)])),
        ...extraEnv,
    };
    const fromRequest = fakeRequests(stack).length;
    const fromBlocked = blockedAttempts(stack).length;
    // The documented command line (`cn --config ~/.continue/config.yaml`), then the test's arguments.
    const argv = [...runArgs, ...args].map((a) => (a.startsWith('~/') ? path.join(home, a.slice(2)) : a));
    const started = Date.now();
    const result = await new Promise((resolve, reject) => {
        const child = spawn(file, argv, { cwd: stack.work, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        const timer = setTimeout(() => {
            try {
                process.kill(-child.pid, 'SIGKILL'); // the tool's whole process group, by its id
            } catch {
                // already gone
            }
        }, timeoutMs);
        child.on('error', (e) => {
            clearTimeout(timer);
            reject(new Error(`cannot start ${file}: ${e.message}`));
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            resolve({ code: code ?? signal, stdout, stderr });
        });
    });
    result.ms = Date.now() - started;
    result.requests = fakeRequests(stack, fromRequest);
    result.blocked = blockedAttempts(stack, fromBlocked);
    result.home = home;
    result.output = () => [
        `--- ${spec.name}: ${command} ${argv.join(' ')} (exit ${result.code}, ${result.ms} ms)`,
        `--- stdout\n${result.stdout}`, `--- stderr\n${result.stderr.slice(-6000)}`,
        `--- the fake saw ${result.requests.length} request(s): ${result.requests.map((r) => `${r.method} ${r.target} -> ${r.rule}`).join('; ')}`,
        `--- blocked: ${result.blocked.join(', ') || 'nothing'}`,
        `--- gateway\n${stack.gateway.output().slice(-3000)}`,
    ].join('\n');
    if (!process.env.SWITCHYARD_E2E_KEEP)
        rmSync(home, { recursive: true, force: true });
    return result;
}

/** The requests of @p format among @p requests (what the fake saw in that wire format). */
export function inFormat(requests, format) {
    return requests.filter((r) => r.format === format);
}

/** What the tool of @p run sent upstream in @p format, translated (not the gateway's health probes listing models). */
export function toolTraffic(run, format) {
    return inFormat(run.requests, format).filter((r) => r.rule !== 'models');
}

/** The text of every tool result in @p request's body, read in its own wire format. */
export function toolResults(request) {
    const b = request.body;
    const text = (c) => (typeof c === 'string' ? c : (c ?? []).filter((p) => p.type === 'text').map((p) => p.text).join('\n'));
    if (request.format === 'openai')
        return (b.messages ?? []).filter((m) => m.role === 'tool').map((m) => ({ id: m.tool_call_id, text: text(m.content) }));
    if (request.format === 'anthropic')
        return (b.messages ?? []).flatMap((m) => (Array.isArray(m.content) ? m.content : []))
            .filter((c) => c.type === 'tool_result').map((c) => ({ id: c.tool_use_id, text: text(c.content) }));
    return (b.contents ?? []).flatMap((c) => c.parts ?? []).map((p) => p.functionResponse ?? p.function_response)
        .filter(Boolean).map((r) => ({ id: r.name, text: JSON.stringify(r.response) }));
}

/** The tool calls the conversation in @p request replays (name, id), read in its own wire format. */
export function replayedCalls(request) {
    const b = request.body;
    if (request.format === 'openai')
        return (b.messages ?? []).flatMap((m) => m.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function.name }));
    if (request.format === 'anthropic')
        return (b.messages ?? []).flatMap((m) => (Array.isArray(m.content) ? m.content : []))
            .filter((c) => c.type === 'tool_use').map((c) => ({ id: c.id, name: c.name }));
    return (b.contents ?? []).flatMap((c) => c.parts ?? []).filter((p) => p.functionCall ?? p.function_call)
        .map((p) => ({ name: (p.functionCall ?? p.function_call).name, signature: p.thoughtSignature ?? p.thought_signature }));
}

/** The names of the tools @p request declares, in its own wire format. */
export function declaredTools(request) {
    const b = request.body;
    if (request.format === 'openai')
        return (b.tools ?? []).map((t) => t.function?.name);
    if (request.format === 'anthropic')
        return (b.tools ?? []).map((t) => t.name);
    return (b.tools ?? []).flatMap((t) => t.functionDeclarations ?? t.function_declarations ?? []).map((d) => d.name);
}

/** The system prompt text of @p request, in its own wire format. */
export function systemText(request) {
    const b = request.body;
    const text = (c) => (typeof c === 'string' ? c : (c ?? []).map((p) => p.text ?? '').join('\n'));
    if (request.format === 'openai')
        return (b.messages ?? []).filter((m) => m.role === 'system' || m.role === 'developer').map((m) => text(m.content)).join('\n');
    if (request.format === 'anthropic')
        return text(b.system);
    return text((b.systemInstruction ?? b.system_instruction)?.parts);
}

const resultsDir = process.env.SWITCHYARD_E2E_RESULTS ?? path.join(here, '.results');

/** Writes one cell of the matrix: tool @p id, @p upstream, @p prompt ('one-shot' | 'tool'). */
export function recordResult(id, upstream, prompt, { ok, ms, detail = '' }) {
    mkdirSync(resultsDir, { recursive: true });
    appendFileSync(path.join(resultsDir, `${id}.jsonl`),
        `${JSON.stringify({ id, upstream, prompt, ok, ms, detail, isolation: process.env.SWITCHYARD_E2E_ISOLATION ?? 'unknown' })}\n`);
}

/** Starts a fresh results file for @p id (a rerun replaces the earlier one). */
export function resetResults(id) {
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, `${id}.jsonl`), '');
}

export { resultsDir };

/** base64 of "fake-gemini-thought-signature": what the fake Gemini signs its calls with. */
export const FAKE_GEMINI_SIGNATURE = 'ZmFrZS1nZW1pbmktdGhvdWdodC1zaWduYXR1cmU=';

/**
 * The six tests of one tool (three upstreams x the one-shot and the tool prompt), each recorded
 * for the matrix. @p t: { id, toolName (its file-reading tool), toolArgs(note) (the arguments the
 * fake calls it with), args(prompt, upstream) (the command line), extraEnv?, check?(run, upstream,
 * prompt) (what only this tool's traffic shows) }.
 */
export function defineToolTests(t, { test, assert }) {
    const spec = toolSpec(t.id);
    const stack = useToolStack((note) => scriptFor(t.toolName, t.toolArgs(note)));
    resetResults(t.id);
    for (const [name, up] of Object.entries(UPSTREAMS)) {
        for (const prompt of ['one-shot', 'tool']) {
            const title = `${spec.name} ${spec.version} -> Switchyard -> ${up.label} upstream: ${prompt === 'tool' ? 'reads a file with its tool and answers from it' : 'one-shot answer'}`;
            test(title, { timeout: 180_000 }, async () => {
                let run;
                try {
                    run = await runTool(stack, t.id, name, t.args(prompt === 'tool' ? TOOL_PROMPT : ONE_SHOT, up),
                        { extraEnv: t.extraEnv ?? {}, proxyTrap: t.proxyTrap ?? true });
                    assert.equal(run.code, 0, `exit status\n${run.output()}`);
                    assert.ok(run.stdout.includes(prompt === 'tool' ? ANSWER : PONG), `the answer is printed\n${run.output()}`);
                    const seen = toolTraffic(run, up.format);
                    assert.ok(seen.length > 0, `the fake saw a request in ${up.format} wire format\n${run.output()}`);
                    for (const r of seen) {
                        assert.equal(r.headers[up.key[0]], up.key[1], `the upstream got Switchyard's key for it\n${run.output()}`);
                        assert.ok(!JSON.stringify(r.headers).includes(CLIENT_KEY), 'the client key never goes upstream');
                        if (up.format === 'gemini')
                            assert.match(r.target, new RegExp(`/models/${up.model}:`), 'the model is in the path');
                        else
                            assert.equal(r.body.model, up.model, 'the upstream model is asked for');
                    }
                    assert.equal(run.requests.filter((r) => r.rule === 'refused').length, 0,
                        `no request was refused by the fake's ${up.format} checks\n${run.output()}`);
                    if (prompt === 'one-shot') {
                        assert.ok(seen.some((r) => r.rule === 'pong'), `the prompt reached the upstream\n${run.output()}`);
                    } else {
                        const asked = seen.find((r) => r.rule === 'call-tool');
                        assert.ok(asked, `the upstream was offered ${t.toolName} with the prompt\n${run.output()}`);
                        assert.ok(declaredTools(asked).includes(t.toolName), 'the tool is declared in the upstream format');
                        const answered = seen.find((r) => r.rule === 'answer-from-tool');
                        assert.ok(answered, `the tool's result came back to the upstream\n${run.output()}`);
                        const results = toolResults(answered);
                        assert.ok(results.some((x) => x.text.includes(SECRET)), `the file's content is in a ${up.format} tool result`);
                        const calls = replayedCalls(answered);
                        assert.ok(calls.some((c) => c.name === t.toolName), `the call is replayed as ${up.format} expects`);
                        if (up.format === 'anthropic')
                            assert.ok(results.some((x) => calls.some((c) => c.id === x.id)), 'tool_result answers the tool_use id');
                        if (up.format === 'openai')
                            assert.ok(results.some((x) => calls.some((c) => c.id === x.id)), 'the tool message answers the call id');
                        if (up.format === 'gemini')
                            assert.ok(calls.some((c) => c.signature === FAKE_GEMINI_SIGNATURE), 'the thought signature came back');
                    }
                    t.check?.(run, up, prompt, assert);
                    if (run.blocked.length)
                        console.log(`# ${spec.name} tried to reach (refused): ${[...new Set(run.blocked)].join(', ')}`);
                    recordResult(t.id, name, prompt, { ok: true, ms: run.ms });
                } catch (e) {
                    recordResult(t.id, name, prompt, { ok: false, ms: run?.ms ?? 0, detail: String(e.message).split('\n')[0] });
                    throw e;
                }
            });
        }
    }
    return stack;
}
