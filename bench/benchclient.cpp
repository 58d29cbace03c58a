// SPDX-License-Identifier: MIT
// switchyard-bench-client: the measurements of bench/run.sh that wrk cannot make.
//
//   stream --port P [--host H] [--path /v1/chat/completions] --body-file F [--header "K: V"]...
//          [--requests 2000] [--warmup 100] [--expect "data: [DONE]"] [--chunk-match TEXT]
//          [--expect-chunks N]
//       Sequential streamed requests on one keep-alive connection. For each: time to the first
//       response byte (TTFB), to the first complete SSE event (TTFE), to the first chunk and to
//       the end of the body, from just before the request is written; and the time between
//       consecutive chunks as they arrive (a chunk: an event whose text contains --chunk-match;
//       every event without it). Every answer is checked (status 200, chunked framing, at least
//       one event, --expect in the body, exactly --expect-chunks chunks when given); a bad one
//       counts as an error.
//   ready  [--runs 10] (--match TEXT | --probe-port P) -- COMMAND ARGS...
//       Starts COMMAND, measures the time until a stdout line contains TEXT (or until P accepts a
//       TCP connection), then stops it with SIGTERM (by PID) and waits for it. Repeats.
//   port
//       Prints a TCP port on 127.0.0.1 that was free a moment ago (for servers that need one given).
//   automation --socket PATH [--timeout-ms 5000] JSON
//       Sends one JSON line to the desktop app's automation socket (a UNIX socket, see
//       app/core/automation.h) and prints the answer line.
// Prints one line of key=value pairs (microseconds for stream, milliseconds for ready).
#include "toolsupport.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    // Nearest rank: the smallest value with at least p% of the samples at or below it.
    size_t rank = size_t(std::max(1.0, std::ceil(p / 100.0 * double(v.size()))));
    return v[std::min(rank, v.size()) - 1];
}

