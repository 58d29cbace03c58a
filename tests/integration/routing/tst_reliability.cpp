// SPDX-License-Identifier: MIT
// Retries, fallbacks and circuit breakers through real sockets: a client -> switchyard (in-process
// Engine) -> scripted fake upstreams that fail in each way a provider does.
#include "engine/configeditor.h"
#include "engine/engine.h"
#include "engine/options.h"
#include "fakeupstream.h"
#include "reliability/providermonitor.h"
#include "testclient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

Q_DECLARE_METATYPE(FakeReply)

namespace {

QByteArray chatBody(const QString &model, bool stream = false)
{
    QJsonObject body {{QLatin1String("model"), model},
        {QLatin1String("messages"),
            QJsonArray {QJsonObject {{QLatin1String("role"), QStringLiteral("user")},
                {QLatin1String("content"), QStringLiteral("Say hello")}}}}};
    if (stream)
        body.insert(QLatin1String("stream"), true);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

FakeReply failure(int status, const QByteArray &retryAfter = {})
{
    FakeReply r = FakeReply::json(status,
        QJsonObject {{QLatin1String("error"),
            QJsonObject {{QLatin1String("message"), QStringLiteral("scripted %1").arg(status)},
                {QLatin1String("type"), QStringLiteral("invalid_request_error")}}}});
    if (!retryAfter.isEmpty())
        r.headers.append({"Retry-After", retryAfter});
    return r;
}

QJsonObject gatewayOf(const std::shared_ptr<TestResponse> &r)
{
    return r->json().value(QLatin1String("x-gateway")).toObject();
}

} // namespace

class TestReliability : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    FakeUpstream m_a; ///< provider "a": a-only, a-solo
    FakeUpstream m_b; ///< provider "b": b-only
    std::unique_ptr<FakeUpstream> m_k1; ///< provider "k1": shared-model (killed mid-run)
    FakeUpstream m_k2; ///< provider "k2": shared-model
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<TestClient> m_client;

    std::shared_ptr<TestResponse> chat(const QByteArray &body)
    {
        auto r = m_client->post("/v1/chat/completions", body);
        if (!TestClient::wait(r, 15000))
            qWarning("request timed out");
        return r;
    }

    QJsonObject circuit(const QString &provider)
    {
        auto r = m_client->get("/api/circuit-breakers");
        TestClient::wait(r);
        for (const QJsonValue &v : r->json().value(QLatin1String("data")).toArray()) {
            if (v.toObject().value(QLatin1String("provider")).toString() == provider)
                return v.toObject();
        }
        return {};
    }

    int chatRequests(const FakeUpstream &up)
    {
        int n = 0;
        for (const FakeRequest &r : up.requests())
            n += r.path() == "/v1/chat/completions" ? 1 : 0;
        return n;
    }

private Q_SLOTS:
    void initTestCase();
    void init();
    void failuresMoveToTheNextCandidate_data();
    void failuresMoveToTheNextCandidate();
    void clientErrorsDoNotMoveOn_data();
    void clientErrorsDoNotMoveOn();
    void lastCandidateIsRetriedWithBackoff();
    void retryAfterIsHonoured();
    void longRetryAfterIsPassedToTheClient();
    void breakerTripsSkipsAndRecovers();
    void proberReadmitsAnOpenProvider();
    void midStreamFailureIsReportedNotRetried();
    void streamThatFailsBeforeItsFirstChunkFallsBack();
    void deadlineStopsTheWalk();
    void killedProviderTripsAndTrafficMovesOn();
};

