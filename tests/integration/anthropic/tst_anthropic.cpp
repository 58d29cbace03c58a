// SPDX-License-Identifier: MIT
// Anthropic both ways through real sockets: OpenAI clients served by a fake Anthropic upstream
// (translated), Anthropic clients (/v1/messages) served by it natively and by an OpenAI-compatible
// fake (translated), with the upstream checking requests the way api.anthropic.com does.
// JSON literals read best as plain strings here: the product code's cast guard is lifted.
#undef QT_NO_CAST_FROM_ASCII
#include "fakeanthropic.h"
#include "fakeupstream.h"
#include "testclient.h"
#include "testgateway.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using Headers = QList<QPair<QByteArray, QByteArray>>;

class TestAnthropic : public QObject
{
    Q_OBJECT

    FakeUpstream m_claude; ///< provider "claude" (Anthropic)
    FakeUpstream m_oai; ///< provider "oai" (OpenAI-compatible)
    TestGateway m_gateway;
    std::unique_ptr<TestClient> m_client;

    std::shared_ptr<TestResponse> post(const QByteArray &path, const QJsonObject &body, Headers headers = {});
    std::shared_ptr<TestResponse> chat(const QJsonObject &body) { return post("/v1/chat/completions", body); }
    std::shared_ptr<TestResponse> messages(const QJsonObject &body, Headers headers = {});
    static QJsonObject userChat(const QString &model, const QString &text, bool stream = false);
    static QJsonObject userMessages(const QString &model, const QString &text, bool stream = false);
    static QJsonArray weatherTool();
    static QJsonArray weatherToolAnthropic();
    /// Event names of an Anthropic SSE body, in order.
    static QStringList eventNames(const std::shared_ptr<TestResponse> &r);
    /// The last request the fake Anthropic upstream got.
    QJsonObject upstreamBody() const { return m_claude.requests().last().json(); }

private Q_SLOTS:
    void initTestCase();
    void init();

    // OpenAI client -> Anthropic upstream
    void openAIPlainNotStreamed();
    void openAIPlainStreamed();
    void openAIToolsNotStreamed();
    void openAIToolsStreamedArgumentsArriveInFragments();
    void openAIToolResultRoundTrip();
    void openAIImagesBase64AndUrl();
    void openAIJsonSchemaAndJsonMode();
    void openAISamplingStopAndDefaults();
    void cachedTokensArePricedAtTheirOwnPrices();
    void cachedTokensStreamedToo();
    void overloadedFallsBackToTheNextCandidate();
    void rateLimitKeepsRetryAfter();
    void refusedKeyIsA502();
    void overloadedMidStreamIsAnErrorEvent();

    // Anthropic client -> Anthropic upstream (native)
    void nativeRelayKeepsThinkingCacheControlAndBetaHeaders();
    void nativeStreamIsRelayedEventForEvent();
    void nativeUpstreamErrorsUseTheAnthropicEnvelope();

    // Anthropic client -> OpenAI-compatible upstream (translated)
    void anthropicClientOnOpenAIUpstreamNotStreamed();
    void anthropicClientOnOpenAIUpstreamStreamedInAnthropicOrder();
    void anthropicClientOnOpenAIUpstreamStreamedTools();
    void anthropicClientToolResultsBecomeToolMessages();
    void anthropicClientMidStreamFailureIsAnErrorEvent();

    // The ingress itself
    void messagesValidationErrorsAreAnthropicEnvelopes_data();
    void messagesValidationErrorsAreAnthropicEnvelopes();
    void unknownModelIsAnthropicNotFound();
    void countTokensIsAnEstimateAndSaysSo();
};

std::shared_ptr<TestResponse> TestAnthropic::post(
    const QByteArray &path, const QJsonObject &body, Headers headers)
{
    auto r = m_client->post(path, QJsonDocument(body).toJson(QJsonDocument::Compact), std::move(headers));
    if (!TestClient::wait(r))
        qWarning("request timed out");
    return r;
}

std::shared_ptr<TestResponse> TestAnthropic::messages(const QJsonObject &body, Headers headers)
{
    headers.emplaceBack("anthropic-version", "2023-06-01");
    headers.emplaceBack("x-api-key", "sk-client");
    return post("/v1/messages", body, std::move(headers));
}

QJsonObject TestAnthropic::userChat(const QString &model, const QString &text, bool stream)
{
    QJsonObject b {
        {"model", model}, {"messages", QJsonArray {QJsonObject {{"role", "user"}, {"content", text}}}}};
    if (stream) {
        b.insert("stream", true);
        b.insert("stream_options", QJsonObject {{"include_usage", true}});
    }
    return b;
}

QJsonObject TestAnthropic::userMessages(const QString &model, const QString &text, bool stream)
{
    QJsonObject b {{"model", model}, {"max_tokens", 256},
        {"messages", QJsonArray {QJsonObject {{"role", "user"}, {"content", text}}}}};
    if (stream)
        b.insert("stream", true);
    return b;
}

QJsonArray TestAnthropic::weatherTool()
{
    return {QJsonObject {{"type", "function"},
        {"function",
            QJsonObject {{"name", "get_weather"}, {"description", "Current weather"},
                {"parameters",
                    QJsonObject {{"type", "object"},
                        {"properties", QJsonObject {{"city", QJsonObject {{"type", "string"}}}}},
                        {"required", QJsonArray {"city"}}}}}}}};
}

