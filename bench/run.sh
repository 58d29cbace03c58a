#!/usr/bin/env bash
# Load benchmark: Switchyard's headless gateway side by side with Portkey's gateway (npm) and a
# direct call, all against the same zero-delay mock upstream, in one run (ARCHITECTURE §6 targets);
# then streaming across protocols (crossproto) and the desktop app under Xvfb (desktop).
#
#   bench/run.sh                      everything (about 20 minutes), writes bench/RESULTS.md
#   bench/run.sh --quick              one short round of every case (a smoke run, about 2 minutes)
#   bench/run.sh --cases latency,stream --targets direct,switchyard --rounds 5 --duration 5
#   bench/run.sh --cases desktop,crossproto --results bench/RESULTS-new.md
#
# Options:
#   --cases LIST     cases to run, in order (default: all of ALL_CASES below)
#   --targets LIST   direct, switchyard, portkey (default: all three)
#   --rounds N       interleaved rounds for latency and throughput (default 3; the median is shown)
#   --duration S     seconds per wrk point (default 10)
#   --quick          1 round, 3 s points, fewer streamed requests, a 20k-request memory soak
#   --no-build       use the binaries already in the build dir
#   --results FILE   where the report goes (default bench/RESULTS.md); --no-results: print only
#
# Every server binds 127.0.0.1 on a free port and is stopped by its PID. Raw outputs go to
# bench/out/<time>/. Adding a case: write case_NAME() (start what it needs with start_target or
# on its own, measure, call `row` once per line of the table) and add NAME to ALL_CASES; the
# table, RESULTS.md and the flags pick it up. bench/README.md describes each case.
set -euo pipefail

ALL_CASES=(latency throughput stream memory ready crossproto desktop routing)
ALL_TARGETS=(direct switchyard portkey)

root=$(cd "$(dirname "$0")/.." && pwd)
bench="$root/bench"
build="${SWITCHYARD_BENCH_BUILD_DIR:-$root/build-bench}"
command_line="bench/run.sh${*:+ $*}"

cases=("${ALL_CASES[@]}")
targets=("${ALL_TARGETS[@]}")
rounds=3
duration=10
quick=0
do_build=1
results="$bench/RESULTS.md"
stream_requests=2000
paced_requests=300
soak_requests=100000
soak_peer_seconds=120
ready_runs=10
xp_chunks=32 # content chunks per cross-protocol stream

while (($#)); do
    case "$1" in
    --cases) IFS=, read -r -a cases <<<"$2"; shift ;;
    --targets) IFS=, read -r -a targets <<<"$2"; shift ;;
    --rounds) rounds=$2; shift ;;
    --duration) duration=$2; shift ;;
    --quick) quick=1 ;;
    --no-build) do_build=0 ;;
    --results) results=$2; shift ;;
    --no-results) results="" ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if ((quick)); then
    rounds=1 duration=3 stream_requests=500 paced_requests=60 soak_requests=20000 soak_peer_seconds=20 ready_runs=3
fi
for c in "${cases[@]}"; do
    declare -F "case_$c" >/dev/null 2>&1 || [[ " ${ALL_CASES[*]} " == *" $c "* ]] ||
        { echo "bench/run.sh: unknown case $c (cases: ${ALL_CASES[*]})" >&2; exit 2; }
done
has_target() { [[ " ${targets[*]} " == *" $1 "* ]]; }
has_case() { [[ " ${cases[*]} " == *" $1 "* ]]; }

