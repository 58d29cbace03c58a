// SPDX-License-Identifier: MIT
// The pipeline driven in memory (no sockets) with the built-in mock provider.
#include "http/httprequest.h"
#include "pipeline/pipeline.h"
#include "providers/mockprovider.h"
#include "providers/providerregistry.h"
#include "providers/upstreamclient.h"
#include "routing/catalog.h"
#include "routing/router.h"
#include "telemetry/requestlogrow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

class TestPipeline : public QObject
{
    Q_OBJECT
private:
    Catalog m_catalog;
    UpstreamClient m_client;
    std::unique_ptr<ProviderRegistry> m_registry;
    std::unique_ptr<Router> m_router;
    std::unique_ptr<Pipeline> m_pipeline;
    QList<RequestLogRow> m_rows;

    ContextPtr context(const QByteArray &body)
    {
        GatewayError e;
        auto r = ChatRequest::fromOpenAI(body, &e);
        if (!r)
            qFatal("bad test body: %s", qPrintable(e.message));
        auto ctx = std::make_shared<RequestContext>();
        ctx->requestId = "req_test";
        ctx->endpoint = QStringLiteral("/v1/chat/completions");
        ctx->receivedNs = HttpClock::nowNs();
        ctx->plan.requested = r->model;
        ctx->chat = std::make_shared<const ChatRequest>(std::move(*r));
        return ctx;
    }

    struct Outcome
    {
        QList<QJsonObject> chunks;
        QJsonObject response;
        bool ended = false;
        std::optional<GatewayError> error;
        bool midStream = false;
    };

    std::shared_ptr<Outcome> run(const ContextPtr &ctx)
    {
        auto out = std::make_shared<Outcome>();
        ChatCallbacks cb;
        cb.onChunk = [out](const QJsonObject &c, const QByteArray &) { out->chunks << c; };
        cb.onResponse = [out](const QJsonObject &r) { out->response = r; };
        cb.onStreamEnd = [out] { out->ended = true; };
        cb.onError = [out](const GatewayError &e, bool mid) {
            out->error = e;
            out->midStream = mid;
        };
        m_pipeline->execute(ctx, cb);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY(m_catalog.load({}, &error));
        m_registry = std::make_unique<ProviderRegistry>(m_catalog, &m_client);
        ProviderConfig mock;
        mock.id = QStringLiteral("mock");
        mock.type = QStringLiteral("mock");
        mock.paceMs = 0;
        m_registry->configure({mock});
        m_router = std::make_unique<Router>(m_catalog, *m_registry);
        m_pipeline = std::make_unique<Pipeline>(
            *m_router, m_catalog, [this](RequestLogRow &&row) { m_rows << row; });
    }

    void admitResolvesThePlan()
    {
        auto ctx = context(R"({"model":"auto","messages":[{"role":"user","content":"hi"}]})");
        QVERIFY(!m_pipeline->admit(*ctx));
        // auto is scored: small talk goes to the cheap, quick mock model; the other is its fallback.
        QVERIFY(ctx->plan.scored);
        QCOMPARE(ctx->plan.candidates.size(), 2);
        QCOMPARE(ctx->served.model, QStringLiteral("mock-fast"));
        QCOMPARE(ctx->plan.candidates.at(1).model, QStringLiteral("mock-smart"));
        QVERIFY(ctx->plan.profile.has(PromptTrait::Simple));
        QCOMPARE(ctx->key.id, QStringLiteral("local"));
        auto unknown = context(R"({"model":"nope","messages":[{"role":"user","content":"hi"}]})");
        const auto refusal = m_pipeline->admit(*unknown);
        QVERIFY(refusal);
        QCOMPARE(refusal->status, 404);
    }

