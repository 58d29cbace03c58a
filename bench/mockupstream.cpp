// SPDX-License-Identifier: MIT
// switchyard-bench-mock: a zero-delay upstream for the load benchmark (bench/run.sh), speaking
// OpenAI's, Anthropic's and Gemini's wire formats.
//
// It must never be the bottleneck, so it is one epoll loop in plain C++ (no Qt, no allocation per
// request beyond the connection's buffers) and answers from canned bytes: about 120k req/s alone on
// the project's 2-core machine. It speaks HTTP/1.1 with keep-alive and pipelining:
//   POST .../chat/completions          a fixed chat.completion (Content-Length), or with
//                                      "stream": true a chunked SSE stream: role, --events content
//                                      chunks, finish, usage (if stream_options.include_usage), [DONE]
//   POST .../v1/messages               Anthropic: a fixed message, or streamed: message_start,
//                                      content_block_start, ping, --events text deltas,
//                                      content_block_stop, message_delta, message_stop
//   POST .../models/M:generateContent  Gemini: a fixed GenerateContentResponse;
//        .../models/M:streamGenerateContent  --events responses (alt=sse), the last with
//                                      finishReason, usageMetadata on each, no terminator
//   GET  .../models                    a one-model list
//   anything else                      404 with an OpenAI error body
// A stream goes out in one write, or with --stream-gap-ms one slot per gap: OpenAI and Anthropic
// have the same slots (the preamble, one per content chunk, the finish, then the end), so paced
// streams carry their content chunks at the same moments; Gemini has no preamble or finish slot.
// Prints "mock listening on http://HOST:PORT" once ready; exits on SIGTERM/SIGINT, and on request
// counts with --stats (printed to stderr at exit).
#include "toolsupport.h"

#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <queue>
#include <vector>

namespace {

constexpr std::string_view CompletionBody
    = R"({"id":"chatcmpl-bench0001","object":"chat.completion","created":1767225600,"model":"gpt-4o-mini","system_fingerprint":"fp_bench","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! This is the benchmark mock answering with a fixed, small completion of a dozen words.","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":86,"completion_tokens":19,"total_tokens":105,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}})";

constexpr std::string_view ModelsBody
    = R"({"object":"list","data":[{"id":"gpt-4o-mini","object":"model","created":1767225600,"owned_by":"bench"}]})";

constexpr std::string_view NotFoundBody
    = R"({"error":{"message":"Unknown path on the benchmark mock.","type":"invalid_request_error","param":null,"code":"unknown_url"}})";

constexpr std::string_view MessageBody
    = R"({"id":"msg_bench0001","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"text","text":"Hello! This is the benchmark mock answering with a fixed, small message of a dozen words."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":86,"output_tokens":19,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}})";

constexpr std::string_view GenerateBody
    = R"({"candidates":[{"content":{"parts":[{"text":"Hello! This is the benchmark mock answering with a fixed, small response of a dozen words."}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":86,"candidatesTokenCount":19,"totalTokenCount":105},"modelVersion":"gemini-2.5-flash","responseId":"benchGemini0001"})";

/// One HTTP chunk holding @p bytes.
std::string httpChunk(std::string_view bytes)
{
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
    return size + std::string(bytes) + "\r\n";
}

/// An SSE event (`event:` line only when @p name is set), `\n\n` or Google's `\r\n\r\n` after it.
std::string sse(std::string_view json, std::string_view name = {}, std::string_view end = "\n\n")
{
    std::string e;
    if (!name.empty())
        e = "event: " + std::string(name) + '\n';
    return e + "data: " + std::string(json) + std::string(end);
}