void TestReliability::initTestCase()
{
    m_k1 = std::make_unique<FakeUpstream>();
    QVERIFY(m_a.listen());
    QVERIFY(m_b.listen());
    QVERIFY(m_k1->listen());
    QVERIFY(m_k2.listen());
    const QByteArray config = QStringLiteral(R"({
        "providers": [
          { "id": "a", "type": "openai", "baseUrl": "%1", "models": ["a-only", "a-solo"], "timeoutMs": 800 },
          { "id": "b", "type": "openai", "baseUrl": "%2", "models": ["b-only"] },
          { "id": "dead", "type": "openai", "baseUrl": "http:\/\/127.0.0.1:1/v1", "models": ["dead-model"],
            "connectTimeoutMs": 1000 },
          { "id": "k1", "type": "openai", "baseUrl": "%3", "models": ["shared-model"] },
          { "id": "k2", "type": "openai", "baseUrl": "%4", "models": ["shared-model"] }
        ],
        "routing": { "fallbacks": { "a-only": ["b-only"], "dead-model": ["b-only"] },
                     "balancing": "weighted", "healthCheckIntervalMs": 0,
                     "retry": { "retries": 1, "baseDelayMs": 20, "maxDelayMs": 100, "maxRetryAfterMs": 2000 },
                     "circuitBreaker": { "failureThreshold": 3, "cooldownMs": 600, "maxCooldownMs": 5000 } }
    })")
                                  .arg(m_a.baseUrl(), m_b.baseUrl(), m_k1->baseUrl(), m_k2.baseUrl())
                                  .toUtf8();
    QString error;
    auto parsed = Config::parse(config, &error);
    QVERIFY2(parsed, qPrintable(error));
    EngineOptions options;
    options.config = *parsed;
    options.config.server.port = 0;
    options.dataDir = m_dir.path();
    m_engine = std::make_unique<Engine>(options);
    QVERIFY2(m_engine->start(&error), qPrintable(error));
    m_client = std::make_unique<TestClient>(m_engine->port());
}

void TestReliability::init()
{
    m_a.reset();
    m_b.reset();
    m_k2.reset();
    m_a.setHandler({});
    m_engine->monitor().resetAll();
}

void TestReliability::failuresMoveToTheNextCandidate_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<FakeReply>("reply");
    QTest::addColumn<int>("attemptsOnA");
    QTest::newRow("500") << "a-only" << failure(500) << 1;
    QTest::newRow("529 overloaded") << "a-only" << failure(529) << 1;
    QTest::newRow("503 html") << "a-only" << FakeReply::json(503, QByteArray("<html>busy</html>")) << 1;
    QTest::newRow("429 with Retry-After") << "a-only" << failure(429, "30") << 1;
    FakeReply cut;
    cut.closeImmediately = true; // the connection drops before the first byte
    QTest::newRow("cut before the first byte") << "a-only" << cut << 1;
    FakeReply hang;
    hang.hang = true; // a's timeoutMs is 800
    QTest::newRow("hang") << "a-only" << hang << 1;
    QTest::newRow("connection refused") << "dead-model" << FakeReply() << 0;
}

void TestReliability::failuresMoveToTheNextCandidate()
{
    QFETCH(QString, model);
    QFETCH(FakeReply, reply);
    QFETCH(int, attemptsOnA);
    if (reply.closeImmediately) // every time: the upstream client retries a dropped reused connection once
        m_a.setHandler([reply](const FakeRequest &) { return reply; });
    else if (attemptsOnA)
        m_a.enqueue(reply);
    auto r = chat(chatBody(model));
    QCOMPARE(r->status, 200);
    const QJsonObject gw = gatewayOf(r);
    QCOMPARE(gw.value(QLatin1String("provider")).toString(), QStringLiteral("b"));
    QCOMPARE(gw.value(QLatin1String("fallback_used")).toBool(), true);
    QCOMPARE(gw.value(QLatin1String("attempts")).toInt(), 2);
    QCOMPARE(chatRequests(m_b), 1);
    // The upstream client may retry a dropped fresh connection once; the plan walk does not.
    QVERIFY(chatRequests(m_a) >= attemptsOnA);
    QVERIFY(chatRequests(m_a) <= attemptsOnA + (reply.closeImmediately ? 1 : 0));
    QCOMPARE(gw.value(QLatin1String("score")).toDouble(), 0.0); // a configured fallback, not scored
}

void TestReliability::clientErrorsDoNotMoveOn_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("400") << 400;
    QTest::newRow("404") << 404;
    QTest::newRow("413") << 413;
    QTest::newRow("422") << 422;
}

void TestReliability::clientErrorsDoNotMoveOn()
{
    QFETCH(int, status);
    m_a.enqueue(failure(status));
    auto r = chat(chatBody(QStringLiteral("a-only")));
    QCOMPARE(r->status, status);
    QVERIFY(r->json()
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .contains(QStringLiteral("scripted")));
    QCOMPARE(chatRequests(m_a), 1);
    QCOMPARE(chatRequests(m_b), 0); // the request is wrong: it would be wrong anywhere
    QCOMPARE(circuit(QStringLiteral("a")).value(QLatin1String("consecutive_failures")).toInt(), 0);
}

