-- wrk script for bench/run.sh: POST the file $BENCH_BODY with the headers in $BENCH_HEADERS
-- ("Name: value" lines separated by "|"). With $BENCH_CHECK set to a string, every response is
-- also checked (status 200 and a body containing that string) and the bad ones are counted.
-- done() prints one machine-readable line that run.sh parses.
local function read(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("*a")
    f:close()
    return s
end

wrk.method = "POST"
wrk.body = read(os.getenv("BENCH_BODY"))
wrk.headers["Content-Type"] = "application/json"
for name, value in string.gmatch(os.getenv("BENCH_HEADERS") or "", "([^|:]+):%s*([^|]*)") do
    wrk.headers[name] = value
end

local check = os.getenv("BENCH_CHECK")
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    bad = 0
    first_bad = nil
end

if check and check ~= "" then
    function response(status, headers, body)
        if status ~= 200 or not string.find(body, check, 1, true) then
            bad = bad + 1
            if not first_bad then
                first_bad = status .. " " .. string.sub(body, 1, 200)
            end
        end
    end
end

function done(summary, latency, requests)
    local bad_total = 0
    local first = ""
    for _, t in ipairs(threads) do
        bad_total = bad_total + (t:get("bad") or 0)
        local f = t:get("first_bad")
        if f and first == "" then
            first = f
        end
    end
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d "
            .. "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d non2xx=%d bad=%d\n",
        summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
        e.connect, e.read, e.write, e.timeout, e.status, bad_total))
    if first ~= "" then
        io.write("BENCH_FIRST_BAD " .. string.gsub(first, "\n", " ") .. "\n")
    end
end
