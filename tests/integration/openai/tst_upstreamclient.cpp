// SPDX-License-Identifier: MIT
// The lean upstream HTTP/1.1 client against a real socket server.
#include "fakeupstream.h"
#include "providers/upstreamclient.h"

#include <QTcpServer>
#include <QTest>

namespace {

struct Outcome
{
    UpstreamHead head;
    QByteArray data; ///< streamed bytes
    QByteArray body; ///< onComplete's body
    bool completed = false;
    bool failed = false;
    UpstreamFailure failure;
    int callbacks = 0;
};

UpstreamHandlers handlersFor(const std::shared_ptr<Outcome> &o)
{
    UpstreamHandlers h;
    h.onHead = [o](const UpstreamHead &head) {
        o->head = head;
        ++o->callbacks;
    };
    h.onData = [o](const QByteArray &d) {
        o->data += d;
        ++o->callbacks;
    };
    h.onComplete = [o](const QByteArray &body) {
        o->body = body;
        o->completed = true;
        ++o->callbacks;
    };
    h.onFailure = [o](const UpstreamFailure &f) {
        o->failure = f;
        o->failed = true;
        ++o->callbacks;
    };
    return h;
}

} // namespace

class TestUpstreamClient : public QObject
{
    Q_OBJECT

    FakeUpstream m_up;