void TestReliability::lastCandidateIsRetriedWithBackoff()
{
    m_a.enqueue(failure(500)); // a-solo has no fallback: the same deployment once more
    auto r = chat(chatBody(QStringLiteral("a-solo")));
    QCOMPARE(r->status, 200);
    QCOMPARE(gatewayOf(r).value(QLatin1String("attempts")).toInt(), 2);
    QCOMPARE(gatewayOf(r).value(QLatin1String("fallback_used")).toBool(), false);
    QCOMPARE(chatRequests(m_a), 2);
    // retries is 1: two failures are answered with the second.
    m_a.reset();
    m_a.enqueue(failure(502));
    m_a.enqueue(failure(503));
    r = chat(chatBody(QStringLiteral("a-solo")));
    QCOMPARE(r->status, 502);
    QCOMPARE(r->json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
        QStringLiteral("upstream_error"));
    QCOMPARE(chatRequests(m_a), 2);
    // A timeout is not retried on the same deployment: its wait was already spent.
    m_a.reset();
    FakeReply hang;
    hang.hang = true;
    m_a.enqueue(hang);
    r = chat(chatBody(QStringLiteral("a-solo")));
    QCOMPARE(r->status, 504);
    QCOMPARE(chatRequests(m_a), 1);
}

void TestReliability::retryAfterIsHonoured()
{
    QList<qint64> arrivals;
    QElapsedTimer clock;
    clock.start();
    connect(&m_a, &FakeUpstream::requestReceived, this,
        [&](const FakeRequest &) { arrivals << clock.elapsed(); });
    m_a.enqueue(failure(429, "1"));
    auto r = chat(chatBody(QStringLiteral("a-solo")));
    disconnect(&m_a, &FakeUpstream::requestReceived, this, nullptr);
    QCOMPARE(r->status, 200);
    QCOMPARE(arrivals.size(), 2);
    // The second call waited for the upstream's Retry-After (not the 20 ms backoff).
    QVERIFY2(
        arrivals.at(1) - arrivals.at(0) >= 950, qPrintable(QString::number(arrivals.at(1) - arrivals.at(0))));
    // The 429 paused the provider, it did not count against its circuit.
    QCOMPARE(circuit(QStringLiteral("a")).value(QLatin1String("state")).toString(), QStringLiteral("closed"));
}

void TestReliability::longRetryAfterIsPassedToTheClient()
{
    m_a.enqueue(failure(429, "60")); // longer than routing.retry.maxRetryAfterMs
    auto r = chat(chatBody(QStringLiteral("a-solo")));
    QCOMPARE(r->status, 429);
    QCOMPARE(r->header("Retry-After"), QByteArray("60"));
    QCOMPARE(chatRequests(m_a), 1);
    // While paused, the model is not called at all: the gateway answers the 429 itself, with the
    // time left of the upstream's Retry-After.
    r = chat(chatBody(QStringLiteral("a-solo")));
    QCOMPARE(r->status, 429);
    QCOMPARE(r->json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
        QStringLiteral("upstream_rate_limited"));
    QVERIFY(r->header("Retry-After").toInt() >= 58);
    QCOMPARE(chatRequests(m_a), 1);
    QVERIFY(circuit(QStringLiteral("a"))
                .value(QLatin1String("rate_limited_ms"))
                .toObject()
                .value(QLatin1String("a-solo"))
                .toInt()
        > 50000);
    // Only that model is paused: the provider's other model still serves.
    r = chat(chatBody(QStringLiteral("a-only")));
    QCOMPARE(r->status, 200);
    QCOMPARE(gatewayOf(r).value(QLatin1String("provider")).toString(), QStringLiteral("a"));
}

