// SPDX-License-Identifier: MIT
// Gemini as a provider through real sockets: OpenAI and Anthropic clients served by a fake Gemini
// upstream that checks requests the way generativelanguage.googleapis.com does (unknown fields,
// thought signatures on Gemini 3 function calls, API key errors).
// JSON literals read best as plain strings here: the product code's cast guard is lifted.
#undef QT_NO_CAST_FROM_ASCII
#include "fakegemini.h"
#include "fakeupstream.h"
#include "protocol/geminicontent.h"
#include "providers/geminiprovider.h"
#include "routing/catalog.h"
#include "testclient.h"
#include "testgateway.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using Headers = QList<QPair<QByteArray, QByteArray>>;

class TestGemini : public QObject
{
    Q_OBJECT

    FakeUpstream m_up; ///< providers "gemini" and "badkey"
    FakeUpstream m_backup; ///< provider "backup" (OpenAI-compatible)
    TestGateway m_gateway;
    std::unique_ptr<TestClient> m_client;

    std::shared_ptr<TestResponse> post(const QByteArray &path, const QJsonObject &body, Headers headers = {});
    std::shared_ptr<TestResponse> chat(const QJsonObject &body) { return post("/v1/chat/completions", body); }
    static QJsonObject userChat(const QString &model, const QString &text, bool stream = false);
    static QJsonArray weatherTool();
    /// Everything the streamed chunks of @p r say, gathered.
    struct Streamed
    {
        QString text;
        QString reasoning;
        QString finish;
        QJsonArray toolCalls;
        QJsonObject usage;
    };
    static Streamed gather(const std::shared_ptr<TestResponse> &r);
    QJsonObject upstreamBody() const { return m_up.requests().last().json(); }

private Q_SLOTS:
    void initTestCase();
    void init();

    void plainNotStreamed();
    void plainStreamedOverSse();
    void toolsNotStreamedCarryTheThoughtSignature();
    void toolsStreamed();
    void gemini3ReplaysTheSignatureItGot();
    void gemini3HistoryFromAnotherModelGetsTheStandIn();
    void imagesAudioAndJsonSchema();
    void thinkingTokensAreCompletionTokens();
    void cachedContentIsPricedAsCacheReads();
    void invalidKeyIsA502NotTheClientsFault();
    void rateLimitTakesGooglesRetryDelay();
    void overloadedFallsBack();
    void cutStreamIsAnError();
    void embeddings();
    void anthropicClientOnGeminiStreamedTools();
    void anthropicClientOnGeminiNotStreamed();
    void nativeRelayForGeminiClients();
};

std::shared_ptr<TestResponse> TestGemini::post(
    const QByteArray &path, const QJsonObject &body, Headers headers)
{
    auto r = m_client->post(path, QJsonDocument(body).toJson(QJsonDocument::Compact), std::move(headers));
    if (!TestClient::wait(r))
        qWarning("request timed out");
    return r;
}

QJsonObject TestGemini::userChat(const QString &model, const QString &text, bool stream)
{
    QJsonObject b {
        {"model", model}, {"messages", QJsonArray {QJsonObject {{"role", "user"}, {"content", text}}}}};
    if (stream) {
        b.insert("stream", true);
        b.insert("stream_options", QJsonObject {{"include_usage", true}});
    }
    return b;
}

QJsonArray TestGemini::weatherTool()
{
    return {QJsonObject {{"type", "function"},
        {"function",
            QJsonObject {{"name", "get_weather"}, {"description", "Current weather"},
                {"parameters",
                    QJsonObject {{"type", "object"},
                        {"properties", QJsonObject {{"city", QJsonObject {{"type", "string"}}}}},
                        {"required", QJsonArray {"city"}}, {"additionalProperties", false}}}}}}};
}