QJsonArray TestAnthropic::weatherToolAnthropic()
{
    return {QJsonObject {{"name", "get_weather"}, {"description", "Current weather"},
        {"input_schema",
            QJsonObject {{"type", "object"},
                {"properties", QJsonObject {{"city", QJsonObject {{"type", "string"}}}}},
                {"required", QJsonArray {"city"}}}}}};
}

QStringList TestAnthropic::eventNames(const std::shared_ptr<TestResponse> &r)
{
    QStringList names;
    for (const QByteArray &line : r->body.split('\n')) {
        if (line.startsWith("event: "))
            names << QString::fromUtf8(line.mid(7).trimmed());
    }
    return names;
}

void TestAnthropic::initTestCase()
{
    QVERIFY(m_claude.listen());
    QVERIFY(m_oai.listen());
    const QByteArray config = QStringLiteral(R"({
        "providers": [
          { "id": "claude", "type": "anthropic", "baseUrl": "%1", "apiKey": "sk-ant-fake",
            "models": ["claude-sonnet-4-5", "claude-haiku-4-5", "fail-529", "fail-429", "fail-401",
                       "overloaded-stream", "cut-stream"] },
          { "id": "oai", "type": "openai", "baseUrl": "%2", "apiKey": "sk-oai", "models": ["gpt-4o-mini"] }
        ],
        "routing": { "fallbacks": { "fail-529": ["gpt-4o-mini"] } }
    })")
                                  .arg(m_claude.rootUrl(), m_oai.baseUrl())
                                  .toUtf8();
    QString error;
    QVERIFY2(m_gateway.start(config, &error), qPrintable(error));
    m_client = std::make_unique<TestClient>(m_gateway.port());
}

void TestAnthropic::init()
{
    m_claude.reset();
    m_oai.reset();
    m_gateway.rows.clear();
}

// --- OpenAI client -> Anthropic upstream --------------------------------------------------------

void TestAnthropic::openAIPlainNotStreamed()
{
    QJsonObject body = userChat("claude-sonnet-4-5", "Say hello");
    QJsonArray msgs = body.value("messages").toArray();
    msgs.prepend(QJsonObject {{"role", "system"}, {"content", "You are terse."}});
    body.insert("messages", msgs);
    auto r = chat(body);
    QCOMPARE(r->status, 200);
    const QJsonObject c = r->json();
    QCOMPARE(c.value("object").toString(), QStringLiteral("chat.completion"));
    const QJsonObject choice = c.value("choices").toArray().first().toObject();
    QCOMPARE(choice.value("message").toObject().value("content").toString(),
        QStringLiteral("Hello from the fake Anthropic upstream."));
    QCOMPARE(choice.value("finish_reason").toString(), QStringLiteral("stop"));
    QCOMPARE(c.value("usage").toObject().value("prompt_tokens").toInt(), 25);
    QCOMPARE(c.value("usage").toObject().value("completion_tokens").toInt(), 12);
    QCOMPARE(c.value("x-gateway").toObject().value("provider").toString(), QStringLiteral("claude"));

    const FakeRequest &up = m_claude.requests().last();
    QCOMPARE(up.path(), QByteArray("/v1/messages"));
    QCOMPARE(up.header("x-api-key"), QByteArray("sk-ant-fake"));
    QCOMPARE(up.header("anthropic-version"), QByteArray("2023-06-01"));
    QVERIFY(up.header("authorization").isEmpty());
    const QJsonObject sent = up.json();
    QCOMPARE(sent.value("system").toString(), QStringLiteral("You are terse."));
    QCOMPARE(sent.value("messages").toArray().size(), 1);
    // No max_tokens from the client: the catalog's output limit of the model.
    QCOMPARE(sent.value("max_tokens").toInt(), 64000);
    QVERIFY(!sent.contains("stream"));
}

void TestAnthropic::openAIPlainStreamed()
{
    auto r = chat(userChat("claude-sonnet-4-5", "Say hello", true));
    QCOMPARE(r->status, 200);
    QCOMPARE(r->events.last(), QByteArray("[DONE]"));
    QString text;
    QString finish;
    QJsonObject usage;
    for (qsizetype i = 0; i + 1 < r->events.size(); ++i) {
        const QJsonObject chunk = r->event(i);
        QCOMPARE(chunk.value("object").toString(), QStringLiteral("chat.completion.chunk"));
        const QJsonObject choice = chunk.value("choices").toArray().first().toObject();
        text += choice.value("delta").toObject().value("content").toString();
        if (choice.value("finish_reason").isString())
            finish = choice.value("finish_reason").toString();
        if (chunk.value("usage").isObject())
            usage = chunk.value("usage").toObject();
    }
    QCOMPARE(text, QStringLiteral("Hello from the fake Anthropic upstream."));
    QCOMPARE(finish, QStringLiteral("stop"));
    QCOMPARE(usage.value("prompt_tokens").toInt(), 25);
    QCOMPARE(usage.value("completion_tokens").toInt(), 12);
    QVERIFY(r->event(r->events.size() - 2).contains("x-gateway"));
    QVERIFY(upstreamBody().value("stream").toBool());
    QTRY_COMPARE(m_gateway.rows.size(), 1);
    QCOMPARE(m_gateway.rows.last().completionTokens, 12);
}

