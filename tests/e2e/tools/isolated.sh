#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs "$@" where nothing but this machine can be reached. When the kernel lets an unprivileged
# user create namespaces (unshare -rn), in a new network namespace whose only interface is
# loopback: the tools, the gateway and the fake all run inside it, and no packet can leave. Else
# as is, and the tests refuse outbound connections themselves (loopback-only.cjs for Node tools,
# a proxy trap for the native ones). SWITCHYARD_E2E_ISOLATION says which, for the matrix.
if command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 \
    && unshare -rn sh -c 'ip link set lo up' >/dev/null 2>&1; then
    SWITCHYARD_E2E_ISOLATION="network namespace (unshare -rn, loopback only)"
    export SWITCHYARD_E2E_ISOLATION
    exec unshare -rn sh -c 'ip link set lo up && exec "$@"' sh "$@"
fi
SWITCHYARD_E2E_ISOLATION="no network namespace available: outbound connections refused by loopback-only.cjs and a proxy trap"
export SWITCHYARD_E2E_ISOLATION
exec "$@"
