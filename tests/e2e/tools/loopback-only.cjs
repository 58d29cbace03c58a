// SPDX-License-Identifier: MIT
// Preloaded into every Node-based tool the end-to-end tests run (NODE_OPTIONS=--require ...):
// a TCP connection or a DNS lookup for anything but this machine fails at once, as a refused
// connection would, and is written to $SWITCHYARD_E2E_BLOCKED_LOG so the test can say what the
// tool tried to reach. Node's fetch ignores HTTP(S)_PROXY, so the proxy trap alone would not
// stop Continue's update check; this does, without a network namespace.
'use strict';
const dns = require('node:dns');
const fs = require('node:fs');
const net = require('node:net');

const logFile = process.env.SWITCHYARD_E2E_BLOCKED_LOG;

function isLocal(host) {
    if (host === undefined || host === null || host === '')
        return true; // Node's default: localhost
    const h = String(host).replace(/^\[|\]$/g, '').toLowerCase();
    return h === 'localhost' || h === '::1' || h === '::ffff:127.0.0.1' || /^127\./.test(h);
}

function record(what) {
    if (!logFile)
        return;
    try {
        fs.appendFileSync(logFile, `${JSON.stringify({ pid: process.pid, what, at: Date.now() })}\n`);
    } catch {
        // the test reads what it can; a tool must not crash on our account
    }
}

function refused(host, port) {
    const e = new Error(`connect ECONNREFUSED ${host}:${port} (the Switchyard end-to-end test lets tools reach 127.0.0.1 only)`);
    return Object.assign(e, { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: String(host), port });
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
    // connect(options[, cb]), connect(port[, host][, cb]), connect(path[, cb]), or Node's own
    // normalized [options, cb] array (net.connect and tls.connect pass that).
    let options = args[0];
    if (Array.isArray(options))
        options = options[0];
    let host;
    let port;
    if (options !== null && typeof options === 'object') {
        if (options.path)
            return connect.apply(this, args); // a UNIX socket stays on this machine
        host = options.host;
        port = options.port;
    } else if (typeof options === 'number' || (typeof options === 'string' && /^\d+$/.test(options))) {
        port = options;
        host = typeof args[1] === 'string' ? args[1] : undefined;
    } else {
        return connect.apply(this, args);
    }
    if (isLocal(host))
        return connect.apply(this, args);
    record(`tcp ${host}:${port}`);
    process.nextTick(() => this.destroy(refused(host, port)));
    return this;
};

function notFound(hostname) {
    return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (blocked by the Switchyard end-to-end test)`),
        { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname });
}

const lookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
    if (isLocal(hostname))
        return lookup.call(this, hostname, options, callback);
    const cb = typeof options === 'function' ? options : callback;
    record(`dns ${hostname}`);
    process.nextTick(() => cb(notFound(hostname)));
    return {};
};
const promisesLookup = dns.promises.lookup;
dns.promises.lookup = async function (hostname, options) {
    if (isLocal(hostname))
        return promisesLookup.call(this, hostname, options);
    record(`dns ${hostname}`);
    throw notFound(hostname);
};
for (const name of ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveTxt', 'resolveSrv', 'resolveCname']) {
    if (typeof dns[name] !== 'function')
        continue;
    dns[name] = function (hostname, ...rest) {
        const cb = rest[rest.length - 1];
        record(`dns ${hostname}`);
        process.nextTick(() => cb(notFound(hostname)));
    };
}
