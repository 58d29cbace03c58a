// SPDX-License-Identifier: MIT
// AnthropicMessages: one row per construct, both directions, built from the examples of the
// Anthropic Messages API and OpenAI chat-completions documentation.
// Row literals read best as plain strings: the product code's cast guard is lifted here.
#undef QT_NO_CAST_FROM_ASCII
#include "protocol/anthropicmessages.h"
#include "routing/catalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include "jsonrows.h"

namespace {

using JsonRows::text;

QJsonObject J(const QByteArray &json)
{
    return JsonRows::object(json);
}

} // namespace

class TestAnthropicMessages : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requestToOpenAI_data();
    void requestToOpenAI();
    void requestFromOpenAI_data();
    void requestFromOpenAI();
    void requestErrors_data();
    void requestErrors();
    void responseToOpenAI_data();
    void responseToOpenAI();
    void responseFromOpenAI_data();
    void responseFromOpenAI();
    void reasons_data();
    void reasons();
    void cachedTokensCostAKnownAnswer();
    void toolIdsAreMadeValidTheSameWayEachTime();
    void systemMessagesFoldIntoSystemForAnthropic();
};

void TestAnthropicMessages::requestToOpenAI_data()
{
    QTest::addColumn<QByteArray>("anthropic");
    QTest::addColumn<QByteArray>("openai");

    QTest::newRow("basic (Messages API reference example)")
        << QByteArray(
               R"({"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Hello, world"}]})")
        << QByteArray(
               R"({"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Hello, world"}]})");
    QTest::newRow("system string")
        << QByteArray(
               R"({"model":"m","max_tokens":10,"system":"You are a seasoned data scientist.","messages":[{"role":"user","content":"hi"}]})")
        << QByteArray(
               R"({"model":"m","max_tokens":10,"messages":[{"role":"system","content":"You are a seasoned data scientist."},{"role":"user","content":"hi"}]})");
    QTest::newRow("system blocks with cache_control (prompt caching example)")
        << QByteArray(
               R"({"model":"m","max_tokens":10,"system":[{"type":"text","text":"You are an AI assistant tasked with analyzing literary works."},
            {"type":"text","text":"<the entire contents of Pride and Prejudice>","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"Analyze the major themes."}]})")
        << QByteArray(
               R"({"model":"m","max_tokens":10,"messages":[{"role":"system","content":"You are an AI assistant tasked with analyzing literary works.\n\n<the entire contents of Pride and Prejudice>"},
            {"role":"user","content":"Analyze the major themes."}]})");
    QTest::newRow("multi-turn and assistant prefill")
        << QByteArray(
               R"({"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Hello there."},{"role":"assistant","content":"Hi, I'm Claude. How can I help you?"},
            {"role":"user","content":"What is latin for Ant? (A) Apoidea, (B) Rhopalocera, (C) Formicidae"},{"role":"assistant","content":"The answer is ("}]})")
        << QByteArray(
               R"({"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Hello there."},{"role":"assistant","content":"Hi, I'm Claude. How can I help you?"},
            {"role":"user","content":"What is latin for Ant? (A) Apoidea, (B) Rhopalocera, (C) Formicidae"},{"role":"assistant","content":"The answer is ("}]})");
    QTest::newRow("image base64 and url (vision example)")
        << QByteArray(R"({"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
            {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQSkZJRg=="}},
            {"type":"image","source":{"type":"url","url":"https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg"}},
            {"type":"text","text":"Describe this image."}]}]})")
        << QByteArray(R"({"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
            {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQSkZJRg=="}},
            {"type":"image_url","image_url":{"url":"https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg"}},
            {"type":"text","text":"Describe this image."}]}]})");
    QTest::newRow("pdf document")
        << QByteArray(
               R"({"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0x"}},{"type":"text","text":"Summarize"}]}]})")
        << QByteArray(
               R"({"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"file","file":{"filename":"document.pdf","file_data":"data:application/pdf;base64,JVBERi0x"}},{"type":"text","text":"Summarize"}]}]})");
    QTest::newRow("tools and tool_choice any (tool use example)")
        << QByteArray(
               R"({"model":"m","max_tokens":1024,"tools":[{"name":"get_weather","description":"Get the current weather in a given location",
            "input_schema":{"type":"object","properties":{"location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"}},"required":["location"]}}],
            "tool_choice":{"type":"any","disable_parallel_tool_use":true},"messages":[{"role":"user","content":"What's the weather like in San Francisco?"}]})")
        << QByteArray(
               R"({"model":"m","max_tokens":1024,"tools":[{"type":"function","function":{"name":"get_weather","description":"Get the current weather in a given location",
            "parameters":{"type":"object","properties":{"location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"}},"required":["location"]}}}],
            "tool_choice":"required","parallel_tool_calls":false,"messages":[{"role":"user","content":"What's the weather like in San Francisco?"}]})");
    QTest::newRow("tool_choice tool")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"tools":[{"name":"f","input_schema":{"type":"object"}}],"tool_choice":{"type":"tool","name":"f"},"messages":[{"role":"user","content":"x"}]})")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"tool_choice":{"type":"function","function":{"name":"f"}},"messages":[{"role":"user","content":"x"}]})");
    QTest::newRow("tool_use and tool_result round trip")
        << QByteArray(
               R"({"model":"m","max_tokens":1024,"messages":[{"role":"user","content":"What's the weather like in San Francisco?"},
            {"role":"assistant","content":[{"type":"text","text":"I'll check the current weather in San Francisco for you."},
                {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather","input":{"location":"San Francisco, CA"}}]},
            {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01A09q90qw90lq917835lq9","content":"15 degrees"}]}]})")
        << QByteArray(
               R"({"model":"m","max_tokens":1024,"messages":[{"role":"user","content":"What's the weather like in San Francisco?"},
            {"role":"assistant","content":"I'll check the current weather in San Francisco for you.","tool_calls":[{"id":"toolu_01A09q90qw90lq917835lq9","type":"function",
                "function":{"name":"get_weather","arguments":"{\"location\":\"San Francisco, CA\"}"}}]},
            {"role":"tool","tool_call_id":"toolu_01A09q90qw90lq917835lq9","content":"15 degrees"}]})");
    QTest::newRow("tool_result blocks, is_error, image, then text")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}},{"type":"tool_use","id":"t2","name":"g","input":{}}]},
            {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"part one"},{"type":"text","text":"part two"},
                {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}}]},
                {"type":"tool_result","tool_use_id":"t2","content":"ConnectionError: the weather service API is not available, HTTP 500","is_error":true},
                {"type":"text","text":"Go on."}]}]})")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{}"}},
                {"id":"t2","type":"function","function":{"name":"g","arguments":"{}"}}]},
            {"role":"tool","tool_call_id":"t1","content":"part one\npart two"},
            {"role":"tool","tool_call_id":"t2","content":"Error: ConnectionError: the weather service API is not available, HTTP 500"},
            {"role":"user","content":[{"type":"text","text":"Go on."},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBOR"}}]}]})");
    QTest::newRow("sampling, stop sequences, metadata, stream")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"temperature":0.5,"top_p":0.9,"top_k":40,"stop_sequences":["\n\nHuman:"],"metadata":{"user_id":"13803d75-b4b5-4c3e-b2a2-6f21399b021b"},
            "stream":true,"messages":[{"role":"user","content":"x"}]})")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"temperature":0.5,"top_p":0.9,"stop":["\n\nHuman:"],"user":"13803d75-b4b5-4c3e-b2a2-6f21399b021b",
            "stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]})");
    QTest::newRow("thinking config and thinking blocks have no OpenAI form")
        << QByteArray(
               R"({"model":"m","max_tokens":16000,"thinking":{"type":"enabled","budget_tokens":10000},"messages":[{"role":"user","content":"27 * 453?"},
            {"role":"assistant","content":[{"type":"thinking","thinking":"Let me solve this step by step","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"},{"type":"text","text":"12231"}]},
            {"role":"user","content":"Thanks"}]})")
        << QByteArray(
               R"({"model":"m","max_tokens":16000,"messages":[{"role":"user","content":"27 * 453?"},{"role":"assistant","content":"12231"},{"role":"user","content":"Thanks"}]})");
    QTest::newRow("structured outputs (output_config.format)")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"output_config":{"format":{"type":"json_schema","schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}}},"messages":[{"role":"user","content":"x"}]})")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"response_format":{"type":"json_schema","json_schema":{"name":"output","strict":true,"schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}}},"messages":[{"role":"user","content":"x"}]})");
    QTest::newRow("structured outputs beta (output_format)")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"output_format":{"type":"json_schema","schema":{"type":"object"}},"messages":[{"role":"user","content":"x"}]})")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"response_format":{"type":"json_schema","json_schema":{"name":"output","strict":true,"schema":{"type":"object"}}},"messages":[{"role":"user","content":"x"}]})");
    QTest::newRow("system messages inside messages, even last (Claude Code with a non-Claude model)")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"system":"You are Claude Code.","messages":[{"role":"user","content":"x"},
            {"role":"system","content":[{"type":"text","text":"Reminder: be brief."}]},{"role":"assistant","content":"ok"},{"role":"system","content":"Last word."}]})")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"messages":[{"role":"system","content":"You are Claude Code."},{"role":"user","content":"x"},
            {"role":"system","content":"Reminder: be brief."},{"role":"assistant","content":"ok"},{"role":"system","content":"Last word."}]})");
    QTest::newRow("server tools run at Anthropic only")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"tools":[{"type":"web_search_20250305","name":"web_search","max_uses":5},{"type":"custom","name":"f","input_schema":{"type":"object"}}],"messages":[{"role":"user","content":"x"}]})")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"messages":[{"role":"user","content":"x"}]})");
}

