// SPDX-License-Identifier: MIT
#include "http/httpserver.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTimer>

Q_LOGGING_CATEGORY(lcHttp, "switchyard.http", QtInfoMsg)

namespace {

QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

QByteArray errorBody(const char *message, const char *code)
{
    return QByteArray(R"({"error":{"message":")") + message
        + R"(","type":"invalid_request_error","param":null,"code":")" + code + "\"}}";
}

/// Refuses oversized or stalled requests before QHttpServer buffers them, and closes idle
/// keep-alive connections. Connected to readyRead before QHttpServer, so it sees bytes first.
class ConnectionGuard : public QObject
{
public:
    enum class State { Idle, ReadingHead, ReadingBody, Handling, Rejected };

    using IdSource = std::function<QByteArray()>;

    ConnectionGuard(QTcpSocket *socket, const HttpLimits &limits, IdSource ids)
        : QObject(socket)
        , m_socket(socket)
        , m_limits(limits)
        , m_ids(std::move(ids))
    {
        setObjectName(objectNameTag());
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &ConnectionGuard::onTimeout);
        connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
        m_timer.start(m_limits.headerTimeoutMs);
    }

    void dispatched()
    {
        m_state = State::Handling;
        m_head.clear();
        m_timer.stop();
    }
    void finished()
    {
        if (m_state == State::Rejected)
            return;
        m_state = State::Idle;
        m_timer.start(m_limits.idleTimeoutMs);
    }
    [[nodiscard]] State state() const { return m_state; }

    /// No Q_OBJECT here (no moc for an internal class), so findChild<ConnectionGuard *> would match
    /// any QObject child: the guard is found by this name instead.
    static QString objectNameTag() { return QStringLiteral("switchyard-connection-guard"); }
    static ConnectionGuard *of(QTcpSocket *socket)
    {
        return static_cast<ConnectionGuard *>(
            socket->findChild<QObject *>(objectNameTag(), Qt::FindDirectChildrenOnly));
    }

private:
    void onReadyRead()
    {
        if (m_state == State::Rejected) {
            m_socket->readAll();
            return;
        }
        if (m_state == State::Handling)
            return;
        if (m_state == State::Idle)
            m_state = State::ReadingHead;
        m_timer.start(m_limits.headerTimeoutMs);
        if (m_state != State::ReadingHead)
            return;
        // QHttpServer consumes everything available after us, so keep our own copy of the head.
        m_head.append(m_socket->peek(m_socket->bytesAvailable()));
        const qsizetype end = m_head.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_head.size() > m_limits.maxHeaderBytes)
                reject(431, errorBody("Request headers are too large.", "headers_too_large"));
            return;
        }
        if (end > m_limits.maxHeaderBytes) {
            reject(431, errorBody("Request headers are too large.", "headers_too_large"));
            return;
        }
        m_state = State::ReadingBody;
        const QByteArrayView head(m_head.constData(), end);
        qint64 length = 0;
        bool expectContinue = false;
        qsizetype lineStart = head.indexOf("\r\n") + 2;
        while (lineStart > 1 && lineStart < head.size()) {
            qsizetype lineEnd = head.indexOf("\r\n", lineStart);
            if (lineEnd < 0)
                lineEnd = head.size();
            const QByteArrayView line = head.sliced(lineStart, lineEnd - lineStart);
            const qsizetype colon = line.indexOf(':');
            if (colon > 0) {
                const QByteArrayView name = line.first(colon).trimmed();
                const QByteArrayView value = line.sliced(colon + 1).trimmed();
                if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                    length = value.toLongLong();
                else if (name.compare("expect", Qt::CaseInsensitive) == 0)
                    expectContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
            }
            lineStart = lineEnd + 2;
        }
        m_head.clear();
        if (length > m_limits.maxBodyBytes) {
            reject(413,
                errorBody("Request body is larger than the gateway's limit (server.maxBodyBytes).",
                    "request_too_large"));
            return;
        }
        if (expectContinue)
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }

    void onTimeout()
    {
        if (m_state == State::Idle) {
            m_socket->disconnectFromHost();
        } else if (m_state == State::ReadingHead || m_state == State::ReadingBody) {
            reject(408, errorBody("The request was not received in time.", "request_timeout"));
        }
    }

    void reject(int status, const QByteArray &body)
    {
        m_state = State::Rejected;
        m_timer.stop();
        m_socket->readAll(); // keep QHttpServer from buffering the rest
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + HttpExchange::reasonPhrase(status)
            + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\nX-Request-ID: " + m_ids() + "\r\nConnection: close\r\n\r\n" + body;
        m_socket->write(out);
        m_socket->flush();
        m_socket->disconnectFromHost();
        qCInfo(lcHttp) << "refused a request from" << m_socket->peerAddress().toString() << "with status"
                       << status;
    }

    QTcpSocket *m_socket;
    HttpLimits m_limits;
    IdSource m_ids;
    QTimer m_timer;
    QByteArray m_head;
    State m_state = State::Idle;
};