void TestReliability::breakerTripsSkipsAndRecovers()
{
    m_a.setHandler([](const FakeRequest &) { return failure(500); });
    // Two requests of two attempts each: three failures trip it (the fourth attempt is refused).
    auto r = chat(chatBody(QStringLiteral("a-solo")));
    QCOMPARE(r->status, 502);
    r = chat(chatBody(QStringLiteral("a-solo")));
    QVERIFY(r->status == 502 || r->status == 503);
    const QJsonObject open = circuit(QStringLiteral("a"));
    QCOMPARE(open.value(QLatin1String("state")).toString(), QStringLiteral("open"));
    QCOMPARE(open.value(QLatin1String("trips")).toInt(), 1);
    QVERIFY(open.value(QLatin1String("last_failure")).toString().contains(QStringLiteral("500")));
    const int calls = chatRequests(m_a);
    QCOMPARE(calls, 3);
    // Open: a dead provider costs nothing. a-only goes straight to its fallback.
    r = chat(chatBody(QStringLiteral("a-only")));
    QCOMPARE(r->status, 200);
    QCOMPARE(gatewayOf(r).value(QLatin1String("provider")).toString(), QStringLiteral("b"));
    QCOMPARE(gatewayOf(r).value(QLatin1String("attempts")).toInt(), 1);
    r = chat(chatBody(QStringLiteral("a-solo")));
    QCOMPARE(r->status, 503);
    QCOMPARE(chatRequests(m_a), calls);
    // After the cool-down one trial goes through; it succeeds and the circuit closes.
    m_a.setHandler({});
    QTest::qWait(650);
    r = chat(chatBody(QStringLiteral("a-solo")));
    QCOMPARE(r->status, 200);
    QCOMPARE(circuit(QStringLiteral("a")).value(QLatin1String("state")).toString(), QStringLiteral("closed"));
}

void TestReliability::proberReadmitsAnOpenProvider()
{
    m_a.setHandler([](const FakeRequest &r) {
        return r.path() == "/v1/models" ? FakeUpstream::openAIDefault(r) : failure(503);
    });
    for (int i = 0; i < 2; ++i)
        chat(chatBody(QStringLiteral("a-solo")));
    QCOMPARE(circuit(QStringLiteral("a")).value(QLatin1String("state")).toString(), QStringLiteral("open"));
    // No client request: the prober's GET /models is the half-open trial, and it closes the circuit.
    QTRY_COMPARE_WITH_TIMEOUT(circuit(QStringLiteral("a")).value(QLatin1String("state")).toString(),
        QStringLiteral("closed"), 5000);
    bool probed = false;
    for (const FakeRequest &r : m_a.requests())
        probed |= r.method == "GET" && r.path() == "/v1/models";
    QVERIFY(probed);
    auto providers = m_client->get("/api/providers");
    QVERIFY(TestClient::wait(providers));
    for (const QJsonValue &v : providers->json().value(QLatin1String("data")).toArray()) {
        const QJsonObject p = v.toObject();
        if (p.value(QLatin1String("id")).toString() == QLatin1String("a"))
            QCOMPARE(p.value(QLatin1String("probe")).toObject().value(QLatin1String("ok")).toBool(), true);
    }
}

void TestReliability::midStreamFailureIsReportedNotRetried()
{
    FakeReply cut = FakeReply::sse({FakeUpstream::chunk(QStringLiteral("a-only"),
                                        {{QLatin1String("role"), QStringLiteral("assistant")},
                                            {QLatin1String("content"), QStringLiteral("Hel")}}),
                                       FakeUpstream::chunk(QStringLiteral("a-only"),
                                           {{QLatin1String("content"), QStringLiteral("lo")}})},
        10, false);
    cut.cut = true;
    m_a.enqueue(cut);
    auto r = chat(chatBody(QStringLiteral("a-only"), true));
    QCOMPARE(r->status, 200);
    QVERIFY(r->events.size() >= 3);
    QVERIFY(!r->events.contains("[DONE]")); // a cut answer never looks complete
    QVERIFY(QJsonDocument::fromJson(r->events.last()).object().contains(QLatin1String("error")));
    QCOMPARE(chatRequests(m_b), 0); // committed once a chunk went out
    QCOMPARE(circuit(QStringLiteral("a")).value(QLatin1String("consecutive_failures")).toInt(), 1);
}

void TestReliability::streamThatFailsBeforeItsFirstChunkFallsBack()
{
    FakeReply cut;
    cut.closeImmediately = true;
    m_a.setHandler([cut](const FakeRequest &) { return cut; });
    auto r = chat(chatBody(QStringLiteral("a-only"), true));
    QCOMPARE(r->status, 200);
    QVERIFY(r->events.contains("[DONE]"));
    const QJsonObject last = QJsonDocument::fromJson(r->events.at(r->events.size() - 2)).object();
    QCOMPARE(last.value(QLatin1String("x-gateway")).toObject().value(QLatin1String("provider")).toString(),
        QStringLiteral("b"));
}