void TestAnthropicMessages::requestToOpenAI()
{
    QFETCH(QByteArray, anthropic);
    QFETCH(QByteArray, openai);
    GatewayError e;
    const auto out = AnthropicMessages::requestToOpenAI(J(anthropic), &e);
    QVERIFY2(out, qPrintable(e.message));
    QCOMPARE(text(*out), text(J(openai)));
}

void TestAnthropicMessages::requestFromOpenAI_data()
{
    QTest::addColumn<QByteArray>("openai");
    QTest::addColumn<QByteArray>("anthropic");

    QTest::newRow("basic with developer and system messages; catalog max_tokens")
        << QByteArray(
               R"({"model":"gpt-4.1","messages":[{"role":"developer","content":"You are a helpful assistant."},{"role":"user","content":"Hello!"},{"role":"system","content":"Be brief."}]})")
        << QByteArray(
               R"({"model":"claude-x","system":"You are a helpful assistant.\n\nBe brief.","messages":[{"role":"user","content":[{"type":"text","text":"Hello!"}]}],"max_tokens":64000})");
    QTest::newRow("max_completion_tokens wins over max_tokens")
        << QByteArray(
               R"({"model":"x","max_completion_tokens":50,"max_tokens":99,"messages":[{"role":"user","content":"x"}]})")
        << QByteArray(
               R"({"model":"claude-x","messages":[{"role":"user","content":[{"type":"text","text":"x"}]}],"max_tokens":50})");
    QTest::newRow("system parts with cache_control stay blocks")
        << QByteArray(
               R"({"model":"x","messages":[{"role":"system","content":[{"type":"text","text":"long context","cache_control":{"type":"ephemeral"}}]},{"role":"user","content":"x"}]})")
        << QByteArray(
               R"({"model":"claude-x","system":[{"type":"text","text":"long context","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":[{"type":"text","text":"x"}]}],"max_tokens":64000})");
    QTest::newRow("image_url data URL and https (vision guide example)")
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":[{"type":"text","text":"What's in this image?"},
            {"type":"image_url","image_url":{"url":"https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg","detail":"high"}},
            {"type":"image_url","image_url":{"url":"data:image/webp;base64,UklGRg=="}}]}]})")
        << QByteArray(
               R"({"model":"claude-x","messages":[{"role":"user","content":[{"type":"text","text":"What's in this image?"},
            {"type":"image","source":{"type":"url","url":"https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"}},
            {"type":"image","source":{"type":"base64","media_type":"image/webp","data":"UklGRg=="}}]}],"max_tokens":64000})");
    QTest::newRow("file part (PDF) becomes a document")
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":[{"type":"file","file":{"filename":"draconomicon.pdf","file_data":"data:application/pdf;base64,JVBERi0x"}},{"type":"text","text":"What is the first dragon in the book?"}]}]})")
        << QByteArray(
               R"({"model":"claude-x","messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0x"},"title":"draconomicon.pdf"},{"type":"text","text":"What is the first dragon in the book?"}]}],"max_tokens":64000})");
    QTest::newRow("tools, tool_choice function, strict (function calling guide example)")
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":"What is the weather like in Paris today?"}],"tools":[{"type":"function","function":{"name":"get_weather","description":"Get current temperature for a given location.",
            "parameters":{"type":"object","properties":{"location":{"type":"string","description":"City and country e.g. Bogotá, Colombia"}},"required":["location"],"additionalProperties":false},"strict":true}}],
            "tool_choice":{"type":"function","function":{"name":"get_weather"}}})")
        << QByteArray(
               R"({"model":"claude-x","messages":[{"role":"user","content":[{"type":"text","text":"What is the weather like in Paris today?"}]}],"tools":[{"name":"get_weather",
            "input_schema":{"type":"object","properties":{"location":{"type":"string","description":"City and country e.g. Bogotá, Colombia"}},"required":["location"],"additionalProperties":false},
            "description":"Get current temperature for a given location.","strict":true}],"tool_choice":{"type":"tool","name":"get_weather"},"max_tokens":64000})");
    QTest::newRow("tool_choice none, parameterless tool, parallel_tool_calls false")
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"now"}}],"tool_choice":"none","parallel_tool_calls":false})")
        << QByteArray(
               R"({"model":"claude-x","messages":[{"role":"user","content":[{"type":"text","text":"x"}]}],"tools":[{"name":"now","input_schema":{"type":"object","properties":{}}}],"tool_choice":{"type":"none"},"max_tokens":64000})");
    QTest::newRow("assistant tool_calls and tool results merge into one user turn")
        << QByteArray(R"({"model":"x","messages":[{"role":"user","content":"Weather in Paris and Bogotá?"},
            {"role":"assistant","content":null,"tool_calls":[{"id":"call_12345xyz","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris, France\"}"}},
                {"id":"call_67890abc","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Bogotá, Colombia\"}"}}]},
            {"role":"tool","tool_call_id":"call_12345xyz","content":"14"},{"role":"tool","tool_call_id":"call_67890abc","content":"18"}]})")
        << QByteArray(
               R"({"model":"claude-x","messages":[{"role":"user","content":[{"type":"text","text":"Weather in Paris and Bogotá?"}]},
            {"role":"assistant","content":[{"type":"tool_use","id":"call_12345xyz","name":"get_weather","input":{"location":"Paris, France"}},
                {"type":"tool_use","id":"call_67890abc","name":"get_weather","input":{"location":"Bogotá, Colombia"}}]},
            {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_12345xyz","content":"14"},{"type":"tool_result","tool_use_id":"call_67890abc","content":"18"}]}],"max_tokens":64000})");
    QTest::newRow("malformed tool arguments are kept, not dropped")
        << QByteArray(
               R"({"model":"x","messages":[{"role":"assistant","content":"","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":"}}]},{"role":"tool","tool_call_id":"c1","content":"ok"}]})")
        << QByteArray(
               R"({"model":"claude-x","messages":[{"role":"assistant","content":[{"type":"tool_use","id":"c1","name":"f","input":{"_raw":"{\"a\":"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":"ok"}]}],"max_tokens":64000})");
    QTest::newRow("response_format json_schema (structured outputs guide example)")
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":"Alice and Bob are going to a science fair on Friday."}],"response_format":{"type":"json_schema","json_schema":{"name":"calendar_event","strict":true,
            "schema":{"type":"object","properties":{"name":{"type":"string"},"date":{"type":"string"},"participants":{"type":"array","items":{"type":"string"}}},"required":["name","date","participants"],"additionalProperties":false}}}})")
        << QByteArray(
               R"({"model":"claude-x","messages":[{"role":"user","content":[{"type":"text","text":"Alice and Bob are going to a science fair on Friday."}]}],
            "output_config":{"format":{"type":"json_schema","schema":{"type":"object","properties":{"name":{"type":"string"},"date":{"type":"string"},"participants":{"type":"array","items":{"type":"string"}}},"required":["name","date","participants"],"additionalProperties":false}}},"max_tokens":64000})");
    QTest::newRow("response_format json_object becomes an instruction")
        << QByteArray(
               R"({"model":"x","messages":[{"role":"system","content":"Extract."},{"role":"user","content":"x"}],"response_format":{"type":"json_object"}})")
        << QByteArray(
               R"({"model":"claude-x","system":"Extract.\n\nRespond with a single valid JSON object and nothing else: no prose, no code fences.","messages":[{"role":"user","content":[{"type":"text","text":"x"}]}],"max_tokens":64000})");
    QTest::newRow("temperature clamped to 1, top_p dropped beside it, stop string, user, stream")
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":"x"}],"temperature":1.7,"top_p":0.5,"stop":"END","user":"user-1234","stream":true,"stream_options":{"include_usage":true},
            "seed":1,"presence_penalty":0.5,"frequency_penalty":0.5,"logit_bias":{"1":2},"logprobs":true})")
        << QByteArray(
               R"({"model":"claude-x","messages":[{"role":"user","content":[{"type":"text","text":"x"}]}],"temperature":1,"stop_sequences":["END"],"stream":true,"metadata":{"user_id":"user-1234"},"max_tokens":64000})");
    QTest::newRow("top_p alone is kept; top_p 1 is the default")
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":"x"}],"top_p":0.8,"stop":["a","","b"]})")
        << QByteArray(
               R"({"model":"claude-x","messages":[{"role":"user","content":[{"type":"text","text":"x"}]}],"top_p":0.8,"stop_sequences":["a","b"],"max_tokens":64000})");
    QTest::newRow("reasoning_effort becomes a thinking budget below max_tokens")
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":"x"}],"reasoning_effort":"medium","temperature":0.2,"max_tokens":10000})")
        << QByteArray(
               R"({"model":"claude-x","messages":[{"role":"user","content":[{"type":"text","text":"x"}]}],"thinking":{"type":"enabled","budget_tokens":5000},"max_tokens":10000})");
}