void TestAnthropic::openAIToolsNotStreamed()
{
    QJsonObject body = userChat("claude-sonnet-4-5", "Weather in Paris?");
    body.insert("tools", weatherTool());
    body.insert("tool_choice", "required");
    body.insert("parallel_tool_calls", false);
    auto r = chat(body);
    QCOMPARE(r->status, 200);
    const QJsonObject choice = r->json().value("choices").toArray().first().toObject();
    QCOMPARE(choice.value("finish_reason").toString(), QStringLiteral("tool_calls"));
    const QJsonObject msg = choice.value("message").toObject();
    QCOMPARE(msg.value("content").toString(), QStringLiteral("I'll look that up."));
    const QJsonObject call = msg.value("tool_calls").toArray().first().toObject();
    QCOMPARE(call.value("id").toString(), QStringLiteral("toolu_01FakeToolUse000001"));
    QCOMPARE(call.value("function").toObject().value("name").toString(), QStringLiteral("get_weather"));
    QCOMPARE(QJsonDocument::fromJson(call.value("function").toObject().value("arguments").toString().toUtf8())
                 .object(),
        QJsonObject({{"city", "Paris"}}));
    const QJsonObject sent = upstreamBody();
    const QJsonObject tool = sent.value("tools").toArray().first().toObject();
    QCOMPARE(tool.value("name").toString(), QStringLiteral("get_weather"));
    QCOMPARE(tool.value("input_schema").toObject().value("required").toArray(), QJsonArray({"city"}));
    QCOMPARE(sent.value("tool_choice").toObject(),
        QJsonObject({{"type", "any"}, {"disable_parallel_tool_use", true}}));
}

void TestAnthropic::openAIToolsStreamedArgumentsArriveInFragments()
{
    QJsonObject body = userChat("claude-sonnet-4-5", "Weather in Paris?", true);
    body.insert("tools", weatherTool());
    auto r = chat(body);
    QCOMPARE(r->status, 200);
    QString args;
    QString id;
    int fragments = 0;
    QString finish;
    for (qsizetype i = 0; i + 1 < r->events.size(); ++i) {
        const QJsonObject choice = r->event(i).value("choices").toArray().first().toObject();
        for (const QJsonValue &v : choice.value("delta").toObject().value("tool_calls").toArray()) {
            const QJsonObject tc = v.toObject();
            QCOMPARE(tc.value("index").toInt(), 0);
            if (tc.contains("id")) {
                id = tc.value("id").toString();
                QCOMPARE(
                    tc.value("function").toObject().value("name").toString(), QStringLiteral("get_weather"));
            }
            const QString part = tc.value("function").toObject().value("arguments").toString();
            if (!part.isEmpty()) {
                ++fragments;
                args += part;
            }
        }
        if (choice.value("finish_reason").isString())
            finish = choice.value("finish_reason").toString();
    }
    QCOMPARE(id, QStringLiteral("toolu_01FakeToolUse000001"));
    QVERIFY2(fragments >= 2, "the arguments stream in several input_json_delta fragments");
    QCOMPARE(QJsonDocument::fromJson(args.toUtf8()).object(), QJsonObject({{"city", "Paris"}}));
    QCOMPARE(finish, QStringLiteral("tool_calls"));
}

void TestAnthropic::openAIToolResultRoundTrip()
{
    const QJsonArray msgs {QJsonObject {{"role", "user"}, {"content", "Weather in Paris?"}},
        QJsonObject {{"role", "assistant"}, {"content", ""},
            {"tool_calls",
                QJsonArray {QJsonObject {{"id", "call_abc.1"}, {"type", "function"},
                    {"function",
                        QJsonObject {{"name", "get_weather"}, {"arguments", "{\"city\":\"Paris\"}"}}}}}}},
        QJsonObject {{"role", "tool"}, {"tool_call_id", "call_abc.1"}, {"content", "sunny, 24C"}}};
    QJsonObject body {{"model", "claude-sonnet-4-5"}, {"messages", msgs}, {"tools", weatherTool()}};
    auto r = chat(body);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->json()
                 .value("choices")
                 .toArray()
                 .first()
                 .toObject()
                 .value("message")
                 .toObject()
                 .value("content")
                 .toString(),
        QStringLiteral("The tool said: sunny, 24C"));
    const QJsonArray sent = upstreamBody().value("messages").toArray();
    QCOMPARE(sent.size(), 3);
    const QJsonObject use = sent.at(1).toObject().value("content").toArray().first().toObject();
    QCOMPARE(use.value("type").toString(), QStringLiteral("tool_use"));
    // Ids Anthropic would refuse ('.') are made valid, the same way on both sides.
    QCOMPARE(use.value("id").toString(), QStringLiteral("call_abc_1"));
    const QJsonObject result = sent.at(2).toObject().value("content").toArray().first().toObject();
    QCOMPARE(result.value("tool_use_id").toString(), QStringLiteral("call_abc_1"));
}

