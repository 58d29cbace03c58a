// SPDX-License-Identifier: MIT
#include "http/httpconnection.h"

#include "http/httpexchange.h"
#include "http/httpserver.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace {

QByteArray errorBody(const QString &message, const QByteArray &code)
{
    return R"({"error":{"message":")" + message.toUtf8()
        + R"(","type":"invalid_request_error","param":null,"code":")" + code + "\"}}";
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpLimits *limits, Dispatch dispatch, IdSource ids)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_dispatch(std::move(dispatch))
    , m_ids(std::move(ids))
    , m_parser(limits->maxHeaderBytes, limits->maxBodyBytes)
    , m_peer(socket->peerAddress())
    , m_deadlineMs(nowMs() + limits->headerTimeoutMs) // a connection that never sends is closed
{
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
}

qint64 HttpConnection::nowMs()
{
    return HttpClock::nowNs() / 1000000;
}

void HttpConnection::setExchange(const std::shared_ptr<HttpExchange> &exchange)
{
    m_exchange = exchange;
}

void HttpConnection::exchangeFinished()
{
    m_exchange.reset();
    if (m_state != State::Handling)
        return;
    m_state = State::Idle;
    m_deadlineMs = nowMs() + m_limits->idleTimeoutMs;
    if (m_inProcess) // answered synchronously: process() goes on with what is buffered
        return;
    if (!m_buffer.isEmpty() || m_socket->bytesAvailable() > 0) {
        // A pipelined request: parse it from the event loop, not from inside the handler that
        // just answered.
        QPointer<HttpConnection> self(this);
        QMetaObject::invokeMethod(
            this,
            [self] {
                if (self)
                    self->onReadyRead();
            },
            Qt::QueuedConnection);
    }
}

void HttpConnection::checkTimeout(qint64 now)
{
    if (!m_deadlineMs || now < m_deadlineMs)
        return;
    m_deadlineMs = 0;
    if (m_state == State::Reading)
        reject(408, "request_timeout", QStringLiteral("The request was not received in time."));
    else if (m_state == State::Idle)
        m_socket->disconnectFromHost();
}

void HttpConnection::onReadyRead()
{
    if (m_state == State::Rejected) {
        m_socket->readAll();
        return;
    }
    if (m_state == State::Handling) {
        // Pipelined bytes wait in the socket until the answer is complete, within reason.
        if (m_socket->bytesAvailable() > m_limits->maxHeaderBytes + m_limits->maxBodyBytes)
            m_socket->abort();
        return;
    }
    if (m_buffer.isEmpty())
        m_buffer = m_socket->readAll();
    else
        m_buffer.append(m_socket->readAll());
    process();
}

void HttpConnection::process()
{
    m_inProcess = true;
    while (m_state == State::Idle || m_state == State::Reading) {
        if (m_buffer.isEmpty())
            break;
        if (m_state == State::Idle) {
            m_parser.setLimits(m_limits->maxHeaderBytes, m_limits->maxBodyBytes);
            m_state = State::Reading;
        }
        m_deadlineMs = nowMs() + m_limits->headerTimeoutMs;
        const HttpRequestParser::Status status = m_parser.parse(m_buffer);
        if (status == HttpRequestParser::Status::NeedMore) {
            if (m_parser.headComplete() && m_parser.expectsContinue() && !m_sentContinue) {
                m_sentContinue = true;
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                m_socket->flush();
            }
            break;
        }
        if (status == HttpRequestParser::Status::Error) {
            reject(m_parser.errorStatus(), m_parser.errorCode(), m_parser.errorMessage());
            break;
        }
        m_sentContinue = false;
        HttpRequest request = m_parser.takeRequest();
        request.peer = m_peer;
        request.receivedNs = HttpClock::nowNs();
        m_state = State::Handling;
        m_deadlineMs = 0;
        m_dispatch(this, std::move(request)); // may answer (and finish) right away
    }
    m_inProcess = false;
}

void HttpConnection::reject(int status, const QByteArray &code, const QString &message)
{
    m_state = State::Rejected;
    m_deadlineMs = 0;
    m_buffer.clear();
    m_socket->readAll(); // whatever else was sent is not read as a request
    const QByteArray body = errorBody(message, code);
    const QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + HttpExchange::reasonPhrase(status)
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nX-Request-ID: " + m_ids() + "\r\nConnection: close\r\n\r\n" + body;
    m_socket->write(out);
    m_socket->flush();
    m_socket->disconnectFromHost();
    qCInfo(lcHttp) << "refused a request from" << m_peer.toString() << "with status" << status;
}

void HttpConnection::onDisconnected()
{
    m_state = State::Rejected;
    m_deadlineMs = 0;
    if (auto exchange = m_exchange.lock())
        exchange->clientDisconnected();
}
