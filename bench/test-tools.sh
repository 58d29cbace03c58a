#!/usr/bin/env bash
# CTest bench_tools: the benchmark's mock upstream and stream client agree on each wire format
# (OpenAI, Anthropic, Gemini; all at once and paced), the client counts the chunks and events
# the mock sends, and its checks fail a stream that breaks them. bench/run.sh's crossproto case
# trusts both: without this a mock that stopped streaming one format would only show as errors
# in a benchmark run.
#   bench/test-tools.sh MOCK_BIN CLIENT_BIN
set -euo pipefail
mock=$1 client=$2
bodies="$(cd "$(dirname "$0")" && pwd)/bodies"
tmp=$(mktemp -d)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
kv() { grep -o "$1=[^ ]*" <<<"$2" | head -1 | cut -d= -f2; }

declare -A PORT
start() { # start NAME OPTIONS...: sets PORT[NAME]
    local name=$1
    shift
    "$mock" "$@" >"$tmp/$name.out" &
    pids+=($!)
    for _ in $(seq 100); do grep -q 'listening on' "$tmp/$name.out" && break; sleep 0.05; done
    PORT[$name]=$(grep -o '[0-9]*$' "$tmp/$name.out")
}
start zero --events 5
start paced --events 5 --stream-gap-ms 2

# expect NAME LINE KEY VALUE
expect() {
    local got
    got=$(kv "$3" "$2")
    [[ $got == "$4" ]] || fail "$1: $3=$got, expected $4 ($2)"
}
# stream FORMAT PORT [client options]: one client run against the mock, in FORMAT.
stream() {
    local format=$1 port=$2
    shift 2
    case $format in
    openai) "$client" stream --port "$port" --body-file "$bodies/chat-stream.json" "$@" ;;
    anthropic) "$client" stream --port "$port" --path /v1/messages --body-file "$bodies/messages-stream.json" \
        --expect "event: message_stop" "$@" ;;
    gemini) "$client" stream --port "$port" --path "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse" \
        --body-file "$bodies/chat-stream.json" --expect '"finishReason":"STOP"' "$@" ;;
    esac
}

# Events per stream: OpenAI role + 5 + finish + [DONE]; Anthropic message_start,
# content_block_start, ping, 5 deltas, content_block_stop, message_delta, message_stop; Gemini 5.
declare -A events=([openai]=8.0 [anthropic]=11.0 [gemini]=5.0)
for format in openai anthropic gemini; do
    for mode in zero paced; do
        line=$(stream "$format" "${PORT[$mode]}" --chunk-match 'word ' --expect-chunks 5 --requests 20 --warmup 2)
        expect "$format $mode" "$line" errors 0
        expect "$format $mode" "$line" chunks_per_stream 5.0
        expect "$format $mode" "$line" events_per_stream "${events[$format]}"
        if [[ $mode == paced ]]; then
            # The mock sends each content chunk one 2 ms gap after the previous one, never sooner.
            awk -v g="$(kv gap_p50_us "$line")" 'BEGIN { exit !(g >= 2000) }' ||
                fail "$format paced: chunks $(kv gap_p50_us "$line") µs apart, the mock paces them 2000 µs apart"
        fi
    done
    # The checks can fail: a wrong chunk count or a missing end marker makes every stream an error.
    line=$(stream "$format" "${PORT[zero]}" --chunk-match 'word ' --expect-chunks 4 --requests 3 --warmup 0 2>/dev/null)
    expect "$format, 4 chunks expected" "$line" errors 3
done
line=$("$client" stream --port "${PORT[zero]}" --path /v1/messages --body-file "$bodies/messages-stream.json" \
    --requests 3 --warmup 0 2>/dev/null)
expect "Anthropic stream checked for OpenAI's [DONE]" "$line" errors 3

# A path the mock does not serve is a 404, which the client counts as an error.
line=$("$client" stream --port "${PORT[zero]}" --path /v1/nothing --body-file "$bodies/chat-stream.json" \
    --requests 2 --warmup 0 2>/dev/null)
expect "unknown path" "$line" errors 2

((failures == 0)) || { echo "$failures failure(s)" >&2; exit 1; }
echo "bench tools: every format streams as expected"