void TestAnthropic::openAIImagesBase64AndUrl()
{
    const QJsonArray parts {QJsonObject {{"type", "text"}, {"text", "What is in these?"}},
        QJsonObject {{"type", "image_url"},
            {"image_url", QJsonObject {{"url", "data:image/png;base64,iVBORw0KGgo="}}}},
        QJsonObject {
            {"type", "image_url"}, {"image_url", QJsonObject {{"url", "https://example.com/cat.jpg"}}}}};
    QJsonObject body {{"model", "claude-sonnet-4-5"},
        {"messages", QJsonArray {QJsonObject {{"role", "user"}, {"content", parts}}}}};
    auto r = chat(body);
    QCOMPARE(r->status, 200);
    const QJsonArray blocks
        = upstreamBody().value("messages").toArray().first().toObject().value("content").toArray();
    QCOMPARE(blocks.size(), 3);
    QCOMPARE(blocks.at(1).toObject().value("source").toObject(),
        QJsonObject({{"type", "base64"}, {"media_type", "image/png"}, {"data", "iVBORw0KGgo="}}));
    QCOMPARE(blocks.at(2).toObject().value("source").toObject(),
        QJsonObject({{"type", "url"}, {"url", "https://example.com/cat.jpg"}}));
}

void TestAnthropic::openAIJsonSchemaAndJsonMode()
{
    const QJsonObject schema {{"type", "object"},
        {"properties", QJsonObject {{"city", QJsonObject {{"type", "string"}}}}},
        {"required", QJsonArray {"city"}}, {"additionalProperties", false}};
    QJsonObject body = userChat("claude-sonnet-4-5", "Where?");
    body.insert("response_format",
        QJsonObject {
            {"type", "json_schema"}, {"json_schema", QJsonObject {{"name", "place"}, {"schema", schema}}}});
    auto r = chat(body);
    QCOMPARE(r->status, 200);
    QCOMPARE(upstreamBody().value("output_config").toObject().value("format").toObject(),
        QJsonObject({{"type", "json_schema"}, {"schema", schema}}));
    const QString content = r->json()
                                .value("choices")
                                .toArray()
                                .first()
                                .toObject()
                                .value("message")
                                .toObject()
                                .value("content")
                                .toString();
    QVERIFY(QJsonDocument::fromJson(content.toUtf8()).isObject());

    body.insert("response_format", QJsonObject {{"type", "json_object"}});
    r = chat(body);
    QCOMPARE(r->status, 200);
    QVERIFY(!upstreamBody().contains("output_config"));
    QVERIFY2(upstreamBody().value("system").toString().contains("JSON object"),
        "JSON mode becomes a system instruction");
}

void TestAnthropic::openAISamplingStopAndDefaults()
{
    QJsonObject body = userChat("claude-haiku-4-5", "Count");
    body.insert("temperature", 1.6);
    body.insert("top_p", 0.9);
    body.insert("stop", "END");
    body.insert("max_tokens", 100);
    body.insert("seed", 4);
    body.insert("user", "alice");
    auto r = chat(body);
    QCOMPARE(r->status, 200); // the fake refuses temperature > 1, temperature with top_p, unknown fields
    const QJsonObject sent = upstreamBody();
    QCOMPARE(sent.value("temperature").toDouble(), 1.0);
    QVERIFY(!sent.contains("top_p"));
    QCOMPARE(sent.value("stop_sequences").toArray(), QJsonArray({"END"}));
    QCOMPARE(sent.value("max_tokens").toInt(), 100);
    QCOMPARE(sent.value("metadata").toObject().value("user_id").toString(), QStringLiteral("alice"));
    QVERIFY(!sent.contains("seed"));

    body.insert("n", 2);
    r = chat(body);
    QCOMPARE(r->status, 400);
    QCOMPARE(r->json().value("error").toObject().value("param").toString(), QStringLiteral("n"));
}

void TestAnthropic::cachedTokensArePricedAtTheirOwnPrices()
{
    // claude-sonnet-4-5: input $3, cache read $0.30, cache write $3.75, output $15 per 1M.
    // 100 input + 1000 read + 500 written + 200 output
    //   = (100*3 + 1000*0.3 + 500*3.75 + 200*15) / 1e6 = $0.005475
    m_claude.enqueue(FakeReply::json(200,
        FakeAnthropic::message("claude-sonnet-4-5-20250929",
            {QJsonObject {{"type", "text"}, {"text", "cached"}}}, "end_turn",
            FakeAnthropic::usage(100, 200, 1000, 500))));
    auto r = chat(userChat("claude-sonnet-4-5", "Long cached prompt"));
    QCOMPARE(r->status, 200);
    const QJsonObject usage = r->json().value("usage").toObject();
    QCOMPARE(usage.value("prompt_tokens").toInt(), 1600); // OpenAI semantics: cached tokens are part of it
    QCOMPARE(usage.value("completion_tokens").toInt(), 200);
    QCOMPARE(usage.value("prompt_tokens_details").toObject().value("cached_tokens").toInt(), 1000);
    QCOMPARE(usage.value("prompt_tokens_details").toObject().value("cache_write_tokens").toInt(), 500);
    QCOMPARE(r->json().value("x-gateway").toObject().value("cost_usd").toDouble(), 0.005475);
    QTRY_COMPARE(m_gateway.rows.size(), 1);
    QCOMPARE(m_gateway.rows.last().costUsd, 0.005475);
    QCOMPARE(m_gateway.rows.last().cachedTokens, 1000);
}