void TestAnthropicMessages::requestFromOpenAI()
{
    QFETCH(QByteArray, openai);
    QFETCH(QByteArray, anthropic);
    GatewayError e;
    const auto out = AnthropicMessages::requestFromOpenAI(J(openai), QStringLiteral("claude-x"), 64000, &e);
    QVERIFY2(out, qPrintable(e.message));
    QCOMPARE(text(*out), text(J(anthropic)));
}

void TestAnthropicMessages::requestErrors_data()
{
    QTest::addColumn<bool>("fromOpenAI");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param");
    QTest::addColumn<QString>("message");
    QTest::newRow("n > 1") << true
                           << QByteArray(R"({"model":"x","n":2,"messages":[{"role":"user","content":"x"}]})")
                           << "n"
                           << "'n' must be 1";
    QTest::newRow("audio input")
        << true
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AA","format":"wav"}}]}]})")
        << "messages[0].content[0].type"
        << "input_audio";
    QTest::newRow("file by id")
        << true
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-abc"}}]}]})")
        << "messages[0].content[0]"
        << "base64";
    QTest::newRow("custom tool type")
        << true
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":"x"}],"tools":[{"type":"custom","custom":{"name":"c"}}]})")
        << "tools"
        << "custom";
    QTest::newRow("missing max_tokens")
        << false << QByteArray(R"({"model":"m","messages":[{"role":"user","content":"x"}]})") << "max_tokens"
        << "max_tokens: Field required";
    QTest::newRow("max_tokens zero")
        << false << QByteArray(R"({"model":"m","max_tokens":0,"messages":[{"role":"user","content":"x"}]})")
        << "max_tokens"
        << "greater than or equal to 1";
    QTest::newRow("missing messages") << false << QByteArray(R"({"model":"m","max_tokens":5})") << "messages"
                                      << "messages: Field required";
    QTest::newRow("empty messages") << false << QByteArray(R"({"model":"m","max_tokens":5,"messages":[]})")
                                    << "messages"
                                    << "at least one message";
    QTest::newRow("unknown role in messages")
        << false << QByteArray(R"({"model":"m","max_tokens":5,"messages":[{"role":"robot","content":"x"}]})")
        << "messages.0.role"
        << "'user', 'assistant' or 'system'";
    QTest::newRow("system message content a number")
        << false
        << QByteArray(
               R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"},{"role":"system","content":5}]})")
        << "messages.1.content"
        << "messages.1.content";
    QTest::newRow("content number")
        << false << QByteArray(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":5}]})")
        << "messages.0.content"
        << "valid string or list";
    QTest::newRow("system number")
        << false
        << QByteArray(R"({"model":"m","max_tokens":5,"system":5,"messages":[{"role":"user","content":"x"}]})")
        << "system"
        << "valid string or list";
    QTest::newRow("temperature 1.5")
        << false
        << QByteArray(
               R"({"model":"m","max_tokens":5,"temperature":1.5,"messages":[{"role":"user","content":"x"}]})")
        << "temperature"
        << "between 0 and 1";
    QTest::newRow("tool without name")
        << false
        << QByteArray(
               R"({"model":"m","max_tokens":5,"tools":[{"input_schema":{}}],"messages":[{"role":"user","content":"x"}]})")
        << "tools.0.name"
        << "Field required";
}

