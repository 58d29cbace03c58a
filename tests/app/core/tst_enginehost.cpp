// SPDX-License-Identifier: MIT
// EngineHost: the engine in its own thread; lifecycle, snapshots, chat calls, clean stop.
#include "apptestenv.h"
#include "core/enginehost.h"
#include "testclient.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

class TestEngineHost : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void startsInItsOwnThreadAndStops();
    void snapshotsCarryFinishedRequests();
    void chatStreamsThroughThePipeline();
    void cancelledChatIsLoggedAsCancelled();
    void pauseClosesTheListener();
    void destructorStopsWithoutStop();
    void restartBringsBackHistoryAndToday();
};

void TestEngineHost::startsInItsOwnThreadAndStops()
{
    AppTestEnvironment env;
    EngineHost host(env.options());
    QSignalSpy started(&host, &EngineHost::started);
    QSignalSpy stopped(&host, &EngineHost::stopped);
    QSignalSpy models(&host, &EngineHost::modelsChanged);
    host.start();
    QVERIFY(started.wait(10000));
    QCOMPARE(started.count(), 1);
    const QUrl url = started.first().at(0).toUrl();
    QVERIFY(url.port() > 0);
    QVERIFY(host.isRunning());
    QTRY_COMPARE(models.count(), 1);
    const QJsonArray list = models.first().at(0).toJsonArray();
    QCOMPARE(list.first().toObject().value(QLatin1String("id")).toString(), QStringLiteral("auto"));
    // Served from the engine thread while this thread only waits.
    TestClient client(quint16(url.port()));
    auto r = client.get("/health");
    QVERIFY(TestClient::wait(r));
    QCOMPARE(r->status, 200);
    host.stop();
    QVERIFY(stopped.wait(10000));
    QCOMPARE(stopped.count(), 1);
    QVERIFY(!host.isRunning());
    QTcpSocket probe;
    probe.connectToHost(QStringLiteral("127.0.0.1"), quint16(url.port()));
    QVERIFY(!probe.waitForConnected(1000));
}

void TestEngineHost::snapshotsCarryFinishedRequests()
{
    AppTestEnvironment env;
    EngineHost host(env.options());
    QSignalSpy started(&host, &EngineHost::started);
    host.start();
    QVERIFY(started.wait(10000));
    QList<RequestLogRow> seen;
    connect(
        &host, &EngineHost::snapshotReady, this, [&seen](const EngineSnapshot &s) { seen += s.newRequests; });
    TestClient client(quint16(started.first().at(0).toUrl().port()));
    auto r = client.post(
        "/v1/chat/completions", R"({"model":"mock-fast","messages":[{"role":"user","content":"hi"}]})");
    QVERIFY(TestClient::wait(r));
    QCOMPARE(r->status, 200);
    const QString id = QString::fromLatin1(r->header("x-request-id"));
    QTRY_COMPARE_WITH_TIMEOUT(seen.size(), qsizetype(1), 5000);
    QCOMPARE(seen.first().id, id);
    QCOMPARE(seen.first().modelServed, QStringLiteral("mock-fast"));
    QCOMPARE(seen.first().provider, QStringLiteral("mock"));
}

void TestEngineHost::chatStreamsThroughThePipeline()
{
    AppTestEnvironment env;
    EngineHost host(env.options());
    QSignalSpy started(&host, &EngineHost::started);
    host.start();
    QVERIFY(started.wait(10000));
    QString text;
    int deltas = 0;
    QJsonObject meta;
    QString error;
    ChatEvents events;
    events.onDelta = [&](const QString &d) {
        QCOMPARE(QThread::currentThread(), thread()); // delivered in the receiver's thread
        text += d;
        ++deltas;
    };
    events.onFinished = [&](const QJsonObject &m) { meta = m; };
    events.onError = [&](const QString &e) { error = e; };
    host.chat(R"({"model":"auto","stream":true,"messages":[{"role":"user","content":"hello"}]})", this,
        std::move(events));
    QTRY_VERIFY_WITH_TIMEOUT(!meta.isEmpty(), 10000);
    QVERIFY(error.isEmpty());
    QVERIFY(deltas > 3); // word by word, not one block
    QVERIFY(text.contains(QStringLiteral("You said: \"hello\"")));
    QCOMPARE(meta.value(QLatin1String("provider")).toString(), QStringLiteral("mock"));
    QCOMPARE(meta.value(QLatin1String("model")).toString(), QStringLiteral("mock-fast"));
    QCOMPARE(meta.value(QLatin1String("requested_model")).toString(), QStringLiteral("auto"));
    QVERIFY(!meta.value(QLatin1String("routing_decision")).toString().isEmpty());
    QVERIFY(meta.value(QLatin1String("ttft_ms")).toDouble() > 0);
    QVERIFY(
        meta.value(QLatin1String("usage")).toObject().value(QLatin1String("completion_tokens")).toInt() > 0);
}