int connectTo(const std::string &host, int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval tv {10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

struct Sample
{
    double ttfbUs = 0;
    double ttfeUs = 0;
    double firstChunkUs = 0;
    double endUs = 0;
    int events = 0;
    std::vector<double> chunkUs; ///< arrival time of each chunk
};

struct StreamCheck
{
    std::string expect = "data: [DONE]"; ///< the body must contain it
    std::string chunkMatch; ///< an event containing it is a chunk (empty: every event)
    int expectChunks = -1; ///< exactly so many chunks (-1: any number)
};

/// The end of the SSE event starting at @p from (just past its blank line), or npos.
size_t eventEnd(const std::string &body, size_t from)
{
    const size_t lf = body.find("\n\n", from);
    const size_t crlf = body.find("\r\n\r\n", from);
    if (crlf != std::string::npos && (lf == std::string::npos || crlf < lf))
        return crlf + 4;
    return lf == std::string::npos ? lf : lf + 2;
}

/// One streamed exchange on @p fd; returns false (with @p why) on any protocol or content error.
bool exchange(int fd, const std::string &request, const StreamCheck &check, Sample *s, bool *keepAlive,
    std::string *why)
{
    const long long t0 = nowNs();
    for (size_t sent = 0; sent < request.size();) {
        const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            *why = "send failed";
            return false;
        }
        sent += size_t(n);
    }
    std::string raw;
    std::string body; // de-chunked
    size_t headEnd = std::string::npos;
    size_t at = 0; // parse position in raw (body part)
    size_t scanned = 0; // events in body before this offset are counted
    int status = 0;
    bool chunked = false;
    long long length = -1;
    *keepAlive = true;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            *why = n == 0 ? "connection closed mid-response" : "recv timeout or error";
            return false;
        }
        const long long t = nowNs();
        const double us = double(t - t0) / 1e3;
        if (raw.empty())
            s->ttfbUs = us;
        raw.append(buf, size_t(n));
        if (headEnd == std::string::npos) {
            headEnd = raw.find("\r\n\r\n");
            if (headEnd == std::string::npos)
                continue;
            const std::string_view head(raw.data(), headEnd);
            if (head.size() < 12 || head.substr(0, 7) != "HTTP/1.") {
                *why = "bad status line";
                return false;
            }
            status = std::atoi(raw.c_str() + 9);
            size_t line = head.find("\r\n");
            while (line != std::string_view::npos) {
                line += 2;
                const size_t end = head.find("\r\n", line);
                const std::string_view h = head.substr(line, end == head.npos ? head.npos : end - line);
                if (iequalsPrefix(h, "transfer-encoding:") && h.find("chunked") != h.npos)
                    chunked = true;
                else if (iequalsPrefix(h, "content-length:"))
                    length = std::atoll(h.data() + 15);
                else if (iequalsPrefix(h, "connection:") && h.find("close") != h.npos)
                    *keepAlive = false;
                line = end;
            }
            at = headEnd + 4;
        }
        bool done = false;
        if (chunked) {
            for (;;) {
                const size_t eol = raw.find("\r\n", at);
                if (eol == std::string::npos)
                    break;
                const size_t size = size_t(std::strtoull(raw.c_str() + at, nullptr, 16));
                if (size == 0) {
                    if (raw.find("\r\n\r\n", eol) == std::string::npos) // trailers end with an empty line
                        break;
                    done = true;
                    break;
                }
                if (raw.size() < eol + 2 + size + 2)
                    break;
                body.append(raw, eol + 2, size);
                at = eol + 2 + size + 2;
            }
        } else if (length >= 0) {
            if (raw.size() >= at + size_t(length)) {
                body.assign(raw, at, size_t(length));
                done = true;
            }
        } else {
            body.assign(raw, at, std::string::npos); // until close
        }
        // Every event completed by this read arrived now.
        for (size_t end; (end = eventEnd(body, scanned)) != std::string::npos; scanned = end) {
            const std::string_view event(body.data() + scanned, end - scanned);
            const bool hasData = event.substr(0, 5) == "data:" || event.find("\ndata:") != event.npos;
            if (!hasData)
                continue;
            if (++s->events == 1)
                s->ttfeUs = us;
            if (check.chunkMatch.empty() || event.find(check.chunkMatch) != event.npos) {
                if (s->chunkUs.empty())
                    s->firstChunkUs = us;
                s->chunkUs.push_back(us);
            }
        }
        if (done) {
            s->endUs = us;
            break;
        }
    }
    if (status != 200) {
        *why = "status " + std::to_string(status) + ": " + body.substr(0, 200);
        return false;
    }
    if (s->events == 0 || body.find(check.expect) == std::string::npos) {
        *why = "stream without events or without '" + check.expect + "': " + body.substr(0, 200);
        return false;
    }
    if (check.expectChunks >= 0 && int(s->chunkUs.size()) != check.expectChunks) {
        *why = std::to_string(s->chunkUs.size()) + " chunks instead of " + std::to_string(check.expectChunks)
            + ": " + body.substr(0, 300);
        return false;
    }
    return true;
}