TestGemini::Streamed TestGemini::gather(const std::shared_ptr<TestResponse> &r)
{
    Streamed s;
    for (qsizetype i = 0; i + 1 < r->events.size(); ++i) {
        const QJsonObject chunk = r->event(i);
        if (chunk.value("usage").isObject())
            s.usage = chunk.value("usage").toObject();
        const QJsonObject choice = chunk.value("choices").toArray().first().toObject();
        const QJsonObject delta = choice.value("delta").toObject();
        s.text += delta.value("content").toString();
        s.reasoning += delta.value("reasoning_content").toString();
        for (const QJsonValue &v : delta.value("tool_calls").toArray())
            s.toolCalls.append(v);
        if (choice.value("finish_reason").isString())
            s.finish = choice.value("finish_reason").toString();
    }
    return s;
}

void TestGemini::initTestCase()
{
    QVERIFY(m_up.listen());
    QVERIFY(m_backup.listen());
    const QByteArray config = QStringLiteral(R"({
        "providers": [
          { "id": "gemini", "type": "gemini", "baseUrl": "%1/v1beta", "apiKey": "AIza-fake",
            "models": ["gemini-2.5-flash", "gemini-3-pro-preview", "gemini-x-thinking", "gemini-x-cached",
                       "fail-429", "fail-503", "cut-stream", "gemini-embedding-001"] },
          { "id": "badkey", "type": "gemini", "baseUrl": "%1/v1beta", "apiKey": "bad-key", "models": ["gemini-badkey"] },
          { "id": "backup", "type": "openai", "baseUrl": "%2", "models": ["backup-model"] }
        ],
        "models": [ { "id": "gemini-x-cached", "inputPer1M": 0.3, "outputPer1M": 2.5, "cachedInputPer1M": 0.03 } ],
        "routing": { "fallbacks": { "fail-503": ["backup-model"] } }
    })")
                                  .arg(m_up.rootUrl(), m_backup.baseUrl())
                                  .toUtf8();
    QString error;
    QVERIFY2(m_gateway.start(config, &error), qPrintable(error));
    m_client = std::make_unique<TestClient>(m_gateway.port());
}

void TestGemini::init()
{
    m_up.reset();
    m_backup.reset();
    m_gateway.rows.clear();
}

void TestGemini::plainNotStreamed()
{
    QJsonObject body = userChat("gemini-2.5-flash", "Say hello");
    QJsonArray msgs = body.value("messages").toArray();
    msgs.prepend(QJsonObject {{"role", "system"}, {"content", "Be brief."}});
    body.insert("messages", msgs);
    body.insert("max_tokens", 50);
    body.insert("temperature", 0.3);
    body.insert("stop", QJsonArray {"END"});
    auto r = chat(body);
    QCOMPARE(r->status, 200);
    const QJsonObject c = r->json();
    const QJsonObject choice = c.value("choices").toArray().first().toObject();
    QCOMPARE(choice.value("message").toObject().value("content").toString(),
        QStringLiteral("Hello from the fake Gemini upstream."));
    QCOMPARE(choice.value("finish_reason").toString(), QStringLiteral("stop"));
    QCOMPARE(c.value("usage").toObject().value("prompt_tokens").toInt(), 9);
    QCOMPARE(c.value("usage").toObject().value("completion_tokens").toInt(), 12);
    QCOMPARE(c.value("model").toString(), QStringLiteral("gemini-2.5-flash"));
    const FakeRequest &up = m_up.requests().last();
    QCOMPARE(up.target, QByteArray("/v1beta/models/gemini-2.5-flash:generateContent"));
    QCOMPARE(up.header("x-goog-api-key"), QByteArray("AIza-fake"));
    const QJsonObject sent = up.json();
    QCOMPARE(sent.value("systemInstruction").toObject(),
        QJsonObject({{"parts", QJsonArray {QJsonObject {{"text", "Be brief."}}}}}));
    QCOMPARE(sent.value("contents").toArray().first().toObject(),
        QJsonObject({{"role", "user"}, {"parts", QJsonArray {QJsonObject {{"text", "Say hello"}}}}}));
    QCOMPARE(sent.value("generationConfig").toObject(),
        QJsonObject({{"maxOutputTokens", 50}, {"temperature", 0.3}, {"stopSequences", QJsonArray {"END"}}}));
}

