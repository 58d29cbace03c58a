// SPDX-License-Identifier: MIT
// OpenAI Responses API <-> canonical (chat completions): one row per construct, from the
// Responses API reference and guides (text, images and files, function calling, structured
// outputs, reasoning, conversation state) and from what Codex sends (namespaced and custom tools).
// Row literals read best as plain strings: the product code's cast guard is lifted here.
#undef QT_NO_CAST_FROM_ASCII
#include "protocol/openairesponses.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include "jsonrows.h"

namespace {

using JsonRows::text;

QJsonObject J(const QByteArray &json)
{
    return JsonRows::object(json);
}

/// @p v with each generated id ("msg_" + 48 hex digits...) replaced by its prefix and its rank of
/// first appearance ("msg_1"), so rows can name the items a response links together.
QJsonValue numberIds(const QJsonValue &v, QHash<QString, QString> &seen)
{
    static const QRegularExpression generated(QStringLiteral("^(msg|fc|rs|ctc|resp)_[0-9a-f]{48}$"));
    if (v.isString()) {
        const auto m = generated.match(v.toString());
        if (!m.hasMatch())
            return v;
        auto it = seen.find(v.toString());
        if (it == seen.end()) {
            const QString prefix = m.captured(1);
            int n = 1;
            for (const QString &id : std::as_const(seen))
                n += id.startsWith(prefix + u'_') ? 1 : 0;
            it = seen.insert(v.toString(), prefix + u'_' + QString::number(n));
        }
        return *it;
    }
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &x : v.toArray())
            out.append(numberIds(x, seen));
        return out;
    }
    if (v.isObject()) {
        QJsonObject out;
        const QJsonObject o = v.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            out.insert(it.key(), numberIds(it.value(), seen));
        return out;
    }
    return v;
}

QJsonObject numbered(const QJsonObject &o)
{
    QHash<QString, QString> seen;
    return numberIds(o, seen).toObject();
}

} // namespace

class TestOpenAIResponses : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requestToOpenAI_data();
    void requestToOpenAI();
    void refused_data();
    void refused();
    void toolNamesMapBack();
    void longNamespacedNamesStayStable();
    void responseShellEchoesTheRequest();
    void responseFromOpenAI_data();
    void responseFromOpenAI();
    void usageBothWays();
};

