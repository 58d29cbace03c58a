// SPDX-License-Identifier: MIT
#include "http/httprequestparser.h"

#include <QUrl>

namespace {

bool isTokenChar(char c)
{
    // RFC 9110 tchar
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

/// A non-negative decimal, digits only; -1 otherwise.
qint64 parseLength(QByteArrayView s)
{
    if (s.isEmpty() || s.size() > 18)
        return -1;
    qint64 v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

/// The next line of @p s from @p from: its end (without CR) in @p end and the start of the next.
qsizetype nextLine(QByteArrayView s, qsizetype from, qsizetype *end)
{
    const qsizetype lf = s.indexOf('\n', from);
    if (lf < 0)
        return -1;
    *end = lf > from && s[lf - 1] == '\r' ? lf - 1 : lf;
    return lf + 1;
}

QString tooLarge()
{
    return QStringLiteral("Request body is larger than the gateway's limit (server.maxBodyBytes).");
}

} // namespace

HttpRequestParser::HttpRequestParser(qint64 maxHeaderBytes, qint64 maxBodyBytes)
    : m_maxHeaderBytes(maxHeaderBytes)
    , m_maxBodyBytes(maxBodyBytes)
{ }

void HttpRequestParser::setLimits(qint64 maxHeaderBytes, qint64 maxBodyBytes)
{
    m_maxHeaderBytes = maxHeaderBytes;
    m_maxBodyBytes = maxBodyBytes;
}

HttpRequestParser::Status HttpRequestParser::fail(int status, const char *code, const QString &message)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorCode = code;
    m_errorMessage = message;
    return Status::Error;
}

HttpRequest HttpRequestParser::takeRequest()
{
    HttpRequest r = std::move(m_request);
    m_request = HttpRequest();
    m_state = State::Head;
    m_remaining = 0;
    m_expectContinue = false;
    return r;
}

HttpRequestParser::Status HttpRequestParser::parse(QByteArray &buffer)
{
    for (;;) {
        switch (m_state) {
        case State::Head: {
            const Status s = parseHead(buffer);
            if (s != Status::Complete)
                return s;
            continue;
        }
        case State::Body: {
            if (buffer.size() < m_remaining)
                return Status::NeedMore;
            if (buffer.size() == m_remaining) { // the common case: no copy
                m_request.body = std::move(buffer);
                buffer = QByteArray();
            } else {
                m_request.body = buffer.first(m_remaining);
                buffer.remove(0, m_remaining);
            }
            m_state = State::Done;
            continue;
        }
        case State::ChunkSize:
        case State::ChunkData:
        case State::ChunkEnd:
        case State::Trailer: {
            const Status s = parseChunked(buffer);
            if (s != Status::Complete)
                return s;
            continue;
        }
        case State::Done:
            m_expectContinue = false;
            return Status::Complete;
        case State::Failed:
            return Status::Error;
        }
    }
}

HttpRequestParser::Status HttpRequestParser::parseHead(QByteArray &buffer)
{
    // Tolerates bare LF line ends (RFC 9112 2.2) and empty lines before the request line.
    qsizetype start = 0;
    while (start < buffer.size() && (buffer.at(start) == '\r' || buffer.at(start) == '\n'))
        ++start;
    qsizetype headEnd = -1; // just past the empty line
    for (qsizetype at = start, lineEnd = 0;;) {
        const qsizetype next = nextLine(buffer, at, &lineEnd);
        if (next < 0)
            break;
        if (lineEnd == at) {
            headEnd = next;
            break;
        }
        at = next;
    }
    if (headEnd < 0) {
        if (buffer.size() - start > m_maxHeaderBytes)
            return fail(431, "headers_too_large", QStringLiteral("Request headers are too large."));
        if (start > 0)
            buffer.remove(0, start);
        return Status::NeedMore;
    }
    if (headEnd - start > m_maxHeaderBytes)
        return fail(431, "headers_too_large", QStringLiteral("Request headers are too large."));

    const QByteArrayView head(buffer.constData(), headEnd);
    qsizetype lineEnd = 0;
    qsizetype at = nextLine(head, start, &lineEnd);
    // Request line: METHOD SP request-target SP HTTP-version
    const QByteArrayView requestLine = head.sliced(start, lineEnd - start);
    const qsizetype sp1 = requestLine.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 <= sp1 + 1 || requestLine.indexOf(' ', sp2 + 1) >= 0)
        return fail(400, "bad_request", QStringLiteral("Malformed HTTP request line."));
    const QByteArrayView method = requestLine.first(sp1);
    QByteArrayView target = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = requestLine.sliced(sp2 + 1);
    if (!isToken(method))
        return fail(400, "bad_request", QStringLiteral("Malformed HTTP method."));
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        if (version.startsWith("HTTP/"))
            return fail(505, "http_version_not_supported",
                QStringLiteral("Only HTTP/1.1 and HTTP/1.0 are supported on this port."));
        return fail(400, "bad_request", QStringLiteral("Malformed HTTP request line."));
    }
    m_request.http10 = version == "HTTP/1.0";
    m_request.method = method.toByteArray();
    // Absolute form (a proxy-style "http://host/path"): keep the path.
    if (target.startsWith("http://") || target.startsWith("https://")) {
        const qsizetype slash = target.indexOf('/', target.indexOf("//") + 2);
        target = slash < 0 ? QByteArrayView("/") : target.sliced(slash);
    }
    if (target.isEmpty() || (target.front() != '/' && target != "*"))
        return fail(400, "bad_request", QStringLiteral("Malformed request target."));
    const qsizetype question = target.indexOf('?');
    const QByteArrayView rawPath = question < 0 ? target : target.first(question);
    m_request.path = rawPath.contains('%') ? QUrl::fromPercentEncoding(rawPath.toByteArray())
                                           : QString::fromLatin1(rawPath);
    if (question >= 0 && question + 1 < target.size())
        m_request.query.setQuery(QString::fromUtf8(target.sliced(question + 1)));

    qint64 contentLength = -1;
    bool chunked = false;
    bool transferEncoding = false;
    while (at < head.size()) {
        const qsizetype next = nextLine(head, at, &lineEnd);
        const QByteArrayView line = head.sliced(at, lineEnd - at);
        at = next;
        if (line.isEmpty())
            break;
        if (line.front() == ' ' || line.front() == '\t')
            return fail(400, "bad_request", QStringLiteral("Folded header lines are not accepted."));
        const qsizetype colon = line.indexOf(':');
        const QByteArrayView name = colon < 0 ? QByteArrayView() : line.first(colon);
        if (!isToken(name))
            return fail(400, "bad_request", QStringLiteral("Malformed header line."));
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            const qint64 length = parseLength(value);
            if (length < 0 || (contentLength >= 0 && length != contentLength))
                return fail(400, "bad_request", QStringLiteral("Invalid Content-Length."));
            contentLength = length;
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            transferEncoding = true;
            const qsizetype comma = value.lastIndexOf(',');
            chunked = (comma < 0 ? value : value.sliced(comma + 1))
                          .trimmed()
                          .compare("chunked", Qt::CaseInsensitive)
                == 0;
        } else if (name.compare("expect", Qt::CaseInsensitive) == 0) {
            m_expectContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
        }
        m_request.headers.append({name.toByteArray(), value.toByteArray()});
    }
    buffer.remove(0, headEnd);

    if (transferEncoding && contentLength >= 0)
        return fail(400, "bad_request",
            QStringLiteral("A request may not carry both Content-Length and Transfer-Encoding."));
    if (transferEncoding && !chunked)
        return fail(501, "not_implemented", QStringLiteral("Only the chunked transfer coding is supported."));
    if (contentLength > m_maxBodyBytes)
        return fail(413, "request_too_large", tooLarge());
    if (chunked) {
        m_state = State::ChunkSize;
    } else if (contentLength > 0) {
        m_state = State::Body;
        m_remaining = contentLength;
    } else {
        m_state = State::Done;
    }
    if (m_state == State::Done || (m_state == State::Body && buffer.size() >= m_remaining))
        m_expectContinue = false; // nothing to wait for
    return Status::Complete; // of the head
}