class ListenSocket : public QTcpServer
{
public:
    ListenSocket(HttpLimits *limits, ConnectionGuard::IdSource ids, QObject *parent)
        : QTcpServer(parent)
        , m_limits(limits)
        , m_ids(std::move(ids))
    { }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        new ConnectionGuard(socket, *m_limits, m_ids);
        addPendingConnection(socket);
    }

private:
    HttpLimits *m_limits;
    ConnectionGuard::IdSource m_ids;
};

struct Route
{
    QByteArray method;
    QStringList segments; ///< "{name}" / "{name*}" are captures
    bool exact = true;
    HttpServer::Handler handler;
};

} // namespace

class HttpBackend : public QAbstractHttpServer
{
public:
    explicit HttpBackend(std::function<void(const QHttpServerRequest &, QTcpSocket *)> dispatch)
        : m_dispatch(std::move(dispatch))
    { }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        m_dispatch(request, socket);
        return true;
    }
    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override { }

private:
    std::function<void(const QHttpServerRequest &, QTcpSocket *)> m_dispatch;
};

struct HttpServer::Private
{
    HttpServer *q = nullptr;
    HttpLimits limits;
    std::unique_ptr<HttpBackend> backend;
    ListenSocket *listener = nullptr;
    bool listenFailedInUse = false;
    QHash<QString, QList<Route>> exactRoutes;
    QList<Route> patternRoutes;
    Filter filter;
    Handler fallback;
    int active = 0;
    quint64 idPrefix = QRandomGenerator::global()->generate();
    quint64 counter = 0;

    QByteArray nextRequestId()
    {
        // 16 hex digits: a random per-process prefix and a counter; unique and cheap.
        const quint64 v = (idPrefix << 32) ^ ++counter;
        return "req_" + QByteArray::number(v, 16).rightJustified(16, '0');
    }

    void dispatch(const QHttpServerRequest &req, QTcpSocket *socket)
    {
        ConnectionGuard *guard = ConnectionGuard::of(socket);
        if (guard && guard->state() == ConnectionGuard::State::Rejected)
            return;
        if (guard)
            guard->dispatched();
        HttpRequest r;
        r.receivedNs = HttpClock::nowNs();
        r.method = methodName(req.method());
        r.path = req.url().path();
        r.query = req.query();
        r.headers = req.headers();
        r.body = req.body();
        r.peer = req.remoteAddress();
        r.requestId = nextRequestId();
        ++active;
        QPointer<ConnectionGuard> guardPtr(guard);
        auto ex = std::make_shared<HttpExchange>(socket, std::move(r), [this, guardPtr](HttpExchange *) {
            if (guardPtr)
                guardPtr->finished();
            if (--active == 0)
                Q_EMIT q->drained();
        });
        if (ex->request().body.size() > limits.maxBodyBytes) {
            ex->respond(413, "application/json",
                errorBody("Request body is larger than the gateway's limit (server.maxBodyBytes).",
                    "request_too_large"),
                {{"Connection", "close"}});
            socket->disconnectFromHost();
            return;
        }
        if (filter && filter(ex))
            return;
        route(ex);
    }

    static bool matches(const Route &route, const QStringList &parts, QStringList *args)
    {
        args->clear();
        const qsizetype n = route.segments.size();
        for (qsizetype i = 0; i < n; ++i) {
            const QString &seg = route.segments.at(i);
            if (seg.endsWith(QLatin1String("*}"))) {
                if (i >= parts.size())
                    return false;
                args->append(parts.mid(i).join(u'/'));
                return true;
            }
            if (i >= parts.size())
                return false;
            if (seg.startsWith(u'{')) {
                if (parts.at(i).isEmpty())
                    return false;
                args->append(parts.at(i));
            } else if (seg != parts.at(i)) {
                return false;
            }
        }
        return parts.size() == n;
    }