void TestAnthropicMessages::requestErrors()
{
    QFETCH(bool, fromOpenAI);
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    QFETCH(QString, message);
    GatewayError e;
    const bool ok = fromOpenAI
        ? bool(AnthropicMessages::requestFromOpenAI(J(body), QStringLiteral("m"), 100, &e))
        : bool(AnthropicMessages::requestToOpenAI(J(body), &e));
    QVERIFY(!ok);
    QCOMPARE(e.status, 400);
    QCOMPARE(e.param, param);
    QVERIFY2(e.message.contains(message), qPrintable(e.message));
}

void TestAnthropicMessages::responseToOpenAI_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("completion");
    QTest::newRow("text (Messages API reference example)")
        << QByteArray(
               R"({"content":[{"text":"Hi! My name is Claude.","type":"text"}],"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","model":"claude-sonnet-4-5-20250929","role":"assistant",
            "stop_reason":"end_turn","stop_sequence":null,"type":"message","usage":{"input_tokens":2095,"output_tokens":503}})")
        << QByteArray(
               R"({"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","object":"chat.completion","model":"claude-sonnet-4-5-20250929","choices":[{"index":0,"message":{"role":"assistant","content":"Hi! My name is Claude.","refusal":null},
            "logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":2095,"completion_tokens":503,"total_tokens":2598,"prompt_tokens_details":{"cached_tokens":0}}})");
    QTest::newRow("tool_use (tool use example)")
        << QByteArray(
               R"({"id":"msg_01Aq9w938a90dw8q","model":"claude-sonnet-4-5","stop_reason":"tool_use","role":"assistant","type":"message","content":[
            {"type":"text","text":"I'll check the current weather in San Francisco for you."},{"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather","input":{"location":"San Francisco, CA"}}],
            "usage":{"input_tokens":384,"output_tokens":62}})")
        << QByteArray(
               R"({"id":"msg_01Aq9w938a90dw8q","object":"chat.completion","model":"claude-sonnet-4-5","choices":[{"index":0,"message":{"role":"assistant","content":"I'll check the current weather in San Francisco for you.","refusal":null,
            "tool_calls":[{"id":"toolu_01A09q90qw90lq917835lq9","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"San Francisco, CA\"}"}}]},
            "logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":384,"completion_tokens":62,"total_tokens":446,"prompt_tokens_details":{"cached_tokens":0}}})");
    QTest::newRow("thinking, max_tokens, cache read and write (prompt caching usage example)")
        << QByteArray(
               R"({"id":"msg_1","type":"message","role":"assistant","model":"claude-opus-4-5","content":[{"type":"thinking","thinking":"Let me analyze this.","signature":"WaUjzkyp"},{"type":"text","text":"Based on"}],
            "stop_reason":"max_tokens","stop_sequence":null,"usage":{"input_tokens":21,"cache_creation_input_tokens":188086,"cache_read_input_tokens":0,"output_tokens":393}})")
        << QByteArray(
               R"({"id":"msg_1","object":"chat.completion","model":"claude-opus-4-5","choices":[{"index":0,"message":{"role":"assistant","content":"Based on","refusal":null,"reasoning_content":"Let me analyze this."},
            "logprobs":null,"finish_reason":"length"}],"usage":{"prompt_tokens":188107,"completion_tokens":393,"total_tokens":188500,"prompt_tokens_details":{"cached_tokens":0,"cache_write_tokens":188086}}})");
    QTest::newRow("refusal")
        << QByteArray(
               R"({"id":"msg_2","type":"message","role":"assistant","model":"m","content":[],"stop_reason":"refusal","usage":{"input_tokens":5,"cache_read_input_tokens":7,"output_tokens":0}})")
        << QByteArray(
               R"({"id":"msg_2","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":"content_filter"}],
            "usage":{"prompt_tokens":12,"completion_tokens":0,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":7}}})");
}

