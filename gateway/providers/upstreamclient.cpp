// SPDX-License-Identifier: MIT
#include "providers/upstreamclient.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QNetworkProxy>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QTimerEvent>

#ifndef QT_NO_SSL
#include <QSslSocket>
#endif

#include <deque>

namespace {

constexpr int SweepIntervalMs = 50;

/** @brief Incremental HTTP/1.1 response parser (status line, headers, identity/chunked/close body). */
class ResponseParser
{
public:
    enum class Result { NeedMore, Head, Data, Complete, Error };

    void reset(bool headRequest)
    {
        m_state = State::StatusLine;
        m_head = {};
        m_headRequest = headRequest;
        m_remaining = 0;
        m_bodyMode = BodyMode::None;
        m_keepAlive = true;
        m_bodyBytes = 0;
    }

    /// Consumes from @p buf; on Head, Data or Complete the caller acts and calls again.
    Result step(QByteArray &buf, QByteArray *data, QString *error)
    {
        for (;;) {
            switch (m_state) {
            case State::StatusLine:
            case State::Headers: {
                const qsizetype eol = buf.indexOf("\r\n");
                if (eol < 0) {
                    if (buf.size() > 64 * 1024) {
                        *error = QStringLiteral("response head too large");
                        return Result::Error;
                    }
                    return Result::NeedMore;
                }
                const QByteArray line = buf.left(eol);
                buf.remove(0, eol + 2);
                if (m_state == State::StatusLine) {
                    if (!parseStatusLine(line, error))
                        return Result::Error;
                    m_state = State::Headers;
                    continue;
                }
                if (!line.isEmpty()) {
                    const qsizetype colon = line.indexOf(':');
                    if (colon <= 0) {
                        *error = QStringLiteral("malformed response header");
                        return Result::Error;
                    }
                    m_head.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
                    continue;
                }
                // End of head.
                if (m_head.status >= 100 && m_head.status < 200) { // 100 Continue & co.: skip
                    m_head = {};
                    m_state = State::StatusLine;
                    continue;
                }
                decideBody();
                m_state = m_bodyMode == BodyMode::None ? State::Done : State::Body;
                return Result::Head;
            }
            case State::Body:
                return stepBody(buf, data, error);
            case State::Done:
                return Result::Complete;
            }
        }
    }

    /// The peer closed: a close-delimited body ends here; anything else was cut.
    [[nodiscard]] bool completesOnClose() const
    {
        return m_state == State::Body && m_bodyMode == BodyMode::UntilClose;
    }
    [[nodiscard]] bool headDone() const { return m_state == State::Body || m_state == State::Done; }
    [[nodiscard]] bool keepAlive() const { return m_keepAlive && m_bodyMode != BodyMode::UntilClose; }
    [[nodiscard]] const UpstreamHead &head() const { return m_head; }
    [[nodiscard]] qint64 bodyBytes() const { return m_bodyBytes; }

private:
    enum class State { StatusLine, Headers, Body, Done };
    enum class BodyMode { None, Length, Chunked, UntilClose };
    enum class ChunkState { Size, Data, DataEnd, Trailer };

    bool parseStatusLine(const QByteArray &line, QString *error)
    {
        // HTTP/1.1 200 OK
        if (!line.startsWith("HTTP/1.")) {
            *error = QStringLiteral("malformed status line");
            return false;
        }
        const qsizetype sp = line.indexOf(' ');
        bool ok = false;
        const int status = line.mid(sp + 1, 3).toInt(&ok);
        if (sp < 0 || !ok || status < 100 || status > 999) {
            *error = QStringLiteral("malformed status line");
            return false;
        }
        m_head.status = status;
        m_http10 = line.startsWith("HTTP/1.0");
        return true;
    }

    void decideBody()
    {
        const QByteArray connection = m_head.header("Connection").toLower();
        m_keepAlive = m_http10 ? connection.contains("keep-alive") : !connection.contains("close");
        const int s = m_head.status;
        if (m_headRequest || s == 204 || s == 304) {
            m_bodyMode = BodyMode::None;
            return;
        }
        if (m_head.header("Transfer-Encoding").toLower().contains("chunked")) {
            m_bodyMode = BodyMode::Chunked;
            m_chunkState = ChunkState::Size;
            return;
        }
        const QByteArray length = m_head.header("Content-Length");
        if (!length.isEmpty()) {
            bool ok = false;
            m_remaining = length.trimmed().toLongLong(&ok);
            if (!ok || m_remaining < 0) {
                m_remaining = 0;
                m_bodyMode = BodyMode::UntilClose;
                return;
            }
            m_bodyMode = m_remaining == 0 ? BodyMode::None : BodyMode::Length;
            return;
        }
        m_bodyMode = BodyMode::UntilClose;
    }

