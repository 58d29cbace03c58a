// SPDX-License-Identifier: MIT
// The processes an end-to-end test talks to: `fake-upstream` (the scripted fake provider) and
// `switchyard-gateway`, each on a free port of 127.0.0.1, the gateway with its own temporary
// config, data dir, HOME and XDG dirs. SDK-agnostic: test files bring their own client.
//
//   import { defaultConfig, timeout, useStack } from './harness.mjs';
//   const stack = useStack((upstream) => defaultConfig(upstream));  // before/after hooks
//   test('...', { timeout }, async () => { new OpenAI({ baseURL: stack.gateway.baseURL, ... }) });
//
// Children are stopped by PID: SIGTERM at the end (the gateway must drain and exit 0, or the
// file fails), SIGKILL if this process dies first. The binaries come from the environment
// (CTest sets them); a missing one fails the test instead of skipping it.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 15_000; // the gateway drains in-flight requests for up to 10 s

/** Per test, `test(name, { timeout }, fn)`: a hang fails that test fast, and the hooks still run. */
export const timeout = 15_000;

// If this process ends before the after() hooks ran (killed by a timeout), so do the children.
const running = new Set();
const sandboxes = new Set();
function killAll() {
    for (const child of running)
        child.kill('SIGKILL');
    for (const dir of sandboxes)
        rmSync(dir, { recursive: true, force: true });
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
        killAll();
        process.exit(1);
    });
}

/** The path of a built executable, named by an environment variable. */
export function binary(variable) {
    const file = process.env[variable];
    if (!file)
        throw new Error(`${variable} is not set: run the end-to-end tests through CTest (ctest -L e2e)`);
    return file;
}

/**
 * Starts @p file and resolves once a line of its stdout matches @p ready, with
 * { match, pid, stop(), output() }. stop() resolves with the exit code (SIGTERM, then SIGKILL
 * after STOP_TIMEOUT_MS, which rejects). Rejects if the process exits or stays silent first.
 */
export function launch(name, file, args, { env = process.env, ready } = {}) {
    return new Promise((resolve, reject) => {
        const child = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
        running.add(child);
        let stdout = '';
        let stderr = '';
        let started = false;
        const output = () => `--- ${name} stdout\n${stdout}--- ${name} stderr\n${stderr}`;
        const exited = new Promise((done) => child.on('exit', (code, signal) => {
            running.delete(child);
            done(code ?? signal);
        }));
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`${name} printed no ready line within ${READY_TIMEOUT_MS} ms\n${output()}`));
        }, READY_TIMEOUT_MS);
        child.on('error', (e) => {
            clearTimeout(timer);
            reject(new Error(`${name}: cannot start ${file}: ${e.message}`));
        });
        exited.then((code) => {
            clearTimeout(timer);
            if (!started)
                reject(new Error(`${name} exited (${code}) before it was ready\n${output()}`));
        });
        child.stderr.on('data', (d) => (stderr += d));
        child.stdout.on('data', (d) => {
            stdout += d;
            const match = started ? null : stdout.match(ready);
            if (!match)
                return;
            started = true;
            clearTimeout(timer);
            const stop = async () => {
                if (child.exitCode === null && child.signalCode === null) {
                    child.stdin.end();
                    child.kill('SIGTERM');
                }
                let killer;
                const late = new Promise((done) => (killer = setTimeout(done, STOP_TIMEOUT_MS, 'late')));
                const code = await Promise.race([exited, late]);
                clearTimeout(killer);
                if (code === 'late') {
                    child.kill('SIGKILL');
                    await exited;
                    throw new Error(`${name} did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM\n${output()}`);
                }
                return code;
            };
            resolve({ match, pid: child.pid, stop, output, exited });
        });
    });
}

/** The fake provider (tests/fakes/tool): { port, baseURL, stop() }. */
export async function startFakeUpstream(args = []) {
    const p = await launch('fake-upstream', binary('SWITCHYARD_FAKE_UPSTREAM_BIN'), ['--port', '0', ...args], {
        ready: /fake-upstream listening on (\d+)/,
    });
    const port = Number(p.match[1]);
    return { ...p, port, baseURL: `http://127.0.0.1:${port}/v1` };
}

