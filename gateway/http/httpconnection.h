// SPDX-License-Identifier: MIT
#pragma once

#include "http/httprequestparser.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>

#include <functional>
#include <memory>

class HttpExchange;
struct HttpLimits;

/**
 * @brief One client connection of the gateway's HTTP listener.
 *
 * Reads requests off the socket in bulk with HttpRequestParser and hands each complete one to the
 * server, one at a time: a pipelined request waits until the answer to the previous one is
 * complete, so answers never overtake each other. Enforces what QHttpServer 6.4 lacked: limits
 * (431/413 before the body is read), "Expect: 100-continue", a timeout on a request that stalls
 * (408) and on idle keep-alive connections; refuses malformed requests with 400 and closes. Tells
 * the exchange being answered when the client goes away. Owned by its socket.
 */
class HttpConnection : public QObject
{
public:
    using Dispatch = std::function<void(HttpConnection *, HttpRequest &&)>;
    using IdSource = std::function<QByteArray()>;

    HttpConnection(QTcpSocket *socket, const HttpLimits *limits, Dispatch dispatch, IdSource ids);

    [[nodiscard]] QTcpSocket *socket() const { return m_socket; }
    /// The exchange answering the request just dispatched.
    void setExchange(const std::shared_ptr<HttpExchange> &exchange);
    /// Its answer is complete: the connection reads the next request.
    void exchangeFinished();
    /// Closes the connection when its deadline passed (called by the server's sweep); @p nowMs is
    /// HttpClock time in ms.
    void checkTimeout(qint64 nowMs);

    static qint64 nowMs();

private:
    enum class State { Idle, Reading, Handling, Rejected };

    void onReadyRead();
    void onDisconnected();
    void process();
    void reject(int status, const QByteArray &code, const QString &message);

    QTcpSocket *m_socket;
    const HttpLimits *m_limits;
    Dispatch m_dispatch;
    IdSource m_ids;
    HttpRequestParser m_parser;
    QByteArray m_buffer; ///< read, not yet parsed
    QHostAddress m_peer;
    std::weak_ptr<HttpExchange> m_exchange;
    State m_state = State::Idle;
    qint64 m_deadlineMs = 0; ///< 0: none (a request is being answered)
    bool m_inProcess = false;
    bool m_sentContinue = false;
};
