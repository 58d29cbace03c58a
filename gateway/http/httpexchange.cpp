// SPDX-License-Identifier: MIT
#include "http/httpexchange.h"

#include <QElapsedTimer>

namespace HttpClock {
qint64 nowNs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.nsecsElapsed();
}
} // namespace HttpClock

namespace {

/// @p ms with 3 decimals ("0.083"), as QByteArray::number(ms, 'f', 3) writes it, without its cost.
void appendMs(QByteArray &out, double ms)
{
    if (!(ms >= 0 && ms < 1e12)) {
        out.append(QByteArray::number(ms, 'f', 3));
        return;
    }
    const auto thousandths = qint64(ms * 1000.0 + 0.5);
    const auto fraction = int(thousandths % 1000);
    out.append(QByteArray::number(thousandths / 1000));
    const char digits[4]
        = {'.', char('0' + fraction / 100), char('0' + fraction / 10 % 10), char('0' + fraction % 10)};
    out.append(digits, 4);
}

} // namespace

HttpExchange::HttpExchange(
    QTcpSocket *socket, HttpRequest request, std::function<void(HttpExchange *)> onFinished)
    : m_socket(socket)
    , m_request(std::move(request))
    , m_onFinished(std::move(onFinished))
{
    m_headOnly = m_request.method == "HEAD";
    const QByteArray connection = m_request.header("connection");
    m_closeAfter = connection.compare("close", Qt::CaseInsensitive) == 0
        || (m_request.http10 && connection.compare("keep-alive", Qt::CaseInsensitive) != 0);
}

void HttpExchange::clientDisconnected()
{
    if (m_finished)
        return;
    if (auto callback = std::move(m_onClientGone)) {
        m_onClientGone = nullptr;
        callback();
    }
}

HttpExchange::~HttpExchange()
{
    if (!m_finished) {
        if (m_streaming) {
            abortStream(true);
        } else {
            respond(500, "application/json",
                R"({"error":{"message":"The gateway dropped this request without an answer.","type":"api_error","param":null,"code":"internal_error"}})");
        }
    }
}

bool HttpExchange::isAlive() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

qint64 HttpExchange::pendingBytes() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void HttpExchange::onClientGone(std::function<void()> callback)
{
    m_onClientGone = std::move(callback);
}

QByteArray HttpExchange::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 499:
        return "Client Closed Request";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    case 529:
        return "Overloaded";
    default:
        return "Status";
    }
}

QByteArray HttpExchange::head(
    int status, const QByteArray &contentType, const Headers &extra, qint64 contentLength)
{
    m_status = status;
    const double elapsedMs = HttpClock::msSince(m_request.receivedNs);
    QByteArray out;
    out.reserve(256 + extra.size() * 48);
    out.append("HTTP/1.1 ")
        .append(QByteArray::number(status))
        .append(' ')
        .append(reasonPhrase(status))
        .append("\r\n");
    if (!contentType.isEmpty())
        out.append("Content-Type: ").append(contentType).append("\r\n");
    if (contentLength >= 0)
        out.append("Content-Length: ").append(QByteArray::number(contentLength)).append("\r\n");
    else
        out.append("Transfer-Encoding: chunked\r\n");
    out.append("X-Request-ID: ").append(m_request.requestId).append("\r\n");
    out.append("X-Response-Time: ");
    appendMs(out, elapsedMs);
    out.append("ms\r\nX-Gateway-Overhead-Ms: ");
    appendMs(out, m_overheadMs >= 0 ? m_overheadMs : elapsedMs);
    out.append("\r\n");
    for (const auto &h : extra)
        out.append(h.first).append(": ").append(h.second).append("\r\n");
    if (m_closeAfter)
        out.append("Connection: close\r\n");
    else if (m_request.http10)
        out.append("Connection: keep-alive\r\n");
    out.append("\r\n");
    return out;
}

void HttpExchange::write(const QByteArray &bytes)
{
    // Sent now, not on the next turn of the event loop: one write and no wait per response.
    if (isAlive()) {
        m_socket->write(bytes);
        m_socket->flush();
    }
}

void HttpExchange::respond(
    int status, const QByteArray &contentType, const QByteArray &body, const Headers &extra)
{
    if (m_finished || m_streaming)
        return;
    QByteArray out = head(status, contentType, extra, body.size());
    if (!m_headOnly)
        out.append(body);
    write(out);
    finish();
}

void HttpExchange::beginStream(int status, const QByteArray &contentType, const Headers &extra)
{
    if (m_finished || m_streaming)
        return;
    m_streaming = true;
    Headers headers = extra;
    headers.emplaceBack("Cache-Control", "no-cache");
    write(head(status, contentType, headers, -1));
}

void HttpExchange::writeChunk(const QByteArray &data)
{
    if (!m_streaming || m_finished || data.isEmpty() || !isAlive())
        return;
    QByteArray out;
    out.reserve(data.size() + 16);
    out.append(QByteArray::number(data.size(), 16)).append("\r\n").append(data).append("\r\n");
    m_socket->write(out);
    m_socket->flush();
}

void HttpExchange::endStream()
{
    if (!m_streaming || m_finished)
        return;
    if (isAlive()) {
        m_socket->write("0\r\n\r\n", 5);
        m_socket->flush();
    }
    finish();
}

void HttpExchange::abortStream(bool closeConnection)
{
    if (m_finished)
        return;
    if (closeConnection && isAlive()) {
        m_socket->flush();
        m_socket->disconnectFromHost();
    } else if (isAlive()) {
        m_socket->write("0\r\n\r\n", 5);
        m_socket->flush();
    }
    finish();
}

void HttpExchange::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_onClientGone = nullptr;
    if (m_closeAfter && isAlive()) {
        m_socket->flush();
        m_socket->disconnectFromHost();
    }
    if (auto done = std::move(m_onFinished)) {
        m_onFinished = nullptr;
        done(this);
    }
}