void TestAnthropic::cachedTokensStreamedToo()
{
    const QJsonObject msg = FakeAnthropic::message("claude-sonnet-4-5-20250929",
        {QJsonObject {{"type", "text"}, {"text", "cached"}}}, "end_turn",
        FakeAnthropic::usage(100, 200, 1000, 500));
    m_claude.enqueue(FakeAnthropic::events(FakeAnthropic::streamOf(msg)));
    auto r = chat(userChat("claude-sonnet-4-5", "Long cached prompt", true));
    QCOMPARE(r->status, 200);
    const QJsonObject last = r->event(r->events.size() - 2);
    QCOMPARE(last.value("usage").toObject().value("prompt_tokens").toInt(), 1600);
    QCOMPARE(last.value("x-gateway").toObject().value("cost_usd").toDouble(), 0.005475);
}

void TestAnthropic::overloadedFallsBackToTheNextCandidate()
{
    auto r = chat(userChat("fail-529", "hi"));
    QCOMPARE(r->status, 200);
    const QJsonObject gw = r->json().value("x-gateway").toObject();
    QCOMPARE(gw.value("provider").toString(), QStringLiteral("oai"));
    QCOMPARE(gw.value("attempts").toInt(), 2);
    QCOMPARE(gw.value("fallback_used").toBool(), true);
    QCOMPARE(m_claude.requests().size(), 1);
}

void TestAnthropic::rateLimitKeepsRetryAfter()
{
    auto r = chat(userChat("fail-429", "hi"));
    QCOMPARE(r->status, 429);
    QCOMPARE(r->header("Retry-After"), QByteArray("7"));
    QCOMPARE(r->json().value("error").toObject().value("code").toString(),
        QStringLiteral("upstream_rate_limited"));
    // The same refusal to an Anthropic client: its own envelope, same status and Retry-After.
    auto a = messages(userMessages("fail-429", "hi"));
    QCOMPARE(a->status, 429);
    QCOMPARE(a->header("Retry-After"), QByteArray("7"));
    QCOMPARE(a->json().value("type").toString(), QStringLiteral("error"));
    QCOMPARE(
        a->json().value("error").toObject().value("type").toString(), QStringLiteral("rate_limit_error"));
}

void TestAnthropic::refusedKeyIsA502()
{
    auto r = chat(userChat("fail-401", "hi"));
    QCOMPARE(r->status, 502);
    QCOMPARE(
        r->json().value("error").toObject().value("code").toString(), QStringLiteral("upstream_auth_failed"));
    QVERIFY(!r->body.contains("sk-ant-fake"));
}

void TestAnthropic::overloadedMidStreamIsAnErrorEvent()
{
    auto r = chat(userChat("overloaded-stream", "hi", true));
    QCOMPARE(r->status, 200);
    QVERIFY(!r->events.contains("[DONE]"));
    const QJsonObject error = r->event(r->events.size() - 1).value("error").toObject();
    QCOMPARE(error.value("code").toString(), QStringLiteral("upstream_overloaded"));
    QVERIFY(r->events.size() >= 2);
    QTRY_COMPARE(m_gateway.rows.size(), 1);
    QCOMPARE(m_gateway.rows.last().status, 529);
}

// --- Anthropic client -> Anthropic upstream (native) --------------------------------------------

void TestAnthropic::nativeRelayKeepsThinkingCacheControlAndBetaHeaders()
{
    const QJsonArray system {QJsonObject {{"type", "text"}, {"text", "You are a careful assistant."},
        {"cache_control", QJsonObject {{"type", "ephemeral"}}}}};
    const QJsonArray msgs {QJsonObject {{"role", "user"}, {"content", "First question"}},
        QJsonObject {{"role", "assistant"},
            {"content",
                QJsonArray {QJsonObject {{"type", "thinking"}, {"thinking", "Earlier thoughts."},
                                {"signature", FakeAnthropic::kSignature}},
                    QJsonObject {{"type", "text"}, {"text", "Earlier answer."}}}}},
        QJsonObject {{"role", "user"}, {"content", "Second question"}}};
    const QJsonObject body {{"model", "claude-sonnet-4-5"}, {"max_tokens", 2048}, {"system", system},
        {"messages", msgs}, {"thinking", QJsonObject {{"type", "enabled"}, {"budget_tokens", 1024}}},
        {"service_tier", "auto"}};
    auto r = messages(body, {{"anthropic-beta", "interleaved-thinking-2025-05-14,context-1m-2025-08-07"}});
    QVERIFY2(r->status == 200, r->body.constData());
    const FakeRequest &up = m_claude.requests().last();
    QCOMPARE(
        up.header("anthropic-beta"), QByteArray("interleaved-thinking-2025-05-14,context-1m-2025-08-07"));
    QCOMPARE(up.header("x-api-key"), QByteArray("sk-ant-fake")); // ours, never the client's
    QJsonObject expected = body;
    QCOMPARE(up.json(), expected); // byte for byte what the client sent (model unchanged here)
    const QJsonObject answer = r->json();
    QCOMPARE(answer.value("type").toString(), QStringLiteral("message"));
    const QJsonObject thinking = answer.value("content").toArray().first().toObject();
    QCOMPARE(thinking.value("type").toString(), QStringLiteral("thinking"));
    QCOMPARE(thinking.value("signature").toString(), QString::fromLatin1(FakeAnthropic::kSignature));
    QCOMPARE(answer.value("model").toString(), QStringLiteral("claude-sonnet-4-5-20250929"));
    QCOMPARE(answer.value("x-gateway").toObject().value("provider").toString(), QStringLiteral("claude"));
    QVERIFY(!r->header("request-id").isEmpty());
    QTRY_COMPARE(m_gateway.rows.size(), 1);
    QCOMPARE(m_gateway.rows.last().promptTokens, 25);

    // The client's API version goes up as it sent it, once.
    r = post("/v1/messages", userMessages("claude-sonnet-4-5", "hi"),
        {{"anthropic-version", "2024-01-01"}, {"x-api-key", "k"}});
    QCOMPARE(r->status, 200);
    int versions = 0;
    for (const auto &h : m_claude.requests().last().headers)
        versions += h.first.compare("anthropic-version", Qt::CaseInsensitive) == 0 ? 1 : 0;
    QCOMPARE(versions, 1);
    QCOMPARE(m_claude.requests().last().header("anthropic-version"), QByteArray("2024-01-01"));
}