HttpRequestParser::Status HttpRequestParser::parseChunked(QByteArray &buffer)
{
    for (;;) {
        switch (m_state) {
        case State::ChunkSize: {
            qsizetype lineEnd = 0;
            const qsizetype next = nextLine(buffer, 0, &lineEnd);
            if (next < 0) {
                if (buffer.size() > 1024)
                    return fail(400, "bad_request", QStringLiteral("Malformed chunk size."));
                return Status::NeedMore;
            }
            QByteArrayView size = QByteArrayView(buffer).first(lineEnd);
            if (const qsizetype semi = size.indexOf(';'); semi >= 0)
                size = size.first(semi); // chunk extensions are ignored
            size = size.trimmed();
            bool ok = !size.isEmpty() && size.size() <= 15;
            const qint64 n = ok ? size.toLongLong(&ok, 16) : -1;
            if (!ok || n < 0)
                return fail(400, "bad_request", QStringLiteral("Malformed chunk size."));
            buffer.remove(0, next);
            if (n == 0) {
                m_state = State::Trailer;
                continue;
            }
            if (m_request.body.size() + n > m_maxBodyBytes)
                return fail(413, "request_too_large", tooLarge());
            m_remaining = n;
            m_state = State::ChunkData;
            continue;
        }
        case State::ChunkData: {
            if (buffer.isEmpty())
                return Status::NeedMore;
            const qint64 take = qMin<qint64>(m_remaining, buffer.size());
            m_request.body.append(buffer.constData(), take);
            buffer.remove(0, take);
            m_remaining -= take;
            if (m_remaining > 0)
                return Status::NeedMore;
            m_state = State::ChunkEnd;
            continue;
        }
        case State::ChunkEnd: {
            qsizetype lineEnd = 0;
            const qsizetype next = nextLine(buffer, 0, &lineEnd);
            if (next < 0)
                return buffer.size() > 2 ? fail(400, "bad_request", QStringLiteral("Malformed chunk."))
                                         : Status::NeedMore;
            if (lineEnd != 0)
                return fail(400, "bad_request", QStringLiteral("Malformed chunk."));
            buffer.remove(0, next);
            m_state = State::ChunkSize;
            continue;
        }
        case State::Trailer: {
            qsizetype lineEnd = 0;
            const qsizetype next = nextLine(buffer, 0, &lineEnd);
            if (next < 0) {
                if (buffer.size() > m_maxHeaderBytes)
                    return fail(431, "headers_too_large", QStringLiteral("Request trailers are too large."));
                return Status::NeedMore;
            }
            buffer.remove(0, next);
            if (lineEnd == 0) { // the empty line that ends the trailers
                m_state = State::Done;
                return Status::Complete;
            }
            continue; // trailer fields are ignored
        }
        default:
            return Status::Complete;
        }
    }
}