    void route(const ExchangePtr &ex)
    {
        HttpRequest &req = const_cast<HttpRequest &>(ex->request());
        QList<QByteArray> allowed;
        auto exact = exactRoutes.constFind(req.path);
        if (exact != exactRoutes.constEnd()) {
            for (const Route &r : *exact) {
                if (r.method == req.method || (req.method == "HEAD" && r.method == "GET")) {
                    r.handler(ex);
                    return;
                }
                allowed << r.method;
            }
        }
        if (allowed.isEmpty()) {
            const QStringList parts = req.path.mid(1).split(u'/');
            QStringList args;
            for (const Route &r : std::as_const(patternRoutes)) {
                if (!matches(r, parts, &args))
                    continue;
                if (r.method == req.method || (req.method == "HEAD" && r.method == "GET")) {
                    req.pathArgs = args;
                    r.handler(ex);
                    return;
                }
                allowed << r.method;
            }
        }
        if (!allowed.isEmpty()) {
            ex->respond(405, "application/json",
                QByteArray(R"({"error":{"message":"Method )") + req.method + " is not allowed on "
                    + req.path.toUtf8()
                    + R"(.","type":"invalid_request_error","param":null,"code":"method_not_allowed"}})",
                {{"Allow", allowed.join(", ")}});
            return;
        }
        if (fallback) {
            fallback(ex);
            return;
        }
        ex->respond(404, "application/json",
            QByteArray(R"({"error":{"message":"Unknown path: )") + req.method + ' ' + req.path.toUtf8()
                + R"(","type":"invalid_request_error","param":null,"code":"unknown_url"}})");
    }
};

HttpServer::HttpServer(HttpLimits limits, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->limits = limits;
    d->backend = std::make_unique<HttpBackend>(
        [this](const QHttpServerRequest &req, QTcpSocket *socket) { d->dispatch(req, socket); });
}

HttpServer::~HttpServer() = default;

bool HttpServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    auto *listener = new ListenSocket(
        &d->limits, [this] { return d->nextRequestId(); }, d->backend.get());
    // Qt's defaults (backlog 50, 30 pending) make a burst of new connections wait for SYN
    // retransmits (1 s and more): a tool opening 64 streams at once must not.
    listener->setListenBacklogSize(4096);
    listener->setMaxPendingConnections(4096);
    d->listenFailedInUse = false;
    if (!listener->listen(address, port)) {
        d->listenFailedInUse = listener->serverError() == QAbstractSocket::AddressInUseError;
        const QString where = QStringLiteral("%1 port %2").arg(address.toString()).arg(port);
        if (listener->serverError() == QAbstractSocket::AddressInUseError)
            *error = QStringLiteral("cannot listen on %1: the port is already in use by another program "
                                    "(choose another with --port)")
                         .arg(where);
        else
            *error = QStringLiteral("cannot listen on %1: %2").arg(where, listener->errorString());
        delete listener;
        return false;
    }
    d->listener = listener;
    d->backend->bind(listener);
    return true;
}

bool HttpServer::lastListenFailedInUse() const
{
    return d->listenFailedInUse;
}

quint16 HttpServer::port() const
{
    return d->listener ? d->listener->serverPort() : 0;
}

QHostAddress HttpServer::address() const
{
    return d->listener ? d->listener->serverAddress() : QHostAddress();
}

void HttpServer::stopListening()
{
    if (d->listener)
        d->listener->close();
}

void HttpServer::route(const QByteArray &method, const QString &pattern, Handler handler)
{
    Route r;
    r.method = method;
    r.handler = std::move(handler);
    if (!pattern.contains(u'{')) {
        d->exactRoutes[pattern].append(std::move(r));
        return;
    }
    r.exact = false;
    r.segments = pattern.mid(1).split(u'/');
    d->patternRoutes.append(std::move(r));
}

void HttpServer::setFilter(Filter filter)
{
    d->filter = std::move(filter);
}

void HttpServer::setFallback(Handler handler)
{
    d->fallback = std::move(handler);
}

int HttpServer::activeExchanges() const
{
    return d->active;
}

void HttpServer::setLimits(const HttpLimits &limits)
{
    d->limits = limits;
}