void TestAnthropicMessages::responseToOpenAI()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, completion);
    QCOMPARE(text(JsonRows::stable(AnthropicMessages::responseToOpenAI(J(message)))), text(J(completion)));
}

void TestAnthropicMessages::responseFromOpenAI_data()
{
    QTest::addColumn<QByteArray>("completion");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("text (chat completion object example)")
        << QByteArray(
               R"({"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,"model":"gpt-4.1-2025-04-14","choices":[{"index":0,
            "message":{"role":"assistant","content":"Hello! How can I assist you today?","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
            "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}},"service_tier":"default"})")
        << QByteArray(
               R"({"type":"message","role":"assistant","model":"gpt-4.1-2025-04-14","content":[{"type":"text","text":"Hello! How can I assist you today?"}],"stop_reason":"end_turn","stop_sequence":null,
            "usage":{"input_tokens":19,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":10}})");
    QTest::newRow("tool calls, cached tokens")
        << QByteArray(
               R"({"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":null,
            "tool_calls":[{"id":"call_12345xyz","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris, France\"}"}}]},"finish_reason":"tool_calls"}],
            "usage":{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,"prompt_tokens_details":{"cached_tokens":1920}}})")
        << QByteArray(
               R"({"type":"message","role":"assistant","model":"gpt-4o","content":[{"type":"tool_use","id":"call_12345xyz","name":"get_weather","input":{"location":"Paris, France"}}],
            "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":86,"cache_creation_input_tokens":0,"cache_read_input_tokens":1920,"output_tokens":300}})");
    QTest::newRow("length")
        << QByteArray(
               R"({"id":"c","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Once upon"},"finish_reason":"length"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}})")
        << QByteArray(
               R"({"type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"Once upon"}],"stop_reason":"max_tokens","stop_sequence":null,
            "usage":{"input_tokens":3,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":2}})");
}