void TestOpenAIResponses::requestToOpenAI_data()
{
    QTest::addColumn<QByteArray>("history");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("chat");
    QTest::newRow("text input (quickstart)")
        << QByteArray("[]")
        << QByteArray(
               R"({"model":"gpt-4.1","input":"Tell me a three sentence bedtime story about a unicorn."})")
        << QByteArray(
               R"({"model":"gpt-4.1","messages":[{"role":"user","content":"Tell me a three sentence bedtime story about a unicorn."}]})");
    QTest::newRow("instructions, developer and user messages (text generation guide)")
        << QByteArray("[]") << QByteArray(R"({"model":"gpt-4.1","instructions":"Talk like a pirate.","input":[
            {"role":"developer","content":"Answer in one sentence."},{"role":"user","content":"Are semicolons optional in JavaScript?"}]})")
        << QByteArray(R"({"model":"gpt-4.1","messages":[{"role":"system","content":"Talk like a pirate."},
            {"role":"system","content":"Answer in one sentence."},{"role":"user","content":"Are semicolons optional in JavaScript?"}]})");
    QTest::newRow("image by URL and by data URL (images and vision guide)")
        << QByteArray("[]")
        << QByteArray(
               R"({"model":"gpt-4.1-mini","input":[{"role":"user","content":[{"type":"input_text","text":"what's in this image?"},
            {"type":"input_image","image_url":"https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"},
            {"type":"input_image","image_url":"data:image/jpeg;base64,/9j/4AAQ","detail":"high"}]}]})")
        << QByteArray(
               R"({"model":"gpt-4.1-mini","messages":[{"role":"user","content":[{"type":"text","text":"what's in this image?"},
            {"type":"image_url","image_url":{"url":"https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"}},
            {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ","detail":"high"}}]}]})");
    QTest::newRow("inline PDF (file inputs guide)")
        << QByteArray("[]") << QByteArray(R"({"model":"gpt-4.1","input":[{"role":"user","content":[
            {"type":"input_file","filename":"draconomicon.pdf","file_data":"data:application/pdf;base64,JVBERi0x"},
            {"type":"input_text","text":"What is the first dragon in the book?"}]}]})")
        << QByteArray(R"({"model":"gpt-4.1","messages":[{"role":"user","content":[
            {"type":"file","file":{"filename":"draconomicon.pdf","file_data":"data:application/pdf;base64,JVBERi0x"}},
            {"type":"text","text":"What is the first dragon in the book?"}]}]})");
    QTest::newRow("function calling: strict tool, the call and its output replayed (function calling guide)")
        << QByteArray("[]")
        << QByteArray(
               R"({"model":"gpt-4.1","tools":[{"type":"function","name":"get_weather","description":"Get current temperature for a given location.",
            "parameters":{"type":"object","properties":{"location":{"type":"string","description":"City and country e.g. Bogotá, Colombia"}},"required":["location"],"additionalProperties":false},"strict":true}],
            "input":[{"role":"user","content":"What is the weather like in Paris today?"},
            {"type":"function_call","id":"fc_12345xyz","call_id":"call_12345xyz","name":"get_weather","arguments":"{\"location\":\"Paris, France\"}"},
            {"type":"function_call_output","call_id":"call_12345xyz","output":"{\"temperature\": 14}"}]})")
        << QByteArray(
               R"({"model":"gpt-4.1","messages":[{"role":"user","content":"What is the weather like in Paris today?"},
            {"role":"assistant","content":null,"tool_calls":[{"id":"call_12345xyz","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris, France\"}"}}]},
            {"role":"tool","tool_call_id":"call_12345xyz","content":"{\"temperature\": 14}"}],
            "tools":[{"type":"function","function":{"name":"get_weather","description":"Get current temperature for a given location.",
            "parameters":{"type":"object","properties":{"location":{"type":"string","description":"City and country e.g. Bogotá, Colombia"}},"required":["location"],"additionalProperties":false},"strict":true}}]})");
    QTest::newRow("tool_choice forced, parallel_tool_calls off, parameterless tool")
        << QByteArray("[]")
        << QByteArray(
               R"({"model":"gpt-4.1","input":"What time is it?","tools":[{"type":"function","name":"get_time"}],
            "tool_choice":{"type":"function","name":"get_time"},"parallel_tool_calls":false})")
        << QByteArray(R"({"model":"gpt-4.1","messages":[{"role":"user","content":"What time is it?"}],
            "tools":[{"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}],
            "tool_choice":{"type":"function","function":{"name":"get_time"}},"parallel_tool_calls":false})");
    QTest::newRow("allowed_tools keeps the named ones")
        << QByteArray("[]")
        << QByteArray(
               R"({"model":"gpt-5","input":"Weather?","tools":[{"type":"function","name":"get_weather"},{"type":"function","name":"send_email"}],
            "tool_choice":{"type":"allowed_tools","mode":"required","tools":[{"type":"function","name":"get_weather"}]}})")
        << QByteArray(R"({"model":"gpt-5","messages":[{"role":"user","content":"Weather?"}],
            "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{}}}}],"tool_choice":"required"})");
    QTest::newRow("namespaced functions and a custom grammar tool, their calls replayed (Codex)")
        << QByteArray("[]") << QByteArray(R"({"model":"gpt-5-codex","instructions":"You are Codex.","tools":[
            {"type":"namespace","name":"multi_agent_v1","description":"Sub-agents","tools":[{"type":"function","name":"spawn_agent","description":"Starts one.","parameters":{"type":"object","properties":{"task":{"type":"string"}}}}]},
            {"type":"custom","name":"apply_patch","description":"Applies a patch.","format":{"type":"grammar","syntax":"lark","definition":"start: begin_patch"}}],
            "input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Fix it"}]},
            {"type":"function_call","call_id":"call_a","namespace":"multi_agent_v1","name":"spawn_agent","arguments":"{\"task\":\"look\"}"},
            {"type":"function_call_output","call_id":"call_a","output":"found"},
            {"type":"custom_tool_call","call_id":"call_b","name":"apply_patch","input":"*** Begin Patch"},
            {"type":"custom_tool_call_output","call_id":"call_b","output":[{"type":"input_text","text":"Done!"}]}]})")
        << QByteArray(
               R"({"model":"gpt-5-codex","messages":[{"role":"system","content":"You are Codex."},{"role":"user","content":"Fix it"},
            {"role":"assistant","content":null,"tool_calls":[{"id":"call_a","type":"function","function":{"name":"multi_agent_v1__spawn_agent","arguments":"{\"task\":\"look\"}"}}]},
            {"role":"tool","tool_call_id":"call_a","content":"found"},
            {"role":"assistant","content":null,"tool_calls":[{"id":"call_b","type":"function","function":{"name":"apply_patch","arguments":"{\"input\":\"*** Begin Patch\"}"}}]},
            {"role":"tool","tool_call_id":"call_b","content":"Done!"}],
            "tools":[{"type":"function","function":{"name":"multi_agent_v1__spawn_agent","description":"[multi_agent_v1: Sub-agents] Starts one.","parameters":{"type":"object","properties":{"task":{"type":"string"}}}}},
            {"type":"function","function":{"name":"apply_patch","description":"Applies a patch.","parameters":{"type":"object","properties":{"input":{"type":"string",
                "description":"The tool's input: text in this lark grammar:\nstart: begin_patch"}},"required":["input"],"additionalProperties":false}}}]})");
    QTest::newRow("structured outputs: json_schema (structured outputs guide)")
        << QByteArray("[]")
        << QByteArray(
               R"({"model":"gpt-4o-2024-08-06","input":[{"role":"system","content":"Extract the event information."},
            {"role":"user","content":"Alice and Bob are going to a science fair on Friday."}],
            "text":{"format":{"type":"json_schema","name":"calendar_event","schema":{"type":"object","properties":{"name":{"type":"string"},"date":{"type":"string"},
            "participants":{"type":"array","items":{"type":"string"}}},"required":["name","date","participants"],"additionalProperties":false},"strict":true}}})")
        << QByteArray(
               R"({"model":"gpt-4o-2024-08-06","messages":[{"role":"system","content":"Extract the event information."},
            {"role":"user","content":"Alice and Bob are going to a science fair on Friday."}],
            "response_format":{"type":"json_schema","json_schema":{"name":"calendar_event","schema":{"type":"object","properties":{"name":{"type":"string"},"date":{"type":"string"},
            "participants":{"type":"array","items":{"type":"string"}}},"required":["name","date","participants"],"additionalProperties":false},"strict":true}}})");
    QTest::newRow("json mode")
        << QByteArray("[]")
        << QByteArray(
               R"({"model":"gpt-4o","input":"List three colours as JSON.","text":{"format":{"type":"json_object"}}})")
        << QByteArray(
               R"({"model":"gpt-4o","messages":[{"role":"user","content":"List three colours as JSON."}],"response_format":{"type":"json_object"}})");
    QTest::newRow("reasoning effort, limits, sampling, streamed, not stored (reasoning guide)")
        << QByteArray("[]")
        << QByteArray(
               R"({"model":"o4-mini","reasoning":{"effort":"low","summary":"auto"},"max_output_tokens":500,"temperature":0.2,"top_p":0.9,
            "stream":true,"store":false,"safety_identifier":"user-123","metadata":{"k":"v"},"include":["reasoning.encrypted_content"],
            "input":"How much wood would a woodchuck chuck?"})")
        << QByteArray(
               R"({"model":"o4-mini","messages":[{"role":"user","content":"How much wood would a woodchuck chuck?"}],"reasoning_effort":"low",
            "max_tokens":500,"temperature":0.2,"top_p":0.9,"stream":true,"stream_options":{"include_usage":true},"user":"user-123"})");
    QTest::newRow("previous_response_id: the stored items come first (conversation state guide)")
        << QByteArray(
               R"([{"type":"message","role":"user","content":[{"type":"input_text","text":"tell me a joke"}]},
            {"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","annotations":[],"text":"Why did the chicken cross the road?"}]}])")
        << QByteArray(
               R"({"model":"gpt-4o-mini","previous_response_id":"resp_1","input":[{"role":"user","content":"explain why this is funny."}]})")
        << QByteArray(
               R"({"model":"gpt-4o-mini","messages":[{"role":"user","content":"tell me a joke"},{"role":"assistant","content":"Why did the chicken cross the road?"},
            {"role":"user","content":"explain why this is funny."}]})");
    QTest::newRow(
        "reasoning items left out; text then a call is one turn; images from a tool follow its output")
        << QByteArray("[]")
        << QByteArray(R"({"model":"gpt-5","input":[{"role":"user","content":"Screenshot the page"},
            {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAAAB"},
            {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Taking it."}]},
            {"type":"function_call","call_id":"c1","name":"screenshot","arguments":"{}"},
            {"type":"function_call_output","call_id":"c1","output":[{"type":"input_text","text":"captured"},{"type":"input_image","image_url":"data:image/png;base64,iVBO"}]}]})")
        << QByteArray(R"({"model":"gpt-5","messages":[{"role":"user","content":"Screenshot the page"},
            {"role":"assistant","content":"Taking it.","tool_calls":[{"id":"c1","type":"function","function":{"name":"screenshot","arguments":"{}"}}]},
            {"role":"tool","tool_call_id":"c1","content":"captured"},
            {"role":"user","content":[{"type":"text","text":"The tool output above came with these images:"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBO"}}]}]})");
}

void TestOpenAIResponses::requestToOpenAI()
{
    QFETCH(QByteArray, history);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, chat);
    GatewayError e;
    const auto out = OpenAIResponses::requestToOpenAI(J(body), JsonRows::array(history), &e);
    QVERIFY2(out, qPrintable(e.message));
    QCOMPARE(text(out->chat), text(J(chat)));
    // The store keeps the whole conversation as items: the history, then this input.
    const QJsonValue input = J(body).value("input");
    QCOMPARE(out->inputItems.size(),
        JsonRows::array(history).size() + (input.isString() ? 1 : input.toArray().size()));
}

void TestOpenAIResponses::refused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("says");
    QTest::newRow("web search runs on OpenAI's servers")
        << QByteArray(R"({"model":"gpt-4o","input":"news?","tools":[{"type":"web_search"}]})") << "tools[0]"
        << "unsupported_tool"
        << "web_search = \"disabled\"";
    QTest::newRow("file search tool_choice")
        << QByteArray(R"({"model":"gpt-4o","input":"find","tool_choice":{"type":"file_search"}})")
        << "tool_choice"
        << "unsupported_tool"
        << "file_search";
    QTest::newRow("background mode") << QByteArray(R"({"model":"gpt-4o","input":"hi","background":true})")
                                     << "background"
                                     << "unsupported_parameter"
                                     << "OpenAI's own storage";
    QTest::newRow("conversation object")
        << QByteArray(R"({"model":"gpt-4o","input":"hi","conversation":"conv_1"})") << "conversation"
        << "unsupported_parameter"
        << "previous_response_id";
    QTest::newRow("no model") << QByteArray(R"({"input":"hi"})") << "model"
                              << "missing_required_parameter"
                              << "'model'";
    QTest::newRow("no input") << QByteArray(R"({"model":"gpt-4o"})") << "input"
                              << "missing_required_parameter"
                              << "'input'";
    QTest::newRow("input is a number") << QByteArray(R"({"model":"gpt-4o","input":42})") << "input"
                                       << "invalid_type"
                                       << "a string or an array";
    QTest::newRow("input without a message") << QByteArray(R"({"model":"gpt-4o","input":[]})") << "input"
                                             << "empty_array"
                                             << "at least one message";
    QTest::newRow("unknown role") << QByteArray(
        R"({"model":"gpt-4o","input":[{"role":"robot","content":"hi"}]})")
                                  << "input[0].role"
                                  << "invalid_value"
                                  << "user, assistant";
    QTest::newRow("item reference") << QByteArray(
        R"({"model":"gpt-4o","input":[{"type":"item_reference","id":"msg_1"}]})")
                                    << "input[0]"
                                    << "unsupported_value"
                                    << "item references";
    QTest::newRow("uploaded image by file_id") << QByteArray(
        R"({"model":"gpt-4o","input":[{"role":"user","content":[{"type":"input_image","file_id":"file-1"}]}]})")
                                               << "input[0].content[0].file_id"
                                               << "unsupported_value"
                                               << "image_url";
    QTest::newRow("call without call_id") << QByteArray(
        R"({"model":"gpt-4o","input":[{"role":"user","content":"x"},{"type":"function_call","name":"f","arguments":"{}"}]})")
                                          << "input[1].call_id"
                                          << "missing_required_parameter"
                                          << "call_id";
    QTest::newRow("max_output_tokens below 16")
        << QByteArray(R"({"model":"gpt-4o","input":"hi","max_output_tokens":5})") << "max_output_tokens"
        << "invalid_value"
        << ">= 16";
    QTest::newRow("unknown text format")
        << QByteArray(R"({"model":"gpt-4o","input":"hi","text":{"format":{"type":"xml"}}})")
        << "text.format.type"
        << "invalid_value"
        << "json_schema";
    QTest::newRow("stream is a string")
        << QByteArray(R"({"model":"gpt-4o","input":"hi","stream":"yes"})") << "stream"
        << "invalid_type"
        << "a boolean";
}