void TestGemini::plainStreamedOverSse()
{
    auto r = chat(userChat("gemini-2.5-flash", "Say hello", true));
    QCOMPARE(r->status, 200);
    QCOMPARE(m_up.requests().last().target,
        QByteArray("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"));
    QCOMPARE(r->events.last(), QByteArray("[DONE]"));
    const Streamed s = gather(r);
    QCOMPARE(s.text, QStringLiteral("Hello from the fake Gemini upstream."));
    QCOMPARE(s.finish, QStringLiteral("stop"));
    QCOMPARE(s.usage.value("prompt_tokens").toInt(), 9);
    QCOMPARE(s.usage.value("completion_tokens").toInt(), 6); // the last event's count
    QVERIFY(r->event(r->events.size() - 2).contains("x-gateway"));
    QTRY_COMPARE(m_gateway.rows.size(), 1);
    QCOMPARE(m_gateway.rows.last().completionTokens, 6);
}

void TestGemini::toolsNotStreamedCarryTheThoughtSignature()
{
    QJsonObject body = userChat("gemini-2.5-flash", "Weather in Paris?");
    body.insert("tools", weatherTool());
    body.insert("tool_choice",
        QJsonObject {{"type", "function"}, {"function", QJsonObject {{"name", "get_weather"}}}});
    auto r = chat(body);
    QCOMPARE(r->status, 200);
    const QJsonObject choice = r->json().value("choices").toArray().first().toObject();
    QCOMPARE(choice.value("finish_reason").toString(), QStringLiteral("tool_calls")); // Gemini says STOP
    const QJsonObject call
        = choice.value("message").toObject().value("tool_calls").toArray().first().toObject();
    QCOMPARE(call.value("function").toObject().value("name").toString(), QStringLiteral("get_weather"));
    QCOMPARE(QJsonDocument::fromJson(call.value("function").toObject().value("arguments").toString().toUtf8())
                 .object(),
        QJsonObject({{"city", "Paris"}}));
    QCOMPARE(
        GeminiContent::signatureOf(call.value("id").toString()), QString::fromLatin1(FakeGemini::kSignature));
    QCOMPARE(call.value("extra_content")
                 .toObject()
                 .value("google")
                 .toObject()
                 .value("thought_signature")
                 .toString(),
        QString::fromLatin1(FakeGemini::kSignature));
    const QJsonObject sent = upstreamBody();
    const QJsonObject decl = sent.value("tools")
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value("functionDeclarations")
                                 .toArray()
                                 .first()
                                 .toObject();
    QCOMPARE(decl.value("parametersJsonSchema").toObject(),
        weatherTool().first().toObject().value("function").toObject().value("parameters").toObject());
    QCOMPARE(sent.value("toolConfig").toObject(),
        QJsonObject({{"functionCallingConfig",
            QJsonObject {{"mode", "ANY"}, {"allowedFunctionNames", QJsonArray {"get_weather"}}}}}));
}

void TestGemini::toolsStreamed()
{
    QJsonObject body = userChat("gemini-2.5-flash", "Weather in Paris?", true);
    body.insert("tools", weatherTool());
    auto r = chat(body);
    QCOMPARE(r->status, 200);
    const Streamed s = gather(r);
    QCOMPARE(s.toolCalls.size(), 1);
    const QJsonObject call = s.toolCalls.first().toObject();
    QCOMPARE(call.value("index").toInt(), 0);
    QCOMPARE(call.value("type").toString(), QStringLiteral("function"));
    QCOMPARE(QJsonDocument::fromJson(call.value("function").toObject().value("arguments").toString().toUtf8())
                 .object(),
        QJsonObject({{"city", "Paris"}}));
    QCOMPARE(s.finish, QStringLiteral("tool_calls"));
}