out="$bench/out/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
rows="$out/rows.tsv"   # case, metric, direct, switchyard, portkey, ratio, target, verdict
points="$out/points.tsv" # case, point, target, round, value, load1
: >"$rows"
printf 'case\tpoint\ttarget\tround\tvalue\tload1\n' >"$points"
log() { printf '== %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------
# Setup: packages, build, Portkey
# ---------------------------------------------------------------------------------------------
install_packages() {
    local missing=()
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
    command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
    has_case desktop && ! command -v Xvfb >/dev/null 2>&1 && missing+=(xvfb)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    ((${#missing[@]})) || return 0
    log "installing ${missing[*]}"
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build_release() {
    "$root/installer/install-deps.sh"
    local launcher=()
    command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    # The desktop app only for the desktop case (its QML takes minutes to compile on 2 cores).
    local desktop=OFF apps=()
    has_case desktop && desktop=ON apps=(switchyard)
    log "building Release in $build"
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
        -DSWITCHYARD_BUILD_DESKTOP=$desktop -DSWITCHYARD_BUILD_BENCH=ON "${launcher[@]}" >/dev/null
    cmake --build "$build" --target switchyard-gateway switchyard-bench-mock switchyard-bench-client "${apps[@]}"
}

install_portkey() {
    # npm ci again only when the lock file changed since the last install (a copy marks it).
    local stamp="$bench/node_modules/.switchyard-bench-lock"
    if [[ ! -f "$bench/node_modules/@portkey-ai/gateway/package.json" ]] ||
        ! cmp -s "$bench/package-lock.json" "$stamp" 2>/dev/null; then
        log "installing Portkey's gateway (npm ci in bench/)"
        (cd "$bench" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
        cp "$bench/package-lock.json" "$stamp"
    fi
}

install_packages
((do_build)) && build_release
has_target portkey && install_portkey
gateway_bin="$build/gateway/switchyard-gateway"
mock_bin="$build/bench/switchyard-bench-mock"
client_bin="$build/bench/switchyard-bench-client"
app_bin="$build/app/switchyard"
needed=("$gateway_bin" "$mock_bin" "$client_bin")
has_case desktop && needed+=("$app_bin")
for b in "${needed[@]}"; do
    [[ -x $b ]] || { echo "bench/run.sh: $b is missing (run without --no-build)" >&2; exit 1; }
done

# ---------------------------------------------------------------------------------------------
# Processes (started by us, stopped by PID)
# ---------------------------------------------------------------------------------------------
declare -A PID PORT HEADERS URL IDLE_RSS WARM_RSS SERVED
started=()
scratch=() # directories removed at exit (the desktop app's home: short paths for its socket)

stop_pid() {
    local pid=$1
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local i
    for ((i = ${#started[@]} - 1; i >= 0; i--)); do stop_pid "${started[i]}"; done
    for i in "${scratch[@]}"; do rm -rf "$i"; done
}
trap cleanup EXIT

# wait_line FILE REGEX: waits (up to 20 s) for a line and prints it.
wait_line() {
    for _ in $(seq 400); do
        if grep -qE "$2" "$1" 2>/dev/null; then grep -m1 -E "$2" "$1"; return 0; fi
        sleep 0.05
    done
    echo "bench/run.sh: timed out waiting for '$2' in $1" >&2
    cat "$1" >&2 || true
    return 1
}
wait_port() {
    for _ in $(seq 400); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.05
    done
    echo "bench/run.sh: nothing listens on port $1" >&2
    return 1
}
rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
threads_of() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }
load1() { cut -d' ' -f1 /proc/loadavg; }

start_mock() { # start_mock NAME [mock options]
    local name=$1
    shift
    "$mock_bin" "$@" >"$out/$name.out" 2>"$out/$name.err" &
    PID[$name]=$!
    started+=($!)
    PORT[$name]=$(wait_line "$out/$name.out" 'listening on' | grep -o '[0-9]*$')
}

# start_gateway NAME CONFIG: a headless gateway on a free port (PID[NAME], PORT[NAME]).
start_gateway() {
    local name=$1
    "$gateway_bin" --config "$2" --data-dir "$out/$name-data" --port 0 >"$out/$name.out" 2>"$out/$name.err" &
    PID[$name]=$!
    started+=($!)
    PORT[$name]=$(wait_line "$out/$name.out" '^switchyard listening on' | grep -o '[0-9]*$')
}

# The gateway config of the load targets: the mock as `openai`, the paced mock as `paced`.
write_target_config() {
    cat >"$1" <<EOF
{
  "server": { "host": "127.0.0.1", "port": 0 },
  "providers": [
    { "id": "openai", "type": "openai", "baseUrl": "http://127.0.0.1:${PORT[mock]}/v1",
      "apiKey": "sk-bench", "models": ["gpt-4o-mini"] },
    { "id": "paced", "type": "openai", "baseUrl": "http://127.0.0.1:${PORT[paced]}/v1",
      "apiKey": "sk-bench", "models": ["gpt-4o-mini-paced"] }
  ],
  "routing": { "defaultModel": "gpt-4o-mini" }
}
EOF
}

# The three targets of the load cases. Each gets a chat URL, the headers it needs and an idle RSS.
start_target() {
    local t=$1
    [[ -n ${URL[$t]:-} ]] && return 0
    [[ -n ${PORT[mock]:-} ]] || start_mock mock
    [[ -n ${PORT[paced]:-} ]] || start_mock paced --stream-gap-ms 2
    case "$t" in
    direct)
        URL[$t]="http://127.0.0.1:${PORT[mock]}"
        HEADERS[$t]="Authorization: Bearer sk-bench"
        PID[$t]=${PID[mock]}
        ;;
    switchyard)
        write_target_config "$out/switchyard.json"
        start_gateway switchyard "$out/switchyard.json"
        URL[$t]="http://127.0.0.1:${PORT[$t]}"
        HEADERS[$t]="Authorization: Bearer sk-bench"
        ;;
    desktop) # not a column of the table: the desktop case's own target
        start_desktop
        URL[$t]="http://127.0.0.1:${PORT[$t]}"
        HEADERS[$t]="Authorization: Bearer sk-bench"
        ;;
    portkey)
        PORT[$t]=$("$client_bin" port)
        (cd "$out" && exec node --import "$bench/portkey-loopback.mjs" \
            "$bench/node_modules/@portkey-ai/gateway/build/start-server.js" --port="${PORT[$t]}" --headless \
            >"$out/portkey.out" 2>"$out/portkey.err") &
        PID[$t]=$!
        started+=($!)
        wait_port "${PORT[$t]}"
        URL[$t]="http://127.0.0.1:${PORT[$t]}"
        HEADERS[$t]="Authorization: Bearer sk-bench|x-portkey-provider: openai|x-portkey-custom-host: http://127.0.0.1:${PORT[mock]}/v1"
        ;;
    esac
    SERVED[$t]=0
    sleep 1
    IDLE_RSS[$t]=$(rss_mb "${PID[$t]}")
    # Warm: the first requests page in code and fill caches (SQLite's, the allocator's); growth
    # with load is counted from here.
    if [[ $t != direct ]]; then
        wrk_point "$t" 1 1
        sleep 1
        WARM_RSS[$t]=$(rss_mb "${PID[$t]}")
    fi
}

# The desktop app `switchyard` under an Xvfb of our own, isolated: its own HOME and XDG dirs
# (QSettings, runtime dir), TMPDIR (where its single-instance and automation socket lives, so it
# cannot meet a running app), no session bus (no tray icon in the user's desktop), a free port,
# the load targets' config. Waits until the gateway listens and the window has drawn, then puts
# the window on the Overview over the automation socket (SWITCHYARD_AUTOMATION=1).
start_xvfb() {
    [[ -n ${PID[xvfb]:-} ]] && return 0
    # -displayfd: Xvfb picks a free display itself and writes its number (no race with others).
    Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$out/xvfb.display" >"$out/xvfb.out" 2>"$out/xvfb.err" &
    PID[xvfb]=$!
    started+=($!)
    wait_line "$out/xvfb.display" '^[0-9]+$' >/dev/null
    DISPLAY_NUM=$(head -1 "$out/xvfb.display")
}
desktop_cmd() { "$client_bin" automation --socket "$DESKTOP_SOCKET" "$1"; }
# json_str/json_val KEY JSON: the first string / other value of KEY in the app's one-line answers.
json_str() { { grep -o "\"$1\":\"[^\"]*\"" <<<"$2" || true; } | head -1 | cut -d'"' -f4; }
json_val() { { grep -o "\"$1\":[^,}\"]*" <<<"$2" || true; } | head -1 | cut -d: -f2; }
positive() { awk -v v="$1" 'BEGIN { exit !(v + 0 > 0) }'; }
start_desktop() {
    start_xvfb
    local home
    home=$(mktemp -d /tmp/switchyard-bench-desktop.XXXXXX)
    scratch+=("$home")
    mkdir -p "$home"/{config,data,cache,runtime,tmp}
    chmod 700 "$home/runtime"
    write_target_config "$out/desktop.json"
    PORT[desktop]=$("$client_bin" port)
    env -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS HOME="$home" XDG_CONFIG_HOME="$home/config" \
        XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/runtime" \
        TMPDIR="$home/tmp" DISPLAY=":$DISPLAY_NUM" QT_QPA_PLATFORM=xcb SWITCHYARD_AUTOMATION=1 \
        "$app_bin" --config "$out/desktop.json" --data-dir "$out/desktop-data" --port "${PORT[desktop]}" \
        >"$out/desktop.out" 2>"$out/desktop.err" &
    PID[desktop]=$!
    started+=($!)
    local state="" i
    for i in $(seq 300); do
        DESKTOP_SOCKET=$(compgen -G "$home/tmp/switchyard-$(id -u)-*" | head -1 || true)
        if [[ -n $DESKTOP_SOCKET ]] && state=$(desktop_cmd '{"cmd":"state"}' 2>/dev/null) &&
            [[ $(json_str gateway "$state") == Listening ]] && positive "$(json_val firstFrameMs "$state")"; then
            break
        fi
        kill -0 "${PID[desktop]}" 2>/dev/null || { cat "$out/desktop.err" >&2; echo "bench/run.sh: the desktop app exited" >&2; return 1; }
        state=""
        sleep 0.1
    done
    [[ -n $state ]] || { echo "bench/run.sh: the desktop app never listened with its window drawn" >&2; cat "$out/desktop.err" >&2; return 1; }
    DESKTOP_FIRST_FRAME=$(json_val firstFrameMs "$state")
    desktop_cmd '{"cmd":"page","page":"overview"}' >/dev/null
    desktop_on_overview
}
# desktop_on_overview: the window is visible on the Overview on our port (fails loudly if not);
# sets DESKTOP_NEWEST to the request id at the top of its recent requests.
desktop_on_overview() {
    local state
    state=$(desktop_cmd '{"cmd":"state"}')
    if [[ $(json_str page "$state") != overview || $(json_val visible "$state") != true ||
        $(json_val port "$state") != "${PORT[desktop]}" || $(json_str gateway "$state") != Listening ]]; then
        echo "bench/run.sh: the desktop app is not showing the Overview on port ${PORT[desktop]}: ${state:0:300}" >&2
        return 1
    fi
    DESKTOP_NEWEST=$(json_str requestId "$state")
}
# desktop_updated: after a load point, the Overview is still shown and its newest request is
# another than before the point (counted in DESKTOP_UPDATED of DESKTOP_CHECKS).
desktop_updated() {
    local before=$DESKTOP_NEWEST
    sleep 0.3 # a few snapshots (every 100 ms while the window shows)
    desktop_on_overview
    DESKTOP_CHECKS=$((DESKTOP_CHECKS + 1))
    [[ -n $DESKTOP_NEWEST && $DESKTOP_NEWEST != "$before" ]] && DESKTOP_UPDATED=$((DESKTOP_UPDATED + 1))
    return 0
}

# Headers of a target for the paced mock (Switchyard routes by model, Portkey by custom host).
paced_headers() {
    case "$1" in
    portkey) echo "Authorization: Bearer sk-bench|x-portkey-provider: openai|x-portkey-custom-host: http://127.0.0.1:${PORT[paced]}/v1" ;;
    *) echo "Authorization: Bearer sk-bench" ;;
    esac
}
paced_url() {
    case "$1" in
    direct) echo "http://127.0.0.1:${PORT[paced]}" ;;
    *) echo "${URL[$1]}" ;;
    esac
}

