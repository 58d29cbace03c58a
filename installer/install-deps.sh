#!/usr/bin/env bash
# Installs the Debian packages Switchyard needs, by name. Idempotent and fast when all are present.
#   installer/install-deps.sh            build + run (headless gateway and desktop app)
#   installer/install-deps.sh --test     also what the test suite needs (Xvfb, keyring, Node)
set -euo pipefail

build=(build-essential cmake ninja-build pkg-config git
       qt6-base-dev qt6-base-dev-tools qt6-websockets-dev
       libqt6sql6-sqlite libgl-dev)
desktop=(qt6-declarative-dev qt6-declarative-dev-tools qt6-charts-dev qt6-qpa-plugins libqt6svg6
         qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
         qml6-module-qtquick-templates qml6-module-qtquick-window qml6-module-qtqml-workerscript
         qml6-module-qtcharts qml6-module-qtquick-dialogs qml6-module-qtcore
         fonts-inter fonts-material-design-icons-iconfont fonts-dejavu-core)
# iproute2 (ip) and util-linux (unshare): the coding-tool tests run in a loopback-only network
# namespace where the kernel allows one (tests/e2e/tools/isolated.sh).
test=(qml6-module-qttest xvfb xauth dbus dbus-x11 gnome-keyring libsecret-1-0 curl jq clang-format
      iproute2 util-linux)

want=("${build[@]}" "${desktop[@]}")
if [[ "${1:-}" == "--test" ]]; then
    want+=("${test[@]}")
fi

missing=()
for pkg in "${want[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
# Node.js and npm (the end-to-end tests drive the official SDKs): Debian's, unless a node exists.
if [[ "${1:-}" == "--test" ]] && ! command -v node >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi

if ((${#missing[@]} == 0)); then
    exit 0
fi
echo "installing: ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