    Result stepBody(QByteArray &buf, QByteArray *data, QString *error)
    {
        switch (m_bodyMode) {
        case BodyMode::None:
            m_state = State::Done;
            return Result::Complete;
        case BodyMode::UntilClose:
            if (buf.isEmpty())
                return Result::NeedMore;
            *data = std::move(buf);
            buf.clear();
            m_bodyBytes += data->size();
            return Result::Data;
        case BodyMode::Length: {
            if (buf.isEmpty())
                return Result::NeedMore;
            const qint64 take = qMin<qint64>(m_remaining, buf.size());
            if (take == buf.size()) {
                *data = std::move(buf);
                buf.clear();
            } else {
                *data = buf.left(take);
                buf.remove(0, take);
            }
            m_remaining -= take;
            m_bodyBytes += take;
            if (m_remaining == 0)
                m_state = State::Done;
            return Result::Data;
        }
        case BodyMode::Chunked:
            return stepChunked(buf, data, error);
        }
        return Result::NeedMore;
    }

    Result stepChunked(QByteArray &buf, QByteArray *data, QString *error)
    {
        for (;;) {
            switch (m_chunkState) {
            case ChunkState::Size: {
                const qsizetype eol = buf.indexOf("\r\n");
                if (eol < 0) {
                    if (buf.size() > 4096) {
                        *error = QStringLiteral("malformed chunk size");
                        return Result::Error;
                    }
                    return Result::NeedMore;
                }
                QByteArray sizeField = buf.left(eol);
                buf.remove(0, eol + 2);
                const qsizetype semi = sizeField.indexOf(';');
                if (semi >= 0)
                    sizeField.truncate(semi);
                bool ok = false;
                m_remaining = sizeField.trimmed().toLongLong(&ok, 16);
                if (!ok || m_remaining < 0) {
                    *error = QStringLiteral("malformed chunk size");
                    return Result::Error;
                }
                m_chunkState = m_remaining == 0 ? ChunkState::Trailer : ChunkState::Data;
                continue;
            }
            case ChunkState::Data: {
                if (buf.isEmpty())
                    return Result::NeedMore;
                const qint64 take = qMin<qint64>(m_remaining, buf.size());
                *data = buf.left(take);
                buf.remove(0, take);
                m_remaining -= take;
                m_bodyBytes += take;
                if (m_remaining == 0)
                    m_chunkState = ChunkState::DataEnd;
                return Result::Data;
            }
            case ChunkState::DataEnd:
                if (buf.size() < 2)
                    return Result::NeedMore;
                if (!buf.startsWith("\r\n")) {
                    *error = QStringLiteral("malformed chunk framing");
                    return Result::Error;
                }
                buf.remove(0, 2);
                m_chunkState = ChunkState::Size;
                continue;
            case ChunkState::Trailer: {
                const qsizetype eol = buf.indexOf("\r\n");
                if (eol < 0)
                    return Result::NeedMore;
                const bool last = eol == 0;
                buf.remove(0, eol + 2);
                if (last) {
                    m_state = State::Done;
                    return Result::Complete;
                }
                continue;
            }
            }
        }
    }