# ---------------------------------------------------------------------------------------------
# Measurement helpers
# ---------------------------------------------------------------------------------------------
# kv KEY TEXT: the value of KEY=value in TEXT.
kv() { grep -o "$1=[^ ]*" <<<"$2" | head -1 | cut -d= -f2; }
# stats VALUES...: "median min max" (empty input -> "- - -").
stats() {
    (($#)) || { echo "- - -"; return; }
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR] }'
}
median() { stats "$@" | cut -d' ' -f1; }
calc() { awk "BEGIN { printf \"%.${2:-3}f\", $1 }"; }
point() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$(load1)" >>"$points"; }

# wrk_point TARGET CONNECTIONS SECONDS [BODY] [CHECK]: sets WRK to the BENCH line of wrk/post.lua
# (a global, not an echo: it also counts the requests each target served, in this shell).
wrk_point() {
    local t=$1 c=$2 d=$3 body=${4:-$bench/bodies/chat.json} check=${5:-}
    local line
    line=$(BENCH_BODY="$body" BENCH_HEADERS="${HEADERS[$t]}" BENCH_CHECK="$check" \
        ${PIN:+taskset -c "$PIN"} wrk -t1 -c"$c" -d"${d}s" --timeout 5s --latency -s "$bench/wrk/post.lua" \
        "${URL[$t]}/v1/chat/completions" | tee -a "$out/wrk.log" | grep '^BENCH ' || true)
    [[ -n $line ]] || { echo "bench/run.sh: wrk printed no result for $t" >&2; return 1; }
    SERVED[$t]=$((SERVED[$t] + $(kv requests "$line")))
    WRK=$line
}
wrk_errors() {
    local line=$1
    echo $(($(kv connect_errors "$line") + $(kv read_errors "$line") + $(kv write_errors "$line") +
        $(kv timeouts "$line") + $(kv non2xx "$line") + $(kv bad "$line")))
}

# row CASE METRIC DIRECT SWITCHYARD PORTKEY RATIO TARGET VERDICT (use "-" for none).
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$rows"; }
# verdict VALUE OP LIMIT [UNIT]: "pass" or "MISS by X".
verdict() {
    local v=$1 op=$2 limit=$3 unit=${4:-}
    [[ $v == - || -z $v ]] && { echo "-"; return; }
    if awk "BEGIN { exit !($v $op $limit) }"; then
        echo "pass"
    else
        echo "MISS by $(calc "($v) - ($limit) < 0 ? ($limit) - ($v) : ($v) - ($limit)" 3)$unit"
    fi
}
val() { # val TARGET VALUE: VALUE if the target runs, else "-"
    has_target "$1" && echo "$2" || echo "-"
}
fmt_range() { # fmt_range "median min max" DIGITS [SCALE]: "m [min–max]" or "m" for one sample
    local m lo hi
    read -r m lo hi <<<"$1"
    [[ $m == - ]] && { echo "-"; return; }
    local s=${3:-1}
    if ((rounds > 1)) && [[ $lo != "$hi" ]]; then
        echo "$(calc "$m*$s" "$2") [$(calc "$lo*$s" "$2")–$(calc "$hi*$s" "$2")]"
    else
        calc "$m*$s" "$2"
    fi
}
# pin_all CPU|"": pins every started server (all threads) to CPU, or back to all CPUs.
pin_all() {
    local cpus=${1:-0-$(($(nproc) - 1))} pid
    for pid in "${started[@]}"; do
        taskset -a -p -c "$cpus" "$pid" >/dev/null 2>&1 || true
    done
}

for t in "${targets[@]}"; do start_target "$t"; done
log "targets: $(for t in "${targets[@]}"; do printf '%s=%s ' "$t" "${URL[$t]}"; done)"

# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------
# Latency at one connection: p50/p99 per target, and the latency a gateway adds over the direct
# call in the same round. Unpinned (the scheduler places processes as it likes: every hop may wake
# the other CPU, ~25-30 µs each on this VM), then with every process on CPU 0 (the gateway's own
# cost, without cross-CPU wake-ups).
case_latency() {
    local variant t r q tt i
    for variant in unpinned pinned; do
        declare -A lat=() # "p50.TARGET" -> per-round values (µs)
        local d=$duration label="c=1"
        if [[ $variant == pinned ]]; then
            PIN=0 d=$(((duration + 1) / 2)) label="c=1, all on CPU 0"
            pin_all 0
        fi
        for ((r = 1; r <= rounds; r++)); do
            for t in "${targets[@]}"; do
                wrk_point "$t" 1 1 # warm-up
                wrk_point "$t" 1 "$d"
                for q in p50 p99; do
                    lat[$q.$t]+="$(kv ${q}_us "$WRK") "
                    point latency "$variant ${q}_us" "$t" "$r" "$(kv ${q}_us "$WRK")"
                done
            done
        done
        if [[ $variant == pinned ]]; then
            PIN=""
            pin_all ""
        fi
        for q in p50 p99; do
            local cells=()
            for tt in "${ALL_TARGETS[@]}"; do
                # shellcheck disable=SC2086
                has_target "$tt" && cells+=("$(fmt_range "$(stats ${lat[$q.$tt]})" 3 0.001)") || cells+=("-")
            done
            local ratio="-"
            if has_target switchyard && has_target portkey; then
                # shellcheck disable=SC2086
                ratio="Portkey $(calc "$(median ${lat[$q.portkey]}) / $(median ${lat[$q.switchyard]})" 1)x slower"
            fi
            row latency "$label $q (ms)" "${cells[@]}" "$ratio" - -
        done
        has_target direct || continue
        for q in p50 p99; do
            declare -A added=() shown=()
            for tt in switchyard portkey; do
                has_target "$tt" || continue
                local dv tv a=()
                read -r -a dv <<<"${lat[$q.direct]}"
                read -r -a tv <<<"${lat[$q.$tt]}"
                for i in "${!dv[@]}"; do a+=("$(calc "(${tv[i]} - ${dv[i]}) / 1000" 3)"); done
                local s
                s=$(stats "${a[@]}")
                added[$tt]=${s%% *}
                shown[$tt]=$(fmt_range "$s" 3)
            done
            local limit=0.1 v="-" ratio="-"
            [[ $q == p99 ]] && limit=0.25
            has_target switchyard && v=$(verdict "${added[switchyard]}" "<=" "$limit" " ms")
            if has_target switchyard && has_target portkey; then
                ratio="Portkey adds $(calc "${added[portkey]} / (${added[switchyard]} > 0.001 ? ${added[switchyard]} : 0.001)" 1)x more"
            fi
            row latency "$label added $q over direct (ms)" - "${shown[switchyard]:--}" "${shown[portkey]:--}" \
                "$ratio" "<= $limit ms" "$v"
            unset added shown
        done
        unset lat
    done
}