std::string wholeResponse(std::string_view status, std::string_view type, std::string_view body)
{
    return "HTTP/1.1 " + std::string(status) + "\r\nContent-Type: " + std::string(type)
        + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

/// A canned stream: HTTP chunks sent one per slot when paced, then the tail one gap later.
struct CannedStream
{
    std::vector<std::string> slots;
    std::string usage; ///< OpenAI's usage chunk, sent before the tail when the request asked for it
    std::string tail; ///< the last event(s) and the terminating chunk
};

/// The canned bytes, built once at start. Content chunk i reads "word i " in every format.
struct Canned
{
    std::string completion;
    std::string message;
    std::string generate;
    std::string models;
    std::string notFound;
    std::string streamHead;
    CannedStream openai;
    CannedStream anthropic;
    CannedStream gemini;

    explicit Canned(int contentEvents)
    {
        completion = wholeResponse("200 OK", "application/json", CompletionBody);
        message = wholeResponse("200 OK", "application/json", MessageBody);
        generate = wholeResponse("200 OK", "application/json", GenerateBody);
        models = wholeResponse("200 OK", "application/json", ModelsBody);
        notFound = wholeResponse("404 Not Found", "application/json", NotFoundBody);
        streamHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                     "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n";
        const auto word = [](int i) { return "word " + std::to_string(i) + ' '; };
        const std::string outputTokens = std::to_string(contentEvents * 2);

        // OpenAI: role, content chunks, finish; usage and [DONE] after.
        const std::string prefix
            = R"({"id":"chatcmpl-bench0002","object":"chat.completion.chunk","created":1767225600,"model":"gpt-4o-mini","system_fingerprint":"fp_bench","choices":[)";
        openai.slots.push_back(httpChunk(sse(prefix
            + R"({"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]})")));
        for (int i = 0; i < contentEvents; ++i)
            openai.slots.push_back(httpChunk(sse(prefix + R"({"index":0,"delta":{"content":")" + word(i)
                + R"("},"logprobs":null,"finish_reason":null}]})")));
        openai.slots.push_back(
            httpChunk(sse(prefix + R"({"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]})")));
        openai.usage = httpChunk(sse(
            R"({"id":"chatcmpl-bench0002","object":"chat.completion.chunk","created":1767225600,"model":"gpt-4o-mini","system_fingerprint":"fp_bench","choices":[],"usage":{"prompt_tokens":86,"completion_tokens":)"
            + outputTokens + R"(,"total_tokens":)" + std::to_string(86 + contentEvents * 2) + "}}"));
        openai.tail = httpChunk(sse("[DONE]")) + "0\r\n\r\n";

        // Anthropic (the Messages API's event order): the preamble in the role's slot, one
        // text delta per content slot, the block's stop and message_delta in the finish's slot.
        anthropic.slots.push_back(httpChunk(
            sse(R"({"type":"message_start","message":{"id":"msg_bench0002","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":86,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}})",
                "message_start")
            + sse(R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})",
                "content_block_start")
            + sse(R"({"type":"ping"})", "ping")));
        for (int i = 0; i < contentEvents; ++i)
            anthropic.slots.push_back(httpChunk(
                sse(R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":")"
                        + word(i) + R"("}})",
                    "content_block_delta")));
        anthropic.slots.push_back(httpChunk(
            sse(R"({"type":"content_block_stop","index":0})", "content_block_stop")
            + sse(
                R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":)"
                    + outputTokens + "}}",
                "message_delta")));
        anthropic.tail = httpChunk(sse(R"({"type":"message_stop"})", "message_stop")) + "0\r\n\r\n";

        // Gemini: no preamble; each response carries usageMetadata, the last one finishReason.
        for (int i = 0; i < contentEvents; ++i) {
            const bool last = i + 1 == contentEvents;
            gemini.slots.push_back(httpChunk(sse(R"({"candidates":[{"content":{"parts":[{"text":")" + word(i)
                    + R"("}],"role":"model"},)" + (last ? R"("finishReason":"STOP",)" : "")
                    + R"("index":0}],"usageMetadata":{"promptTokenCount":86,"candidatesTokenCount":)"
                    + std::to_string(2 * (i + 1)) + R"(,"totalTokenCount":)"
                    + std::to_string(86 + 2 * (i + 1))
                    + R"(},"modelVersion":"gemini-2.5-flash","responseId":"benchGemini0002"})",
                {}, "\r\n\r\n")));
        }
        gemini.tail = "0\r\n\r\n";
    }
};

struct Connection
{
    int fd = -1;
    unsigned generation = 0; ///< invalidates timers of a previous connection on the same fd
    std::string in;
    std::string out;
    size_t outSent = 0;
    bool closeAfterWrite = false;
    bool streaming = false; ///< a paced stream is in progress: further requests wait
    bool wantsUsage = false;
    const CannedStream *stream = nullptr;
    size_t nextSlot = 0;
};