void TestAnthropic::nativeStreamIsRelayedEventForEvent()
{
    QJsonObject body = userMessages("claude-sonnet-4-5", "Weather?", true);
    body.insert("tools", weatherToolAnthropic());
    auto r = messages(body);
    QCOMPARE(r->status, 200);
    const QJsonObject msg = FakeAnthropic::message("claude-sonnet-4-5-20250929",
        {QJsonObject {{"type", "text"}, {"text", "I'll look that up."}},
            QJsonObject {{"type", "tool_use"}, {"id", "toolu_01FakeToolUse000001"}, {"name", "get_weather"},
                {"input", QJsonObject {{"city", "Paris"}}}}},
        "tool_use", FakeAnthropic::usage(25, 12));
    const auto expected = FakeAnthropic::streamOf(msg);
    QCOMPARE(r->events.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i)
        QCOMPARE(r->event(i), expected.at(i).second);
    QCOMPARE(eventNames(r).first(), QStringLiteral("message_start"));
    QCOMPARE(eventNames(r).last(), QStringLiteral("message_stop"));
    QTRY_COMPARE(m_gateway.rows.size(), 1);
    QCOMPARE(m_gateway.rows.last().promptTokens, 25);
    QCOMPARE(m_gateway.rows.last().completionTokens, 12);
    QVERIFY(m_gateway.rows.last().streamed);
}

void TestAnthropic::nativeUpstreamErrorsUseTheAnthropicEnvelope()
{
    auto r = messages(userMessages("fail-401", "hi"));
    QCOMPARE(r->status, 502);
    QCOMPARE(r->json().value("error").toObject().value("type").toString(), QStringLiteral("api_error"));
    QVERIFY(r->json().value("error").toObject().value("message").toString().contains(
        "refused Switchyard's API key"));

    r = messages(userMessages("overloaded-stream", "hi", true));
    QCOMPARE(r->status, 200);
    QCOMPARE(eventNames(r).last(), QStringLiteral("error"));
    QVERIFY(!eventNames(r).contains("message_stop"));
    QCOMPARE(r->event(r->events.size() - 1).value("error").toObject().value("type").toString(),
        QStringLiteral("overloaded_error"));

    // A stream that breaks off is an error too, never a clean end.
    r = messages(userMessages("cut-stream", "hi", true));
    QCOMPARE(eventNames(r).last(), QStringLiteral("error"));
}

// --- Anthropic client -> OpenAI-compatible upstream ---------------------------------------------

void TestAnthropic::anthropicClientOnOpenAIUpstreamNotStreamed()
{
    QJsonObject body = userMessages("gpt-4o-mini", "Say hello");
    body.insert("system", "Be brief.");
    body.insert("stop_sequences", QJsonArray {"STOP"});
    body.insert("metadata", QJsonObject {{"user_id", "u-1"}});
    auto r = messages(body);
    QCOMPARE(r->status, 200);
    const QJsonObject m = r->json();
    QCOMPARE(m.value("type").toString(), QStringLiteral("message"));
    QCOMPARE(m.value("role").toString(), QStringLiteral("assistant"));
    QVERIFY(m.value("id").toString().startsWith("msg_"));
    QCOMPARE(m.value("content").toArray().first().toObject(),
        QJsonObject({{"type", "text"}, {"text", "Hello from the fake upstream."}}));
    QCOMPARE(m.value("stop_reason").toString(), QStringLiteral("end_turn"));
    QCOMPARE(m.value("usage").toObject().value("input_tokens").toInt(), 9);
    QCOMPARE(m.value("usage").toObject().value("output_tokens").toInt(), 12);
    const QJsonObject sent = m_oai.requests().last().json();
    QCOMPARE(sent.value("messages").toArray().first().toObject(),
        QJsonObject({{"role", "system"}, {"content", "Be brief."}}));
    QCOMPARE(sent.value("stop").toArray(), QJsonArray({"STOP"}));
    QCOMPARE(sent.value("user").toString(), QStringLiteral("u-1"));
    QCOMPARE(sent.value("max_tokens").toInt(), 256);
    QCOMPARE(m_oai.requests().last().header("authorization"), QByteArray("Bearer sk-oai"));
}

