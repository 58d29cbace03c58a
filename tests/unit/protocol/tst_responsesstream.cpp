// SPDX-License-Identifier: MIT
// ResponsesStreamWriter (canonical chunks -> Responses API stream events): one row per construct,
// chunks as the chat-completions streaming docs show them, events in the order and shape of the
// Responses API streaming reference (created, in_progress, output_item.added, content_part.added,
// deltas, .done events, output_item.done, completed), each with its sequence_number.
// Row literals read best as plain strings: the product code's cast guard is lifted here.
#undef QT_NO_CAST_FROM_ASCII
#include "protocol/openairesponses.h"
#include "protocol/responsesstreamwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include "jsonrows.h"

namespace {

using JsonRows::text;

QJsonArray A(const QByteArray &json)
{
    return JsonRows::array(json);
}

/// Generated ids ("fc_" + 48 hex digits) numbered by first appearance ("fc_1"), as rows name them.
class IdNumbers
{
public:
    QJsonValue apply(const QJsonValue &v)
    {
        static const QRegularExpression generated(QStringLiteral("^(msg|fc|rs|ctc)_[0-9a-f]{48}$"));
        if (v.isString()) {
            const auto m = generated.match(v.toString());
            if (!m.hasMatch())
                return v;
            auto it = m_seen.find(v.toString());
            if (it == m_seen.end())
                it = m_seen.insert(
                    v.toString(), m.captured(1) + u'_' + QString::number(++m_count[m.captured(1)]));
            return *it;
        }
        if (v.isArray()) {
            QJsonArray out;
            for (const QJsonValue &x : v.toArray())
                out.append(apply(x));
            return out;
        }
        if (v.isObject()) {
            QJsonObject out;
            const QJsonObject o = v.toObject();
            for (auto it = o.constBegin(); it != o.constEnd(); ++it)
                out.insert(it.key(), apply(it.value()));
            return out;
        }
        return v;
    }

private:
    QHash<QString, QString> m_seen;
    QHash<QString, int> m_count;
};

/// An event as rows write it: ids numbered, and the response object it carries cut to what
/// changes during a stream (status, output, usage; incomplete_details and error when set).
QJsonObject rowForm(const QJsonObject &event, IdNumbers &ids)
{
    QJsonObject e = ids.apply(event).toObject();
    if (e.contains("response")) {
        const QJsonObject r = e.value("response").toObject();
        QJsonObject cut {
            {"status", r.value("status")}, {"output", r.value("output")}, {"usage", r.value("usage")}};
        for (const char *key : {"incomplete_details", "error"}) {
            if (!r.value(key).isNull())
                cut.insert(key, r.value(key));
        }
        e.insert("response", cut);
    }
    return e;
}

Usage usage92()
{
    Usage u;
    u.promptTokens = 9;
    u.completionTokens = 2;
    return u;
}

} // namespace

class TestResponsesStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writer_data();
    void writer();
    void gatewayMembersGoOnTheLastEventOnly();
    void failureEndsTheStream();
    void otherChoicesAreIgnored();
};