void TestOpenAIResponses::refused()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    QFETCH(QString, code);
    QFETCH(QString, says);
    GatewayError e;
    QVERIFY(!OpenAIResponses::requestToOpenAI(J(body), {}, &e));
    QCOMPARE(e.status, 400);
    QCOMPARE(e.type, QString("invalid_request_error"));
    QCOMPARE(e.param, param);
    QCOMPARE(e.code, code);
    QVERIFY2(e.message.contains(says), qPrintable(e.message));
}

void TestOpenAIResponses::toolNamesMapBack()
{
    GatewayError e;
    const auto t = OpenAIResponses::requestToOpenAI(
        J(R"({"model":"m","input":"x","tools":[{"type":"namespace","name":"mcp__fs","tools":[{"type":"function","name":"read"}]},
        {"type":"custom","name":"apply_patch"},{"type":"function","name":"plain"}]})"),
        {}, &e);
    QVERIFY2(t, qPrintable(e.message));
    // An answer naming a canonical tool becomes the item the client declared.
    QCOMPARE(text(OpenAIResponses::callItem("fc_x", "call_1", "mcp__fs__read", "{\"p\":1}", t->tools, true)),
        text(J(
            R"({"id":"fc_x","type":"function_call","status":"completed","call_id":"call_1","namespace":"mcp__fs","name":"read","arguments":"{\"p\":1}"})")));
    QCOMPARE(text(OpenAIResponses::callItem(
                 "ctc_x", "call_2", "apply_patch", "{\"input\":\"*** Begin\"}", t->tools, true)),
        text(J(
            R"({"id":"ctc_x","type":"custom_tool_call","status":"completed","call_id":"call_2","name":"apply_patch","input":"*** Begin"})")));
    QCOMPARE(text(OpenAIResponses::callItem("fc_y", "call_3", "plain", "{}", t->tools, false)),
        text(J(
            R"({"id":"fc_y","type":"function_call","status":"in_progress","call_id":"call_3","name":"plain","arguments":""})")));
}

void TestOpenAIResponses::longNamespacedNamesStayStable()
{
    const QString ns(40, u'n');
    const QString name(40, u'f');
    const QString canonical = OpenAIResponses::canonicalToolName(ns, name);
    QCOMPARE(canonical.size(), 64); // every provider's limit on function names
    QVERIFY(canonical.startsWith(ns));
    QCOMPARE(OpenAIResponses::canonicalToolName(ns, name), canonical); // the same on every turn
    QVERIFY(OpenAIResponses::canonicalToolName(ns, name + u'2') != canonical);
    QCOMPARE(OpenAIResponses::canonicalToolName({}, "read"), QString("read"));
}

void TestOpenAIResponses::responseShellEchoesTheRequest()
{
    const QJsonObject shell = OpenAIResponses::responseShell("resp_1", 1741476542,
        J(R"({"model":"gpt-4.1","input":"x","instructions":"Be brief.","store":false,"temperature":0.5,"max_output_tokens":100,
        "tools":[{"type":"function","name":"f"}],"previous_response_id":"resp_0","reasoning":{"effort":"low"}})"));
    // The shape of the API reference's Response object, before any output.
    QCOMPARE(text(shell),
        text(J(
            R"({"id":"resp_1","object":"response","created_at":1741476542,"status":"in_progress","background":false,"error":null,"incomplete_details":null,
        "instructions":"Be brief.","max_output_tokens":100,"model":"gpt-4.1","output":[],"parallel_tool_calls":true,"previous_response_id":"resp_0",
        "reasoning":{"effort":"low","summary":null},"store":false,"temperature":0.5,"text":{"format":{"type":"text"}},"tool_choice":"auto",
        "tools":[{"type":"function","name":"f"}],"top_p":1.0,"truncation":"disabled","usage":null,"user":null,"metadata":{}})")));
}

void TestOpenAIResponses::responseFromOpenAI_data()
{
    QTest::addColumn<QByteArray>("completion");
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QByteArray>("incomplete");
    QTest::newRow("text (create a model response example)")
        << QByteArray(
               R"({"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4.1","choices":[{"index":0,"message":{"role":"assistant",
            "content":"In a peaceful grove beneath a silver moon, a unicorn named Lumina discovered a hidden pool.","refusal":null},"finish_reason":"stop"}]})")
        << QByteArray(
               R"([{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","annotations":[],"logprobs":[],
            "text":"In a peaceful grove beneath a silver moon, a unicorn named Lumina discovered a hidden pool."}]}])")
        << "completed" << QByteArray("null");
    QTest::newRow("function call (function calling guide)")
        << QByteArray(
               R"({"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_12345xyz","type":"function",
            "function":{"name":"get_weather","arguments":"{\"location\":\"Paris, France\"}"}}]},"finish_reason":"tool_calls"}]})")
        << QByteArray(
               R"([{"id":"fc_1","type":"function_call","status":"completed","arguments":"{\"location\":\"Paris, France\"}","call_id":"call_12345xyz","name":"get_weather"}])")
        << "completed" << QByteArray("null");
    QTest::newRow("reasoning, text and two calls in one turn")
        << QByteArray(
               R"({"choices":[{"index":0,"message":{"role":"assistant","reasoning_content":"Two cities.","content":"Checking both.","tool_calls":[
            {"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}},
            {"id":"c2","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Oslo\"}"}}]},"finish_reason":"tool_calls"}]})")
        << QByteArray(
               R"([{"id":"rs_1","type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"Two cities."}]},
            {"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","annotations":[],"logprobs":[],"text":"Checking both."}]},
            {"id":"fc_1","type":"function_call","status":"completed","arguments":"{\"location\":\"Paris\"}","call_id":"c1","name":"get_weather"},
            {"id":"fc_2","type":"function_call","status":"completed","arguments":"{\"location\":\"Oslo\"}","call_id":"c2","name":"get_weather"}])")
        << "completed" << QByteArray("null");
    QTest::newRow("refusal (structured outputs guide)")
        << QByteArray(
               R"({"choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I'm sorry, I cannot assist with that request."},"finish_reason":"stop"}]})")
        << QByteArray(
               R"([{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"refusal","refusal":"I'm sorry, I cannot assist with that request."}]}])")
        << "completed" << QByteArray("null");
    QTest::newRow("cut by max_output_tokens: incomplete")
        << QByteArray(
               R"({"choices":[{"index":0,"message":{"role":"assistant","content":"Once upon"},"finish_reason":"length"}]})")
        << QByteArray(
               R"([{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","annotations":[],"logprobs":[],"text":"Once upon"}]}])")
        << "incomplete" << QByteArray(R"({"reason":"max_output_tokens"})");
    QTest::newRow("content filter: incomplete") << QByteArray(
        R"({"choices":[{"index":0,"message":{"role":"assistant","content":""},"finish_reason":"content_filter"}]})")
                                                << QByteArray("[]") << "incomplete"
                                                << QByteArray(R"({"reason":"content_filter"})");
}

