#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the pinned coding tools (npm ci from package-lock.json) unless node_modules already
# holds exactly this lock file's tree: a clean CI clone installs them (about 900 MB, most of it
# Codex's and Claude Code's native binaries), a second run costs a checksum. The stamp is written
# last, so an interrupted install is redone.
set -eu
cd "$(dirname "$0")"
stamp=node_modules/.switchyard-installed
want="$(sha256sum package-lock.json | cut -d' ' -f1) node $(node --version)"
installed() {
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] || return 1
    # Each tool's command, as resources/connect-tools.json documents it.
    for bin in $(node -e 'for (const t of require("../../../resources/connect-tools.json").tools) console.log(t.run.split(" ")[0])'); do
        [ -x "node_modules/.bin/$bin" ] || return 1
    done
}
if installed; then
    echo "the coding tools are installed as package-lock.json pins them"
    exit 0
fi
npm_config_update_notifier=false npm ci --no-audit --no-fund --prefer-offline
echo "$want" >"$stamp"
