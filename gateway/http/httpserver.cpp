// SPDX-License-Identifier: MIT
#include "http/httpserver.h"

#include "http/httpconnection.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSet>
#include <QTcpServer>
#include <QTimer>

Q_LOGGING_CATEGORY(lcHttp, "switchyard.http", QtInfoMsg)

namespace {

/// Our own listener: a busy port is then a clear error (QTcpServer's), and each accepted socket
/// gets its HttpConnection before any byte is read.
class ListenSocket : public QTcpServer
{
public:
    using Accept = std::function<void(QTcpSocket *)>;
    ListenSocket(Accept accept, QObject *parent)
        : QTcpServer(parent)
        , m_accept(std::move(accept))
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
        m_accept(socket);
    }

private:
    Accept m_accept;
};

struct Route
{
    QByteArray method;
    QStringList segments; ///< "{name}" / "{name*}" are captures
    bool exact = true;
    HttpServer::Handler handler;
};

} // namespace

struct HttpServer::Private
{
    HttpServer *q = nullptr;
    HttpLimits limits;
    ListenSocket *listener = nullptr;
    QSet<HttpConnection *> connections;
    QTimer sweep; ///< deadlines of the open connections (only while there are any)
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

    void accept(QTcpSocket *socket)
    {
        auto *connection = new HttpConnection(
            socket, &limits, [this](HttpConnection *c, HttpRequest &&r) { dispatch(c, std::move(r)); },
            [this] { return nextRequestId(); });
        connections.insert(connection);
        QObject::connect(socket, &QTcpSocket::disconnected, q, [this, socket, connection] {
            connections.remove(connection);
            socket->deleteLater();
            if (connections.isEmpty())
                sweep.stop();
        });
        if (!sweep.isActive())
            sweep.start(qBound(10, qMin(limits.headerTimeoutMs, limits.idleTimeoutMs) / 4, 1000));
    }

    void onSweep()
    {
        const qint64 now = HttpConnection::nowMs();
        for (HttpConnection *c : QSet<HttpConnection *>(connections)) // checks may close
            c->checkTimeout(now);
    }

    void dispatch(HttpConnection *connection, HttpRequest &&r)
    {
        r.requestId = nextRequestId();
        ++active;
        QPointer<HttpConnection> c(connection);
        auto ex
            = std::make_shared<HttpExchange>(connection->socket(), std::move(r), [this, c](HttpExchange *) {
                  if (c)
                      c->exchangeFinished();
                  if (--active == 0)
                      Q_EMIT q->drained();
              });
        connection->setExchange(ex);
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
    connect(&d->sweep, &QTimer::timeout, this, [this] { d->onSweep(); });
}

HttpServer::~HttpServer()
{
    // Sockets closed by our teardown must not call back into the exchanges of a stopping engine.
    for (HttpConnection *c : std::as_const(d->connections))
        QObject::disconnect(c->socket(), nullptr, c, nullptr);
}

bool HttpServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    auto *listener = new ListenSocket([this](QTcpSocket *socket) { d->accept(socket); }, this);
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