    void streamWordByWordThenAccount()
    {
        auto ctx = context(
            R"({"model":"mock-fast","stream":true,"messages":[{"role":"user","content":"tell me about switchyards"}]})");
        QVERIFY(!m_pipeline->admit(*ctx));
        auto out = run(ctx);
        QTRY_VERIFY(out->ended);
        QVERIFY(!out->error);
        QString text;
        int contentChunks = 0;
        for (const QJsonObject &c : out->chunks) {
            for (const QJsonValue &choice : c.value(QLatin1String("choices")).toArray()) {
                const QString piece = choice.toObject()
                                          .value(QLatin1String("delta"))
                                          .toObject()
                                          .value(QLatin1String("content"))
                                          .toString();
                contentChunks += piece.isEmpty() ? 0 : 1;
                text += piece;
            }
        }
        QCOMPARE(text, MockProvider::replyText(QStringLiteral("mock-fast"), *ctx->chat));
        QCOMPARE(contentChunks, text.split(u' ').size()); // one chunk per word
        QVERIFY(ctx->usage.reported);
        QCOMPARE(ctx->usage.completionTokens, qint64(contentChunks));
        ctx->status = 200;
        m_pipeline->settle(*ctx);
        const ModelInfo fast = m_catalog.model(QStringLiteral("mock-fast"));
        QCOMPARE(ctx->costUsd, fast.cost(ctx->usage.promptTokens, ctx->usage.completionTokens));
        QVERIFY(ctx->costUsd > 0);
        const qsizetype before = m_rows.size();
        m_pipeline->record(*ctx);
        QCOMPARE(m_rows.size(), before + 1);
        QCOMPARE(m_rows.last().provider, QStringLiteral("mock"));
        QCOMPARE(m_rows.last().modelServed, QStringLiteral("mock-fast"));
        QCOMPARE(m_rows.last().completionTokens, ctx->usage.completionTokens);
        QCOMPARE(m_rows.last().costUsd, ctx->costUsd);
    }