struct Timer
{
    long long dueNs;
    int fd;
    unsigned generation;
    bool operator>(const Timer &o) const { return dueNs > o.dueNs; }
};

/// `"name"` followed by `: true` (any whitespace), anywhere in the body.
bool jsonFlagTrue(std::string_view body, std::string_view quotedName)
{
    size_t at = 0;
    while ((at = body.find(quotedName, at)) != std::string_view::npos) {
        size_t i = at + quotedName.size();
        while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
            ++i;
        if (i < body.size() && body[i] == ':') {
            ++i;
            while (
                i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
                ++i;
            if (body.substr(i, 4) == "true")
                return true;
        }
        at = i;
    }
    return false;
}

class MockServer
{
public:
    MockServer(const Canned &canned, long long gapNs)
        : m_canned(canned)
        , m_gapNs(gapNs)
    { }

    bool listen(const char *host, int port)
    {
        m_listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        const int one = 1;
        ::setsockopt(m_listenFd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr {};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(uint16_t(port));
        if (::inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
            std::fprintf(stderr, "switchyard-bench-mock: bad --host %s (IPv4 only)\n", host);
            return false;
        }
        if (::bind(m_listenFd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0
            || ::listen(m_listenFd, 4096) != 0) {
            std::fprintf(stderr, "switchyard-bench-mock: cannot listen on %s:%d: %s\n", host, port,
                std::strerror(errno));
            return false;
        }
        socklen_t len = sizeof addr;
        ::getsockname(m_listenFd, reinterpret_cast<sockaddr *>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
        add(m_listenFd, EPOLLIN);
        sigset_t mask;
        sigemptyset(&mask);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
        sigprocmask(SIG_BLOCK, &mask, nullptr);
        m_signalFd = ::signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
        add(m_signalFd, EPOLLIN);
        return true;
    }

    [[nodiscard]] int port() const { return m_port; }

    void run()
    {
        epoll_event events[256];
        for (;;) {
            int timeoutMs = -1;
            if (!m_timers.empty()) {
                const long long wait = m_timers.top().dueNs - nowNs();
                timeoutMs = wait <= 0 ? 0 : int((wait + 999999) / 1000000);
            }
            const int n = ::epoll_wait(m_epoll, events, 256, timeoutMs);
            if (n < 0 && errno != EINTR)
                return;
            for (int i = 0; i < n; ++i) {
                const int fd = events[i].data.fd;
                if (fd == m_listenFd) {
                    acceptAll();
                } else if (fd == m_signalFd) {
                    return;
                } else {
                    Connection *c = connection(fd);
                    if (!c)
                        continue;
                    if (events[i].events & (EPOLLERR | EPOLLHUP)) {
                        close(c);
                        continue;
                    }
                    if (events[i].events & EPOLLOUT)
                        flush(c);
                    if (c->fd >= 0 && (events[i].events & EPOLLIN))
                        readFrom(c);
                }
            }
            runTimers();
        }
    }

    [[nodiscard]] unsigned long long requests() const { return m_requests; }

private:
    void add(int fd, uint32_t events)
    {
        epoll_event ev {};
        ev.events = events;
        ev.data.fd = fd;
        ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
    }

    void modify(int fd, uint32_t events)
    {
        epoll_event ev {};
        ev.events = events;
        ev.data.fd = fd;
        ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
    }

    Connection *connection(int fd)
    {
        if (fd < 0 || size_t(fd) >= m_connections.size() || m_connections[size_t(fd)].fd != fd)
            return nullptr;
        return &m_connections[size_t(fd)];
    }

    void acceptAll()
    {
        for (;;) {
            const int fd = ::accept4(m_listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0)
                return;
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            if (size_t(fd) >= m_connections.size())
                m_connections.resize(size_t(fd) + 64);
            Connection &c = m_connections[size_t(fd)];
            const unsigned generation = c.generation + 1;
            c = Connection {};
            c.fd = fd;
            c.generation = generation;
            add(fd, EPOLLIN | EPOLLRDHUP);
        }
    }

    void close(Connection *c)
    {
        ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, c->fd, nullptr);
        ::close(c->fd);
        c->fd = -1;
        c->in.clear();
        c->in.shrink_to_fit();
        c->out.clear();
        c->out.shrink_to_fit();
    }

    void readFrom(Connection *c)
    {
        char buf[65536];
        for (;;) {
            const ssize_t n = ::read(c->fd, buf, sizeof buf);
            if (n > 0) {
                c->in.append(buf, size_t(n));
                if (size_t(n) < sizeof buf)
                    break;
                continue;
            }
            if (n == 0) {
                close(c);
                return;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            close(c);
            return;
        }
        serve(c);
    }

    /// Answers every complete request in the input buffer (pipelining), unless a paced stream runs.
    void serve(Connection *c)
    {
        size_t consumed = 0;
        while (!c->streaming && c->fd >= 0) {
            const std::string_view in = std::string_view(c->in).substr(consumed);
            const size_t headEnd = in.find("\r\n\r\n");
            if (headEnd == std::string_view::npos) {
                if (in.size() > 1024 * 1024)
                    return close(c);
                break;
            }
            const std::string_view head = in.substr(0, headEnd);
            size_t contentLength = 0;
            bool chunked = false;
            bool closeAfter = false;
            size_t lineStart = head.find("\r\n");
            while (lineStart != std::string_view::npos && lineStart + 2 <= head.size()) {
                lineStart += 2;
                size_t lineEnd = head.find("\r\n", lineStart);
                const std::string_view line = head.substr(lineStart,
                    lineEnd == std::string_view::npos ? head.size() - lineStart : lineEnd - lineStart);
                if (iequalsPrefix(line, "content-length:"))
                    contentLength = size_t(std::strtoull(line.data() + 15, nullptr, 10));
                else if (iequalsPrefix(line, "transfer-encoding:") && line.find("chunked") != line.npos)
                    chunked = true;
                else if (iequalsPrefix(line, "connection:") && line.find("close") != line.npos)
                    closeAfter = true;
                lineStart = lineEnd;
            }
            std::string body;
            size_t requestSize = headEnd + 4;
            if (chunked) {
                // Chunked request bodies (some clients send them): de-chunk until the 0 chunk.
                size_t at = requestSize;
                bool complete = false;
                for (;;) {
                    const size_t eol = in.find("\r\n", at);
                    if (eol == std::string_view::npos)
                        break;
                    const size_t size = size_t(std::strtoull(in.data() + at, nullptr, 16));
                    if (size == 0) {
                        const size_t end = in.find("\r\n\r\n", eol);
                        if (end == std::string_view::npos)
                            break;
                        requestSize = end + 4;
                        complete = true;
                        break;
                    }
                    if (in.size() < eol + 2 + size + 2)
                        break;
                    body.append(in.substr(eol + 2, size));
                    at = eol + 2 + size + 2;
                }
                if (!complete)
                    break;
            } else {
                if (in.size() < requestSize + contentLength)
                    break;
                body.assign(in.substr(requestSize, contentLength));
                requestSize += contentLength;
            }
            ++m_requests;
            respond(c, head, body, closeAfter);
            consumed += requestSize;
        }
        if (c->fd >= 0)
            c->in.erase(0, consumed);
    }

    void respond(Connection *c, std::string_view head, std::string_view body, bool closeAfter)
    {
        const size_t sp1 = head.find(' ');
        const size_t sp2 = head.find(' ', sp1 + 1);
        const std::string_view method = head.substr(0, sp1);
        std::string_view path = head.substr(sp1 + 1, sp2 - sp1 - 1);
        if (const size_t q = path.find('?'); q != path.npos)
            path = path.substr(0, q);
        c->closeAfterWrite = c->closeAfterWrite || closeAfter;
        const auto endsWith = [path](std::string_view s) {
            return path.size() >= s.size() && path.substr(path.size() - s.size()) == s;
        };
        const auto contains = [path](std::string_view s) { return path.find(s) != path.npos; };
        if (method == "POST" && endsWith("/chat/completions")) {
            if (!jsonFlagTrue(body, "\"stream\""))
                return queue(c, m_canned.completion);
            c->wantsUsage = jsonFlagTrue(body, "\"include_usage\"");
            return startStream(c, m_canned.openai);
        }
        if (method == "POST" && endsWith("/v1/messages")) {
            if (!jsonFlagTrue(body, "\"stream\""))
                return queue(c, m_canned.message);
            c->wantsUsage = false;
            return startStream(c, m_canned.anthropic);
        }
        if (method == "POST" && contains("/models/") && endsWith(":generateContent"))
            return queue(c, m_canned.generate);
        if (method == "POST" && contains("/models/") && endsWith(":streamGenerateContent")) {
            c->wantsUsage = false;
            return startStream(c, m_canned.gemini);
        }
        if (method == "GET" && endsWith("/models"))
            return queue(c, m_canned.models);
        queue(c, m_canned.notFound);
    }

    /// All of @p stream at once, or paced: the head and the first slot now, the rest one per gap.
    void startStream(Connection *c, const CannedStream &stream)
    {
        c->out.append(m_canned.streamHead);
        if (m_gapNs <= 0 || stream.slots.empty()) {
            for (const std::string &slot : stream.slots)
                c->out.append(slot);
            if (c->wantsUsage)
                c->out.append(stream.usage);
            return queue(c, stream.tail);
        }
        c->streaming = true;
        c->stream = &stream;
        c->nextSlot = 1;
        queue(c, stream.slots.front());
        m_timers.push({nowNs() + m_gapNs, c->fd, c->generation});
    }

    void runTimers()
    {
        const long long t = nowNs();
        while (!m_timers.empty() && m_timers.top().dueNs <= t) {
            const Timer timer = m_timers.top();
            m_timers.pop();
            Connection *c = connection(timer.fd);
            if (!c || c->generation != timer.generation || !c->streaming)
                continue;
            const CannedStream &stream = *c->stream;
            if (c->nextSlot < stream.slots.size()) {
                queue(c, stream.slots[c->nextSlot++]);
                m_timers.push({t + m_gapNs, timer.fd, timer.generation});
                continue;
            }
            c->streaming = false;
            if (c->wantsUsage)
                c->out.append(stream.usage);
            queue(c, stream.tail);
            if (c->fd >= 0)
                serve(c); // requests pipelined behind the stream
        }
    }

    void queue(Connection *c, std::string_view bytes)
    {
        c->out.append(bytes);
        flush(c);
    }

    void flush(Connection *c)
    {
        while (c->outSent < c->out.size()) {
            const ssize_t n
                = ::send(c->fd, c->out.data() + c->outSent, c->out.size() - c->outSent, MSG_NOSIGNAL);
            if (n > 0) {
                c->outSent += size_t(n);
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                modify(c->fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP);
                return;
            }
            close(c);
            return;
        }
        const bool wasWaiting = c->outSent > 0 && c->out.size() > 65536;
        c->out.clear();
        c->outSent = 0;
        if (wasWaiting)
            c->out.shrink_to_fit();
        modify(c->fd, EPOLLIN | EPOLLRDHUP);
        if (c->closeAfterWrite && !c->streaming)
            close(c);
    }

    const Canned &m_canned;
    long long m_gapNs;
    int m_listenFd = -1;
    int m_signalFd = -1;
    int m_epoll = -1;
    int m_port = 0;
    unsigned long long m_requests = 0;
    std::vector<Connection> m_connections;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> m_timers;
};

void usage(FILE *to)
{
    std::fputs("usage: switchyard-bench-mock [--host 127.0.0.1] [--port 0] [--events 8] [--stream-gap-ms 0] "
               "[--stats]\n",
        to);
}

} // namespace

int main(int argc, char **argv)
{
    const char *host = "127.0.0.1";
    int port = 0;
    int events = 8;
    double gapMs = 0;
    bool stats = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--host" && hasValue)
            host = argv[++i];
        else if (a == "--port" && hasValue)
            port = std::atoi(argv[++i]);
        else if (a == "--events" && hasValue)
            events = std::max(0, std::atoi(argv[++i]));
        else if (a == "--stream-gap-ms" && hasValue)
            gapMs = std::atof(argv[++i]);
        else if (a == "--stats")
            stats = true;
        else if (a == "--help") {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    std::signal(SIGPIPE, SIG_IGN);
    const Canned canned(events);
    MockServer server(canned, (long long)(gapMs * 1e6));
    if (!server.listen(host, port))
        return 1;
    std::printf("mock listening on http://%s:%d\n", host, server.port());
    std::fflush(stdout);
    server.run();
    if (stats)
        std::fprintf(stderr, "switchyard-bench-mock: %llu requests\n", server.requests());
    return 0;
}