void TestAnthropic::anthropicClientOnOpenAIUpstreamStreamedInAnthropicOrder()
{
    auto r = messages(userMessages("gpt-4o-mini", "Say hello", true));
    QCOMPARE(r->status, 200);
    QVERIFY(r->header("Content-Type").startsWith("text/event-stream"));
    const QStringList names = eventNames(r);
    QCOMPARE(names.first(), QStringLiteral("message_start"));
    QCOMPARE(names.at(1), QStringLiteral("content_block_start"));
    QCOMPARE(names.at(2), QStringLiteral("ping"));
    QCOMPARE(
        names.mid(names.size() - 3), QStringList({"content_block_stop", "message_delta", "message_stop"}));
    QString text;
    for (qsizetype i = 0; i < r->events.size(); ++i) {
        const QJsonObject e = r->event(i);
        QCOMPARE(e.value("type").toString(), names.at(i)); // data type matches the event name
        if (e.value("type").toString() == QLatin1String("content_block_delta"))
            text += e.value("delta").toObject().value("text").toString();
    }
    QCOMPARE(text, QStringLiteral("Hello from the fake upstream."));
    const QJsonObject delta = r->event(r->events.size() - 2);
    QCOMPARE(delta.value("delta").toObject().value("stop_reason").toString(), QStringLiteral("end_turn"));
    QCOMPARE(delta.value("usage").toObject().value("output_tokens").toInt(), 12);
    QCOMPARE(delta.value("usage").toObject().value("input_tokens").toInt(), 9);
    QVERIFY(
        m_oai.requests().last().json().value("stream_options").toObject().value("include_usage").toBool());
}

void TestAnthropic::anthropicClientOnOpenAIUpstreamStreamedTools()
{
    QJsonObject body = userMessages("gpt-4o-mini", "Weather in Paris?", true);
    body.insert("tools", weatherToolAnthropic());
    body.insert("tool_choice", QJsonObject {{"type", "tool"}, {"name", "get_weather"}});
    auto r = messages(body);
    QCOMPARE(r->status, 200);
    QString json;
    QJsonObject start;
    int fragments = 0;
    for (qsizetype i = 0; i < r->events.size(); ++i) {
        const QJsonObject e = r->event(i);
        if (e.value("type").toString() == QLatin1String("content_block_start"))
            start = e.value("content_block").toObject();
        if (e.value("delta").toObject().value("type").toString() == QLatin1String("input_json_delta")) {
            json += e.value("delta").toObject().value("partial_json").toString();
            ++fragments;
        }
    }
    QCOMPARE(start.value("type").toString(), QStringLiteral("tool_use"));
    QCOMPARE(start.value("name").toString(), QStringLiteral("get_weather"));
    QCOMPARE(start.value("id").toString(), QStringLiteral("call_fake1"));
    QCOMPARE(fragments, 3); // as the upstream sent them, not gathered
    QCOMPARE(QJsonDocument::fromJson(json.toUtf8()).object(), QJsonObject({{"city", "Paris"}}));
    QCOMPARE(r->event(r->events.size() - 2).value("delta").toObject().value("stop_reason").toString(),
        QStringLiteral("tool_use"));
    const QJsonObject sent = m_oai.requests().last().json();
    QCOMPARE(sent.value("tool_choice").toObject(),
        QJsonObject({{"type", "function"}, {"function", QJsonObject {{"name", "get_weather"}}}}));
    QCOMPARE(sent.value("tools")
                 .toArray()
                 .first()
                 .toObject()
                 .value("function")
                 .toObject()
                 .value("parameters")
                 .toObject()
                 .value("required")
                 .toArray(),
        QJsonArray({"city"}));
}

void TestAnthropic::anthropicClientToolResultsBecomeToolMessages()
{
    const QJsonArray msgs {QJsonObject {{"role", "user"}, {"content", "Weather in Paris and Rome?"}},
        QJsonObject {{"role", "assistant"},
            {"content",
                QJsonArray {QJsonObject {{"type", "text"}, {"text", "Checking both."}},
                    QJsonObject {{"type", "tool_use"}, {"id", "toolu_1"}, {"name", "get_weather"},
                        {"input", QJsonObject {{"city", "Paris"}}}},
                    QJsonObject {{"type", "tool_use"}, {"id", "toolu_2"}, {"name", "get_weather"},
                        {"input", QJsonObject {{"city", "Rome"}}}}}}},
        QJsonObject {{"role", "user"},
            {"content",
                QJsonArray {
                    QJsonObject {{"type", "tool_result"}, {"tool_use_id", "toolu_1"}, {"content", "sunny"}},
                    QJsonObject {{"type", "tool_result"}, {"tool_use_id", "toolu_2"},
                        {"content", QJsonArray {QJsonObject {{"type", "text"}, {"text", "rain"}}}},
                        {"is_error", false}},
                    QJsonObject {{"type", "text"}, {"text", "Compare them."}}}}}};
    QJsonObject body {
        {"model", "gpt-4o-mini"}, {"max_tokens", 100}, {"messages", msgs}, {"tools", weatherToolAnthropic()}};
    auto r = messages(body);
    QCOMPARE(r->status, 200);
    const QJsonArray sent = m_oai.requests().last().json().value("messages").toArray();
    QCOMPARE(sent.size(), 5);
    const QJsonObject assistant = sent.at(1).toObject();
    QCOMPARE(assistant.value("content").toString(), QStringLiteral("Checking both."));
    QCOMPARE(assistant.value("tool_calls").toArray().size(), 2);
    QCOMPARE(assistant.value("tool_calls")
                 .toArray()
                 .at(1)
                 .toObject()
                 .value("function")
                 .toObject()
                 .value("arguments")
                 .toString(),
        QStringLiteral("{\"city\":\"Rome\"}"));
    QCOMPARE(sent.at(2).toObject(),
        QJsonObject({{"role", "tool"}, {"tool_call_id", "toolu_1"}, {"content", "sunny"}}));
    QCOMPARE(sent.at(3).toObject(),
        QJsonObject({{"role", "tool"}, {"tool_call_id", "toolu_2"}, {"content", "rain"}}));
    QCOMPARE(sent.at(4).toObject(), QJsonObject({{"role", "user"}, {"content", "Compare them."}}));
}

