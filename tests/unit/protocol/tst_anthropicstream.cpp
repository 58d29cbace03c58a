// SPDX-License-Identifier: MIT
// AnthropicStreamReader (Anthropic events -> chunks) and AnthropicStreamWriter (chunks -> Anthropic
// events): one row per construct, from the streaming examples of the Anthropic and OpenAI docs.
// Row literals read best as plain strings: the product code's cast guard is lifted here.
#undef QT_NO_CAST_FROM_ASCII
#include "protocol/anthropicstreamreader.h"
#include "protocol/anthropicstreamwriter.h"

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

QJsonArray read(const QJsonArray &events, AnthropicStreamReader &reader)
{
    QJsonArray out;
    for (const QJsonValue &e : events) {
        const QJsonArray pair = e.toArray();
        for (const QJsonObject &c : reader.feed(pair.at(0).toString().toUtf8(), pair.at(1).toObject()))
            out.append(JsonRows::stableChunk(c));
    }
    return out;
}

QJsonArray write(const QJsonArray &chunks, const Usage &usage, AnthropicStreamWriter &writer)
{
    QJsonArray out;
    auto add = [&out](const QList<AnthropicEvent> &events) {
        for (const AnthropicEvent &e : events) {
            QJsonObject data = e.data;
            if (e.type == "message_start") {
                QJsonObject message = data.value("message").toObject();
                QVERIFY(message.take("id").toString().startsWith("msg_"));
                data.insert("message", message);
            }
            out.append(QJsonArray {QString::fromUtf8(e.type), data});
        }
    };
    for (const QJsonValue &c : chunks)
        add(writer.feed(c.toObject()));
    add(writer.finish(usage));
    return out;
}

} // namespace

class TestAnthropicStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reader_data();
    void reader();
    void writer_data();
    void writer();
    void roundTripKeepsTextAndTools();
};

namespace {

// The text stream of Anthropic's streaming guide.
const QByteArray kTextStream = R"([
 ["message_start",{"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","type":"message","role":"assistant","content":[],"model":"claude-opus-4-6","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}],
 ["content_block_start",{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}],
 ["ping",{"type":"ping"}],
 ["content_block_delta",{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}],
 ["content_block_delta",{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}],
 ["content_block_stop",{"type":"content_block_stop","index":0}],
 ["message_delta",{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}],
 ["message_stop",{"type":"message_stop"}]])";

// The tool use stream of Anthropic's streaming guide.
const QByteArray kToolStream = R"([
 ["message_start",{"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-opus-4-6","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}}],
 ["content_block_start",{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}],
 ["ping",{"type":"ping"}],
 ["content_block_delta",{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay, let's check the weather for San Francisco, CA:"}}],
 ["content_block_stop",{"type":"content_block_stop","index":0}],
 ["content_block_start",{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}],
 ["content_block_delta",{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}],
 ["content_block_delta",{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"location\":"}}],
 ["content_block_delta",{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \"San Fra"}}],
 ["content_block_delta",{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"ncisco, CA\"}"}}],
 ["content_block_stop",{"type":"content_block_stop","index":1}],
 ["message_delta",{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}],
 ["message_stop",{"type":"message_stop"}]])";

} // namespace