# Throughput at 32 connections, non-streaming, with every error wrk sees (socket errors, HTTP
# status >= 400), then a checked point that also verifies each body (status 200 and "choices").
case_throughput() {
    declare -A rps=() errs=() p99=()
    local t r line
    for t in "${targets[@]}"; do wrk_point "$t" 32 $((quick ? 1 : 3)); done # warm-up
    for ((r = 1; r <= rounds; r++)); do
        for t in "${targets[@]}"; do
            wrk_point "$t" 32 "$duration"
            line=$WRK
            rps[$t]+="$(kv rps "$line") "
            p99[$t]+="$(kv p99_us "$line") "
            errs[$t]=$((${errs[$t]:-0} + $(wrk_errors "$line")))
            point throughput rps "$t" "$r" "$(kv rps "$line")"
            point throughput errors "$t" "$r" "$(wrk_errors "$line")"
        done
    done
    declare -A checked=()
    for t in "${targets[@]}"; do
        wrk_point "$t" 32 $((quick ? 2 : 3)) "$bench/bodies/chat.json" '"choices"'
        line=$WRK
        checked[$t]="$(kv requests "$line") requests, $(wrk_errors "$line") bad"
        errs[$t]=$((${errs[$t]:-0} + $(wrk_errors "$line")))
        grep -q '^BENCH_FIRST_BAD' "$out/wrk.log" && tail -1 "$out/wrk.log" >&2
    done
    local cells=() tt
    for tt in "${ALL_TARGETS[@]}"; do
        # shellcheck disable=SC2086
        has_target "$tt" && cells+=("$(fmt_range "$(stats ${rps[$tt]})" 0)") || cells+=("-")
    done
    local ratio="-" v="-"
    if has_target switchyard && has_target portkey; then
        local sy pk
        # shellcheck disable=SC2086
        sy=$(median ${rps[switchyard]})
        # shellcheck disable=SC2086
        pk=$(median ${rps[portkey]})
        ratio="$(calc "$sy / $pk" 1)x Portkey"
        v=$(verdict "$sy" ">=" "10 * $pk" " req/s")
    fi
    if has_target switchyard && has_target direct; then
        # shellcheck disable=SC2086
        ratio+="${ratio:+, }$(calc "100 * $(median ${rps[switchyard]}) / $(median ${rps[direct]})" 0)% of direct"
        ratio=${ratio#-, }
    fi
    row throughput "c=32 req/s" "${cells[@]}" "$ratio" ">= 10x fastest peer" "$v"
    cells=()
    for tt in "${ALL_TARGETS[@]}"; do
        # shellcheck disable=SC2086
        has_target "$tt" && cells+=("$(fmt_range "$(stats ${p99[$tt]})" 2 0.001)") || cells+=("-")
    done
    row throughput "c=32 p99 latency (ms)" "${cells[@]}" - - -
    cells=()
    for tt in "${ALL_TARGETS[@]}"; do
        has_target "$tt" && cells+=("${errs[$tt]} (checked: ${checked[$tt]})") || cells+=("-")
    done
    v="-"
    has_target switchyard && v=$(verdict "${errs[switchyard]}" "==" 0)
    row throughput "c=32 errors (socket, HTTP >= 400, bad body)" "${cells[@]}" - "0" "$v"
}

# Streaming: sequential streamed requests on one keep-alive connection; time to the first byte,
# to the first complete SSE event, and to the end. First against the zero-delay mock (all events
# in one write), then a paced one (events 2 ms apart: the first event must not wait for the rest).
case_stream() {
    declare -A res=()
    local t hargs=()
    for t in "${targets[@]}"; do
        header_array hargs "${HEADERS[$t]}"
        res[$t]=$("$client_bin" stream --port "${URL[$t]##*:}" --body-file "$bench/bodies/chat-stream.json" \
            "${hargs[@]}" --requests "$stream_requests" --warmup 100 2>>"$out/stream.err" | tee -a "$out/stream.log" || true)
        SERVED[$t]=$((SERVED[$t] + stream_requests + 100))
        point stream ttfe_p50_us "$t" 1 "$(kv ttfe_p50_us "${res[$t]}")"
    done
    stream_rows "" res
    declare -A paced=()
    for t in "${targets[@]}"; do
        sed 's/"gpt-4o-mini"/"gpt-4o-mini-paced"/' "$bench/bodies/chat-stream.json" >"$out/paced.json"
        [[ $t == switchyard ]] || cp "$bench/bodies/chat-stream.json" "$out/paced.json"
        local port
        port=$(paced_url "$t")
        header_array hargs "$(paced_headers "$t")"
        paced[$t]=$("$client_bin" stream --port "${port##*:}" --body-file "$out/paced.json" \
            "${hargs[@]}" --requests "$paced_requests" --warmup 10 2>>"$out/stream.err" | tee -a "$out/stream.log" || true)
        SERVED[$t]=$((SERVED[$t] + paced_requests + 10))
    done
    stream_rows "paced 2 ms, " paced
}
# header_array ARRAY-NAME "A: b|C: d": sets ARRAY to the stream client's --header options.
header_array() {
    local -n into=$1
    local IFS='|' h
    into=()
    for h in $2; do into+=(--header "$h"); done
}
stream_rows() { # stream_rows LABEL ASSOC-NAME
    local label=$1
    local -n r=$2
    local key name
    for key in ttfb_p50 ttfb_p99 ttfe_p50 ttfe_p99 end_p50 end_p99; do
        case $key in
        ttfb_*) name="stream ${label}first byte ${key#*_}" ;;
        ttfe_*) name="stream ${label}first event ${key#*_}" ;;
        end_*) name="stream ${label}end ${key#*_}" ;;
        esac
        local cells=() tt
        for tt in "${ALL_TARGETS[@]}"; do
            if has_target "$tt" && [[ -n ${r[$tt]:-} ]]; then
                cells+=("$(calc "$(kv "${key}_us" "${r[$tt]}") / 1000" 3)")
            else
                cells+=("-")
            fi
        done
        local ratio="-"
        if has_target switchyard && has_target portkey && [[ -n ${r[switchyard]:-} && -n ${r[portkey]:-} ]]; then
            ratio="Portkey $(calc "$(kv "${key}_us" "${r[portkey]}") / $(kv "${key}_us" "${r[switchyard]}")" 1)x slower"
        fi
        row stream "$name (ms)" "${cells[@]}" "$ratio" - -
    done
    if has_target direct && has_target switchyard; then
        local key2 limit
        for key2 in ttfe_p50 ttfe_p99; do
            local sy pk="-"
            sy=$(calc "($(kv "${key2}_us" "${r[switchyard]}") - $(kv "${key2}_us" "${r[direct]}")) / 1000" 3)
            has_target portkey &&
                pk=$(calc "($(kv "${key2}_us" "${r[portkey]}") - $(kv "${key2}_us" "${r[direct]}")) / 1000" 3)
            limit="-" v="-"
            [[ $key2 == ttfe_p99 ]] && { limit="<= 0.3 ms"; v=$(verdict "$sy" "<=" 0.3 " ms"); }
            row stream "stream ${label}added first event ${key2#*_} over direct (ms)" - "$sy" "$pk" - "$limit" "$v"
        done
    fi
    local ecells=() tt
    for tt in "${ALL_TARGETS[@]}"; do
        has_target "$tt" && ecells+=("$(kv errors "${r[$tt]:-errors=?}") of $(kv requests "${r[$tt]:-requests=?}")") ||
            ecells+=("-")
    done
    row stream "stream ${label}errors" "${ecells[@]}" - 0 "$(has_target switchyard && verdict "$(kv errors "${r[switchyard]:-errors=1}")" "==" 0 || echo -)"
}

