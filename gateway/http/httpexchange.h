// SPDX-License-Identifier: MIT
#pragma once

#include "http/httprequest.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QTcpSocket>

#include <functional>
#include <memory>

/**
 * @brief One request's answer channel to the client: a whole response, or a chunked stream.
 *
 * Writes go straight to the client socket, guarded by a QPointer (the client may have left and its
 * socket been deleted while an upstream answer was on its way). Every response carries X-Request-ID,
 * X-Response-Time and X-Gateway-Overhead-Ms. If the exchange is destroyed without having answered, it answers
 * 500 so no client ever hangs.
 */
class HttpExchange
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    HttpExchange(QTcpSocket *socket, HttpRequest request, std::function<void(HttpExchange *)> onFinished);
    ~HttpExchange();
    HttpExchange(const HttpExchange &) = delete;
    HttpExchange &operator=(const HttpExchange &) = delete;

    [[nodiscard]] const HttpRequest &request() const { return m_request; }
    [[nodiscard]] const QByteArray &requestId() const { return m_request.requestId; }
    /// The client is still connected.
    [[nodiscard]] bool isAlive() const;
    [[nodiscard]] bool isFinished() const { return m_finished; }
    [[nodiscard]] bool isStreaming() const { return m_streaming; }
    [[nodiscard]] int status() const { return m_status; }
    /// Bytes queued in the socket, not yet sent (backpressure from slow readers).
    [[nodiscard]] qint64 pendingBytes() const;

    /// Gateway's own processing time reported in X-Gateway-Overhead-Ms (set before answering).
    void setOverheadMs(double ms) { m_overheadMs = ms; }
    /// Called once if the client disconnects before the exchange finished.
    void onClientGone(std::function<void()> callback);
    /// The connection saw the client go away (HttpConnection calls it).
    void clientDisconnected();

    /// A whole response with Content-Length.
    void respond(
        int status, const QByteArray &contentType, const QByteArray &body, const Headers &extra = {});
    /// Starts a chunked response (status line and headers sent now).
    void beginStream(int status, const QByteArray &contentType, const Headers &extra = {});
    /// Sends @p data as one chunk, immediately.
    void writeChunk(const QByteArray &data);
    /// Sends the terminating chunk; the connection stays reusable.
    void endStream();
    /// Ends a stream abruptly (after an error event was sent) without the clean terminator when
    /// @p closeConnection: the client sees a truncated transfer, never a clean end.
    void abortStream(bool closeConnection);

    static QByteArray reasonPhrase(int status);

private:
    QByteArray head(int status, const QByteArray &contentType, const Headers &extra, qint64 contentLength);
    void finish();
    void write(const QByteArray &bytes);

    QPointer<QTcpSocket> m_socket;
    HttpRequest m_request;
    std::function<void(HttpExchange *)> m_onFinished;
    std::function<void()> m_onClientGone;
    double m_overheadMs = -1;
    int m_status = 0;
    bool m_streaming = false;
    bool m_finished = false;
    bool m_headOnly = false;
    bool m_closeAfter = false;
};

using ExchangePtr = std::shared_ptr<HttpExchange>;