    void deterministicAndMaxTokens()
    {
        auto a = context(R"({"model":"mock-smart","messages":[{"role":"user","content":"same prompt"}]})");
        auto b = context(R"({"model":"mock-smart","messages":[{"role":"user","content":"same prompt"}]})");
        QVERIFY(!m_pipeline->admit(*a));
        QVERIFY(!m_pipeline->admit(*b));
        auto ra = run(a);
        auto rb = run(b);
        QTRY_VERIFY(!ra->response.isEmpty() && !rb->response.isEmpty());
        const auto content = [](const QJsonObject &r) {
            return r.value(QLatin1String("choices"))
                .toArray()
                .first()
                .toObject()
                .value(QLatin1String("message"))
                .toObject()
                .value(QLatin1String("content"))
                .toString();
        };
        QCOMPARE(content(ra->response), content(rb->response));
        auto limited
            = context(R"({"model":"mock-fast","max_tokens":3,"messages":[{"role":"user","content":"x"}]})");
        QVERIFY(!m_pipeline->admit(*limited));
        auto rl = run(limited);
        QTRY_VERIFY(!rl->response.isEmpty());
        QCOMPARE(content(rl->response).split(u' ').size(), 3);
        QCOMPARE(rl->response.value(QLatin1String("choices"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("finish_reason"))
                     .toString(),
            QStringLiteral("length"));
        QCOMPARE(rl->response.value(QLatin1String("usage"))
                     .toObject()
                     .value(QLatin1String("completion_tokens"))
                     .toInt(),
            3);
    }

    void toolsGetAToolCall()
    {
        auto ctx = context(R"({"model":"mock-fast","messages":[{"role":"user","content":"weather in Paris"}],
            "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
            "properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["c","f"]}},"required":["city","unit"]}}}]})");
        QVERIFY(!m_pipeline->admit(*ctx));
        auto out = run(ctx);
        QTRY_VERIFY(!out->response.isEmpty());
        const QJsonObject choice = out->response.value(QLatin1String("choices")).toArray().first().toObject();
        QCOMPARE(choice.value(QLatin1String("finish_reason")).toString(), QStringLiteral("tool_calls"));
        const QJsonObject call = choice.value(QLatin1String("message"))
                                     .toObject()
                                     .value(QLatin1String("tool_calls"))
                                     .toArray()
                                     .first()
                                     .toObject();
        QCOMPARE(call.value(QLatin1String("function")).toObject().value(QLatin1String("name")).toString(),
            QStringLiteral("get_weather"));
        const QJsonObject args = QJsonDocument::fromJson(call.value(QLatin1String("function"))
                                                             .toObject()
                                                             .value(QLatin1String("arguments"))
                                                             .toString()
                                                             .toUtf8())
                                     .object();
        QCOMPARE(args.value(QLatin1String("city")).toString(), QStringLiteral("Paris"));
        QCOMPARE(args.value(QLatin1String("unit")).toString(), QStringLiteral("c"));
        QVERIFY(call.value(QLatin1String("id")).toString().startsWith(QLatin1String("call_")));

        // After the tool result, the mock answers with it.
        auto followUp
            = context(R"({"model":"mock-fast","messages":[{"role":"user","content":"weather in Paris"},
            {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
            {"role":"tool","tool_call_id":"call_1","content":"18 degrees and sunny"}],
            "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]})");
        QVERIFY(!m_pipeline->admit(*followUp));
        auto answer = run(followUp);
        QTRY_VERIFY(!answer->response.isEmpty());
        QCOMPARE(answer->response.value(QLatin1String("choices"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("message"))
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString(),
            QStringLiteral("The tool returned: 18 degrees and sunny"));
    }

    void finishedCallFreesItsResponder()
    {
        // An ingress responder keeps the call's CancelCall and is kept by the callbacks it
        // passed: once the call ended, nothing may keep either alive (this cycle leaked ~6 KB per
        // request before).
        struct Responder
        {
            CancelCall cancel;
            bool done = false;
        };
        for (const bool stream : {false, true}) {
            auto ctx = context(stream
                    ? R"({"model":"mock-fast","stream":true,"messages":[{"role":"user","content":"hi"}]})"
                    : R"({"model":"mock-fast","messages":[{"role":"user","content":"hi"}]})");
            QVERIFY(!m_pipeline->admit(*ctx));
            auto responder = std::make_shared<Responder>();
            ChatCallbacks cb;
            cb.onChunk = [responder](const QJsonObject &, const QByteArray &) {};
            cb.onResponse = [responder](const QJsonObject &) { responder->done = true; };
            cb.onStreamEnd = [responder] { responder->done = true; };
            cb.onError = [responder](const GatewayError &, bool) { responder->done = true; };
            responder->cancel = m_pipeline->execute(ctx, std::move(cb));
            const std::weak_ptr<Responder> watch = responder;
            const std::weak_ptr<RequestContext> watchContext = ctx;
            QTRY_VERIFY(responder->done);
            responder.reset();
            ctx.reset();
            QVERIFY(watch.expired());
            QVERIFY(watchContext.expired());
        }
    }

    void cancelledCallFreesItsResponder()
    {
        struct Responder
        {
            CancelCall cancel;
        };
        auto ctx
            = context(R"({"model":"mock-fast","stream":true,"messages":[{"role":"user","content":"hi"}]})");
        QVERIFY(!m_pipeline->admit(*ctx));
        auto responder = std::make_shared<Responder>();
        ChatCallbacks cb;
        cb.onChunk = [responder](const QJsonObject &, const QByteArray &) {};
        cb.onResponse = [responder](const QJsonObject &) {};
        cb.onStreamEnd = [responder] {};
        cb.onError = [responder](const GatewayError &, bool) {};
        responder->cancel = m_pipeline->execute(ctx, std::move(cb));
        const std::weak_ptr<Responder> watch = responder;
        responder->cancel(); // the client went away
        responder.reset();
        ctx.reset();
        QVERIFY(watch.expired());
    }

    void embeddingModelRefusedForChat()
    {
        auto ctx = context(R"({"model":"mock-embed","messages":[{"role":"user","content":"x"}]})");
        QVERIFY(!m_pipeline->admit(*ctx));
        auto out = run(ctx);
        QTRY_VERIFY(out->error.has_value());
        QCOMPARE(out->error->status, 400);
        QVERIFY(!out->midStream);
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