# Memory: RSS right after start (idle), then after at least $soak_requests requests in total
# (the cases before count; the rest is a c=32 soak), read from /proc/PID/status.
case_memory() {
    declare -A after=() thr=()
    local t
    for t in "${targets[@]}"; do
        [[ $t == direct ]] && continue
        local soaked=0
        while ((SERVED[$t] < soak_requests)); do
            local left rate
            wrk_point "$t" 32 2
            rate=$(kv rps "$WRK")
            left=$((soak_requests - SERVED[$t]))
            ((left > 0)) || break
            # At most a minute per step, and a peer gets soak_peer_seconds in all: a slow one would
            # take many minutes to 100k (the table says how many it served).
            local step
            step=$(calc "($left / $rate + 1) < 60 ? $left / $rate + 1 : 60" 0)
            wrk_point "$t" 32 "$step"
            soaked=$((soaked + step))
            [[ $t == switchyard ]] || ((soaked < soak_peer_seconds)) || break
        done
        sleep 2
        after[$t]=$(rss_mb "${PID[$t]}")
        thr[$t]=$(threads_of "${PID[$t]}")
        point memory rss_after_mb "$t" 1 "${after[$t]}"
        point memory requests "$t" 1 "${SERVED[$t]}"
    done
    local sy_idle sy_growth pk_growth sy_cold="-" pk_cold="-"
    sy_idle=$(val switchyard "${IDLE_RSS[switchyard]:-}")
    row memory "idle RSS after start (MB)" "-" "$sy_idle" "$(val portkey "${IDLE_RSS[portkey]:-}")" \
        "$(has_target switchyard && has_target portkey && echo "Portkey $(calc "${IDLE_RSS[portkey]} / ${IDLE_RSS[switchyard]}" 1)x larger" || echo -)" \
        "<= 30 MB" "$(has_target switchyard && verdict "$sy_idle" "<=" 30 " MB" || echo -)"
    row memory "RSS after 1 s of warm-up at c=1 (MB)" "-" "$(val switchyard "${WARM_RSS[switchyard]:-}")" \
        "$(val portkey "${WARM_RSS[portkey]:-}")" - - -
    row memory "RSS after load (MB)" "-" "$(val switchyard "${after[switchyard]:-}")" "$(val portkey "${after[portkey]:-}")" - - -
    sy_growth=$(has_target switchyard && calc "${after[switchyard]} - ${WARM_RSS[switchyard]}" 1 || echo -)
    pk_growth=$(has_target portkey && calc "${after[portkey]} - ${WARM_RSS[portkey]}" 1 || echo -)
    has_target switchyard && sy_cold=$(calc "${after[switchyard]} - ${IDLE_RSS[switchyard]}" 1)
    has_target portkey && pk_cold=$(calc "${after[portkey]} - ${IDLE_RSS[portkey]}" 1)
    row memory "growth after warm-up, over $((soak_requests / 1000))k+ requests (MB; served: switchyard ${SERVED[switchyard]:-0}, portkey ${SERVED[portkey]:-0})" \
        "-" "$sy_growth" "$pk_growth" - "<= 5 MB" "$(has_target switchyard && verdict "$sy_growth" "<=" 5 " MB" || echo -)"
    row memory "growth from the cold start (MB)" "-" "$sy_cold" "$pk_cold" - - -
    row memory "threads" "-" "$(val switchyard "${thr[switchyard]:-}")" "$(val portkey "${thr[portkey]:-}")" - - -
}

# Start: time from exec to the ready line ("switchyard listening on ..."), stopped by SIGTERM,
# repeated; the first start creates the config's data dir and database. Portkey: time until its
# port accepts a connection (its ready banner waits for a 1 s spinner on purpose).
case_ready() {
    local sy="-" pk="-" v="-" line
    if has_target switchyard; then
        rm -rf "$out/ready-data"
        line=$("$client_bin" ready --runs "$ready_runs" --match "switchyard listening on" -- \
            "$gateway_bin" --config "$out/switchyard.json" --data-dir "$out/ready-data" --port 0 2>>"$out/ready.err")
        echo "switchyard $line" >>"$out/ready.log"
        sy="$(kv p50_ms "$line") (first $(kv first_ms "$line"), max $(kv max_ms "$line"))"
        v=$(verdict "$(kv max_ms "$line")" "<=" 200 " ms")
    fi
    if has_target portkey; then
        local port
        port=$("$client_bin" port)
        line=$(cd "$out" && "$client_bin" ready --runs "$(((ready_runs + 2) / 3))" --probe-port "$port" -- \
            node --import "$bench/portkey-loopback.mjs" \
            "$bench/node_modules/@portkey-ai/gateway/build/start-server.js" --port="$port" --headless 2>>"$out/ready.err")
        echo "portkey $line" >>"$out/ready.log"
        pk="$(kv p50_ms "$line") (first $(kv first_ms "$line"), max $(kv max_ms "$line"))"
    fi
    row ready "headless time to ready (ms): median (first, max)" - "$sy" "$pk" - "<= 200 ms (max)" "$v"
}

# Streaming across protocols: the same streamed answer ($xp_chunks content chunks "word i ")
# through the gateway as an OpenAI relay (the baseline), to an Anthropic client from an OpenAI
# upstream, to an OpenAI client from an Anthropic and a Gemini upstream, and Anthropic to
# Anthropic (the native relay); the direct calls to the mock for reference. Rounds interleave the
# variants; each counts the chunks (a stream with another number is an error). Zero-delay: the
# translation's own cost, (end - relay end) / chunks. Paced (1 ms between the mock's slots): the
# time between chunks as they reach the client, against the relay's (a chunk held back shows).
xp_variants=(relay a2o o2a o2g a2a)
declare -A XP_LABEL=(
    [relay]="OpenAI client, OpenAI upstream (relay)" [a2o]="Anthropic client, OpenAI upstream"
    [o2a]="OpenAI client, Anthropic upstream" [o2g]="OpenAI client, Gemini upstream"
    [a2a]="Anthropic client, Anthropic upstream (relay)")
declare -A XP_MODEL=([relay]=gpt-4o-mini [a2o]=gpt-4o-mini [o2a]=claude-haiku-4-5 [o2g]=gemini-2.5-flash
    [a2a]=claude-haiku-4-5)
declare -A XP_DIRECT=([relay]=openai [a2a]=anthropic) # the direct call with the same client protocol
xp_protocol() { [[ $1 == a2* ]] && echo anthropic || echo openai; }

# xp_stream PORT PROTOCOL MODEL REQUESTS WARMUP: one stream-client run (an OpenAI or Anthropic
# client), its key=value line.
xp_stream() {
    local port=$1 protocol=$2 model=$3 body path expect headers=()
    body="$out/xp-$protocol-$model.json"
    if [[ $protocol == anthropic ]]; then
        path=/v1/messages expect="event: message_stop"
        headers=(--header "x-api-key: sk-bench" --header "anthropic-version: 2023-06-01")
        sed "s/\"gpt-4o-mini\"/\"$model\"/" "$bench/bodies/messages-stream.json" >"$body"
    else
        path=/v1/chat/completions expect="data: [DONE]"
        headers=(--header "Authorization: Bearer sk-bench")
        sed "s/\"gpt-4o-mini\"/\"$model\"/" "$bench/bodies/chat-stream.json" >"$body"
    fi
    "$client_bin" stream --port "$port" --path "$path" --body-file "$body" --expect "$expect" "${headers[@]}" \
        --chunk-match 'word ' --expect-chunks "$xp_chunks" --requests "$4" --warmup "$5" \
        2>>"$out/crossproto.err" | tee -a "$out/crossproto.log"
}
# xp_med ASSOC-NAME VARIANT KEY: the median over the rounds of KEY (µs), in ms.
xp_med() {
    local -n m=$1
    local vals=() r
    for ((r = 1; r <= rounds; r++)); do vals+=("$(kv "$3" "${m[$2.$r]}")"); done
    calc "$(median "${vals[@]}") / 1000" 3
}