    State m_state = State::StatusLine;
    BodyMode m_bodyMode = BodyMode::None;
    ChunkState m_chunkState = ChunkState::Size;
    UpstreamHead m_head;
    qint64 m_remaining = 0;
    qint64 m_bodyBytes = 0;
    bool m_headRequest = false;
    bool m_keepAlive = true;
    bool m_http10 = false;
};

struct OriginKey
{
    bool tls = false;
    QString host;
    quint16 port = 0;
    bool operator==(const OriginKey &o) const { return tls == o.tls && port == o.port && host == o.host; }
};
size_t qHash(const OriginKey &k, size_t seed = 0)
{
    return qHashMulti(seed, k.tls, k.host, k.port);
}

struct Exchange
{
    UpstreamClient::RequestId id = 0;
    UpstreamRequest request;
    QByteArray wire; ///< serialized request
    bool streaming = false;
    UpstreamHandlers handlers;
    OriginKey origin;
    QByteArray body; ///< accumulated (non-streaming)
    bool retriedOnFresh = false;
};

struct Connection
{
    QTcpSocket *socket = nullptr;
    OriginKey origin;
    Exchange *exchange = nullptr;
    ResponseParser parser;
    QByteArray buffer;
    bool connected = false;
    bool reused = false; ///< the current exchange runs on a connection that served one before
    bool gotBytes = false; ///< bytes received for the current exchange
    qint64 deadline = 0; ///< monotonic ms; 0 = none
    qint64 idleSince = 0;
};

struct OriginPool
{
    std::deque<Connection *> idle; ///< back = most recently used
    int active = 0; ///< connections opened and not idle (connecting or busy)
    std::deque<Exchange *> queue;
};

} // namespace

struct UpstreamClient::Private
{
    UpstreamClient *q = nullptr;
    QHash<RequestId, Exchange *> exchanges;
    QHash<OriginKey, OriginPool> pools;
    QHash<QTcpSocket *, Connection *> connections;
    RequestId nextId = 1;
    int maxPerOrigin = 1024;
    int idleKeepAliveMs = 30000;
    Stats stats;
    QElapsedTimer clock;
    QBasicTimer sweep;

    qint64 now() const { return clock.elapsed(); }

    void startSweep()
    {
        if (!sweep.isActive())
            sweep.start(SweepIntervalMs, q);
    }

    static QByteArray serialize(const UpstreamRequest &r)
    {
        QByteArray out;
        QByteArray target = r.url.path(QUrl::FullyEncoded).toLatin1();
        if (target.isEmpty())
            target = "/";
        if (r.url.hasQuery())
            target += '?' + r.url.query(QUrl::FullyEncoded).toLatin1();
        out.reserve(256 + r.body.size());
        out += r.method + ' ' + target + " HTTP/1.1\r\n";
        bool hasHost = false;
        bool hasLength = false;
        for (const auto &h : r.headers) {
            hasHost = hasHost || h.first.compare("host", Qt::CaseInsensitive) == 0;
            hasLength = hasLength || h.first.compare("content-length", Qt::CaseInsensitive) == 0;
        }
        if (!hasHost) {
            const bool tls = r.url.scheme() == QLatin1String("https");
            const int defaultPort = tls ? 443 : 80;
            out += "Host: " + r.url.host(QUrl::FullyEncoded).toLatin1();
            if (r.url.port(defaultPort) != defaultPort)
                out += ':' + QByteArray::number(r.url.port());
            out += "\r\n";
        }
        for (const auto &h : r.headers)
            out += h.first + ": " + h.second + "\r\n";
        if (!hasLength
            && (!r.body.isEmpty() || r.method == "POST" || r.method == "PUT" || r.method == "PATCH"))
            out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
        out += "\r\n";
        out += r.body;
        return out;
    }

    void failLater(Exchange *ex, UpstreamFailure::Kind kind, const QString &message)
    {
        const RequestId id = ex->id;
        QMetaObject::invokeMethod(
            q,
            [this, id, kind, message] {
                Exchange *e = exchanges.value(id);
                if (!e)
                    return;
                finishFailure(e, {kind, message, false});
            },
            Qt::QueuedConnection);
    }

    /// Puts @p ex on an idle connection, a new one, or the queue.
    void dispatch(Exchange *ex)
    {
        OriginPool &pool = pools[ex->origin];
        while (!pool.idle.empty()) {
            Connection *c = pool.idle.back();
            pool.idle.pop_back();
            if (c->socket->state() != QAbstractSocket::ConnectedState) {
                destroyConnection(c);
                continue;
            }
            ++pool.active;
            ++stats.connectionsReused;
            c->reused = true;
            assign(c, ex);
            return;
        }
        if (pool.active >= maxPerOrigin) {
            pool.queue.push_back(ex);
            return;
        }
        openConnection(ex, pool);
    }