void TestAnthropicMessages::responseFromOpenAI()
{
    QFETCH(QByteArray, completion);
    QFETCH(QByteArray, message);
    QJsonObject out = AnthropicMessages::responseFromOpenAI(J(completion));
    QVERIFY(out.take(QLatin1String("id")).toString().startsWith(QLatin1String("msg_")));
    QCOMPARE(text(out), text(J(message)));
}

void TestAnthropicMessages::reasons_data()
{
    QTest::addColumn<QString>("anthropic");
    QTest::addColumn<QString>("openai");
    QTest::addColumn<QString>("back");
    QTest::newRow("end_turn") << "end_turn"
                              << "stop"
                              << "end_turn";
    QTest::newRow("stop_sequence") << "stop_sequence"
                                   << "stop"
                                   << "end_turn";
    QTest::newRow("max_tokens") << "max_tokens"
                                << "length"
                                << "max_tokens";
    QTest::newRow("tool_use") << "tool_use"
                              << "tool_calls"
                              << "tool_use";
    QTest::newRow("refusal") << "refusal"
                             << "content_filter"
                             << "refusal";
    QTest::newRow("pause_turn") << "pause_turn"
                                << "stop"
                                << "end_turn";
    QTest::newRow("model_context_window_exceeded") << "model_context_window_exceeded"
                                                   << "length"
                                                   << "max_tokens";
}