void TestAnthropic::anthropicClientMidStreamFailureIsAnErrorEvent()
{
    QList<QByteArray> events {FakeUpstream::chunk("gpt-4o-mini", {{"role", "assistant"}, {"content", "Hel"}}),
        FakeUpstream::chunk("gpt-4o-mini", {{"content", "lo"}})};
    FakeReply cut = FakeReply::sse(events, 5, false);
    cut.cut = true;
    m_oai.enqueue(cut);
    auto r = messages(userMessages("gpt-4o-mini", "hi", true));
    QCOMPARE(r->status, 200);
    const QStringList names = eventNames(r);
    QCOMPARE(names.first(), QStringLiteral("message_start"));
    QCOMPARE(names.last(), QStringLiteral("error"));
    QVERIFY(!names.contains("message_stop"));
    QCOMPARE(r->event(r->events.size() - 1).value("type").toString(), QStringLiteral("error"));
    QTRY_COMPARE(m_gateway.rows.size(), 1);
    QVERIFY(m_gateway.rows.last().status >= 500);
}

// --- the ingress --------------------------------------------------------------------------------

void TestAnthropic::messagesValidationErrorsAreAnthropicEnvelopes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << QByteArray("{\"model\":") << QStringLiteral("not valid JSON");
    QTest::newRow("no max_tokens") << QByteArray(
        R"({"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]})")
                                   << QStringLiteral("max_tokens: Field required");
    QTest::newRow("no model") << QByteArray(R"({"max_tokens":5,"messages":[{"role":"user","content":"x"}]})")
                              << QStringLiteral("model: Field required");
    QTest::newRow("bad role") << QByteArray(
        R"({"model":"m","max_tokens":5,"messages":[{"role":"robot","content":"x"}]})")
                              << QStringLiteral("messages.0.role");
    QTest::newRow("block without type")
        << QByteArray(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"text":"x"}]}]})")
        << QStringLiteral("messages.0.content.0.type: Field required");
    QTest::newRow("temperature above 1") << QByteArray(
        R"({"model":"m","max_tokens":5,"temperature":1.5,"messages":[{"role":"user","content":"x"}]})")
                                         << QStringLiteral("temperature");
}

void TestAnthropic::messagesValidationErrorsAreAnthropicEnvelopes()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    auto r = m_client->post("/v1/messages", body, {{"anthropic-version", "2023-06-01"}});
    QVERIFY(TestClient::wait(r));
    QCOMPARE(r->status, 400);
    const QJsonObject doc = r->json();
    QCOMPARE(doc.value("type").toString(), QStringLiteral("error"));
    QCOMPARE(doc.value("error").toObject().value("type").toString(), QStringLiteral("invalid_request_error"));
    QVERIFY2(
        doc.value("error").toObject().value("message").toString().contains(message), r->body.constData());
    QCOMPARE(m_claude.requests().size(), 0);
    QCOMPARE(m_oai.requests().size(), 0);
}

void TestAnthropic::unknownModelIsAnthropicNotFound()
{
    auto r = messages(userMessages("no-such-model", "hi"));
    QCOMPARE(r->status, 404);
    QCOMPARE(r->json().value("error").toObject().value("type").toString(), QStringLiteral("not_found_error"));
}

void TestAnthropic::countTokensIsAnEstimateAndSaysSo()
{
    QJsonObject body = userMessages("claude-sonnet-4-5", QString(400, u'a'));
    body.remove("max_tokens");
    body.insert("tools", weatherToolAnthropic());
    auto r = post("/v1/messages/count_tokens", body, {{"anthropic-version", "2023-06-01"}});
    QCOMPARE(r->status, 200);
    QCOMPARE(r->header("X-Switchyard-Token-Count"), QByteArray("estimate"));
    const int n = r->json().value("input_tokens").toInt();
    QVERIFY2(n > 100 && n < 200, QByteArray::number(n).constData()); // 400 chars ~ 100 tokens, plus the tool
    QCOMPARE(m_claude.requests().size(), 0);
    body.remove("messages");
    r = post("/v1/messages/count_tokens", body, {});
    QCOMPARE(r->status, 400);
    QCOMPARE(r->json().value("type").toString(), QStringLiteral("error"));
}

QTEST_GUILESS_MAIN(TestAnthropic)
#include "tst_anthropic.moc"