void TestAnthropicStream::reader_data()
{
    QTest::addColumn<QByteArray>("events");
    QTest::addColumn<QByteArray>("chunks");
    QTest::newRow("text (streaming guide)") << kTextStream << QByteArray(R"([
        {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"content":"!"},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]},
        {"choices":[],"usage":{"prompt_tokens":25,"completion_tokens":15,"total_tokens":40,"prompt_tokens_details":{"cached_tokens":0}}}])");
    QTest::newRow("text then tool_use with input_json_delta (streaming guide)")
        << kToolStream << QByteArray(R"([
        {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"content":"Okay, let's check the weather for San Francisco, CA:"},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"location\":"}}]},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":" \"San Fra"}}]},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ncisco, CA\"}"}}]},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]},
        {"choices":[],"usage":{"prompt_tokens":472,"completion_tokens":89,"total_tokens":561,"prompt_tokens_details":{"cached_tokens":0}}}])");
    QTest::newRow("thinking with signature (extended thinking streaming)") << QByteArray(R"([
        ["message_start",{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","content":[],"model":"claude-opus-4-6","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}],
        ["content_block_start",{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}],
        ["content_block_delta",{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me solve this step by step:\n\n1. First break down 27 * 453"}}],
        ["content_block_delta",{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"}}],
        ["content_block_stop",{"type":"content_block_stop","index":0}],
        ["content_block_start",{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}],
        ["content_block_delta",{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"27 * 453 = 12,231"}}],
        ["content_block_stop",{"type":"content_block_stop","index":1}],
        ["message_delta",{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null}}],
        ["message_stop",{"type":"message_stop"}]])") << QByteArray(R"([
        {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"reasoning_content":"Let me solve this step by step:\n\n1. First break down 27 * 453"},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"content":"27 * 453 = 12,231"},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]},
        {"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":1,"total_tokens":11,"prompt_tokens_details":{"cached_tokens":0}}}])");
    QTest::newRow("cumulative usage with cache reads in message_delta, max_tokens") << QByteArray(R"([
        ["message_start",{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"model":"claude-haiku-4-5-20251001","stop_reason":null,"stop_sequence":null,
            "usage":{"input_tokens":849,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":10,"service_tier":"standard"}}}],
        ["content_block_start",{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}],
        ["content_block_delta",{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Once"}}],
        ["content_block_stop",{"type":"content_block_stop","index":0}],
        ["message_delta",{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"input_tokens":849,"cache_creation_input_tokens":200,"cache_read_input_tokens":5000,"output_tokens":47}}],
        ["message_stop",{"type":"message_stop"}]])") << QByteArray(R"([
        {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"content":"Once"},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}]},
        {"choices":[],"usage":{"prompt_tokens":6049,"completion_tokens":47,"total_tokens":6096,"prompt_tokens_details":{"cached_tokens":5000,"cache_write_tokens":200}}}])");
    QTest::newRow("two tool_use blocks become tool_calls 0 and 1") << QByteArray(R"([
        ["message_start",{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"model":"c","usage":{"input_tokens":5,"output_tokens":1}}}],
        ["content_block_start",{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_a","name":"f","input":{}}}],
        ["content_block_delta",{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{}"}}],
        ["content_block_stop",{"type":"content_block_stop","index":0}],
        ["content_block_start",{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_b","name":"g","input":{}}}],
        ["content_block_delta",{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"x\":1}"}}],
        ["content_block_stop",{"type":"content_block_stop","index":1}],
        ["message_delta",{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":9}}],
        ["message_stop",{"type":"message_stop"}]])") << QByteArray(R"([
        {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"toolu_a","type":"function","function":{"name":"f","arguments":""}}]},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{}"}}]},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"toolu_b","type":"function","function":{"name":"g","arguments":""}}]},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\"x\":1}"}}]},"logprobs":null,"finish_reason":null}]},
        {"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]},
        {"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":9,"total_tokens":14,"prompt_tokens_details":{"cached_tokens":0}}}])");
}

void TestAnthropicStream::reader()
{
    QFETCH(QByteArray, events);
    QFETCH(QByteArray, chunks);
    AnthropicStreamReader reader;
    const QJsonArray out = read(A(events), reader);
    QCOMPARE(text(out), text(A(chunks)));
    QVERIFY(reader.finished());
}

