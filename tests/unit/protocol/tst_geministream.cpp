// SPDX-License-Identifier: MIT
// GeminiStreamReader (streamGenerateContent -> chunks) and GeminiStreamWriter (chunks ->
// streamGenerateContent): one row per construct, from the Gemini and OpenAI streaming docs.
// Row literals read best as plain strings: the product code's cast guard is lifted here.
#undef QT_NO_CAST_FROM_ASCII
#include "protocol/geministreamreader.h"
#include "protocol/geministreamwriter.h"
#include "protocol/sseparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include "jsonrows.h"

namespace {

using JsonRows::text;

QJsonArray A(const QByteArray &json)
{
    return JsonRows::array(json);
}

} // namespace

class TestGeminiStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reader_data();
    void reader();
    void readerFromCrlfFramedSse();
    void writer_data();
    void writer();
};

void TestGeminiStream::reader_data()
{
    QTest::addColumn<QByteArray>("responses");
    QTest::addColumn<QByteArray>("chunks");
    QTest::newRow("text in three events (streaming example)") << QByteArray(R"([
        {"candidates":[{"content":{"parts":[{"text":"The"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":10,"totalTokenCount":10},"modelVersion":"gemini-2.5-flash","responseId":"abc"},
        {"candidates":[{"content":{"parts":[{"text":" sky is"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":3,"totalTokenCount":13},"modelVersion":"gemini-2.5-flash","responseId":"abc"},
        {"candidates":[{"content":{"parts":[{"text":" blue."}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":5,"totalTokenCount":15},"modelVersion":"gemini-2.5-flash","responseId":"abc"}])")
                                                              << QByteArray(R"([
        {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"content":"The"},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"content":" sky is"},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"content":" blue."},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]},
        {"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":0}}}])");
    QTest::newRow("thought summary then answer, thoughts billed as output") << QByteArray(R"([
        {"candidates":[{"content":{"parts":[{"text":"**Considering the question**","thought":true}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":7,"totalTokenCount":7}},
        {"candidates":[{"content":{"parts":[{"text":"42","thoughtSignature":"c2ln"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":7,"candidatesTokenCount":1,"thoughtsTokenCount":120,"totalTokenCount":128}}])")
                                                                            << QByteArray(R"([
        {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"reasoning_content":"**Considering the question**"},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"content":"42"},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]},
        {"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":121,"total_tokens":128,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":120}}}])");
    QTest::newRow("parallel function calls arrive whole, with the first one's signature") << QByteArray(R"([
        {"candidates":[{"content":{"parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"CiQB0e2Kb+/sig=="},{"functionCall":{"name":"get_weather","args":{"city":"Rome"}}}],"role":"model"},
            "finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":50,"candidatesTokenCount":20,"totalTokenCount":70}}])")
                                                                                          << QByteArray(R"([
        {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"ID0","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
            "extra_content":{"google":{"thought_signature":"CiQB0e2Kb+/sig=="}}},{"index":1,"id":"ID1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]},
        {"choices":[],"usage":{"prompt_tokens":50,"completion_tokens":20,"total_tokens":70,"prompt_tokens_details":{"cached_tokens":0}}}])");
    QTest::newRow("safety stop") << QByteArray(R"([
        {"candidates":[{"content":{"parts":[{"text":"I"}],"role":"model"},"index":0}]},
        {"candidates":[{"finishReason":"SAFETY","index":0,"safetyRatings":[{"category":"HARM_CATEGORY_HARASSMENT","probability":"HIGH","blocked":true}]}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":1,"totalTokenCount":5}}])")
                                 << QByteArray(R"([
        {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"content":"I"},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"content_filter"}]},
        {"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5,"prompt_tokens_details":{"cached_tokens":0}}}])");
}

void TestGeminiStream::reader()
{
    QFETCH(QByteArray, responses);
    QFETCH(QByteArray, chunks);
    GeminiStreamReader reader(QStringLiteral("gemini-2.5-flash"));
    QJsonArray out;
    for (const QJsonValue &r : A(responses)) {
        for (const QJsonObject &c : reader.feed(r.toObject()))
            out.append(JsonRows::stableChunk(c));
    }
    QVERIFY(reader.finished());
    out.append(JsonRows::stableChunk(reader.finish()));
    // Generated tool call ids (base + signature) are compared by shape.
    QByteArray got = text(out);
    int n = 0;
    for (qsizetype at = got.indexOf("\"id\":\"call_"); at >= 0; at = got.indexOf("\"id\":\"call_", at)) {
        const qsizetype end = got.indexOf('"', at + 6);
        const QByteArray id = got.mid(at + 6, end - at - 6);
        if (n == 0 && responses.contains("thoughtSignature\":\"CiQB"))
            QVERIFY2(id.endsWith("__ts_CiQB0e2Kb-_sig"), id.constData());
        got.replace(at + 6, end - at - 6, QByteArray("ID" + QByteArray::number(n++)));
    }
    QCOMPARE(got, text(A(chunks)));
}

void TestGeminiStream::readerFromCrlfFramedSse()
{
    // Google frames alt=sse events with CRLF, and they may arrive split anywhere.
    const QByteArray wire = "data: "
                            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}],\"role\":"
                            "\"model\"},\"index\":0}]}\r\n\r\n"
                            "data: "
                            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"lo\"}],\"role\":\"model\"}"
                            ",\"finishReason\":\"STOP\",\"index\":0}],"
                            "\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2,"
                            "\"totalTokenCount\":5}}\r\n\r\n";
    SseParser parser;
    GeminiStreamReader reader(QStringLiteral("m"));
    QString textOut;
    for (qsizetype i = 0; i < wire.size(); i += 7) {
        for (const SseEvent &e : parser.feed(wire.mid(i, 7))) {
            for (const QJsonObject &c : reader.feed(QJsonDocument::fromJson(e.data).object()))
                textOut += c.value("choices")
                               .toArray()
                               .first()
                               .toObject()
                               .value("delta")
                               .toObject()
                               .value("content")
                               .toString();
        }
    }
    QCOMPARE(textOut, QStringLiteral("Hello"));
    QVERIFY(reader.finished());
    QCOMPARE(reader.usage().total(), 5);
}

void TestGeminiStream::writer_data()
{
    QTest::addColumn<QByteArray>("chunks");
    QTest::addColumn<QByteArray>("responses");
    QTest::newRow("text (chat streaming example)") << QByteArray(R"([
        {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]},
        {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]},
        {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}])")
                                                   << QByteArray(R"([
        {"candidates":[{"content":{"role":"model","parts":[{"text":"Hello"}]},"index":0}],"modelVersion":"gpt-4o-mini"},
        {"candidates":[{"content":{"role":"model","parts":[{"text":""}]},"index":0,"finishReason":"STOP"}],"modelVersion":"gpt-4o-mini",
            "usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":2,"totalTokenCount":11}}])");
    QTest::newRow("streamed arguments are gathered into whole functionCall parts") << QByteArray(R"([
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]},
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"location\":\""}}]},"finish_reason":null}]},
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"Paris\"}"}}]},"finish_reason":null}]},
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_2__ts_c2ln","type":"function","function":{"name":"get_time","arguments":"{}"}}]},"finish_reason":null}]},
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}])")
                                                                                   << QByteArray(R"([
        {"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","name":"get_weather","args":{"location":"Paris"}}}]},"index":0}],"modelVersion":"gpt-4.1"},
        {"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"id":"call_2","name":"get_time","args":{}},"thoughtSignature":"c2ln"}]},"index":0}],"modelVersion":"gpt-4.1"},
        {"candidates":[{"content":{"role":"model","parts":[{"text":""}]},"index":0,"finishReason":"STOP"}],"modelVersion":"gpt-4.1",
            "usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":2,"totalTokenCount":11}}])");
    QTest::newRow("text, then a call with its id (a tool turn, as Gemini CLI gets it)") << QByteArray(R"([
        {"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Let me read note.txt."},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"toolu_01","type":"function","function":{"name":"read_file","arguments":""}}]},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"file_path\":\"note.txt\"}"}}]},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}])")
                                                                                        << QByteArray(R"([
        {"candidates":[{"content":{"role":"model","parts":[{"text":"Let me read note.txt."}]},"index":0}],"modelVersion":"m"},
        {"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"id":"toolu_01","name":"read_file","args":{"file_path":"note.txt"}}}]},"index":0}],"modelVersion":"m"},
        {"candidates":[{"content":{"role":"model","parts":[{"text":""}]},"index":0,"finishReason":"STOP"}],"modelVersion":"m",
            "usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":2,"totalTokenCount":11}}])");
    QTest::newRow("length") << QByteArray(
        R"([{"model":"m","choices":[{"index":0,"delta":{"content":"Once"},"finish_reason":null}]},{"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"length"}]},
        {"model":"m","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}])")
                            << QByteArray(R"([
        {"candidates":[{"content":{"role":"model","parts":[{"text":"Once"}]},"index":0}],"modelVersion":"m"},
        {"candidates":[{"content":{"role":"model","parts":[{"text":""}]},"index":0,"finishReason":"MAX_TOKENS"}],"modelVersion":"m",
            "usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":2,"totalTokenCount":11}}])");
}

void TestGeminiStream::writer()
{
    QFETCH(QByteArray, chunks);
    QFETCH(QByteArray, responses);
    GeminiStreamWriter writer(QStringLiteral("requested"));
    QJsonArray out;
    auto add = [&out](const QList<QJsonObject> &list) {
        for (QJsonObject r : list) {
            QVERIFY(!r.take("responseId").toString().isEmpty());
            out.append(r);
        }
    };
    for (const QJsonValue &c : A(chunks))
        add(writer.feed(c.toObject()));
    Usage usage;
    usage.promptTokens = 9;
    usage.completionTokens = 2;
    add(writer.finish(usage));
    QCOMPARE(text(out), text(A(responses)));
}

QTEST_GUILESS_MAIN(TestGeminiStream)
#include "tst_geministream.moc"