int runStream(int argc, char **argv)
{
    std::string host = "127.0.0.1";
    std::string path = "/v1/chat/completions";
    std::string bodyFile;
    std::vector<std::string> headers;
    int port = 0;
    int requests = 2000;
    int warmup = 100;
    StreamCheck check;
    for (int i = 0; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (i + 1 >= argc) {
            std::fprintf(stderr, "switchyard-bench-client stream: %s needs a value\n", argv[i]);
            return 2;
        }
        if (a == "--host")
            host = argv[++i];
        else if (a == "--port")
            port = std::atoi(argv[++i]);
        else if (a == "--path")
            path = argv[++i];
        else if (a == "--body-file")
            bodyFile = argv[++i];
        else if (a == "--header")
            headers.emplace_back(argv[++i]);
        else if (a == "--requests")
            requests = std::atoi(argv[++i]);
        else if (a == "--warmup")
            warmup = std::atoi(argv[++i]);
        else if (a == "--expect")
            check.expect = argv[++i];
        else if (a == "--chunk-match")
            check.chunkMatch = argv[++i];
        else if (a == "--expect-chunks")
            check.expectChunks = std::atoi(argv[++i]);
        else {
            std::fprintf(stderr, "switchyard-bench-client stream: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    std::ifstream in(bodyFile, std::ios::binary);
    if (!in) {
        std::fprintf(
            stderr, "switchyard-bench-client stream: cannot read --body-file %s\n", bodyFile.c_str());
        return 2;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string body = ss.str();
    std::string request = "POST " + path + " HTTP/1.1\r\nHost: " + host + ':' + std::to_string(port)
        + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: "
        + std::to_string(body.size()) + "\r\n";
    for (const std::string &h : headers)
        request += h + "\r\n";
    request += "\r\n" + body;

    std::vector<double> ttfb, ttfe, firstChunk, end, gaps;
    int errors = 0;
    long long events = 0;
    long long chunks = 0;
    std::string firstError;
    int fd = -1;
    for (int i = 0; i < warmup + requests; ++i) {
        if (fd < 0 && (fd = connectTo(host, port)) < 0) {
            std::fprintf(
                stderr, "switchyard-bench-client stream: cannot connect to %s:%d\n", host.c_str(), port);
            return 1;
        }
        Sample s;
        bool keepAlive = true;
        std::string why;
        const bool ok = exchange(fd, request, check, &s, &keepAlive, &why);
        if (!ok || !keepAlive) {
            ::close(fd);
            fd = -1;
        }
        if (i < warmup)
            continue;
        if (!ok) {
            ++errors;
            if (firstError.empty())
                firstError = why;
            continue;
        }
        ttfb.push_back(s.ttfbUs);
        ttfe.push_back(s.ttfeUs);
        firstChunk.push_back(s.firstChunkUs);
        end.push_back(s.endUs);
        events += s.events;
        chunks += (long long)s.chunkUs.size();
        for (size_t k = 1; k < s.chunkUs.size(); ++k)
            gaps.push_back(s.chunkUs[k] - s.chunkUs[k - 1]);
    }
    if (fd >= 0)
        ::close(fd);
    if (!firstError.empty())
        std::fprintf(stderr, "switchyard-bench-client stream: first error: %s\n", firstError.c_str());
    const double answered = ttfb.empty() ? 1.0 : double(ttfb.size());
    std::printf("requests=%d errors=%d events_per_stream=%.1f chunks_per_stream=%.1f ttfb_p50_us=%.1f "
                "ttfb_p99_us=%.1f ttfe_p50_us=%.1f ttfe_p99_us=%.1f first_chunk_p50_us=%.1f end_p50_us=%.1f "
                "end_p99_us=%.1f gap_p50_us=%.1f gap_p99_us=%.1f\n",
        requests, errors, double(events) / answered, double(chunks) / answered, percentile(ttfb, 50),
        percentile(ttfb, 99), percentile(ttfe, 50), percentile(ttfe, 99), percentile(firstChunk, 50),
        percentile(end, 50), percentile(end, 99), percentile(gaps, 50), percentile(gaps, 99));
    return 0;
}

bool portAccepts(int port)
{
    const int fd = connectTo("127.0.0.1", port);
    if (fd < 0)
        return false;
    ::close(fd);
    return true;
}

int runReady(int argc, char **argv)
{
    int runs = 10;
    std::string match;
    int probePort = 0;
    int i = 0;
    for (; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--")
            break;
        if (i + 1 >= argc) {
            std::fprintf(stderr, "switchyard-bench-client ready: %s needs a value\n", argv[i]);
            return 2;
        }
        if (a == "--runs")
            runs = std::atoi(argv[++i]);
        else if (a == "--match")
            match = argv[++i];
        else if (a == "--probe-port")
            probePort = std::atoi(argv[++i]);
        else {
            std::fprintf(stderr, "switchyard-bench-client ready: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (i + 1 >= argc || (match.empty() && !probePort)) {
        std::fprintf(stderr,
            "usage: switchyard-bench-client ready [--runs N] (--match TEXT | --probe-port P) "
            "-- COMMAND ARGS...\n");
        return 2;
    }
    char **command = argv + i + 1;
    std::vector<double> times;
    for (int run = 0; run < runs; ++run) {
        int out[2];
        if (::pipe2(out, O_CLOEXEC) != 0)
            return 1;
        const long long t0 = nowNs();
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::dup2(out[1], STDOUT_FILENO);
            ::execvp(command[0], command);
            std::_Exit(127);
        }
        ::close(out[1]);
        double ms = -1;
        std::string lines;
        const long long deadline = t0 + 20'000'000'000LL;
        while (nowNs() < deadline) {
            if (probePort) {
                if (portAccepts(probePort)) {
                    ms = double(nowNs() - t0) / 1e6;
                    break;
                }
                pollfd p {out[0], POLLIN, 0};
                if (::poll(&p, 1, 0) > 0) {
                    char buf[4096];
                    if (::read(out[0], buf, sizeof buf) <= 0 && ::waitpid(pid, nullptr, WNOHANG) == pid)
                        break;
                }
                ::usleep(200);
                continue;
            }
            pollfd p {out[0], POLLIN, 100};
            if (::poll(&p, 1, 100) <= 0)
                continue;
            char buf[4096];
            const ssize_t n = ::read(out[0], buf, sizeof buf);
            if (n <= 0)
                break;
            lines.append(buf, size_t(n));
            if (lines.find(match) != std::string::npos) {
                ms = double(nowNs() - t0) / 1e6;
                break;
            }
        }
        ::kill(pid, SIGTERM);
        int status = 0;
        ::waitpid(pid, &status, 0);
        ::close(out[0]);
        if (ms < 0) {
            std::fprintf(stderr, "switchyard-bench-client ready: %s never became ready\n", command[0]);
            return 1;
        }
        times.push_back(ms);
    }
    std::printf("runs=%d first_ms=%.1f p50_ms=%.1f max_ms=%.1f\n", runs, times.front(), percentile(times, 50),
        *std::max_element(times.begin(), times.end()));
    return 0;
}

int printFreePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0
        || ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0)
        return 1;
    std::printf("%d\n", ntohs(addr.sin_port));
    ::close(fd);
    return 0;
}

int runAutomation(int argc, char **argv)
{
    std::string path;
    std::string message;
    int timeoutMs = 5000;
    for (int i = 0; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--socket" && i + 1 < argc)
            path = argv[++i];
        else if (a == "--timeout-ms" && i + 1 < argc)
            timeoutMs = std::atoi(argv[++i]);
        else
            message = argv[i];
    }
    sockaddr_un addr {};
    addr.sun_family = AF_UNIX;
    if (path.empty() || message.empty() || path.size() >= sizeof addr.sun_path) {
        std::fprintf(
            stderr, "usage: switchyard-bench-client automation --socket PATH [--timeout-ms N] JSON\n");
        return 2;
    }
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        std::fprintf(stderr, "switchyard-bench-client automation: cannot connect to %s: %s\n", path.c_str(),
            std::strerror(errno));
        ::close(fd);
        return 1;
    }
    timeval tv {timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const std::string line = message + '\n';
    if (::send(fd, line.data(), line.size(), MSG_NOSIGNAL) != ssize_t(line.size())) {
        ::close(fd);
        return 1;
    }
    std::string answer;
    char buf[65536];
    while (answer.find('\n') == std::string::npos) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            std::fprintf(stderr, "switchyard-bench-client automation: no answer from %s\n", path.c_str());
            ::close(fd);
            return 1;
        }
        answer.append(buf, size_t(n));
    }
    ::close(fd);
    std::fputs(answer.substr(0, answer.find('\n') + 1).c_str(), stdout);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    std::signal(SIGPIPE, SIG_IGN);
    const std::string_view mode = argc > 1 ? argv[1] : "";
    if (mode == "stream")
        return runStream(argc - 2, argv + 2);
    if (mode == "ready")
        return runReady(argc - 2, argv + 2);
    if (mode == "port")
        return printFreePort();
    if (mode == "automation")
        return runAutomation(argc - 2, argv + 2);
    std::fprintf(stderr,
        "usage: switchyard-bench-client stream|ready|port|automation ... (see the comment in "
        "benchclient.cpp)\n");
    return 2;
}