    void openConnection(Exchange *ex, OriginPool &pool)
    {
        auto *c = new Connection;
        c->origin = ex->origin;
#ifndef QT_NO_SSL
        if (ex->origin.tls)
            c->socket = new QSslSocket(q);
        else
#endif
            c->socket = new QTcpSocket(q);
        c->socket->setProxy(QNetworkProxy::NoProxy);
        connections.insert(c->socket, c);
        ++pool.active;
        ++stats.connectionsOpened;
        QTcpSocket *s = c->socket;
        QObject::connect(s, &QTcpSocket::readyRead, q, [this, s] { onReadyRead(s); });
        QObject::connect(s, &QTcpSocket::disconnected, q, [this, s] { onClosed(s, QString()); });
        QObject::connect(s, &QTcpSocket::errorOccurred, q,
            [this, s](QAbstractSocket::SocketError) { onClosed(s, s->errorString()); });
        c->exchange = ex;
        c->reused = false;
        c->gotBytes = false;
        c->deadline = now() + ex->request.connectTimeoutMs;
        startSweep();
#ifndef QT_NO_SSL
        if (ex->origin.tls) {
            auto *ssl = static_cast<QSslSocket *>(s);
            QObject::connect(ssl, &QSslSocket::encrypted, q, [this, s] { onConnected(s); });
            ssl->connectToHostEncrypted(ex->origin.host, ex->origin.port);
            return;
        }
#endif
        QObject::connect(s, &QTcpSocket::connected, q, [this, s] { onConnected(s); });
        s->connectToHost(ex->origin.host, ex->origin.port);
    }

    void onConnected(QTcpSocket *s)
    {
        Connection *c = connections.value(s);
        if (!c)
            return;
        c->connected = true;
        s->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (c->exchange)
            assign(c, c->exchange);
    }

    void assign(Connection *c, Exchange *ex)
    {
        c->exchange = ex;
        c->gotBytes = false;
        c->buffer.clear();
        c->parser.reset(ex->request.method == "HEAD");
        c->deadline = now() + ex->request.firstByteTimeoutMs;
        startSweep();
        c->socket->write(ex->wire);
        c->socket->flush(); // now, not on the next turn of the event loop
    }

    void onReadyRead(QTcpSocket *s)
    {
        Connection *c = connections.value(s);
        if (!c)
            return;
        c->buffer += s->readAll();
        if (!c->exchange) { // unsolicited bytes on an idle connection: drop it
            removeIdle(c);
            destroyConnection(c);
            return;
        }
        c->gotBytes = true;
        process(c);
    }

    /// Runs the parser over the buffer and calls handlers; safe against handlers cancelling.
    void process(Connection *c)
    {
        for (;;) {
            Exchange *ex = c->exchange;
            if (!ex)
                return;
            const RequestId id = ex->id;
            QByteArray data;
            QString error;
            switch (c->parser.step(c->buffer, &data, &error)) {
            case ResponseParser::Result::NeedMore:
                c->deadline = now()
                    + (c->parser.headDone() ? ex->request.idleTimeoutMs : ex->request.firstByteTimeoutMs);
                return;
            case ResponseParser::Result::Error:
                failOnConnection(c, UpstreamFailure::ProtocolError, error);
                return;
            case ResponseParser::Result::Head:
                if (ex->handlers.onHead) {
                    const UpstreamHead head = c->parser.head(); // the handler may cancel and free c
                    ex->handlers.onHead(head);
                }
                if (!exchanges.contains(id))
                    return;
                continue;
            case ResponseParser::Result::Data:
                if (c->parser.bodyBytes() > ex->request.maxResponseBytes) {
                    failOnConnection(c, UpstreamFailure::ResponseTooLarge,
                        QStringLiteral("upstream response larger than %1 bytes")
                            .arg(ex->request.maxResponseBytes));
                    return;
                }
                if (ex->streaming) {
                    if (ex->handlers.onData)
                        ex->handlers.onData(data);
                    if (!exchanges.contains(id))
                        return;
                } else {
                    ex->body += data;
                }
                continue;
            case ResponseParser::Result::Complete:
                complete(c);
                return;
            }
        }
    }

    void complete(Connection *c)
    {
        Exchange *ex = c->exchange;
        c->exchange = nullptr;
        c->deadline = 0;
        const bool reusable = c->parser.keepAlive() && c->buffer.isEmpty()
            && c->socket->state() == QAbstractSocket::ConnectedState;
        if (reusable)
            release(c);
        else
            retire(c);
        exchanges.remove(ex->id);
        std::unique_ptr<Exchange> owned(ex);
        if (ex->handlers.onComplete)
            ex->handlers.onComplete(ex->streaming ? QByteArray() : ex->body);
    }

