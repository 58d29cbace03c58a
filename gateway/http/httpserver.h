// SPDX-License-Identifier: MIT
#pragma once

#include "http/httpexchange.h"

#include <QHostAddress>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

/** @brief Limits the http layer enforces. */
struct HttpLimits
{
    qint64 maxBodyBytes = 32LL * 1024 * 1024; ///< 413 (checked on Content-Length before the body is read)
    qint64 maxHeaderBytes = 64 * 1024; ///< 431
    int headerTimeoutMs = 30000; ///< a started request must make progress within this time (408)
    int idleTimeoutMs = 120000; ///< keep-alive connections with no request are closed
};

/**
 * @brief The gateway's HTTP/1.1 listener.
 *
 * Accepts on a QTcpServer of its own (a busy port is then a clear error), reads requests with one
 * HttpConnection per socket, matches them on method and path (query ignored) and answers through
 * an HttpExchange that writes to the guarded socket; 405 for a wrong method. Not QHttpServer: its
 * 6.4 parser reads the head byte by byte (a sixth of a proxied request's cost), drops malformed
 * requests silently and has no limits (docs/architecture.md, bench/README.md).
 */
class HttpServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(const ExchangePtr &)>;
    /// Runs before routing; returns true when it answered (e.g. a refused Origin).
    using Filter = std::function<bool(const ExchangePtr &)>;

    explicit HttpServer(HttpLimits limits, QObject *parent = nullptr);
    ~HttpServer() override;

    /// Starts listening; on failure returns false with a one-line @p error ("port 4000 on
    /// 127.0.0.1 is already in use").
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    /// The last listen() failed because another program holds the port (a UI offers another).
    [[nodiscard]] bool lastListenFailedInUse() const;
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] QHostAddress address() const;
    /// Stops accepting new connections; open exchanges continue.
    void stopListening();

    /// Registers @p handler for @p method ("GET", "POST"...) and @p pattern. Patterns are paths with
    /// optional `{name}` segments, and a final `{name*}` that captures the rest (slashes included).
    void route(const QByteArray &method, const QString &pattern, Handler handler);
    void setFilter(Filter filter);
    /// Answers requests no route matched (default: 404 JSON).
    void setFallback(Handler handler);

    /// Exchanges not yet finished (for draining on shutdown).
    [[nodiscard]] int activeExchanges() const;
    void setLimits(const HttpLimits &limits);

Q_SIGNALS:
    void drained(); ///< activeExchanges() dropped to 0

private:
    struct Private;
    std::unique_ptr<Private> d;
};