void TestReliability::deadlineStopsTheWalk()
{
    FakeReply hang;
    hang.hang = true;
    m_a.setHandler([hang](const FakeRequest &) { return hang; });
    // Without a deadline the hang (800 ms) is followed by the fallback.
    auto r = chat(chatBody(QStringLiteral("a-only")));
    QCOMPARE(r->status, 200);
    QCOMPARE(gatewayOf(r).value(QLatin1String("provider")).toString(), QStringLiteral("b"));
    // With routing.deadlineMs 500, nothing new starts after the first attempt timed out at 800 ms.
    const QJsonObject before = m_engine->configEditor().routing();
    QJsonObject routing = before;
    routing.insert(QLatin1String("deadlineMs"), 500);
    QString error;
    QVERIFY2(m_engine->configEditor().setRouting(routing, &error), qPrintable(error));
    m_b.reset();
    r = chat(chatBody(QStringLiteral("a-only")));
    QCOMPARE(r->status, 504);
    QCOMPARE(chatRequests(m_b), 0);
    QVERIFY2(m_engine->configEditor().setRouting(before, &error), qPrintable(error));
}

void TestReliability::killedProviderTripsAndTrafficMovesOn()
{
    // A long cool-down for this case: no half-open trial may land inside the run.
    CircuitBreakerConfig breaker = m_engine->monitor().config();
    breaker.cooldownMs = 60000;
    breaker.maxCooldownMs = 60000;
    m_engine->monitor().setConfig(breaker);
    // A stream already running on k1 when it dies: it is reported broken (not as a success).
    QList<QByteArray> ticks;
    for (int i = 0; i < 40; ++i)
        ticks << FakeUpstream::chunk(
            QStringLiteral("shared-model"), {{QLatin1String("content"), QStringLiteral("tick ")}});
    ticks << FakeUpstream::chunk(QStringLiteral("shared-model"), {}, QStringLiteral("stop"));
    m_k1->enqueue(FakeReply::sse(ticks, 50));
    auto stream = m_client->post("/v1/chat/completions", chatBody(QStringLiteral("shared-model"), true));
    QTRY_VERIFY(stream->events.size() >= 2);

    // Non-streamed traffic in waves, balanced over k1 and k2; k1 is killed in the middle.
    QList<std::shared_ptr<TestResponse>> all;
    for (int wave = 0; wave < 12; ++wave) {
        QList<std::shared_ptr<TestResponse>> batch;
        for (int i = 0; i < 8; ++i)
            batch << m_client->post("/v1/chat/completions", chatBody(QStringLiteral("shared-model")));
        if (wave == 4)
            m_k1.reset(); // kill -9, as far as the gateway can tell: connections drop, the port refuses
        for (const auto &r : std::as_const(batch))
            QVERIFY(TestClient::wait(r, 15000));
        all += batch;
    }
    int errors = 0, servedByK1 = 0, afterTrip = 0, singleAttemptAfterTrip = 0;
    for (qsizetype i = 0; i < all.size(); ++i) {
        const auto &r = all.at(i);
        if (r->status != 200) {
            ++errors;
            continue;
        }
        const QJsonObject gw = gatewayOf(r);
        servedByK1 += gw.value(QLatin1String("provider")).toString() == QLatin1String("k1") ? 1 : 0;
        if (i >= 8 * 8) { // the last waves, long after the trip
            ++afterTrip;
            singleAttemptAfterTrip += gw.value(QLatin1String("attempts")).toInt() == 1 ? 1 : 0;
        }
    }
    QCOMPARE(errors, 0); // zero client-visible errors for requests that had not started streaming
    QVERIFY(servedByK1 > 0); // k1 did serve before it died
    QCOMPARE(circuit(QStringLiteral("k1")).value(QLatin1String("state")).toString(), QStringLiteral("open"));
    QCOMPARE(singleAttemptAfterTrip, afterTrip); // once open, k1 is not even tried
    QVERIFY(TestClient::wait(stream, 15000));
    QVERIFY(!stream->events.contains("[DONE]"));
    QVERIFY(QJsonDocument::fromJson(stream->events.last()).object().contains(QLatin1String("error")));
}

QTEST_GUILESS_MAIN(TestReliability)
#include "tst_reliability.moc"