    /// A busy connection becomes idle (or serves the next queued exchange).
    void release(Connection *c)
    {
        OriginPool &pool = pools[c->origin];
        if (!pool.queue.empty()) {
            Exchange *next = pool.queue.front();
            pool.queue.pop_front();
            ++stats.connectionsReused;
            c->reused = true;
            assign(c, next);
            return;
        }
        --pool.active;
        c->idleSince = now();
        pool.idle.push_back(c);
        startSweep();
    }

    /// A busy connection is closed; a queued exchange gets a fresh one.
    void retire(Connection *c)
    {
        const OriginKey origin = c->origin; // c is deleted below
        --pools[origin].active;
        destroyConnection(c);
        pumpQueue(origin);
    }

    void pumpQueue(const OriginKey &origin)
    {
        OriginPool &pool = pools[origin];
        while (!pool.queue.empty() && pool.active < maxPerOrigin) {
            Exchange *next = pool.queue.front();
            pool.queue.pop_front();
            dispatch(next);
        }
    }

    void destroyConnection(Connection *c)
    {
        connections.remove(c->socket);
        c->socket->disconnect(q);
        c->socket->abort();
        c->socket->deleteLater();
        delete c;
    }

    void removeIdle(Connection *c)
    {
        OriginPool &pool = pools[c->origin];
        auto it = std::find(pool.idle.begin(), pool.idle.end(), c);
        if (it != pool.idle.end())
            pool.idle.erase(it);
    }

    void failOnConnection(Connection *c, UpstreamFailure::Kind kind, const QString &message)
    {
        Exchange *ex = c->exchange;
        const bool headReceived = c->parser.headDone();
        c->exchange = nullptr;
        retire(c);
        if (ex)
            finishFailure(ex, {kind, message, headReceived});
    }

    void finishFailure(Exchange *ex, const UpstreamFailure &failure)
    {
        exchanges.remove(ex->id);
        std::unique_ptr<Exchange> owned(ex);
        if (ex->handlers.onFailure)
            ex->handlers.onFailure(failure);
    }

    void onClosed(QTcpSocket *s, const QString &why)
    {
        Connection *c = connections.value(s);
        if (!c)
            return;
        Exchange *ex = c->exchange;
        if (!ex) { // idle connection closed by the server
            removeIdle(c);
            destroyConnection(c);
            return;
        }
        if (c->connected && c->parser.completesOnClose()) {
            if (!c->buffer.isEmpty() || s->bytesAvailable() > 0) {
                c->buffer += s->readAll();
                process(c);
                if (!connections.contains(s) || c->exchange != ex)
                    return;
            }
            complete(c);
            return;
        }
        if (c->connected && !c->gotBytes && c->reused && !ex->retriedOnFresh) {
            // The server closed a kept-alive connection as we reused it: nothing was processed.
            ex->retriedOnFresh = true;
            c->exchange = nullptr;
            OriginPool &pool = pools[c->origin];
            --pool.active;
            destroyConnection(c);
            if (pool.active < maxPerOrigin)
                openConnection(ex, pool);
            else
                pool.queue.push_front(ex);
            return;
        }
        const QString message = !c->connected
            ? QStringLiteral("cannot connect to %1:%2: %3")
                  .arg(c->origin.host)
                  .arg(c->origin.port)
                  .arg(why.isEmpty() ? QStringLiteral("closed") : why)
            : QStringLiteral("upstream closed the connection before the response was complete");
        failOnConnection(
            c, c->connected ? UpstreamFailure::ConnectionClosed : UpstreamFailure::ConnectFailed, message);
    }