void TestGemini::gemini3ReplaysTheSignatureItGot()
{
    QJsonObject body = userChat("gemini-3-pro-preview", "Weather in Paris?");
    body.insert("tools", weatherTool());
    auto first = chat(body);
    QCOMPARE(first->status, 200);
    const QJsonObject assistant
        = first->json().value("choices").toArray().first().toObject().value("message").toObject();
    const QString id = assistant.value("tool_calls").toArray().first().toObject().value("id").toString();
    // The client sends the conversation back as chat clients do: the assistant message with only
    // id/type/function in its tool calls, then the tool result.
    QJsonObject call = assistant.value("tool_calls").toArray().first().toObject();
    call.remove("extra_content");
    QJsonArray msgs = body.value("messages").toArray();
    msgs.append(QJsonObject {
        {"role", "assistant"}, {"content", QJsonValue::Null}, {"tool_calls", QJsonArray {call}}});
    msgs.append(QJsonObject {{"role", "tool"}, {"tool_call_id", id}, {"content", "{\"temp\":24}"}});
    body.insert("messages", msgs);
    auto second = chat(body);
    QVERIFY2(
        second->status == 200, second->body.constData()); // the fake refuses calls without their signature
    QCOMPARE(second->json()
                 .value("choices")
                 .toArray()
                 .first()
                 .toObject()
                 .value("message")
                 .toObject()
                 .value("content")
                 .toString(),
        QStringLiteral("The function said: {\"temp\":24}"));
    const QJsonArray contents = upstreamBody().value("contents").toArray();
    QCOMPARE(contents.size(), 3);
    const QJsonObject modelPart = contents.at(1).toObject().value("parts").toArray().first().toObject();
    QCOMPARE(modelPart.value("thoughtSignature").toString(), QString::fromLatin1(FakeGemini::kSignature));
    const QJsonObject response = contents.at(2)
                                     .toObject()
                                     .value("parts")
                                     .toArray()
                                     .first()
                                     .toObject()
                                     .value("functionResponse")
                                     .toObject();
    QCOMPARE(response.value("name").toString(), QStringLiteral("get_weather"));
    QCOMPARE(response.value("response").toObject(), QJsonObject({{"temp", 24}}));
}

void TestGemini::gemini3HistoryFromAnotherModelGetsTheStandIn()
{
    const QJsonArray msgs {QJsonObject {{"role", "user"}, {"content", "Weather?"}},
        QJsonObject {{"role", "assistant"}, {"content", QJsonValue::Null},
            {"tool_calls",
                QJsonArray {QJsonObject {{"id", "call_fromgpt"}, {"type", "function"},
                    {"function",
                        QJsonObject {{"name", "get_weather"}, {"arguments", "{\"city\":\"Rome\"}"}}}}}}},
        QJsonObject {{"role", "tool"}, {"tool_call_id", "call_fromgpt"}, {"content", "rain"}}};
    auto r
        = chat(QJsonObject {{"model", "gemini-3-pro-preview"}, {"messages", msgs}, {"tools", weatherTool()}});
    QVERIFY2(r->status == 200, r->body.constData());
    const QJsonObject part = upstreamBody()
                                 .value("contents")
                                 .toArray()
                                 .at(1)
                                 .toObject()
                                 .value("parts")
                                 .toArray()
                                 .first()
                                 .toObject();
    QCOMPARE(part.value("thoughtSignature").toString(), QString::fromLatin1(GeminiContent::kDummySignature));
    QCOMPARE(upstreamBody()
                 .value("contents")
                 .toArray()
                 .at(2)
                 .toObject()
                 .value("parts")
                 .toArray()
                 .first()
                 .toObject()
                 .value("functionResponse")
                 .toObject()
                 .value("response")
                 .toObject(),
        QJsonObject({{"result", "rain"}}));
}

