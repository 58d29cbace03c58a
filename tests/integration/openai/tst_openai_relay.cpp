// SPDX-License-Identifier: MIT
// The OpenAI ingress end to end through real sockets: a client -> switchyard (in-process Engine)
// -> fake OpenAI-compatible upstreams scripted per test.
#include "engine/engine.h"
#include "engine/options.h"
#include "fakeupstream.h"
#include "reliability/providermonitor.h"
#include "store/store.h"
#include "testclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using Headers = QList<QPair<QByteArray, QByteArray>>;

class TestOpenAIRelay : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    FakeUpstream m_up; ///< provider "fake": fake-model, fake-other
    FakeUpstream m_up2; ///< provider "backup": backup-model
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<TestClient> m_client;
    QList<RequestLogRow> m_rows;

    static QByteArray chatBody(const QString &model, bool stream, const QJsonObject &extra = {})
    {
        QJsonObject body {{QLatin1String("model"), model},
            {QLatin1String("messages"),
                QJsonArray {QJsonObject {{QLatin1String("role"), QStringLiteral("user")},
                    {QLatin1String("content"), QStringLiteral("Say hello")}}}}};
        if (stream)
            body.insert(QLatin1String("stream"), true);
        for (auto it = extra.begin(); it != extra.end(); ++it)
            body.insert(it.key(), it.value());
        return QJsonDocument(body).toJson(QJsonDocument::Compact);
    }

    std::shared_ptr<TestResponse> chat(const QByteArray &body, Headers headers = {})
    {
        auto r = m_client->post("/v1/chat/completions", body, std::move(headers));
        if (!TestClient::wait(r))
            qWarning("request timed out");
        return r;
    }

    RequestLogRow lastRow() { return m_rows.isEmpty() ? RequestLogRow() : m_rows.last(); }

    static void verifyEnvelope(const std::shared_ptr<TestResponse> &r, int status, const QString &code)
    {
        QCOMPARE(r->status, status);
        QVERIFY2(
            r->header("Content-Type").startsWith("application/json"), r->header("Content-Type").constData());
        const QJsonObject error = r->json().value(QLatin1String("error")).toObject();
        QVERIFY2(!error.isEmpty(), r->body.constData());
        QVERIFY(!error.value(QLatin1String("message")).toString().isEmpty());
        QVERIFY(error.contains(QLatin1String("type")));
        QVERIFY(error.contains(QLatin1String("param")));
        QCOMPARE(error.value(QLatin1String("code")).toString(), code);
        QVERIFY(!r->header("X-Request-ID").isEmpty());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_up.listen());
        QVERIFY(m_up2.listen());
        const QByteArray config = QStringLiteral(R"({
            "server": { "maxBodyBytes": 200000 },
            "providers": [
              { "id": "mock", "type": "mock", "paceMs": 1 },
              { "id": "fake", "type": "openai", "baseUrl": "%1", "apiKey": "sk-fake-secret",
                "models": ["fake-model", "fake-other"], "timeoutMs": 1500 },
              { "id": "backup", "type": "openai", "baseUrl": "%2", "apiKey": "sk-backup",
                "models": ["backup-model"] },
              { "id": "dead", "type": "openai", "baseUrl": "http:\/\/127.0.0.1:1/v1", "models": ["dead-model"],
                "connectTimeoutMs": 1000 }
            ],
            "routing": { "fallbacks": { "fake-model": ["backup-model"], "dead-model": ["backup-model"] },
                         "retry": { "retries": 0 }, "healthCheckIntervalMs": 0 }
        })")
                                      .arg(m_up.baseUrl(), m_up2.baseUrl())
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
        connect(m_engine.get(), &Engine::requestFinished, this,
            [this](const RequestLogRow &row) { m_rows << row; });
        m_client = std::make_unique<TestClient>(m_engine->port());
    }

    void init()
    {
        m_up.reset();
        m_up2.reset();
        m_rows.clear();
        // Each case starts with closed circuits and no rate-limit pause left by the one before.
        m_engine->monitor().resetAll();
    }

    void nonStreamedRelaysAndPassesFieldsThrough()
    {
        const QJsonObject extra {{QLatin1String("seed"), 42},
            {QLatin1String("logit_bias"), QJsonObject {{QLatin1String("50256"), -100}}},
            {QLatin1String("user"), QStringLiteral("alice")}, {QLatin1String("temperature"), 0.2},
            {QLatin1String("some_future_field"), QJsonArray {1, 2}}};
        auto r = chat(chatBody(QStringLiteral("fake-model"), false, extra));
        QCOMPARE(r->status, 200);
        const QJsonObject body = r->json();
        QCOMPARE(body.value(QLatin1String("choices"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("message"))
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString(),
            QStringLiteral("Hello from the fake upstream."));
        QCOMPARE(
            body.value(QLatin1String("usage")).toObject().value(QLatin1String("prompt_tokens")).toInt(), 9);
        const QJsonObject gw = body.value(QLatin1String("x-gateway")).toObject();
        QCOMPARE(gw.value(QLatin1String("provider")).toString(), QStringLiteral("fake"));
        QCOMPARE(gw.value(QLatin1String("model")).toString(), QStringLiteral("fake-model"));
        QCOMPARE(gw.value(QLatin1String("attempts")).toInt(), 1);
        QCOMPARE(gw.value(QLatin1String("fallback_used")).toBool(), false);
        for (const char *k :
            {"routing_decision", "strategy", "score", "cache_hit", "latency_ms", "overhead_ms", "cost_usd"})
            QVERIFY2(gw.contains(QLatin1String(k)), k);
        QVERIFY(r->header("X-Request-ID").startsWith("req_"));
        QVERIFY(r->header("X-Response-Time").endsWith("ms"));
        QVERIFY(!r->header("X-Gateway-Overhead-Ms").isEmpty());
        QCOMPARE(gw.value(QLatin1String("request_id")).toString().toLatin1(), r->header("X-Request-ID"));

        // What reached the upstream: the client's body untouched (model kept), our key, not the client's.
        QCOMPARE(m_up.requests().size(), 1);
        const FakeRequest &up = m_up.requests().first();
        QCOMPARE(up.path(), QByteArray("/v1/chat/completions"));
        QCOMPARE(up.header("Authorization"), QByteArray("Bearer sk-fake-secret"));
        const QJsonObject sent = up.json();
        for (auto it = extra.begin(); it != extra.end(); ++it)
            QCOMPARE(sent.value(it.key()), it.value());
        QCOMPARE(sent.value(QLatin1String("model")).toString(), QStringLiteral("fake-model"));
        QVERIFY(!sent.contains(QLatin1String("x-gateway")));

        // Logged with what it cost.
        QTRY_COMPARE(m_rows.size(), 1);
        QCOMPARE(lastRow().provider, QStringLiteral("fake"));
        QCOMPARE(lastRow().status, 200);
        QCOMPARE(lastRow().promptTokens, 9);
        QCOMPARE(lastRow().completionTokens, 12);
        QCOMPARE(lastRow().streamed, false);
    }

    void clientBytesReachTheUpstreamAsSent()
    {
        // Unsorted, pretty-printed, with a unicode escape: any re-serialisation would show.
        const QByteArray body = "{\n  \"model\": \"fake-model\",\n  \"messages\": [{\"role\": \"user\", "
                                "\"content\": \"caf\\u00e9\"}],\n  \"temperature\": 0.50\n}\n";
        auto r = chat(body);
        QCOMPARE(r->status, 200);
        QCOMPARE(m_up.requests().size(), 1);
        QCOMPARE(m_up.requests().first().body, body);
        // The answer is the upstream's bytes with x-gateway appended: still one valid object.
        QVERIFY(r->json().contains(QLatin1String("x-gateway")));
        QCOMPARE(r->body.count("\"x-gateway\""), 1);

        // A stream needs stream_options.include_usage: appended, the rest of the bytes kept.
        m_up.reset();
        const QByteArray streamBody = "{\"stream\": true, " + body.mid(1);
        auto s = chat(streamBody);
        QCOMPARE(s->status, 200);
        const QByteArray sent = m_up.requests().first().body;
        QVERIFY2(sent.startsWith(streamBody.left(streamBody.lastIndexOf('}'))), sent.constData());
        QVERIFY(m_up.requests()
                    .first()
                    .json()
                    .value(QLatin1String("stream_options"))
                    .toObject()
                    .value(QLatin1String("include_usage"))
                    .toBool());

        // A body the gateway changes (an x- extension field is taken out) is sent re-serialised.
        m_up.reset();
        const QByteArray withExtension = "{\"x-routing-strategy\": \"cost\", " + body.mid(1);
        auto e = chat(withExtension);
        QCOMPARE(e->status, 200);
        QVERIFY(!m_up.requests().first().json().contains(QLatin1String("x-routing-strategy")));
        QCOMPARE(m_up.requests().first().json().value(QLatin1String("temperature")).toDouble(), 0.5);
    }

    void providerPrefixSelectsTheProvider()
    {
        auto r = chat(chatBody(QStringLiteral("backup/backup-model"), false));
        QCOMPARE(r->status, 200);
        QCOMPARE(m_up2.requests().size(), 1);
        QCOMPARE(m_up2.requests().first().json().value(QLatin1String("model")).toString(),
            QStringLiteral("backup-model"));
        QCOMPARE(m_up.requests().size(), 0);
    }

    void streamedWithUsage()
    {
        const QJsonObject extra {
            {QLatin1String("stream_options"), QJsonObject {{QLatin1String("include_usage"), true}}}};
        auto r = chat(chatBody(QStringLiteral("fake-model"), true, extra));
        QCOMPARE(r->status, 200);
        QVERIFY(r->header("Content-Type").startsWith("text/event-stream"));
        QVERIFY(!r->failed);
        QCOMPARE(r->events.last(), QByteArray("[DONE]"));
        QString text;
        for (qsizetype i = 0; i + 1 < r->events.size(); ++i) {
            const QJsonObject c = r->event(i);
            QCOMPARE(c.value(QLatin1String("object")).toString(), QStringLiteral("chat.completion.chunk"));
            for (const QJsonValue &choice : c.value(QLatin1String("choices")).toArray())
                text += choice.toObject()
                            .value(QLatin1String("delta"))
                            .toObject()
                            .value(QLatin1String("content"))
                            .toString();
        }
        QCOMPARE(text, QStringLiteral("Hello from the fake upstream."));
        // The usage chunk is last before [DONE], has no choices, and carries x-gateway.
        const QJsonObject usageChunk = r->event(r->events.size() - 2);
        QCOMPARE(usageChunk.value(QLatin1String("choices")).toArray().size(), 0);
        QCOMPARE(usageChunk.value(QLatin1String("usage"))
                     .toObject()
                     .value(QLatin1String("completion_tokens"))
                     .toInt(),
            12);
        QCOMPARE(usageChunk.value(QLatin1String("x-gateway"))
                     .toObject()
                     .value(QLatin1String("provider"))
                     .toString(),
            QStringLiteral("fake"));
        QTRY_COMPARE(m_rows.size(), 1);
        QCOMPARE(lastRow().streamed, true);
        QCOMPARE(lastRow().completionTokens, 12);
        QVERIFY(lastRow().ttftMs >= 0);
    }

    void streamedWithoutUsageAskedStillAccounts()
    {
        auto r = chat(chatBody(QStringLiteral("fake-model"), true));
        QCOMPARE(r->status, 200);
        // We asked the upstream for usage (to account) but the client did not: it gets none.
        QVERIFY(m_up.requests()
                    .first()
                    .json()
                    .value(QLatin1String("stream_options"))
                    .toObject()
                    .value(QLatin1String("include_usage"))
                    .toBool());
        for (qsizetype i = 0; i + 1 < r->events.size(); ++i)
            QVERIFY2(!r->event(i).contains(QLatin1String("usage")), r->events.at(i).constData());
        const QJsonObject last = r->event(r->events.size() - 2);
        QCOMPARE(last.value(QLatin1String("choices"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("finish_reason"))
                     .toString(),
            QStringLiteral("stop"));
        QVERIFY(last.contains(QLatin1String("x-gateway")));
        QTRY_COMPARE(m_rows.size(), 1);
        QCOMPARE(lastRow().completionTokens, 12);
    }

    void streamWithoutUpstreamUsageIsCounted()
    {
        // An upstream that ignores stream_options.include_usage: the gateway counts what streamed.
        const QString model = QStringLiteral("fake-model");
        m_up.enqueue(FakeReply::sse(
            {FakeUpstream::chunk(model, {{QLatin1String("content"), QStringLiteral("abcdefgh")}}),
                FakeUpstream::chunk(model,
                    {{QLatin1String("tool_calls"),
                        QJsonArray {QJsonObject {{QLatin1String("index"), 0},
                            {QLatin1String("function"),
                                QJsonObject {{QLatin1String("name"), QStringLiteral("f")},
                                    {QLatin1String("arguments"), QStringLiteral("{}")}}}}}}}),
                FakeUpstream::chunk(model, {}, QStringLiteral("stop"))}));
        const QJsonObject extra {
            {QLatin1String("stream_options"), QJsonObject {{QLatin1String("include_usage"), true}}}};
        auto r = chat(chatBody(model, true, extra));
        QCOMPARE(r->status, 200);
        QCOMPARE(r->events.last(), QByteArray("[DONE]"));
        const QJsonObject usageChunk = r->event(r->events.size() - 2);
        const QJsonObject usage = usageChunk.value(QLatin1String("usage")).toObject();
        QCOMPARE(usage.value(QLatin1String("completion_tokens")).toInt(), 3); // 11 characters
        QVERIFY(usage.value(QLatin1String("prompt_tokens")).toInt() > 0);
        QCOMPARE(usageChunk.value(QLatin1String("x-gateway"))
                     .toObject()
                     .value(QLatin1String("usage_estimated"))
                     .toBool(),
            true);
        QTRY_COMPARE(m_rows.size(), 1);
        QCOMPARE(lastRow().completionTokens, 3);
    }

    void chunksAreRelayedAsTheyArrive()
    {
        QList<QByteArray> events;
        events << FakeUpstream::chunk(
            QStringLiteral("fake-model"), {{QLatin1String("content"), QStringLiteral("first")}});
        events << FakeUpstream::chunk(
            QStringLiteral("fake-model"), {{QLatin1String("content"), QStringLiteral(" second")}});
        events << FakeUpstream::chunk(QStringLiteral("fake-model"), {}, QStringLiteral("stop"));
        FakeReply reply = FakeReply::sse(events, 0);
        reply.chunks[1].first = 400; // the second chunk comes much later
        m_up.enqueue(reply);
        auto r = m_client->post("/v1/chat/completions", chatBody(QStringLiteral("fake-model"), true));
        QTRY_VERIFY_WITH_TIMEOUT(!r->events.isEmpty(), 3000);
        // The first chunk reached the client while the upstream was still answering.
        QCOMPARE(m_up.inFlight(), 1);
        QVERIFY(!r->done);
        QCOMPARE(r->event(0)
                     .value(QLatin1String("choices"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("delta"))
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString(),
            QStringLiteral("first"));
        QVERIFY(TestClient::wait(r));
        QCOMPARE(r->events.last(), QByteArray("[DONE]"));
    }

    void cutStreamEndsWithAnErrorNotDone()
    {
        QList<QByteArray> events;
        events << FakeUpstream::chunk(
            QStringLiteral("fake-model"), {{QLatin1String("content"), QStringLiteral("partial")}});
        FakeReply reply = FakeReply::sse(events, 0, false);
        reply.cut = true;
        m_up.enqueue(reply);
        auto r = chat(chatBody(QStringLiteral("fake-model"), true));
        QCOMPARE(r->status, 200);
        QVERIFY(r->events.size() >= 2);
        QVERIFY(!r->events.contains("[DONE]"));
        const QJsonObject error = r->event(r->events.size() - 1).value(QLatin1String("error")).toObject();
        QVERIFY2(!error.isEmpty(), r->body.constData());
        QVERIFY(error.value(QLatin1String("message")).toString().contains(QStringLiteral("fake")));
        // Not a fallback: bytes were already sent.
        QCOMPARE(m_up2.requests().size(), 0);
        QTRY_COMPARE(m_rows.size(), 1);
        QCOMPARE(lastRow().status, 502);
        QVERIFY(!lastRow().error.isEmpty());
    }

    void upstreamErrorsMapToGatewayErrors_data()
    {
        QTest::addColumn<int>("upstreamStatus");
        QTest::addColumn<QByteArray>("upstreamBody");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("fallsBack");
        const QByteArray err
            = R"({"error":{"message":"upstream says no","type":"invalid_request_error","param":"messages","code":"bad_thing"}})";
        QTest::newRow("400 passes through, no fallback")
            << 400 << err << 400 << QStringLiteral("bad_thing") << false;
        // Our key for that provider was refused: not the client's fault, another provider may serve.
        QTest::newRow("401 of our key falls back") << 401 << err << 200 << QString() << true;
        QTest::newRow("500 falls back") << 500 << err << 200 << QString() << true;
        QTest::newRow("503 falls back") << 503 << QByteArray("<html>busy</html>") << 200 << QString() << true;
        QTest::newRow("429 falls back") << 429 << err << 200 << QString() << true;
    }

    void upstreamErrorsMapToGatewayErrors()
    {
        QFETCH(int, upstreamStatus);
        QFETCH(QByteArray, upstreamBody);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(bool, fallsBack);
        m_up.enqueue(FakeReply::json(upstreamStatus, upstreamBody));
        auto r = chat(chatBody(QStringLiteral("fake-model"), false));
        if (fallsBack) {
            QCOMPARE(r->status, 200);
            const QJsonObject gw = r->json().value(QLatin1String("x-gateway")).toObject();
            QCOMPARE(gw.value(QLatin1String("provider")).toString(), QStringLiteral("backup"));
            QCOMPARE(gw.value(QLatin1String("fallback_used")).toBool(), true);
            QCOMPARE(gw.value(QLatin1String("attempts")).toInt(), 2);
            QCOMPARE(m_up2.requests().size(), 1);
            QCOMPARE(m_up2.requests().first().json().value(QLatin1String("model")).toString(),
                QStringLiteral("backup-model"));
        } else {
            verifyEnvelope(r, status, code);
            QCOMPARE(m_up2.requests().size(), 0);
            QVERIFY(!r->body.contains("sk-fake-secret"));
        }
    }

    void refusedProviderKeyWithoutFallbackIsA502()
    {
        m_up.enqueue(FakeReply::json(
            401, QByteArray(R"({"error":{"message":"Incorrect API key provided: sk-fa***et"}})")));
        auto r = chat(chatBody(QStringLiteral("fake-other"), false));
        verifyEnvelope(r, 502, QStringLiteral("upstream_auth_failed"));
        QVERIFY(r->json()
                    .value(QLatin1String("error"))
                    .toObject()
                    .value(QLatin1String("message"))
                    .toString()
                    .contains(QStringLiteral("'fake'")));
        QVERIFY(!r->body.contains("sk-fake-secret"));
    }

    void noFallbackLeftIsA502()
    {
        m_up.enqueue(FakeReply::json(500, QByteArray("{}")));
        m_up2.enqueue(FakeReply::json(502, QByteArray("{}")));
        auto r = chat(chatBody(QStringLiteral("fake-model"), true));
        verifyEnvelope(r, 502, QStringLiteral("upstream_error"));
    }

    void timeoutIsA504()
    {
        FakeReply hang;
        hang.hang = true;
        m_up.setHandler([](const FakeRequest &) {
            FakeReply h;
            h.hang = true;
            return h;
        });
        m_up2.setHandler([](const FakeRequest &) {
            FakeReply h;
            h.hang = true;
            return h;
        });
        auto r = chat(chatBody(QStringLiteral("fake-other"), false));
        verifyEnvelope(r, 504, QStringLiteral("upstream_timeout"));
    }

    void connectionRefusedFallsBackThenSucceeds()
    {
        auto r = chat(chatBody(QStringLiteral("dead-model"), false));
        QCOMPARE(r->status, 200);
        QCOMPARE(r->json()
                     .value(QLatin1String("x-gateway"))
                     .toObject()
                     .value(QLatin1String("provider"))
                     .toString(),
            QStringLiteral("backup"));
    }

    void clientDisconnectAbortsTheUpstream()
    {
        QList<QByteArray> events;
        for (int i = 0; i < 50; ++i)
            events << FakeUpstream::chunk(
                QStringLiteral("fake-model"), {{QLatin1String("content"), QStringLiteral("w ")}});
        m_up.enqueue(FakeReply::sse(events, 40));
        auto r = m_client->post("/v1/chat/completions", chatBody(QStringLiteral("fake-model"), true));
        QTRY_VERIFY_WITH_TIMEOUT(r->events.size() >= 2, 3000);
        m_client->cancel(r);
        // The upstream connection is closed at once, not left streaming to nobody.
        QTRY_COMPARE_WITH_TIMEOUT(m_up.clientAborts(), 1, 2000);
        QTRY_COMPARE(m_rows.size(), 1);
        QCOMPARE(lastRow().status, 499);
    }

    void sixtyFourConcurrentStreamsRunInParallel()
    {
        // Each upstream stream takes ~500 ms; 64 at once must not queue behind a connection cap.
        m_up.setHandler([](const FakeRequest &req) {
            QList<QByteArray> events;
            for (int i = 0; i < 5; ++i)
                events << FakeUpstream::chunk(
                    QStringLiteral("fake-model"), {{QLatin1String("content"), QStringLiteral("x")}});
            Q_UNUSED(req);
            return FakeReply::sse(events, 100);
        });
        QList<std::shared_ptr<TestResponse>> responses;
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 64; ++i)
            responses << m_client->post("/v1/chat/completions", chatBody(QStringLiteral("fake-model"), true));
        for (const auto &r : std::as_const(responses))
            QVERIFY(TestClient::wait(r, 20000));
        const qint64 elapsed = t.elapsed();
        for (const auto &r : std::as_const(responses)) {
            QCOMPARE(r->status, 200);
            QCOMPARE(r->events.last(), QByteArray("[DONE]"));
        }
        QCOMPARE(m_up.maxInFlight(), 64);
        // Serialised behind 6 connections this would take >= 11 x 600 ms.
        QVERIFY2(elapsed < 3000, qPrintable(QString::number(elapsed)));
    }

    void badInputGetsTheRightEnvelope_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("malformed JSON")
            << QByteArray("{\"model\": \"fake-model\", ") << 400 << QStringLiteral("invalid_json");
        QTest::newRow("not an object") << QByteArray("[1,2]") << 400 << QStringLiteral("invalid_json");
        QTest::newRow("missing messages")
            << QByteArray(R"({"model":"fake-model"})") << 400 << QStringLiteral("missing_required_parameter");
        QTest::newRow("missing model") << QByteArray(R"({"messages":[{"role":"user","content":"x"}]})") << 400
                                       << QStringLiteral("missing_required_parameter");
        QTest::newRow("empty messages")
            << QByteArray(R"({"model":"fake-model","messages":[]})") << 400 << QStringLiteral("empty_array");
        QTest::newRow("unknown model")
            << QByteArray(R"({"model":"no-such-model","messages":[{"role":"user","content":"x"}]})") << 404
            << QStringLiteral("model_not_found");
        QTest::newRow("over the body limit")
            << QByteArray(300000, 'x') << 413 << QStringLiteral("request_too_large");
    }

    void badInputGetsTheRightEnvelope()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        auto r = chat(body);
        verifyEnvelope(r, status, code);
        QCOMPARE(m_up.requests().size(), 0);
        // And the gateway keeps serving.
        QCOMPARE(chat(chatBody(QStringLiteral("mock-fast"), false))->status, 200);
    }

    void foreignOriginAndRebindingHostAreRefused()
    {
        auto r = chat(chatBody(QStringLiteral("fake-model"), false), {{"Origin", "https://evil.example"}});
        verifyEnvelope(r, 403, QStringLiteral("origin_not_allowed"));
        r = chat(chatBody(QStringLiteral("fake-model"), false), {{"Host", "attacker.example:4000"}});
        verifyEnvelope(r, 403, QStringLiteral("host_not_allowed"));
        QCOMPARE(m_up.requests().size(), 0);
        r = chat(chatBody(QStringLiteral("fake-model"), false), {{"Host", "localhost:4000"}});
        QCOMPARE(r->status, 200);
    }

    void rawProtocolAbuseKeepsServing()
    {
        const quint16 port = m_engine->port();
        QByteArray answer = rawExchange(port, "GARBAGE\r\n\r\n");
        QVERIFY2(answer.startsWith("HTTP/1.1 400"), answer.constData());
        // A declared body far over the limit is refused before it is read.
        answer = rawExchange(port,
            "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 999999999\r\n\r\n");
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
        QVERIFY(answer.contains("request_too_large"));
        answer = rawExchange(port, "GET /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QVERIFY2(answer.startsWith("HTTP/1.1 405"), answer.constData());
        QVERIFY(answer.contains("Allow: POST"));
        answer = rawExchange(port, "GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QVERIFY2(answer.startsWith("HTTP/1.1 404"), answer.constData());
        QCOMPARE(chat(chatBody(QStringLiteral("mock-fast"), false))->status, 200);
    }

    void embeddingsAndModels()
    {
        auto r = m_client->post("/v1/embeddings", R"({"model":"fake-model","input":["a","b"]})");
        QVERIFY(TestClient::wait(r));
        QCOMPARE(r->status, 200);
        QCOMPARE(r->json().value(QLatin1String("data")).toArray().size(), 2);
        QCOMPARE(m_up.requests().last().path(), QByteArray("/v1/embeddings"));

        r = m_client->get("/v1/models");
        QVERIFY(TestClient::wait(r));
        QCOMPARE(r->status, 200);
        QStringList ids;
        for (const QJsonValue &m : r->json().value(QLatin1String("data")).toArray())
            ids << m.toObject().value(QLatin1String("id")).toString();
        for (const char *id : {"fake-model", "fake-other", "backup-model", "mock-fast", "mock-smart", "auto"})
            QVERIFY2(ids.contains(QLatin1String(id)), id);

        r = m_client->get("/v1/models/fake-model");
        QVERIFY(TestClient::wait(r));
        QCOMPARE(r->status, 200);
        QCOMPARE(r->json().value(QLatin1String("id")).toString(), QStringLiteral("fake-model"));
        // provider/model as chat accepts it, also percent-encoded as the SDKs send it.
        for (const char *path : {"/v1/models/backup/backup-model", "/v1/models/backup%2Fbackup-model"}) {
            r = m_client->get(path);
            QVERIFY(TestClient::wait(r));
            QCOMPARE(r->status, 200);
            QCOMPARE(r->json().value(QLatin1String("id")).toString(), QStringLiteral("backup/backup-model"));
            QCOMPARE(r->json().value(QLatin1String("owned_by")).toString(), QStringLiteral("backup"));
        }
        for (const char *path :
            {"/v1/models/nope", "/v1/models/backup/fake-model", "/v1/models/nobody/fake-model"}) {
            r = m_client->get(path);
            QVERIFY(TestClient::wait(r));
            verifyEnvelope(r, 404, QStringLiteral("model_not_found"));
        }
    }

    void healthAndLogs()
    {
        QCOMPARE(chat(chatBody(QStringLiteral("mock-fast"), false))->status, 200);
        auto r = m_client->get("/api/logs?limit=1");
        QVERIFY(TestClient::wait(r));
        QCOMPARE(r->status, 200);
        const QJsonArray data = r->json().value(QLatin1String("data")).toArray();
        QCOMPARE(data.size(), 1);
        QCOMPARE(data.first().toObject().value(QLatin1String("model_served")).toString(),
            QStringLiteral("mock-fast"));
        QVERIFY(r->json().value(QLatin1String("total")).toInt() >= 1);

        r = m_client->get("/health");
        QVERIFY(TestClient::wait(r));
        QCOMPARE(r->status, 200);
        const QJsonObject health = r->json();
        QCOMPARE(health.value(QLatin1String("store")).toObject().value(QLatin1String("status")).toString(),
            QStringLiteral("ok"));
        QCOMPARE(health.value(QLatin1String("providers")).toArray().size(), 4);
        QVERIFY(!r->body.contains("sk-fake-secret"));
    }
};

QTEST_GUILESS_MAIN(TestOpenAIRelay)
#include "tst_openai_relay.moc"