void TestEngineHost::cancelledChatIsLoggedAsCancelled()
{
    AppTestEnvironment env(0, 150); // slow stream
    EngineHost host(env.options());
    QSignalSpy started(&host, &EngineHost::started);
    host.start();
    QVERIFY(started.wait(10000));
    QList<RequestLogRow> rows;
    connect(
        &host, &EngineHost::snapshotReady, this, [&rows](const EngineSnapshot &s) { rows += s.newRequests; });
    int deltas = 0;
    bool finished = false;
    ChatEvents events;
    events.onDelta = [&](const QString &) { ++deltas; };
    events.onFinished = [&](const QJsonObject &) { finished = true; };
    events.onError = [&](const QString &) { finished = true; };
    const quint64 id = host.chat(
        R"({"model":"mock-fast","stream":true,"messages":[{"role":"user","content":"a long answer please"}]})",
        this, std::move(events));
    QTRY_VERIFY_WITH_TIMEOUT(deltas >= 2, 10000);
    host.cancelChat(id);
    QTRY_COMPARE_WITH_TIMEOUT(rows.size(), qsizetype(1), 5000);
    QCOMPARE(rows.first().status, 499);
    const int atCancel = deltas;
    QTest::qWait(600); // several paces: nothing more arrives
    QVERIFY(deltas <= atCancel + 1);
    QVERIFY(!finished);
}

void TestEngineHost::pauseClosesTheListener()
{
    AppTestEnvironment env;
    EngineHost host(env.options());
    QSignalSpy started(&host, &EngineHost::started);
    QSignalSpy paused(&host, &EngineHost::pausedChanged);
    host.start();
    QVERIFY(started.wait(10000));
    const quint16 port = quint16(started.first().at(0).toUrl().port());
    host.setPaused(true);
    // The spy records in the engine thread as the signal is emitted, maybe before a wait() starts.
    QTRY_COMPARE_WITH_TIMEOUT(paused.count(), 1, 5000);
    QCOMPARE(paused.first().at(0).toBool(), true);
    QTcpSocket probe;
    probe.connectToHost(QStringLiteral("127.0.0.1"), port);
    QVERIFY(!probe.waitForConnected(1000));
    host.setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(paused.count(), 2, 5000);
    QCOMPARE(paused.at(1).at(0).toBool(), false);
    TestClient client(port);
    auto r = client.get("/health");
    QVERIFY(TestClient::wait(r));
    QCOMPARE(r->status, 200);
}

void TestEngineHost::destructorStopsWithoutStop()
{
    AppTestEnvironment env;
    quint16 port = 0;
    {
        EngineHost host(env.options());
        QSignalSpy started(&host, &EngineHost::started);
        host.start();
        QVERIFY(started.wait(10000));
        port = quint16(started.first().at(0).toUrl().port());
    }
    QTcpSocket probe;
    probe.connectToHost(QStringLiteral("127.0.0.1"), port);
    QVERIFY(!probe.waitForConnected(1000));
}

void TestEngineHost::restartBringsBackHistoryAndToday()
{
    AppTestEnvironment env;
    QString id;
    {
        EngineHost host(env.options());
        QSignalSpy started(&host, &EngineHost::started);
        QSignalSpy stopped(&host, &EngineHost::stopped);
        host.start();
        QVERIFY(started.wait(10000));
        TestClient client(quint16(started.first().at(0).toUrl().port()));
        auto r = client.post("/v1/chat/completions",
            R"({"model":"mock-fast","messages":[{"role":"user","content":"remember me"}]})");
        QVERIFY(TestClient::wait(r));
        id = QString::fromLatin1(r->header("x-request-id"));
        host.stop();
        QVERIFY(stopped.wait(10000));
    }
    EngineHost host(env.options());
    QSignalSpy history(&host, &EngineHost::historyLoaded);
    EngineSnapshot last;
    connect(&host, &EngineHost::snapshotReady, this, [&last](const EngineSnapshot &s) { last = s; });
    host.start();
    QVERIFY(history.wait(10000));
    const auto rows = history.first().at(0).value<QList<RequestLogRow>>();
    QCOMPARE(rows.size(), qsizetype(1));
    QCOMPARE(rows.first().id, id);
    QTRY_COMPARE_WITH_TIMEOUT(last.requestsToday, qint64(1), 5000); // seeded from the log
    QVERIFY(last.tokensToday > 0);
    QCOMPARE(last.totalRequests, qint64(0)); // none since this start
}

QTEST_MAIN(TestEngineHost)
#include "tst_enginehost.moc"