case_crossproto() {
    local n=$xp_chunks
    start_mock xmock --events "$n"
    start_mock xpaced --events "$n" --stream-gap-ms 1
    local m=${PORT[xmock]} p=${PORT[xpaced]}
    cat >"$out/crossproto.json" <<EOF
{
  "server": { "host": "127.0.0.1", "port": 0 },
  "providers": [
    { "id": "openai", "type": "openai", "baseUrl": "http://127.0.0.1:$m/v1", "apiKey": "sk-bench",
      "models": ["gpt-4o-mini"] },
    { "id": "anthropic", "type": "anthropic", "baseUrl": "http://127.0.0.1:$m", "apiKey": "sk-bench",
      "models": ["claude-haiku-4-5"] },
    { "id": "gemini", "type": "gemini", "baseUrl": "http://127.0.0.1:$m/v1beta", "apiKey": "sk-bench",
      "models": ["gemini-2.5-flash"] },
    { "id": "openai-paced", "type": "openai", "baseUrl": "http://127.0.0.1:$p/v1", "apiKey": "sk-bench",
      "models": ["gpt-4o-mini-paced"] },
    { "id": "anthropic-paced", "type": "anthropic", "baseUrl": "http://127.0.0.1:$p", "apiKey": "sk-bench",
      "models": ["claude-haiku-4-5-paced"] },
    { "id": "gemini-paced", "type": "gemini", "baseUrl": "http://127.0.0.1:$p/v1beta", "apiKey": "sk-bench",
      "models": ["gemini-2.5-flash-paced"] }
  ],
  "routing": { "defaultModel": "gpt-4o-mini" }
}
EOF
    start_gateway xgateway "$out/crossproto.json"
    local mode
    for mode in zero paced; do
        declare -A res=() # "VARIANT.ROUND" -> key=value line; direct ones as "direct-PROTOCOL.ROUND"
        local r v requests warmup suffix="" mockport=$m
        if [[ $mode == paced ]]; then
            requests=$(((paced_requests + rounds - 1) / rounds)) warmup=5 suffix=-paced mockport=$p
        else
            requests=$(((stream_requests + rounds - 1) / rounds)) warmup=50
        fi
        for ((r = 1; r <= rounds; r++)); do
            for v in "${xp_variants[@]}"; do
                res[$v.$r]=$(xp_stream "${PORT[xgateway]}" "$(xp_protocol "$v")" "${XP_MODEL[$v]}$suffix" "$requests" "$warmup")
                point crossproto "$mode end_p50_us" "$v" "$r" "$(kv end_p50_us "${res[$v.$r]}")"
            done
            for v in openai anthropic; do
                res[direct-$v.$r]=$(xp_stream "$mockport" "$v" "${XP_MODEL[relay]}" "$requests" "$warmup")
            done
        done
        xp_rows "$mode" res
        unset res
    done
}

# xp_rows MODE ASSOC-NAME: the table rows of one mode.
xp_rows() {
    local mode=$1
    local -n rr=$2
    local v r label prefix="" errors=0 total=0
    [[ $mode == paced ]] && prefix="paced 1 ms, "
    for v in "${xp_variants[@]}"; do
        label="${XP_LABEL[$v]}"
        local direct="-" d=${XP_DIRECT[$v]:-}
        local last="${rr[$v.1]}"
        if [[ $mode == zero ]]; then
            [[ -n $d ]] && direct="$(xp_med "$2" "direct-$d" ttfe_p50_us) / $(xp_med "$2" "direct-$d" end_p50_us) / $(xp_med "$2" "direct-$d" end_p99_us)"
            row crossproto "${label}: first event p50 / end p50 / end p99 (ms)" "$direct" \
                "$(xp_med "$2" "$v" ttfe_p50_us) / $(xp_med "$2" "$v" end_p50_us) / $(xp_med "$2" "$v" end_p99_us)" - \
                "$(kv events_per_stream "$last") events, $(kv chunks_per_stream "$last") chunks" - -
        else
            [[ -n $d ]] && direct="$(xp_med "$2" "direct-$d" first_chunk_p50_us) / $(xp_med "$2" "direct-$d" gap_p50_us) / $(xp_med "$2" "direct-$d" gap_p99_us) / $(xp_med "$2" "direct-$d" end_p50_us)"
            row crossproto "${prefix}${label}: first chunk p50 / chunk gap p50 / gap p99 / end p50 (ms)" "$direct" \
                "$(xp_med "$2" "$v" first_chunk_p50_us) / $(xp_med "$2" "$v" gap_p50_us) / $(xp_med "$2" "$v" gap_p99_us) / $(xp_med "$2" "$v" end_p50_us)" - \
                "$(kv chunks_per_stream "$last") chunks" - -
        fi
        for ((r = 1; r <= rounds; r++)); do
            errors=$((errors + $(kv errors "${rr[$v.$r]:-errors=1}")))
            total=$((total + $(kv requests "${rr[$v.$r]:-requests=0}")))
        done
        [[ $v == relay ]] && continue
        # Per chunk over the relay, per round, then the median (µs).
        local a=() key=end_p50_us div=$xp_chunks what="(end - relay end) / $xp_chunks"
        [[ $mode == paced ]] && key=gap_p50_us div=1 what="chunk gap p50 - relay's"
        for ((r = 1; r <= rounds; r++)); do
            a+=("$(calc "($(kv $key "${rr[$v.$r]}") - $(kv $key "${rr[relay.$r]}")) / $div" 2)")
        done
        local s
        s=$(stats "${a[@]}")
        row crossproto "${prefix}${label}: added per chunk over the relay = ${what} (µs)" - "$(fmt_range "$s" 2)" - - \
            "<= 10 µs" "$(verdict "${s%% *}" "<=" 10 " µs")"
    done
    row crossproto "${prefix}errors (every variant; a stream with other than $xp_chunks chunks is one)" - \
        "$errors of $total" - - 0 "$(verdict "$errors" "==" 0)"
}