void TestGemini::imagesAudioAndJsonSchema()
{
    const QJsonArray parts {QJsonObject {{"type", "text"}, {"text", "Describe"}},
        QJsonObject {{"type", "image_url"},
            {"image_url", QJsonObject {{"url", "data:image/png;base64,iVBORw0KGgo="}}}},
        QJsonObject {
            {"type", "image_url"}, {"image_url", QJsonObject {{"url", "https://example.com/cat.webp"}}}},
        QJsonObject {
            {"type", "input_audio"}, {"input_audio", QJsonObject {{"data", "UklGRg=="}, {"format", "wav"}}}}};
    const QJsonObject schema {
        {"type", "object"}, {"properties", QJsonObject {{"city", QJsonObject {{"type", "string"}}}}}};
    QJsonObject body {{"model", "gemini-2.5-flash"},
        {"messages", QJsonArray {QJsonObject {{"role", "user"}, {"content", parts}}}},
        {"response_format",
            QJsonObject {
                {"type", "json_schema"}, {"json_schema", QJsonObject {{"name", "p"}, {"schema", schema}}}}}};
    auto r = chat(body);
    QVERIFY2(r->status == 200, r->body.constData());
    const QJsonArray sent
        = upstreamBody().value("contents").toArray().first().toObject().value("parts").toArray();
    QCOMPARE(sent.at(1).toObject(),
        QJsonObject({{"inlineData", QJsonObject {{"mimeType", "image/png"}, {"data", "iVBORw0KGgo="}}}}));
    QCOMPARE(sent.at(2).toObject(),
        QJsonObject({{"fileData",
            QJsonObject {{"mimeType", "image/webp"}, {"fileUri", "https://example.com/cat.webp"}}}}));
    QCOMPARE(sent.at(3).toObject(),
        QJsonObject({{"inlineData", QJsonObject {{"mimeType", "audio/wav"}, {"data", "UklGRg=="}}}}));
    const QJsonObject gen = upstreamBody().value("generationConfig").toObject();
    QCOMPARE(gen.value("responseMimeType").toString(), QStringLiteral("application/json"));
    QCOMPARE(gen.value("responseJsonSchema").toObject(), schema);
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
}

void TestGemini::thinkingTokensAreCompletionTokens()
{
    QJsonObject body = userChat("gemini-x-thinking", "Think");
    body.insert("reasoning_effort", "low");
    auto r = chat(body);
    QCOMPARE(r->status, 200);
    const QJsonObject usage = r->json().value("usage").toObject();
    QCOMPARE(usage.value("completion_tokens").toInt(), 42); // 12 candidates + 30 thoughts, billed as output
    QCOMPARE(usage.value("completion_tokens_details").toObject().value("reasoning_tokens").toInt(), 30);
    QCOMPARE(upstreamBody().value("generationConfig").toObject().value("thinkingConfig").toObject(),
        QJsonObject({{"includeThoughts", true}, {"thinkingBudget", 1024}}));
}

void TestGemini::cachedContentIsPricedAsCacheReads()
{
    // 2009 prompt tokens of which 2000 cached, 12 output:
    //   (9 * 0.30 + 2000 * 0.03 + 12 * 2.50) / 1e6 = $0.0000927
    auto r = chat(userChat("gemini-x-cached", "Long cached prompt"));
    QCOMPARE(r->status, 200);
    const QJsonObject usage = r->json().value("usage").toObject();
    QCOMPARE(usage.value("prompt_tokens").toInt(), 2009);
    QCOMPARE(usage.value("prompt_tokens_details").toObject().value("cached_tokens").toInt(), 2000);
    QCOMPARE(r->json().value("x-gateway").toObject().value("cost_usd").toDouble(), 0.0000927);
}

void TestGemini::invalidKeyIsA502NotTheClientsFault()
{
    auto r = chat(userChat("gemini-badkey", "hi"));
    QCOMPARE(r->status, 502);
    QCOMPARE(
        r->json().value("error").toObject().value("code").toString(), QStringLiteral("upstream_auth_failed"));
    QVERIFY(!r->body.contains("bad-key"));
}

void TestGemini::rateLimitTakesGooglesRetryDelay()
{
    auto r = chat(userChat("fail-429", "hi"));
    QCOMPARE(r->status, 429);
    QCOMPARE(r->header("Retry-After"), QByteArray("7"));
}

void TestGemini::overloadedFallsBack()
{
    auto r = chat(userChat("fail-503", "hi"));
    QCOMPARE(r->status, 200);
    QCOMPARE(r->json().value("x-gateway").toObject().value("provider").toString(), QStringLiteral("backup"));
    QCOMPARE(r->json().value("x-gateway").toObject().value("attempts").toInt(), 2);
}