/** A sandbox for one gateway: HOME, XDG dirs and the data dir, all fresh. */
function makeSandbox() {
    const root = mkdtempSync(path.join(tmpdir(), 'switchyard-e2e-'));
    const dirs = { root };
    for (const d of ['home', 'config', 'data', 'cache', 'runtime', 'gateway-data']) {
        dirs[d] = path.join(root, d);
        mkdirSync(dirs[d]);
    }
    chmodSync(dirs.runtime, 0o700);
    sandboxes.add(root);
    return dirs;
}

/**
 * switchyard-gateway on a free port with @p config (an object, written as its config file):
 * { port, url, baseURL, sandbox, stop() }. stop() rejects unless the gateway drained and exited 0.
 */
export async function startGateway(config, { args = [], env = {} } = {}) {
    const sandbox = makeSandbox();
    const configFile = path.join(sandbox.root, 'config.json');
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const childEnv = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith('SWITCHYARD_') || k.endsWith('_BIN')));
    Object.assign(childEnv, {
        HOME: sandbox.home,
        XDG_CONFIG_HOME: sandbox.config,
        XDG_DATA_HOME: sandbox.data,
        XDG_CACHE_HOME: sandbox.cache,
        XDG_RUNTIME_DIR: sandbox.runtime,
        ...env,
    });
    const p = await launch('switchyard-gateway', binary('SWITCHYARD_GATEWAY_BIN'),
        ['--config', configFile, '--host', '127.0.0.1', '--port', '0', '--data-dir', sandbox['gateway-data'], ...args],
        { env: childEnv, ready: /switchyard listening on (http:\/\/127\.0\.0\.1:(\d+))/ });
    const port = Number(p.match[2]);
    const stop = async () => {
        const code = await p.stop();
        if (code !== 0) {
            sandboxes.delete(sandbox.root);
            throw new Error(`switchyard-gateway exited with ${code}, not 0 (sandbox kept: ${sandbox.root})\n${p.output()}`);
        }
        rmSync(sandbox.root, { recursive: true, force: true });
        sandboxes.delete(sandbox.root);
    };
    return { ...p, stop, port, url: p.match[1], baseURL: `${p.match[1]}/v1`, sandbox };
}

/**
 * Registers before/after hooks that start a fake upstream and a gateway configured by
 * @p makeConfig(upstream) for the calling test file; the returned object gets { upstream, gateway }.
 */
export function useStack(makeConfig) {
    const stack = {};
    before(async () => {
        stack.upstream = await startFakeUpstream();
        stack.gateway = await startGateway(makeConfig(stack.upstream));
    }, { timeout: 2 * READY_TIMEOUT_MS + 1000 });
    after(async () => {
        // Both are stopped even when the first stop fails; the first failure fails the file.
        const results = await Promise.allSettled([stack.gateway?.stop(), stack.upstream?.stop()]);
        const failed = results.find((r) => r.status === 'rejected');
        if (failed)
            throw failed.reason;
    }, { timeout: STOP_TIMEOUT_MS + 1000 });
    return stack;
}

/** The models fake-upstream gives a behaviour to (tests/fakes/tool/fake_upstream_main.cpp). */
export const FAKE_MODELS = ['fake-model', 'fail-400', 'fail-401', 'fail-429', 'fail-500', 'cut-stream',
    'slow-stream', 'hang', 'fake-embed'];

/**
 * A gateway config with the built-in mock and the fake upstream as provider "fake" (serving
 * FAKE_MODELS, 400 ms timeout so the 504 path is quick); fake-model is priced so costs show.
 */
export function defaultConfig(upstream, { server = {} } = {}) {
    return {
        server,
        providers: [
            { id: 'mock', type: 'mock', paceMs: 5 },
            { id: 'fake', type: 'openai', baseUrl: upstream.baseURL, apiKey: 'sk-upstream-secret',
                models: FAKE_MODELS, timeoutMs: 400 },
        ],
        models: [{ id: 'fake-model', provider: 'fake', inputPer1M: 1, outputPer1M: 2, quality: 50,
            contextWindow: 8192, capabilities: ['tools'] }],
    };
}