# The desktop app under Xvfb with its window on the Overview, against the headless gateway in the
# same rounds and the same mock: latency at one connection (added over the direct call),
# throughput at 32 connections (Portkey too when it is a target, for the 10x verdict), RSS idle
# and after the load, the window's first frame. Between rounds the Overview must still be shown
# and its newest recent request must have changed (the model is updating under the load).
case_desktop() {
    start_target direct
    start_target switchyard
    start_target desktop
    local t r q i lt=(direct switchyard desktop)
    DESKTOP_CHECKS=0 DESKTOP_UPDATED=0
    declare -A lat=() rps=() errs=() p99=()
    for ((r = 1; r <= rounds; r++)); do
        for t in "${lt[@]}"; do
            wrk_point "$t" 1 1 # warm-up
            [[ $t == desktop ]] && desktop_on_overview
            wrk_point "$t" 1 "$duration"
            [[ $t == desktop ]] && desktop_updated
            for q in p50 p99; do
                lat[$q.$t]+="$(kv ${q}_us "$WRK") "
                point desktop "${q}_us" "$t" "$r" "$(kv ${q}_us "$WRK")"
            done
        done
    done
    local tt=("${lt[@]}")
    has_target portkey && tt+=(portkey)
    for t in "${tt[@]}"; do wrk_point "$t" 32 $((quick ? 1 : 3)); done # warm-up
    for ((r = 1; r <= rounds; r++)); do
        for t in "${tt[@]}"; do
            [[ $t == desktop ]] && desktop_on_overview
            wrk_point "$t" 32 "$duration"
            [[ $t == desktop ]] && desktop_updated
            rps[$t]+="$(kv rps "$WRK") "
            p99[$t]+="$(kv p99_us "$WRK") "
            errs[$t]=$((${errs[$t]:-0} + $(wrk_errors "$WRK")))
            point desktop rps "$t" "$r" "$(kv rps "$WRK")"
        done
    done
    desktop_cmd "{\"cmd\":\"grab\",\"path\":\"$out/desktop-overview.png\"}" >/dev/null || true
    sleep 2
    local after threads
    after=$(rss_mb "${PID[desktop]}")
    threads=$(threads_of "${PID[desktop]}")

    # Rows: the desktop app's figures in the Switchyard column, the headless gateway's in the ratio.
    for q in p50 p99; do
        # shellcheck disable=SC2086
        row desktop "desktop app: c=1 $q (ms)" "$(fmt_range "$(stats ${lat[$q.direct]})" 3 0.001)" \
            "$(fmt_range "$(stats ${lat[$q.desktop]})" 3 0.001)" - \
            "headless $(calc "$(median ${lat[$q.switchyard]}) / 1000" 3)" - -
    done
    for q in p50 p99; do
        local dv sv kv_ a=() h=() s limit=0.1
        [[ $q == p99 ]] && limit=0.25
        read -r -a dv <<<"${lat[$q.direct]}"
        read -r -a sv <<<"${lat[$q.switchyard]}"
        read -r -a kv_ <<<"${lat[$q.desktop]}"
        for i in "${!dv[@]}"; do
            a+=("$(calc "(${kv_[i]} - ${dv[i]}) / 1000" 3)")
            h+=("$(calc "(${sv[i]} - ${dv[i]}) / 1000" 3)")
        done
        s=$(stats "${a[@]}")
        row desktop "desktop app: c=1 added $q over direct (ms), window on the Overview" - "$(fmt_range "$s" 3)" - \
            "headless adds $(median "${h[@]}")" "<= $limit ms" "$(verdict "${s%% *}" "<=" "$limit" " ms")"
    done
    local cells=() ratio v="-" dk
    # shellcheck disable=SC2086
    dk=$(median ${rps[desktop]})
    # shellcheck disable=SC2086
    ratio="headless $(median ${rps[switchyard]}) (desktop $(calc "100 * $dk / $(median ${rps[switchyard]})" 0)% of it)"
    if has_target portkey; then
        # shellcheck disable=SC2086
        ratio+=", $(calc "$dk / $(median ${rps[portkey]})" 1)x Portkey"
        # shellcheck disable=SC2086
        v=$(verdict "$dk" ">=" "10 * $(median ${rps[portkey]})" " req/s")
    fi
    # shellcheck disable=SC2086
    row desktop "desktop app: c=32 req/s" "$(fmt_range "$(stats ${rps[direct]})" 0)" "$(fmt_range "$(stats ${rps[desktop]})" 0)" \
        "$(has_target portkey && fmt_range "$(stats ${rps[portkey]})" 0 || echo -)" "$ratio" ">= 10x fastest peer" "$v"
    # shellcheck disable=SC2086
    row desktop "desktop app: c=32 p99 latency (ms)" "$(fmt_range "$(stats ${p99[direct]})" 2 0.001)" \
        "$(fmt_range "$(stats ${p99[desktop]})" 2 0.001)" - "headless $(calc "$(median ${p99[switchyard]}) / 1000" 2)" - -
    row desktop "desktop app: c=32 errors (socket, HTTP >= 400)" "${errs[direct]}" "${errs[desktop]}" - "headless ${errs[switchyard]}" 0 \
        "$(verdict "${errs[desktop]}" "==" 0)"
    row desktop "desktop app: Overview shown and its newest request changed, checks after each load point" - "$DESKTOP_UPDATED of $DESKTOP_CHECKS" - \
        "screenshot: desktop-overview.png in the raw outputs" "all" \
        "$( ((DESKTOP_UPDATED == DESKTOP_CHECKS)) && echo pass || echo "MISS by $((DESKTOP_CHECKS - DESKTOP_UPDATED))")"
    row desktop "desktop app: idle RSS, window open on the Overview (MB)" - "${IDLE_RSS[desktop]}" - "headless ${IDLE_RSS[switchyard]}" \
        "<= 150 MB" "$(verdict "${IDLE_RSS[desktop]}" "<=" 150 " MB")"
    row desktop "desktop app: RSS after the load (MB); threads" - "$after; $threads" - - - -
    row desktop "desktop app: window's first frame after exec (ms)" - "$DESKTOP_FIRST_FRAME" - - "<= 1500 ms" \
        "$(verdict "$DESKTOP_FIRST_FRAME" "<=" 1500 " ms")"
    # Quit as a user would (SIGTERM drains and exits 0), then the X server.
    stop_pid "${PID[desktop]}"
    stop_pid "${PID[xvfb]}"
    grep -v 'listening on' "$out/desktop.err" >/dev/null 2>&1 &&
        log "the desktop app wrote to stderr ($out/desktop.err): $(grep -v 'listening on' "$out/desktop.err" | head -3)"
    return 0
}