void TestGemini::cutStreamIsAnError()
{
    auto r = chat(userChat("cut-stream", "hi", true));
    QCOMPARE(r->status, 200);
    QVERIFY(!r->events.contains("[DONE]"));
    QVERIFY(r->event(r->events.size() - 1).contains("error"));
    QVERIFY(gather(r).finish.isEmpty());
}

void TestGemini::embeddings()
{
    auto r = post("/v1/embeddings",
        QJsonObject {{"model", "gemini-embedding-001"}, {"input", QJsonArray {"a", "b"}}, {"dimensions", 4}});
    QCOMPARE(r->status, 200);
    const QJsonArray data = r->json().value("data").toArray();
    QCOMPARE(data.size(), 2);
    QCOMPARE(data.at(1).toObject().value("embedding").toArray().size(), 4);
    QCOMPARE(
        m_up.requests().last().target, QByteArray("/v1beta/models/gemini-embedding-001:batchEmbedContents"));
    QCOMPARE(
        upstreamBody().value("requests").toArray().first().toObject().value("outputDimensionality").toInt(),
        4);
}

void TestGemini::anthropicClientOnGeminiStreamedTools()
{
    QJsonObject body {{"model", "gemini-3-pro-preview"}, {"max_tokens", 100}, {"stream", true},
        {"messages", QJsonArray {QJsonObject {{"role", "user"}, {"content", "Weather in Paris?"}}}},
        {"tools",
            QJsonArray {QJsonObject {{"name", "get_weather"},
                {"input_schema",
                    QJsonObject {{"type", "object"},
                        {"properties", QJsonObject {{"city", QJsonObject {{"type", "string"}}}}}}}}}}};
    auto r = post("/v1/messages", body, {{"anthropic-version", "2023-06-01"}});
    QCOMPARE(r->status, 200);
    QJsonObject toolUse;
    QString json;
    QString stop;
    for (qsizetype i = 0; i < r->events.size(); ++i) {
        const QJsonObject e = r->event(i);
        if (e.value("type").toString() == QLatin1String("content_block_start"))
            toolUse = e.value("content_block").toObject();
        json += e.value("delta").toObject().value("partial_json").toString();
        if (e.value("type").toString() == QLatin1String("message_delta"))
            stop = e.value("delta").toObject().value("stop_reason").toString();
    }
    QCOMPARE(toolUse.value("type").toString(), QStringLiteral("tool_use"));
    QCOMPARE(QJsonDocument::fromJson(json.toUtf8()).object(), QJsonObject({{"city", "Paris"}}));
    QCOMPARE(stop, QStringLiteral("tool_use"));
    // Claude-style clients replay the tool_use id: the signature travels in it back to Gemini 3.
    const QString id = toolUse.value("id").toString();
    QCOMPARE(GeminiContent::signatureOf(id), QString::fromLatin1(FakeGemini::kSignature));
    QJsonArray msgs = body.value("messages").toArray();
    msgs.append(QJsonObject {{"role", "assistant"},
        {"content",
            QJsonArray {QJsonObject {{"type", "tool_use"}, {"id", id}, {"name", "get_weather"},
                {"input", QJsonObject {{"city", "Paris"}}}}}}});
    msgs.append(QJsonObject {{"role", "user"},
        {"content",
            QJsonArray {QJsonObject {{"type", "tool_result"}, {"tool_use_id", id}, {"content", "sunny"}}}}});
    body.insert("messages", msgs);
    body.remove("stream");
    auto second = post("/v1/messages", body, {{"anthropic-version", "2023-06-01"}});
    QVERIFY2(second->status == 200, second->body.constData());
    QCOMPARE(second->json().value("content").toArray().first().toObject().value("text").toString(),
        QStringLiteral("The function said: {\"result\":\"sunny\"}"));
}

