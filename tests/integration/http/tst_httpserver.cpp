// SPDX-License-Identifier: MIT
// The HTTP listener through real sockets: keep-alive and pipelining in order, 100-continue,
// chunked request bodies, HTTP/1.0, timeouts, refusals, and a client that leaves mid-answer.
#include "http/httpserver.h"

#include <QTcpSocket>
#include <QTest>
#include <QTimer>

namespace {

/// A raw client: what it receives is collected by the event loop (the server runs in this thread).
struct RawClient
{
    QTcpSocket socket;
    QByteArray received;
    bool closed = false;

    explicit RawClient(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [this] { received += socket.readAll(); });
        QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [this] { closed = true; });
        socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    }
    void send(const QByteArray &bytes)
    {
        if (!QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; }))
            qWarning("not connected");
        socket.write(bytes);
        socket.flush();
    }
    [[nodiscard]] int responses() const { return int(received.count("HTTP/1.")); }
};

} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT

    std::unique_ptr<HttpServer> m_server;
    bool m_clientGone = false;
    int m_slowAnswered = 0;

    void start(HttpLimits limits = {})
    {
        m_server = std::make_unique<HttpServer>(limits);
        m_server->route("POST", QStringLiteral("/echo"), [](const ExchangePtr &ex) {
            ex->respond(200, "text/plain", ex->request().path.toUtf8() + ':' + ex->request().body);
        });
        m_server->route("POST", QStringLiteral("/slow"), [this](const ExchangePtr &ex) {
            QTimer::singleShot(100, [this, ex] {
                ++m_slowAnswered;
                ex->respond(200, "text/plain", "slow:" + ex->request().body);
            });
        });
        m_server->route("GET", QStringLiteral("/hang"), [this](const ExchangePtr &ex) {
            ex->onClientGone([this, ex] {
                m_clientGone = true;
                ex->respond(499, "text/plain", "gone"); // finishes the exchange
            });
        });
        QString error;
        QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    }

private Q_SLOTS:
    void init()
    {
        m_clientGone = false;
        m_slowAnswered = 0;
        start();
    }

    void pipelinedAnswersKeepTheirOrder()
    {
        RawClient c(m_server->port());
        // Three requests in one write; the first is answered last by its handler.
        c.send("POST /slow HTTP/1.1\r\nContent-Length: 1\r\n\r\nA"
               "POST /echo HTTP/1.1\r\nContent-Length: 1\r\n\r\nB"
               "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nC\r\n0\r\n\r\n");
        QTRY_COMPARE(c.responses(), 3);
        const qsizetype a = c.received.indexOf("slow:A");
        const qsizetype b = c.received.indexOf("/echo:B");
        const qsizetype chunked = c.received.indexOf("/echo:C");
        QVERIFY2(a >= 0 && b > a && chunked > b, c.received.constData());
        QVERIFY(!c.closed); // keep-alive
        QCOMPARE(m_server->activeExchanges(), 0);
    }

    void expectContinue()
    {
        RawClient c(m_server->port());
        c.send("POST /echo HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        QTRY_VERIFY(c.received.startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
        QCOMPARE(c.responses(), 1);
        c.send("hello");
        QTRY_COMPARE(c.responses(), 2);
        QVERIFY(c.received.endsWith("/echo:hello"));
    }

    void http10ClosesUnlessAskedToKeepAlive()
    {
        RawClient close(m_server->port());
        close.send("POST /echo HTTP/1.0\r\nContent-Length: 1\r\n\r\nx");
        QTRY_VERIFY(close.closed);
        QVERIFY(close.received.contains("Connection: close\r\n"));
        RawClient keep(m_server->port());
        keep.send("POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx");
        QTRY_COMPARE(keep.responses(), 1);
        QVERIFY(keep.received.contains("Connection: keep-alive\r\n"));
        QTest::qWait(50);
        QVERIFY(!keep.closed);
    }

    void malformedRequestsAreAnsweredThenClosed_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("status");
        QTest::newRow("garbage") << QByteArray("GARBAGE\r\n\r\n") << QByteArray("400");
        QTest::newRow("smuggling") << QByteArray(
            "POST /echo HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: "
            "chunked\r\n\r\n0\r\n\r\n")
                                   << QByteArray("400");
        QTest::newRow("body over the limit")
            << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: 999999999999\r\n\r\n") << QByteArray("413");
        QTest::newRow("head over the limit")
            << QByteArray("GET /hang HTTP/1.1\r\nX-Big: " + QByteArray(70 * 1024, 'a')) << QByteArray("431");
    }

    void malformedRequestsAreAnsweredThenClosed()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, status);
        RawClient c(m_server->port());
        c.send(request);
        QTRY_VERIFY(c.closed);
        QVERIFY2(c.received.startsWith(QByteArray("HTTP/1.1 " + status)), c.received.constData());
        QVERIFY(c.received.contains("\"error\":{"));
        QVERIFY(c.received.contains("X-Request-ID: req_"));
        // The server goes on serving others.
        RawClient next(m_server->port());
        next.send("POST /echo HTTP/1.1\r\nContent-Length: 2\r\n\r\nok");
        QTRY_VERIFY(next.received.endsWith("/echo:ok"));
    }

    void stalledRequestTimesOutAndIdleConnectionCloses()
    {
        HttpLimits limits;
        limits.headerTimeoutMs = 150;
        limits.idleTimeoutMs = 150;
        start(limits);
        RawClient stalled(m_server->port());
        stalled.send("POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nonly");
        QTRY_VERIFY(stalled.closed);
        QVERIFY2(stalled.received.startsWith("HTTP/1.1 408"), stalled.received.constData());
        RawClient idle(m_server->port());
        idle.send("POST /echo HTTP/1.1\r\nContent-Length: 1\r\n\r\nx");
        QTRY_COMPARE(idle.responses(), 1);
        QTRY_VERIFY(idle.closed);
        QCOMPARE(idle.responses(), 1); // closed without a word, as idle keep-alive connections are
    }

    void clientLeavingMidAnswerIsReported()
    {
        {
            RawClient c(m_server->port());
            c.send("GET /hang HTTP/1.1\r\n\r\n");
            QTRY_COMPARE(m_server->activeExchanges(), 1);
        } // the client closes its socket
        QTRY_VERIFY(m_clientGone);
        QTRY_COMPARE(m_server->activeExchanges(), 0);
    }

    void drainedAfterTheLastAnswer()
    {
        RawClient c(m_server->port());
        c.send("POST /slow HTTP/1.1\r\nContent-Length: 1\r\n\r\nA");
        QTRY_COMPARE(m_server->activeExchanges(), 1);
        bool drained = false;
        connect(m_server.get(), &HttpServer::drained, this, [&drained] { drained = true; });
        QTRY_VERIFY(drained);
        QCOMPARE(m_slowAnswered, 1);
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