    UpstreamRequest request(const QByteArray &path = "/v1/chat/completions")
    {
        UpstreamRequest r;
        r.url = QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_up.port()).arg(QString::fromLatin1(path)));
        r.body = R"({"model":"m","messages":[{"role":"user","content":"hi"}]})";
        r.headers = {{"Content-Type", "application/json"}};
        return r;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_up.listen()); }
    void init() { m_up.reset(); }

    void contentLengthBodyAndKeepAlive()
    {
        UpstreamClient client;
        const int before = m_up.connectionsAccepted();
        for (int i = 0; i < 3; ++i) {
            auto o = std::make_shared<Outcome>();
            client.send(request(), false, handlersFor(o));
            QCOMPARE(o->callbacks, 0); // never synchronous
            QTRY_VERIFY(o->completed);
            QCOMPARE(o->head.status, 200);
            QVERIFY(o->body.contains("Hello from the fake upstream."));
            QCOMPARE(o->head.header("content-type"), QByteArray("application/json"));
        }
        // One connection served all three.
        QCOMPARE(m_up.connectionsAccepted() - before, 1);
        QCOMPARE(client.stats().connectionsOpened, quint64(1));
        QCOMPARE(client.stats().connectionsReused, quint64(2));
        QCOMPARE(
            m_up.requests().at(0).header("Host"), QStringLiteral("127.0.0.1:%1").arg(m_up.port()).toLatin1());
        QCOMPARE(m_up.requests().at(0).header("Content-Length"), QByteArray::number(request().body.size()));
    }

    void chunkedStreamIsDeliveredDechunked()
    {
        UpstreamClient client;
        m_up.enqueue(FakeReply::sse({"one", "two", "three"}, 20));
        auto o = std::make_shared<Outcome>();
        client.send(request(), true, handlersFor(o));
        QTRY_VERIFY(o->completed);
        QCOMPARE(o->data, QByteArray("data: one\n\ndata: two\n\ndata: three\n\ndata: [DONE]\n\n"));
        QVERIFY(o->body.isEmpty());
    }

    void cutChunkedStreamIsAFailureAfterTheHead()
    {
        UpstreamClient client;
        FakeReply reply = FakeReply::sse({"one"}, 0, false);
        reply.cut = true;
        m_up.enqueue(reply);
        auto o = std::make_shared<Outcome>();
        client.send(request(), true, handlersFor(o));
        QTRY_VERIFY(o->failed);
        QCOMPARE(o->failure.kind, UpstreamFailure::ConnectionClosed);
        QVERIFY(o->failure.headReceived);
        QCOMPARE(o->data, QByteArray("data: one\n\n"));
        QVERIFY(!o->completed);
    }

    void connectRefused()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        UpstreamClient client;
        UpstreamRequest r = request();
        r.url.setPort(closedPort);
        auto o = std::make_shared<Outcome>();
        client.send(r, false, handlersFor(o));
        QTRY_VERIFY(o->failed);
        QCOMPARE(o->failure.kind, UpstreamFailure::ConnectFailed);
        QVERIFY(!o->failure.headReceived);
        QCOMPARE(o->callbacks, 1);
    }

    void firstByteAndIdleTimeouts()
    {
        UpstreamClient client;
        FakeReply hang;
        hang.hang = true;
        m_up.enqueue(hang);
        UpstreamRequest r = request();
        r.firstByteTimeoutMs = 200;
        auto o = std::make_shared<Outcome>();
        client.send(r, false, handlersFor(o));
        QTRY_VERIFY_WITH_TIMEOUT(o->failed, 2000);
        QCOMPARE(o->failure.kind, UpstreamFailure::FirstByteTimeout);

        FakeReply slow = FakeReply::sse({"a", "b"}, 0);
        slow.chunks[1].first = 1500;
        m_up.enqueue(slow);
        r.idleTimeoutMs = 200;
        auto o2 = std::make_shared<Outcome>();
        client.send(r, true, handlersFor(o2));
        QTRY_VERIFY_WITH_TIMEOUT(o2->failed, 2000);
        QCOMPARE(o2->failure.kind, UpstreamFailure::IdleTimeout);
        QVERIFY(o2->failure.headReceived);
        QCOMPARE(o2->data, QByteArray("data: a\n\n"));
    }

    void cancelStopsCallbacksAndClosesTheConnection()
    {
        UpstreamClient client;
        QList<QByteArray> events(40, "tick");
        m_up.enqueue(FakeReply::sse(events, 30));
        auto o = std::make_shared<Outcome>();
        const auto id = client.send(request(), true, handlersFor(o));
        QTRY_VERIFY(!o->data.isEmpty());
        client.cancel(id);
        const int seen = o->callbacks;
        QTRY_COMPARE(m_up.clientAborts(), 1);
        QTest::qWait(100);
        QCOMPARE(o->callbacks, seen);
        client.cancel(id); // unknown now: ignored
    }

    void connectionCapQueuesInsteadOfFailing()
    {
        UpstreamClient client;
        client.setMaxConnectionsPerOrigin(2);
        m_up.setHandler([](const FakeRequest &) {
            FakeReply r = FakeReply::json(200, QByteArray(R"({"ok":true})"));
            r.delayMs = 50;
            return r;
        });
        QList<std::shared_ptr<Outcome>> all;
        for (int i = 0; i < 6; ++i) {
            all << std::make_shared<Outcome>();
            client.send(request(), false, handlersFor(all.last()));
        }
        for (const auto &o : std::as_const(all))
            QTRY_VERIFY(o->completed);
        QCOMPARE(m_up.maxInFlight(), 2);
        QCOMPARE(client.stats().connectionsOpened, quint64(2));
    }

    void manyConcurrentExchangesGetTheirOwnConnections()
    {
        UpstreamClient client;
        m_up.setHandler([](const FakeRequest &) { return FakeReply::sse({"x", "y"}, 150); });
        QList<std::shared_ptr<Outcome>> all;
        for (int i = 0; i < 64; ++i) {
            all << std::make_shared<Outcome>();
            client.send(request(), true, handlersFor(all.last()));
        }
        for (const auto &o : std::as_const(all))
            QTRY_VERIFY_WITH_TIMEOUT(o->completed, 10000);
        QCOMPARE(m_up.maxInFlight(), 64);
    }

    void oversizedResponseFails()
    {
        UpstreamClient client;
        m_up.enqueue(FakeReply::json(200, QByteArray(5000, 'a')));
        UpstreamRequest r = request();
        r.maxResponseBytes = 1000;
        auto o = std::make_shared<Outcome>();
        client.send(r, false, handlersFor(o));
        QTRY_VERIFY(o->failed);
        QCOMPARE(o->failure.kind, UpstreamFailure::ResponseTooLarge);
    }

    void serverClosingAfterAnswerIsNotReused()
    {
        UpstreamClient client;
        FakeReply close = FakeReply::json(200, QByteArray("{}"));
        close.closeAfter = true;
        m_up.enqueue(close);
        const int before = m_up.connectionsAccepted();
        auto o = std::make_shared<Outcome>();
        client.send(request(), false, handlersFor(o));
        QTRY_VERIFY(o->completed);
        auto o2 = std::make_shared<Outcome>();
        client.send(request(), false, handlersFor(o2));
        QTRY_VERIFY(o2->completed);
        QCOMPARE(m_up.connectionsAccepted() - before, 2);
    }

    void invalidUrlFailsAsynchronously()
    {
        UpstreamClient client;
        UpstreamRequest r = request();
        r.url = QUrl(QStringLiteral("ftp://example.com/x"));
        auto o = std::make_shared<Outcome>();
        client.send(r, false, handlersFor(o));
        QCOMPARE(o->callbacks, 0);
        QTRY_VERIFY(o->failed);
        QCOMPARE(o->failure.kind, UpstreamFailure::ConnectFailed);
    }
};

QTEST_GUILESS_MAIN(TestUpstreamClient)
#include "tst_upstreamclient.moc"
