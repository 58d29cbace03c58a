// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>

#include <functional>
#include <memory>

class UpstreamPool;

/** @brief One HTTP request to an upstream provider. */
struct UpstreamRequest
{
    QByteArray method = "POST";
    QUrl url; ///< http:// or https://; path and query are sent as given
    QList<QPair<QByteArray, QByteArray>> headers; ///< extra headers (Authorization, Content-Type, ...)
    QByteArray body;
    int connectTimeoutMs = 10000; ///< TCP (+TLS) connect
    int firstByteTimeoutMs = 120000; ///< request sent -> response head received
    int idleTimeoutMs = 120000; ///< max silence between two reads of the body
    qint64 maxResponseBytes = 64 * 1024 * 1024; ///< larger bodies fail with ResponseTooLarge
};

/** @brief The status line and headers of an upstream response. */
struct UpstreamHead
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers; ///< names as received
    [[nodiscard]] QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
};

/** @brief Why an upstream exchange failed. */
struct UpstreamFailure
{
    enum Kind {
        ConnectFailed, ///< refused, unreachable, DNS, TLS handshake
        ConnectTimeout,
        FirstByteTimeout, ///< connected and sent, no response head in time
        IdleTimeout, ///< response started, then silence
        ConnectionClosed, ///< peer closed before the response was complete
        ProtocolError, ///< unparsable status line, headers or chunk framing
        ResponseTooLarge,
    };
    Kind kind = ConnectFailed;
    QString message; ///< human readable, no secrets (never the request headers)
    bool headReceived = false; ///< true if onHead had already been called
};

/** @brief Callbacks of one exchange; all are called in the client's thread. */
struct UpstreamHandlers
{
    /// The response head. Called once, before any data.
    std::function<void(const UpstreamHead &)> onHead;
    /// Body bytes, de-chunked, as they arrive (only when streaming = true).
    std::function<void(const QByteArray &)> onData;
    /// Success: the full body when streaming = false, empty when streaming = true.
    std::function<void(const QByteArray &body)> onComplete;
    /// Failure; no other callback follows.
    std::function<void(const UpstreamFailure &)> onFailure;
};

/**
 * @brief Lean HTTP/1.1 client for upstream providers, living in the engine thread.
 *
 * Why ours and not QNetworkAccessManager: QNAM hands every request to its own thread and back
 * (~230 µs CPU per request) and caps HTTP/1.1 at 6 connections per host (notes in docs/). This
 * client keeps a keep-alive pool per origin (scheme, host, port) on QTcpSocket/QSslSocket in the
 * caller's thread, with no hidden concurrency cap: up to maxConnectionsPerOrigin sockets per origin
 * (default 1024), requests beyond that wait in a FIFO queue.
 *
 * A request that got no byte back on a *reused* keep-alive connection (the server had closed it)
 * is retried once on a fresh connection; nothing else is ever retried (a POST may have reached the
 * upstream).
 */
class UpstreamClient : public QObject
{
    Q_OBJECT
public:
    using RequestId = quint64;

    explicit UpstreamClient(QObject *parent = nullptr);
    ~UpstreamClient() override;

    /// Starts an exchange; handlers are never called synchronously from within send().
    RequestId send(const UpstreamRequest &request, bool streaming, UpstreamHandlers handlers);
    /// Aborts an exchange (client went away); no handler is called afterwards. Unknown ids are ignored.
    void cancel(RequestId id);

    void setMaxConnectionsPerOrigin(int max);
    [[nodiscard]] int maxConnectionsPerOrigin() const;
    /// Sockets kept idle per origin (LIFO reuse); idle sockets close after idleKeepAliveMs.
    void setIdleKeepAliveMs(int ms);

    /// Counters for tests and /metrics.
    struct Stats
    {
        quint64 connectionsOpened = 0;
        quint64 connectionsReused = 0;
        int inFlight = 0;
        int queued = 0;
        int idle = 0;
    };
    [[nodiscard]] Stats stats() const;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    friend class UpstreamPool;
    struct Private;
    std::unique_ptr<Private> d;
};