# Routing `auto` over a catalog of 200 models (issue 5): a second Switchyard with 20 providers of
# 10 models each (all served by the mock, prices, quality, context and capabilities spread), so
# every auto request classifies the prompt and scores 200 deployments. Latency at one connection,
# interleaved per round with the direct call and the explicit model on the first Switchyard; the
# added latency of auto over direct is held to the ARCHITECTURE §6 budget, and auto minus the
# explicit model is what routing itself costs. Probes are off (they would only add mock traffic).
case_routing() {
    has_target direct && has_target switchyard || { log "routing needs the direct and switchyard targets"; return 0; }
    local cfg="$out/switchyard-auto.json" p m i n=0
    {
        echo '{ "server": { "host": "127.0.0.1", "port": 0 }, "providers": ['
        for ((p = 0; p < 20; p++)); do
            local models=()
            for ((m = 0; m < 10; m++)); do models+=("\"bench-m$(printf %03d $((p * 10 + m)))\""); done
            (( p > 0 )) && echo ','
            printf '{ "id": "p%02d", "type": "openai", "baseUrl": "http://127.0.0.1:%s/v1", "apiKey": "sk-bench", "models": [%s] }' \
                "$p" "${PORT[mock]}" "$(IFS=,; echo "${models[*]}")"
        done
        echo '], "models": ['
        for ((i = 0; i < 200; i++)); do
            local caps='"tools"'
            ((i % 3 == 0)) && caps='"tools", "vision"'
            ((i % 7 == 0)) && caps='"json"'
            (( i > 0 )) && echo ','
            printf '{ "id": "bench-m%03d", "provider": "p%02d", "inputPer1M": %s, "outputPer1M": %s, "quality": %d, "contextWindow": %d, "capabilities": [%s] }' \
                "$i" $((i / 10)) "$(calc "0.05 + ($i % 40) * 0.25" 2)" "$(calc "0.2 + ($i % 40) * 1.0" 2)" \
                $((35 + (i * 37) % 60)) $((8192 * (1 + i % 16))) "$caps"
        done
        echo '], "routing": { "strategy": "balanced", "healthCheckIntervalMs": 0, "defaultModel": "bench-m000" } }'
    } >"$cfg"
    sed 's/"model":"gpt-4o-mini"/"model":"auto"/' "$bench/bodies/chat.json" >"$out/chat-auto.json"
    "$gateway_bin" --config "$cfg" --data-dir "$out/switchyard-auto-data" --port 0 \
        >"$out/switchyard-auto.out" 2>"$out/switchyard-auto.err" &
    PID[auto]=$!
    started+=($!)
    PORT[auto]=$(wait_line "$out/switchyard-auto.out" '^switchyard listening on' | grep -o '[0-9]*$')
    URL[auto]="http://127.0.0.1:${PORT[auto]}"
    HEADERS[auto]="Authorization: Bearer sk-bench"
    SERVED[auto]=0
    # Every answer must come back 200 with choices; x-gateway names the scored winner.
    curl -s -H 'Content-Type: application/json' -d @"$out/chat-auto.json" "${URL[auto]}/v1/chat/completions" \
        >"$out/routing-sample.json"
    grep -q '"route":' "$out/routing-sample.json" ||
        { echo "bench/run.sh: auto did not route by score: $(head -c 300 "$out/routing-sample.json")" >&2; return 1; }
    grep -o '"candidates_scored":[0-9]*' "$out/routing-sample.json" | head -1 >>"$out/routing.log"
    declare -A lat=()
    local r q t body
    wrk_point auto 1 1 "$out/chat-auto.json" '"choices"' # warm-up (latency EWMAs, caches)
    for ((r = 1; r <= rounds; r++)); do
        for t in direct switchyard auto; do
            body=$bench/bodies/chat.json
            [[ $t == auto ]] && body=$out/chat-auto.json
            wrk_point "$t" 1 1 "$body"
            wrk_point "$t" 1 "$duration" "$body" '"choices"'
            ((($(wrk_errors "$WRK")) == 0)) || echo "bench/run.sh: routing: $t had errors: $WRK" >&2
            for q in p50 p99; do
                lat[$q.$t]+="$(kv ${q}_us "$WRK") "
                point routing "${q}_us" "$t" "$r" "$(kv ${q}_us "$WRK")"
            done
        done
    done
    local scored
    scored=$(grep -o '[0-9]*$' "$out/routing.log" | tail -1)
    for q in p50 p99; do
        # shellcheck disable=SC2086
        row routing "auto over ${scored:-?} scored deployments, c=1 $q (ms)" "$(fmt_range "$(stats ${lat[$q.direct]})" 3 0.001)" \
            "$(fmt_range "$(stats ${lat[$q.auto]})" 3 0.001)" - "explicit model: $(fmt_range "$(stats ${lat[$q.switchyard]})" 3 0.001) ms" - -
    done
    for q in p50 p99; do
        local dv av ev added=() routing_cost=() k
        read -r -a dv <<<"${lat[$q.direct]}"
        read -r -a av <<<"${lat[$q.auto]}"
        read -r -a ev <<<"${lat[$q.switchyard]}"
        for k in "${!dv[@]}"; do
            added+=("$(calc "(${av[k]} - ${dv[k]}) / 1000" 3)")
            routing_cost+=("$(calc "(${av[k]} - ${ev[k]}) / 1000" 3)")
        done
        local s limit=0.1
        [[ $q == p99 ]] && limit=0.25
        s=$(stats "${added[@]}")
        row routing "auto added $q over direct (ms)" - "$(fmt_range "$s" 3)" - \
            "routing itself (auto - explicit): $(fmt_range "$(stats "${routing_cost[@]}")" 3) ms" "<= $limit ms" \
            "$(verdict "${s%% *}" "<=" "$limit" " ms")"
    done
    unset lat
}

# ---------------------------------------------------------------------------------------------
# Run, then report
# ---------------------------------------------------------------------------------------------
read_steal() { awk '/^cpu / { print $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
started_at=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
uptime_start=$(uptime)
top_start=$(ps -eo pcpu=,comm= --sort=-pcpu | head -5 | awk '{ printf "%s %s%%; ", $2, $1 }')
steal_start=$(read_steal)
declare -A case_load
for c in "${cases[@]}"; do
    log "case $c (load $(load1))"
    case_load[$c]="$(load1)"
    "case_$c"
    case_load[$c]+=" -> $(load1)"
done
uptime_end=$(uptime)
read -r s0 t0 <<<"$steal_start"
read -r s1 t1 <<<"$(read_steal)"
steal=$(calc "100 * ($s1 - $s0) / (($t1 - $t0) > 0 ? ($t1 - $t0) : 1)" 1)

table_text() {
    { printf 'metric\tdirect\tswitchyard\tportkey\tratio\ttarget\tverdict\n'; cut -f2- "$rows"; } | column -t -s $'\t'
}
table_md() {
    echo "| Case | Metric | direct | Switchyard | Portkey | Ratio | Target | Verdict |"
    echo "| --- | --- | ---: | ---: | ---: | --- | --- | --- |"
    awk -F'\t' '{ v = $8; if (v ~ /^MISS/) v = "**" v "**"; printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, v }' "$rows"
}

echo
table_text
echo
echo "raw outputs: $out"

if [[ -n $results ]]; then
    commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
    git -C "$root" diff --quiet HEAD -- gateway bench 2>/dev/null || commit+=" (with uncommitted changes)"
    {
        echo "# Load benchmark results"
        echo
        echo "Generated by \`$command_line\` on $started_at, commit $commit. Every figure below comes"
        echo "from this one run: Switchyard, Portkey's gateway and the direct call measured side by side"
        echo "against the same zero-delay mock upstream. How each case measures: [README.md](README.md)."
        echo
        echo "**Noise.** Load average at the start: \`${uptime_start#*load average: }\`, at the end:"
        echo "\`${uptime_end#*load average: }\`; CPU steal during the run: $steal %. Busiest processes at the"
        echo "start: $top_start. On a 2-core machine the load generator, the mock and the gateway share"
        echo "the cores, so any other work moves every figure; a load average above ~1 before the run means"
        echo "the figures are pessimistic. Latency and throughput are medians of $rounds interleaved"
        echo "round(s) of ${duration} s, with the range in brackets."
        echo
        table_md
        echo
        echo "Load average (1 min) at the start and end of each case: $(for c in "${cases[@]}"; do printf '%s %s; ' "$c" "${case_load[$c]}"; done)"
        echo
        echo "## Machine"
        echo
        echo "- CPU: $(nproc) x $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), cpuidle driver $(cat /sys/devices/system/cpu/cpuidle/current_driver 2>/dev/null || echo unknown); memory $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
        echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
        echo "- Qt $(dpkg-query -W -f '${Version}' libqt6core6 2>/dev/null || echo '?'), $(c++ --version | head -1), Release build"
        echo "- $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), node $(node --version 2>/dev/null || echo '-'), @portkey-ai/gateway $(node -p "require('$bench/node_modules/@portkey-ai/gateway/package.json').version" 2>/dev/null || echo '-'), @hono/node-server $(node -p "require('$bench/node_modules/@hono/node-server/package.json').version" 2>/dev/null || echo '-')"
        echo
        echo "## Points"
        echo
        echo "Every point of the run (µs unless the name says otherwise), with the 1-minute load average"
        echo "when it ended:"
        echo
        echo "| Case | Point | Target | Round | Value | Load |"
        echo "| --- | --- | --- | ---: | ---: | ---: |"
        tail -n +2 "$points" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }'
        if [[ -f $bench/findings.md ]]; then
            echo
            cat "$bench/findings.md"
        fi
    } >"$results"
    echo "wrote $results"
fi