void TestOpenAIResponses::responseFromOpenAI()
{
    QFETCH(QByteArray, completion);
    QFETCH(QByteArray, output);
    QFETCH(QString, status);
    QFETCH(QByteArray, incomplete);
    const QJsonObject shell = OpenAIResponses::responseShell("resp_1", 1, J(R"({"model":"gpt-4.1"})"));
    Usage usage;
    usage.promptTokens = 36;
    usage.completionTokens = 87;
    const QJsonObject out = numbered(OpenAIResponses::responseFromOpenAI(J(completion), shell, {}, usage));
    QCOMPARE(text(out.value("output").toArray()), text(JsonRows::array(output)));
    QCOMPARE(out.value("status").toString(), status);
    QCOMPARE(
        text(QJsonArray {out.value("incomplete_details")}), text(JsonRows::array("[" + incomplete + "]")));
    QCOMPARE(text(out.value("usage").toObject()),
        text(J(
            R"({"input_tokens":36,"input_tokens_details":{"cached_tokens":0},"output_tokens":87,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":123})")));
}

void TestOpenAIResponses::usageBothWays()
{
    // The API reference's usage object, with cached and reasoning tokens.
    const QJsonObject responses = J(
        R"({"input_tokens":2006,"input_tokens_details":{"cached_tokens":1920},"output_tokens":300,"output_tokens_details":{"reasoning_tokens":256},"total_tokens":2306})");
    const Usage u = OpenAIResponses::usageFromResponses(responses);
    QCOMPARE(u.promptTokens, 2006);
    QCOMPARE(u.cachedTokens, 1920);
    QCOMPARE(u.completionTokens, 300);
    QCOMPARE(u.reasoningTokens, 256);
    QVERIFY(u.reported);
    QCOMPARE(text(OpenAIResponses::usageToResponses(u)), text(responses));
    QVERIFY(!OpenAIResponses::usageFromResponses({}).reported);
}

QTEST_GUILESS_MAIN(TestOpenAIResponses)
#include "tst_openairesponses.moc"