    void onSweep()
    {
        const qint64 t = now();
        bool busy = false;
        QList<Connection *> expired;
        QList<Connection *> idleExpired;
        for (Connection *c : std::as_const(connections)) {
            if (c->exchange) {
                busy = true;
                if (c->deadline && t >= c->deadline)
                    expired.append(c);
            } else if (t - c->idleSince >= idleKeepAliveMs) {
                idleExpired.append(c);
            } else {
                busy = true;
            }
        }
        for (Connection *c : std::as_const(idleExpired)) {
            removeIdle(c);
            destroyConnection(c);
        }
        for (Connection *c : std::as_const(expired)) {
            if (!connections.contains(c->socket) || !c->exchange)
                continue;
            if (!c->connected)
                failOnConnection(c, UpstreamFailure::ConnectTimeout,
                    QStringLiteral("connecting to %1:%2 timed out after %3 ms")
                        .arg(c->origin.host)
                        .arg(c->origin.port)
                        .arg(c->exchange->request.connectTimeoutMs));
            else if (!c->parser.headDone())
                failOnConnection(c, UpstreamFailure::FirstByteTimeout,
                    QStringLiteral("upstream sent no response within %1 ms")
                        .arg(c->exchange->request.firstByteTimeoutMs));
            else
                failOnConnection(c, UpstreamFailure::IdleTimeout,
                    QStringLiteral("upstream stalled for %1 ms mid-response")
                        .arg(c->exchange->request.idleTimeoutMs));
        }
        if (!busy && connections.isEmpty())
            sweep.stop();
    }
};

UpstreamClient::UpstreamClient(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->clock.start();
}

UpstreamClient::~UpstreamClient()
{
    for (Connection *c : std::as_const(d->connections)) {
        c->socket->disconnect(this);
        c->socket->abort();
        delete c;
    }
    qDeleteAll(d->exchanges);
}

UpstreamClient::RequestId UpstreamClient::send(
    const UpstreamRequest &request, bool streaming, UpstreamHandlers handlers)
{
    auto *ex = new Exchange;
    ex->id = d->nextId++;
    ex->request = request;
    ex->streaming = streaming;
    ex->handlers = std::move(handlers);
    d->exchanges.insert(ex->id, ex);

    const QString scheme = request.url.scheme();
    const bool tls = scheme == QLatin1String("https");
    if (!request.url.isValid() || request.url.host().isEmpty() || (scheme != QLatin1String("http") && !tls)) {
        d->failLater(ex, UpstreamFailure::ConnectFailed,
            QStringLiteral("invalid upstream URL (need http:// or https://host)"));
        return ex->id;
    }
#ifdef QT_NO_SSL
    if (tls) {
        d->failLater(ex, UpstreamFailure::ConnectFailed, QStringLiteral("this build has no TLS support"));
        return ex->id;
    }
#else
    if (tls && !QSslSocket::supportsSsl()) {
        d->failLater(
            ex, UpstreamFailure::ConnectFailed, QStringLiteral("TLS is not available (OpenSSL missing)"));
        return ex->id;
    }
#endif
    ex->origin = {tls, request.url.host(), quint16(request.url.port(tls ? 443 : 80))};
    ex->wire = Private::serialize(request);
    const RequestId id = ex->id;
    // Handlers must never run inside send(): dispatch from the event loop.
    QMetaObject::invokeMethod(
        this,
        [this, id] {
            if (Exchange *e = d->exchanges.value(id))
                d->dispatch(e);
        },
        Qt::QueuedConnection);
    return id;
}

void UpstreamClient::cancel(RequestId id)
{
    Exchange *ex = d->exchanges.take(id);
    if (!ex)
        return;
    for (Connection *c : std::as_const(d->connections)) {
        if (c->exchange == ex) {
            c->exchange = nullptr;
            d->retire(c); // mid-exchange: the connection cannot be reused
            break;
        }
    }
    for (auto &pool : d->pools) {
        auto it = std::find(pool.queue.begin(), pool.queue.end(), ex);
        if (it != pool.queue.end()) {
            pool.queue.erase(it);
            break;
        }
    }
    delete ex;
}

void UpstreamClient::setMaxConnectionsPerOrigin(int max)
{
    d->maxPerOrigin = qMax(1, max);
}

int UpstreamClient::maxConnectionsPerOrigin() const
{
    return d->maxPerOrigin;
}

void UpstreamClient::setIdleKeepAliveMs(int ms)
{
    d->idleKeepAliveMs = qMax(0, ms);
}

UpstreamClient::Stats UpstreamClient::stats() const
{
    Stats s = d->stats;
    s.inFlight = 0;
    for (const Connection *c : std::as_const(d->connections))
        s.inFlight += c->exchange ? 1 : 0;
    for (const auto &pool : std::as_const(d->pools)) {
        s.queued += int(pool.queue.size());
        s.idle += int(pool.idle.size());
    }
    return s;
}

void UpstreamClient::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == d->sweep.timerId())
        d->onSweep();
    else
        QObject::timerEvent(event);
}