void TestAnthropicMessages::reasons()
{
    QFETCH(QString, anthropic);
    QFETCH(QString, openai);
    QFETCH(QString, back);
    QCOMPARE(AnthropicMessages::finishReasonFor(anthropic), openai);
    QCOMPARE(AnthropicMessages::stopReasonFor(openai), back);
}

void TestAnthropicMessages::cachedTokensCostAKnownAnswer()
{
    // Anthropic's input_tokens excludes cache reads and writes; OpenAI's prompt_tokens includes
    // them. claude-sonnet-4-5 from the built-in catalog: $3 input, $0.30 cache read, $3.75 cache
    // write, $15 output per 1M. 100 input + 1000 read + 500 written, 200 output:
    //   (100 * 3 + 1000 * 0.30 + 500 * 3.75 + 200 * 15) / 1e6 = 0.005475 USD
    const Usage u = AnthropicMessages::usageFromAnthropic(J(
        R"({"input_tokens":100,"cache_read_input_tokens":1000,"cache_creation_input_tokens":500,"output_tokens":200})"));
    QCOMPARE(u.promptTokens, 1600);
    QCOMPARE(u.cachedTokens, 1000);
    QCOMPARE(u.cacheWriteTokens, 500);
    QCOMPARE(u.completionTokens, 200);
    QFile f(QStringLiteral(SWITCHYARD_RESOURCES_DIR "/models.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    Catalog catalog;
    QString error;
    QVERIFY2(catalog.loadFrom(f.readAll(), {}, &error), qPrintable(error));
    const ModelInfo sonnet = catalog.model(QStringLiteral("claude-sonnet-4-5"));
    QCOMPARE(sonnet.cost(u.promptTokens, u.completionTokens, u.cachedTokens, u.cacheWriteTokens), 0.005475);
    // Priced as plain input, the same call would have cost 0.0078: the mistake peers make.
    QCOMPARE(sonnet.cost(u.promptTokens, u.completionTokens), 0.0078);
    // And back: the same numbers in Anthropic's terms.
    QCOMPARE(text(AnthropicMessages::usageToAnthropic(u)),
        text(J(
            R"({"input_tokens":100,"cache_creation_input_tokens":500,"cache_read_input_tokens":1000,"output_tokens":200})")));
    // Through OpenAI's usage object (cache writes as prompt_tokens_details.cache_write_tokens).
    Usage back;
    QVERIFY(back.readOpenAI(u.toOpenAI()));
    QCOMPARE(back.cacheWriteTokens, 500);
    QCOMPARE(back.cachedTokens, 1000);
}

void TestAnthropicMessages::toolIdsAreMadeValidTheSameWayEachTime()
{
    QCOMPARE(AnthropicMessages::toolId(QStringLiteral("toolu_01A09q90qw90lq917835lq9")),
        QStringLiteral("toolu_01A09q90qw90lq917835lq9"));
    QCOMPARE(AnthropicMessages::toolId(QStringLiteral("functions.get_weather:0")),
        QStringLiteral("functions_get_weather_0"));
    QCOMPARE(AnthropicMessages::toolId(QStringLiteral("call_a__ts_b-c")), QStringLiteral("call_a__ts_b-c"));
}

void TestAnthropicMessages::systemMessagesFoldIntoSystemForAnthropic()
{
    // The native relay: Anthropic itself takes no system role in messages.
    const QJsonObject folded = AnthropicMessages::withSystemMessagesFolded(J(
        R"({"model":"claude-sonnet-4-5","system":[{"type":"text","text":"A","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"x"},
        {"role":"system","content":"B"},{"role":"system","content":[{"type":"text","text":"C"}]}]})"));
    QCOMPARE(text(folded),
        text(J(
            R"({"model":"claude-sonnet-4-5","system":[{"type":"text","text":"A","cache_control":{"type":"ephemeral"}},{"type":"text","text":"B"},{"type":"text","text":"C"}],
        "messages":[{"role":"user","content":"x"}]})")));
    const QJsonObject plain = J(R"({"model":"m","system":"S","messages":[{"role":"user","content":"x"}]})");
    QCOMPARE(text(AnthropicMessages::withSystemMessagesFolded(plain)), text(plain));
}

QTEST_GUILESS_MAIN(TestAnthropicMessages)
#include "tst_anthropicmessages.moc"