void TestResponsesStream::writer_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("chunks");
    QTest::addColumn<QByteArray>("events");
    const QByteArray plain(R"({"model":"gpt-4.1","input":"x"})");
    const QByteArray started(
        R"({"type":"response.created","sequence_number":0,"response":{"status":"in_progress","output":[],"usage":null}},
        {"type":"response.in_progress","sequence_number":1,"response":{"status":"in_progress","output":[],"usage":null}})");
    const QByteArray usage(
        R"({"input_tokens":9,"input_tokens_details":{"cached_tokens":0},"output_tokens":2,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":11})");

    QTest::newRow("text (streaming responses guide)") << plain << QByteArray(R"([
        {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4.1","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]},
        {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4.1","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}]},
        {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4.1","choices":[{"index":0,"delta":{"content":" there"},"logprobs":null,"finish_reason":null}]},
        {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4.1","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}])")
                                                      << "[" + started + R"(,
        {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}},
        {"type":"response.content_part.added","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[],"logprobs":[]}},
        {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi","logprobs":[]},
        {"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" there","logprobs":[]},
        {"type":"response.output_text.done","sequence_number":6,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Hi there","logprobs":[]},
        {"type":"response.content_part.done","sequence_number":7,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"Hi there","annotations":[],"logprobs":[]}},
        {"type":"response.output_item.done","sequence_number":8,"output_index":0,"item":{"id":"msg_1","type":"message","status":"completed","role":"assistant",
            "content":[{"type":"output_text","text":"Hi there","annotations":[],"logprobs":[]}]}},
        {"type":"response.completed","sequence_number":9,"response":{"status":"completed","output":[{"id":"msg_1","type":"message","status":"completed","role":"assistant",
            "content":[{"type":"output_text","text":"Hi there","annotations":[],"logprobs":[]}]}],"usage":)"
            + usage + "}}]";

    QTest::newRow("function call, arguments in pieces (function calling guide, streaming)")
        << plain << QByteArray(R"([
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]},
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"location\":\""}}]},"finish_reason":null}]},
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"Paris, France\"}"}}]},"finish_reason":null}]},
        {"model":"gpt-4.1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}])")
        << "[" + started + R"(,
        {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"fc_1","type":"function_call","status":"in_progress","arguments":"","call_id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","name":"get_weather"}},
        {"type":"response.function_call_arguments.delta","sequence_number":3,"item_id":"fc_1","output_index":0,"delta":"{\"location\":\""},
        {"type":"response.function_call_arguments.delta","sequence_number":4,"item_id":"fc_1","output_index":0,"delta":"Paris, France\"}"},
        {"type":"response.function_call_arguments.done","sequence_number":5,"item_id":"fc_1","output_index":0,"name":"get_weather","arguments":"{\"location\":\"Paris, France\"}"},
        {"type":"response.output_item.done","sequence_number":6,"output_index":0,"item":{"id":"fc_1","type":"function_call","status":"completed","arguments":"{\"location\":\"Paris, France\"}","call_id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","name":"get_weather"}},
        {"type":"response.completed","sequence_number":7,"response":{"status":"completed","output":[
            {"id":"fc_1","type":"function_call","status":"completed","arguments":"{\"location\":\"Paris, France\"}","call_id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","name":"get_weather"}],"usage":)"
            + usage + "}}]";

    const QByteArray reasoningItem(
        R"({"id":"rs_1","type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"Two cities."}]})");
    const QByteArray messageItem(
        R"({"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Both.","annotations":[],"logprobs":[]}]})");
    const QByteArray parisItem(
        R"({"id":"fc_1","type":"function_call","status":"completed","arguments":"{\"location\":\"Paris\"}","call_id":"c1","name":"get_weather"})");
    const QByteArray osloItem(
        R"({"id":"fc_2","type":"function_call","status":"completed","arguments":"{\"location\":\"Oslo\"}","call_id":"c2","name":"get_weather"})");
    QTest::newRow("reasoning, text, then parallel calls: one output item each, in order")
        << plain << QByteArray(R"([
        {"model":"m","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Two cities."},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{"content":"Both."},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}}]},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"c2","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Oslo\"}"}}]},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}])")
        << "[" + started + R"(,
        {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"rs_1","type":"reasoning","summary":[],"content":[]}},
        {"type":"response.content_part.added","sequence_number":3,"item_id":"rs_1","output_index":0,"content_index":0,"part":{"type":"reasoning_text","text":""}},
        {"type":"response.reasoning_text.delta","sequence_number":4,"item_id":"rs_1","output_index":0,"content_index":0,"delta":"Two cities."},
        {"type":"response.reasoning_text.done","sequence_number":5,"item_id":"rs_1","output_index":0,"content_index":0,"text":"Two cities."},
        {"type":"response.content_part.done","sequence_number":6,"item_id":"rs_1","output_index":0,"content_index":0,"part":{"type":"reasoning_text","text":"Two cities."}},
        {"type":"response.output_item.done","sequence_number":7,"output_index":0,"item":)"
            + reasoningItem + R"(},
        {"type":"response.output_item.added","sequence_number":8,"output_index":1,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}},
        {"type":"response.content_part.added","sequence_number":9,"item_id":"msg_1","output_index":1,"content_index":0,"part":{"type":"output_text","text":"","annotations":[],"logprobs":[]}},
        {"type":"response.output_text.delta","sequence_number":10,"item_id":"msg_1","output_index":1,"content_index":0,"delta":"Both.","logprobs":[]},
        {"type":"response.output_text.done","sequence_number":11,"item_id":"msg_1","output_index":1,"content_index":0,"text":"Both.","logprobs":[]},
        {"type":"response.content_part.done","sequence_number":12,"item_id":"msg_1","output_index":1,"content_index":0,"part":{"type":"output_text","text":"Both.","annotations":[],"logprobs":[]}},
        {"type":"response.output_item.done","sequence_number":13,"output_index":1,"item":)"
            + messageItem + R"(},
        {"type":"response.output_item.added","sequence_number":14,"output_index":2,"item":{"id":"fc_1","type":"function_call","status":"in_progress","arguments":"","call_id":"c1","name":"get_weather"}},
        {"type":"response.function_call_arguments.delta","sequence_number":15,"item_id":"fc_1","output_index":2,"delta":"{\"location\":\"Paris\"}"},
        {"type":"response.function_call_arguments.done","sequence_number":16,"item_id":"fc_1","output_index":2,"name":"get_weather","arguments":"{\"location\":\"Paris\"}"},
        {"type":"response.output_item.done","sequence_number":17,"output_index":2,"item":)"
            + parisItem + R"(},
        {"type":"response.output_item.added","sequence_number":18,"output_index":3,"item":{"id":"fc_2","type":"function_call","status":"in_progress","arguments":"","call_id":"c2","name":"get_weather"}},
        {"type":"response.function_call_arguments.delta","sequence_number":19,"item_id":"fc_2","output_index":3,"delta":"{\"location\":\"Oslo\"}"},
        {"type":"response.function_call_arguments.done","sequence_number":20,"item_id":"fc_2","output_index":3,"name":"get_weather","arguments":"{\"location\":\"Oslo\"}"},
        {"type":"response.output_item.done","sequence_number":21,"output_index":3,"item":)"
            + osloItem + R"(},
        {"type":"response.completed","sequence_number":22,"response":{"status":"completed","output":[)"
            + reasoningItem + "," + messageItem + "," + parisItem + "," + osloItem + R"(],"usage":)" + usage
            + "}}]";

    const QByteArray patchItem(
        R"({"id":"ctc_1","type":"custom_tool_call","status":"completed","call_id":"call_p","name":"apply_patch","input":"*** Begin Patch"})");
    QTest::newRow("custom tool (Codex apply_patch): its input whole when the call ends")
        << QByteArray(
               R"({"model":"gpt-5-codex","input":"x","tools":[{"type":"custom","name":"apply_patch"}]})")
        << QByteArray(R"([
        {"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_p","type":"function","function":{"name":"apply_patch","arguments":"{\"input\":\"*** Be"}}]},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"gin Patch\"}"}}]},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}])")
        << "[" + started + R"(,
        {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"ctc_1","type":"custom_tool_call","status":"in_progress","call_id":"call_p","name":"apply_patch","input":""}},
        {"type":"response.custom_tool_call_input.done","sequence_number":3,"item_id":"ctc_1","output_index":0,"input":"*** Begin Patch"},
        {"type":"response.output_item.done","sequence_number":4,"output_index":0,"item":)"
            + patchItem + R"(},
        {"type":"response.completed","sequence_number":5,"response":{"status":"completed","output":[)"
            + patchItem + R"(],"usage":)" + usage + "}}]";

    QTest::newRow("namespaced function: the client's name and namespace") << QByteArray(
        R"({"model":"gpt-5-codex","input":"x","tools":[{"type":"namespace","name":"multi_agent_v1","tools":[{"type":"function","name":"spawn_agent"}]}]})")
                                                                          << QByteArray(R"([
        {"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_s","type":"function","function":{"name":"multi_agent_v1__spawn_agent","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}])")
                                                                          << "[" + started + R"(,
        {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"fc_1","type":"function_call","status":"in_progress","arguments":"","call_id":"call_s","namespace":"multi_agent_v1","name":"spawn_agent"}},
        {"type":"response.function_call_arguments.delta","sequence_number":3,"item_id":"fc_1","output_index":0,"delta":"{}"},
        {"type":"response.function_call_arguments.done","sequence_number":4,"item_id":"fc_1","output_index":0,"name":"spawn_agent","arguments":"{}"},
        {"type":"response.output_item.done","sequence_number":5,"output_index":0,"item":{"id":"fc_1","type":"function_call","status":"completed","arguments":"{}","call_id":"call_s","namespace":"multi_agent_v1","name":"spawn_agent"}},
        {"type":"response.completed","sequence_number":6,"response":{"status":"completed","output":[
            {"id":"fc_1","type":"function_call","status":"completed","arguments":"{}","call_id":"call_s","namespace":"multi_agent_v1","name":"spawn_agent"}],"usage":)"
            + usage + "}}]";

    const QByteArray refusalItem(
        R"({"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"refusal","refusal":"I can't help with that."}]})");
    QTest::newRow("refusal") << plain << QByteArray(R"([
        {"model":"m","choices":[{"index":0,"delta":{"role":"assistant","refusal":"I can't "},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{"refusal":"help with that."},"finish_reason":"stop"}]}])")
                             << "[" + started + R"(,
        {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}},
        {"type":"response.content_part.added","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"refusal","refusal":""}},
        {"type":"response.refusal.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"I can't "},
        {"type":"response.refusal.delta","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"help with that."},
        {"type":"response.refusal.done","sequence_number":6,"item_id":"msg_1","output_index":0,"content_index":0,"refusal":"I can't help with that."},
        {"type":"response.content_part.done","sequence_number":7,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"refusal","refusal":"I can't help with that."}},
        {"type":"response.output_item.done","sequence_number":8,"output_index":0,"item":)"
            + refusalItem + R"(},
        {"type":"response.completed","sequence_number":9,"response":{"status":"completed","output":[)"
            + refusalItem + R"(],"usage":)" + usage + "}}]";

    const QByteArray cutItem(
        R"({"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Once","annotations":[],"logprobs":[]}]})");
    QTest::newRow("cut by max_output_tokens: response.incomplete") << plain << QByteArray(R"([
        {"model":"m","choices":[{"index":0,"delta":{"content":"Once"},"finish_reason":null}]},
        {"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"length"}]},
        {"model":"m","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}])")
                                                                   << "[" + started + R"(,
        {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}},
        {"type":"response.content_part.added","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[],"logprobs":[]}},
        {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Once","logprobs":[]},
        {"type":"response.output_text.done","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Once","logprobs":[]},
        {"type":"response.content_part.done","sequence_number":6,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"Once","annotations":[],"logprobs":[]}},
        {"type":"response.output_item.done","sequence_number":7,"output_index":0,"item":)"
            + cutItem + R"(},
        {"type":"response.incomplete","sequence_number":8,"response":{"status":"incomplete","output":[)"
            + cutItem + R"(],"usage":)" + usage
            + R"(,"incomplete_details":{"reason":"max_output_tokens"}}}])";
}

void TestResponsesStream::writer()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, chunks);
    QFETCH(QByteArray, events);
    GatewayError e;
    const auto t = OpenAIResponses::requestToOpenAI(JsonRows::object(request), {}, &e);
    QVERIFY2(t, qPrintable(e.message));
    ResponsesStreamWriter writer(
        OpenAIResponses::responseShell("resp_1", 1, JsonRows::object(request)), t->tools);
    IdNumbers ids;
    QJsonArray out;
    const auto add = [&](const QList<QJsonObject> &list) {
        for (const QJsonObject &event : list)
            out.append(rowForm(event, ids));
    };
    add(writer.start());
    for (const QJsonValue &c : A(chunks))
        add(writer.feed(c.toObject()));
    add(writer.finish(usage92()));
    const QJsonArray expected = A(events);
    for (qsizetype i = 0; i < qMin(out.size(), expected.size()); ++i)
        QCOMPARE(text(out.at(i).toObject()), text(expected.at(i).toObject()));
    QCOMPARE(out.size(), expected.size());
    // What the response store keeps is what the last event carried.
    QCOMPARE(text(ids.apply(writer.response().value("output")).toArray()),
        text(expected.last().toObject().value("response").toObject().value("output").toArray()));
}

void TestResponsesStream::gatewayMembersGoOnTheLastEventOnly()
{
    ResponsesStreamWriter writer(
        OpenAIResponses::responseShell("resp_1", 1, JsonRows::object(R"({"model":"m"})")), {});
    writer.start();
    writer.feed(
        JsonRows::object(R"({"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]})"));
    const QList<QJsonObject> last
        = writer.finish(usage92(), JsonRows::object(R"({"x-gateway":{"provider":"p"}})"));
    QCOMPARE(last.last().value("type").toString(), QString("response.completed"));
    QCOMPARE(
        last.last().value("response").toObject().value("x-gateway").toObject().value("provider").toString(),
        QString("p"));
    QVERIFY(!writer.response().contains("x-gateway")); // not stored for previous_response_id
}

void TestResponsesStream::failureEndsTheStream()
{
    ResponsesStreamWriter writer(
        OpenAIResponses::responseShell("resp_1", 1, JsonRows::object(R"({"model":"m"})")), {});
    writer.start();
    writer.feed(
        JsonRows::object(R"({"choices":[{"index":0,"delta":{"content":"Hal"},"finish_reason":null}]})"));
    const QList<QJsonObject> events = writer.fail(GatewayError::upstream(
        502, QStringLiteral("upstream_disconnected"), QStringLiteral("The upstream closed the stream.")));
    QCOMPARE(events.size(), 1);
    IdNumbers ids;
    QCOMPARE(text(rowForm(events.first(), ids)),
        text(JsonRows::object(
            R"({"type":"response.failed","sequence_number":5,"response":{"status":"failed","output":[],"usage":null,
        "error":{"code":"upstream_disconnected","message":"The upstream closed the stream."}}})")));
}

void TestResponsesStream::otherChoicesAreIgnored()
{
    ResponsesStreamWriter writer(
        OpenAIResponses::responseShell("resp_1", 1, JsonRows::object(R"({"model":"m"})")), {});
    writer.start();
    QVERIFY(writer
                .feed(JsonRows::object(
                    R"({"choices":[{"index":1,"delta":{"content":"second"},"finish_reason":null}]})"))
                .isEmpty());
    QVERIFY(writer.feed(JsonRows::object(R"({"choices":[],"usage":{"prompt_tokens":1}})")).isEmpty());
    QCOMPARE(writer
                 .feed(JsonRows::object(
                     R"({"choices":[{"index":0,"delta":{"content":"first"},"finish_reason":null}]})"))
                 .size(),
        3);
}

QTEST_GUILESS_MAIN(TestResponsesStream)
#include "tst_responsesstream.moc"
