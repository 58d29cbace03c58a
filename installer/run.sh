#!/usr/bin/env bash
# The README's first command: install what is missing, build, and start Switchyard on the embedded
# defaults (SQLite in the data dir, the built-in mock provider, 127.0.0.1:4000). The desktop window
# where there is a display, the headless gateway otherwise. Extra arguments go to the executable.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${SWITCHYARD_BUILD_DIR:-$root/build}"

"$root/installer/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" --parallel

if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && -x "$build/app/switchyard" ]]; then
    exec "$build/app/switchyard" "$@"
fi
exec "$build/gateway/switchyard-gateway" "$@"