void TestGemini::anthropicClientOnGeminiNotStreamed()
{
    const QJsonObject body {{"model", "gemini-2.5-flash"}, {"max_tokens", 100}, {"system", "Be brief."},
        {"messages", QJsonArray {QJsonObject {{"role", "user"}, {"content", "Say hello"}}}}};
    auto r = post("/v1/messages", body, {{"anthropic-version", "2023-06-01"}});
    QCOMPARE(r->status, 200);
    const QJsonObject m = r->json();
    QCOMPARE(m.value("type").toString(), QStringLiteral("message"));
    QCOMPARE(m.value("content").toArray().first().toObject().value("text").toString(),
        QStringLiteral("Hello from the fake Gemini upstream."));
    QCOMPARE(m.value("usage").toObject().value("input_tokens").toInt(), 9);
    QCOMPARE(m.value("usage").toObject().value("output_tokens").toInt(), 12);
    QCOMPARE(upstreamBody()
                 .value("systemInstruction")
                 .toObject()
                 .value("parts")
                 .toArray()
                 .first()
                 .toObject()
                 .value("text")
                 .toString(),
        QStringLiteral("Be brief."));
}

void TestGemini::nativeRelayForGeminiClients()
{
    // What the Gemini ingress (a later issue) relies on: a Gemini client's own body goes up as
    // sent and the answer comes back as Gemini wrote it, with its usage accounted.
    Catalog catalog;
    UpstreamClient client;
    ProviderConfig config;
    config.id = QStringLiteral("gem");
    config.type = QStringLiteral("gemini");
    config.baseUrl = m_up.rootUrl() + QStringLiteral("/v1beta");
    config.apiKey = QStringLiteral("AIza-fake");
    GeminiProvider provider(config, catalog, &client);
    const QJsonObject geminiBody {{"contents",
                                      QJsonArray {QJsonObject {{"role", "user"},
                                          {"parts", QJsonArray {QJsonObject {{"text", "Hi"}}}}}}},
        {"generation_config", QJsonObject {{"temperature", 0.5}}}};
    for (const bool stream : {false, true}) {
        GatewayError error;
        auto canonical
            = GeminiContent::requestToOpenAI(geminiBody, QStringLiteral("gemini-2.5-flash"), stream, &error);
        QVERIFY(canonical);
        auto request = ChatRequest::fromOpenAIObject(*canonical, &error);
        QVERIFY(request);
        auto native = std::make_shared<NativeRequest>();
        native->protocol = WireProtocol::Gemini;
        native->body = geminiBody;
        ChatCall call {std::make_shared<const ChatRequest>(*request), QStringLiteral("gemini-2.5-flash"),
            "req_1", native};
        QList<QByteArray> raw;
        QJsonObject whole;
        Usage usage;
        bool ended = false;
        ChatCallbacks cb;
        cb.onNativeEvent
            = [&](const QByteArray &, const QJsonObject &, const QByteArray &bytes) { raw << bytes; };
        cb.onNativeResponse = [&](const QJsonObject &body) {
            whole = body;
            ended = true;
        };
        cb.onUsage = [&](const Usage &u) { usage = u; };
        cb.onStreamEnd = [&] { ended = true; };
        cb.onError = [&](const GatewayError &e, bool) { QFAIL(qPrintable(e.message)); };
        cb.onChunk
            = [&](const QJsonObject &, const QByteArray &) { QFAIL("a native relay yields no chunks"); };
        cb.onResponse = [&](const QJsonObject &) { QFAIL("a native relay yields no chat.completion"); };
        provider.chat(call, cb);
        QTRY_VERIFY(ended);
        QCOMPARE(m_up.requests().last().json(), geminiBody); // as the client sent it, snake_case and all
        QCOMPARE(usage.promptTokens, 9);
        if (stream) {
            QCOMPARE(raw.size(), 6); // one relayed event per upstream event
            QVERIFY(raw.first().startsWith("data: {\"candidates\""));
            QVERIFY(raw.first().endsWith("\n\n"));
            QCOMPARE(usage.completionTokens, 6);
        } else {
            QCOMPARE(whole.value("responseId").toString(), QStringLiteral("fakeGeminiResponse01"));
            QCOMPARE(usage.completionTokens, 12);
        }
    }
}

QTEST_GUILESS_MAIN(TestGemini)
#include "tst_gemini.moc"