void TestAnthropicStream::writer_data()
{
    QTest::addColumn<QByteArray>("chunks");
    QTest::addColumn<int>("promptTokens");
    QTest::addColumn<int>("completionTokens");
    QTest::addColumn<QByteArray>("events");
    QTest::newRow("text (chat streaming example)") << QByteArray(R"([
        {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]},
        {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]},
        {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"!"},"logprobs":null,"finish_reason":null}]},
        {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]},
        {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}])")
                                                   << 9 << 2 << QByteArray(R"([
        ["message_start",{"type":"message_start","message":{"type":"message","role":"assistant","model":"gpt-4o-mini","content":[],"stop_reason":null,"stop_sequence":null,
            "usage":{"input_tokens":7,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}],
        ["content_block_start",{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}],
        ["ping",{"type":"ping"}],
        ["content_block_delta",{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}],
        ["content_block_delta",{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}],
        ["content_block_stop",{"type":"content_block_stop","index":0}],
        ["message_delta",{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":9,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":2}}],
        ["message_stop",{"type":"message_stop"}]])");
    QTest::newRow("streamed tool call arguments (function calling guide)") << QByteArray(R"([
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]},
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\""}}]},"finish_reason":null}]},
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"location"}}]},"finish_reason":null}]},
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\":\""}}]},"finish_reason":null}]},
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"Paris, France"}}]},"finish_reason":null}]},
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"}"}}]},"finish_reason":null}]},
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}])")
                                                                           << 30 << 12 << QByteArray(R"([
        ["message_start",{"type":"message_start","message":{"type":"message","role":"assistant","model":"gpt-4.1","content":[],"stop_reason":null,"stop_sequence":null,
            "usage":{"input_tokens":7,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}],
        ["content_block_start",{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","name":"get_weather","input":{}}}],
        ["ping",{"type":"ping"}],
        ["content_block_delta",{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\""}}],
        ["content_block_delta",{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"location"}}],
        ["content_block_delta",{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"\":\""}}],
        ["content_block_delta",{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"Paris, France"}}],
        ["content_block_delta",{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"\"}"}}],
        ["content_block_stop",{"type":"content_block_stop","index":0}],
        ["message_delta",{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":30,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":12}}],
        ["message_stop",{"type":"message_stop"}]])");
    QTest::newRow("text then two parallel calls, ids made valid, length") << QByteArray(R"([
        {"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Checking."},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"functions.f:0","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_2","type":"function","function":{"name":"g","arguments":"{\"a\""}}]},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":":1}"}}]},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}])")
                                                                          << 5 << 6 << QByteArray(R"([
        ["message_start",{"type":"message_start","message":{"type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,
            "usage":{"input_tokens":7,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}],
        ["content_block_start",{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}],
        ["ping",{"type":"ping"}],
        ["content_block_delta",{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}],
        ["content_block_stop",{"type":"content_block_stop","index":0}],
        ["content_block_start",{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"functions_f_0","name":"f","input":{}}}],
        ["content_block_delta",{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{}"}}],
        ["content_block_stop",{"type":"content_block_stop","index":1}],
        ["content_block_start",{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"call_2","name":"g","input":{}}}],
        ["content_block_delta",{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"a\""}}],
        ["content_block_delta",{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":":1}"}}],
        ["content_block_stop",{"type":"content_block_stop","index":2}],
        ["message_delta",{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"input_tokens":5,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":6}}],
        ["message_stop",{"type":"message_stop"}]])");
    QTest::newRow("empty answer") << QByteArray(
        R"([{"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}])")
                                  << 3 << 0 << QByteArray(R"([
        ["message_start",{"type":"message_start","message":{"type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,
            "usage":{"input_tokens":7,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}],
        ["message_delta",{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":3,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}],
        ["message_stop",{"type":"message_stop"}]])");
}

void TestAnthropicStream::writer()
{
    QFETCH(QByteArray, chunks);
    QFETCH(int, promptTokens);
    QFETCH(int, completionTokens);
    QFETCH(QByteArray, events);
    AnthropicStreamWriter writer(QStringLiteral("requested-model"), 7);
    Usage usage;
    usage.promptTokens = promptTokens;
    usage.completionTokens = completionTokens;
    QCOMPARE(text(write(A(chunks), usage, writer)), text(A(events)));
}

void TestAnthropicStream::roundTripKeepsTextAndTools()
{
    // Anthropic -> chunks -> Anthropic gives back the guide's stream (ids aside).
    AnthropicStreamReader reader;
    QJsonArray chunks;
    for (const QJsonValue &e : A(kToolStream)) {
        const QJsonArray pair = e.toArray();
        for (const QJsonObject &c : reader.feed(pair.at(0).toString().toUtf8(), pair.at(1).toObject()))
            chunks.append(c);
    }
    AnthropicStreamWriter writer(QStringLiteral("claude-opus-4-6"), 472);
    const QJsonArray back = write(chunks, reader.usage(), writer);
    QJsonArray expected;
    for (const QJsonValue &e : A(kToolStream)) {
        QJsonArray pair = e.toArray();
        QJsonObject data = pair.at(1).toObject();
        const QString delta = data.value("delta").toObject().value("partial_json").toString();
        if (data.value("type").toString() == "content_block_delta"
            && data.value("delta").toObject().contains("partial_json") && delta.isEmpty())
            continue; // an empty fragment carries nothing
        expected.append(pair);
    }
    QCOMPARE(back.size(), expected.size());
    for (qsizetype i = 0; i < back.size(); ++i) {
        QCOMPARE(back.at(i).toArray().at(0).toString(), expected.at(i).toArray().at(0).toString());
        const QJsonObject got = back.at(i).toArray().at(1).toObject();
        const QJsonObject want = expected.at(i).toArray().at(1).toObject();
        if (got.value("type").toString() == "message_start"
            || got.value("type").toString() == "message_delta")
            continue; // usage shapes differ (cache fields added); compared below
        QCOMPARE(got, want);
    }
    QCOMPARE(back.at(back.size() - 2)
                 .toArray()
                 .at(1)
                 .toObject()
                 .value("usage")
                 .toObject()
                 .value("output_tokens")
                 .toInt(),
        89);
}

QTEST_GUILESS_MAIN(TestAnthropicStream)
#include "tst_anthropicstream.moc"
