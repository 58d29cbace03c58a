// SPDX-License-Identifier: MIT
// GeminiContent: one row per construct, both directions, from the examples of the Gemini API and
// OpenAI chat-completions documentation.
// Row literals read best as plain strings: the product code's cast guard is lifted here.
#undef QT_NO_CAST_FROM_ASCII
#include "protocol/geminicontent.h"
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

const QString kSig = QStringLiteral("CiQB0e2Kb+/sig=="); // base64 with the characters base64url replaces

} // namespace

class TestGeminiContent : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requestFromOpenAI_data();
    void requestFromOpenAI();
    void requestToOpenAI_data();
    void requestToOpenAI();
    void responseToOpenAI_data();
    void responseToOpenAI();
    void responseFromOpenAI_data();
    void responseFromOpenAI();
    void finishReasons_data();
    void finishReasons();
    void signaturesTravelInToolCallIds();
    void cachedAndThinkingTokensCostAKnownAnswer();
    void unsupportedPartsAre400();
};

void TestGeminiContent::requestFromOpenAI_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QByteArray>("openai");
    QTest::addColumn<QByteArray>("gemini");
    QTest::newRow("system, user, sampling")
        << "gemini-2.5-flash"
        << QByteArray(
               R"({"model":"x","messages":[{"role":"system","content":"You are a cat. Your name is Neko."},{"role":"user","content":"Hello there"}],
            "temperature":0.7,"top_p":0.9,"max_completion_tokens":800,"stop":["Title"],"n":2,"seed":3,"presence_penalty":0.1,"frequency_penalty":0.2,"logprobs":true,"top_logprobs":2})")
        << QByteArray(
               R"({"systemInstruction":{"parts":[{"text":"You are a cat. Your name is Neko."}]},"contents":[{"role":"user","parts":[{"text":"Hello there"}]}],
            "generationConfig":{"temperature":0.7,"topP":0.9,"maxOutputTokens":800,"stopSequences":["Title"],"candidateCount":2,"seed":3,"presencePenalty":0.1,"frequencyPenalty":0.2,
            "responseLogprobs":true,"logprobs":2}})");
    QTest::newRow("multi-turn chat")
        << "gemini-2.5-flash"
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":"Hello"},{"role":"assistant","content":"Great to meet you. What would you like to know?"},{"role":"user","content":"I have two dogs in my house."}]})")
        << QByteArray(
               R"({"contents":[{"role":"user","parts":[{"text":"Hello"}]},{"role":"model","parts":[{"text":"Great to meet you. What would you like to know?"}]},{"role":"user","parts":[{"text":"I have two dogs in my house."}]}]})");
    QTest::newRow("image data URL, image URL, audio, pdf")
        << "gemini-2.5-flash"
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":[{"type":"text","text":"Caption this image."},
            {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}},{"type":"image_url","image_url":{"url":"https://example.com/a/photo.PNG?x=1"}},
            {"type":"input_audio","input_audio":{"data":"SUQz","format":"mp3"}},{"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0x"}}]}]})")
        << QByteArray(
               R"({"contents":[{"role":"user","parts":[{"text":"Caption this image."},{"inlineData":{"mimeType":"image/jpeg","data":"/9j/4AAQ"}},
            {"fileData":{"mimeType":"image/png","fileUri":"https://example.com/a/photo.PNG?x=1"}},{"inlineData":{"mimeType":"audio/mp3","data":"SUQz"}},
            {"inlineData":{"mimeType":"application/pdf","data":"JVBERi0x"}}]}]})");
    QTest::newRow("tools with JSON Schema, tool_choice required")
        << "gemini-2.5-flash"
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":"Schedule a meeting with Bob and Alice for 03/27/2025 at 10:00 AM about the Q3 planning."}],
            "tools":[{"type":"function","function":{"name":"schedule_meeting","description":"Schedules a meeting with specified attendees at a given time and date.",
            "parameters":{"type":"object","properties":{"attendees":{"type":"array","items":{"type":"string"}},"date":{"type":"string"},"time":{"type":"string"},"topic":{"type":"string"}},
            "required":["attendees","date","time","topic"],"additionalProperties":false}}}],"tool_choice":"required"})")
        << QByteArray(
               R"({"contents":[{"role":"user","parts":[{"text":"Schedule a meeting with Bob and Alice for 03/27/2025 at 10:00 AM about the Q3 planning."}]}],
            "tools":[{"functionDeclarations":[{"name":"schedule_meeting","description":"Schedules a meeting with specified attendees at a given time and date.",
            "parametersJsonSchema":{"type":"object","properties":{"attendees":{"type":"array","items":{"type":"string"}},"date":{"type":"string"},"time":{"type":"string"},"topic":{"type":"string"}},
            "required":["attendees","date","time","topic"],"additionalProperties":false}}]}],"toolConfig":{"functionCallingConfig":{"mode":"ANY"}}})");
    QTest::newRow("tool_choice none and named; parameterless tool")
        << "gemini-2.5-flash"
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"now"}}],"tool_choice":{"type":"function","function":{"name":"now"}}})")
        << QByteArray(
               R"({"contents":[{"role":"user","parts":[{"text":"x"}]}],"tools":[{"functionDeclarations":[{"name":"now"}]}],
            "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["now"]}}})");
    QTest::newRow("calls with signatures and their responses (parallel, one turn)")
        << "gemini-2.5-flash"
        << QByteArray(R"({"model":"x","messages":[{"role":"user","content":"Weather in Paris and Rome?"},
            {"role":"assistant","content":null,"tool_calls":[{"id":"call_a__ts_CiQB0e2Kb-_sig","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
                {"id":"call_b","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]},
            {"role":"tool","tool_call_id":"call_a__ts_CiQB0e2Kb-_sig","content":"{\"temp\":24}"},{"role":"tool","tool_call_id":"call_b","content":"rain"}]})")
        << QByteArray(R"({"contents":[{"role":"user","parts":[{"text":"Weather in Paris and Rome?"}]},
            {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"CiQB0e2Kb+/sig=="},{"functionCall":{"name":"get_weather","args":{"city":"Rome"}}}]},
            {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"temp":24}}},{"functionResponse":{"name":"get_weather","response":{"result":"rain"}}}]}]})");
    QTest::newRow("extra_content signature (Google's OpenAI-compatible shape)")
        << "gemini-3-pro-preview"
        << QByteArray(
               R"({"model":"x","messages":[{"role":"assistant","content":"Let me check.","tool_calls":[{"id":"x1","type":"function","extra_content":{"google":{"thought_signature":"abc="}},
            "function":{"name":"f","arguments":""}}]},{"role":"tool","tool_call_id":"x1","content":"ok"}]})")
        << QByteArray(
               R"({"contents":[{"role":"model","parts":[{"text":"Let me check."},{"functionCall":{"name":"f","args":{}},"thoughtSignature":"abc="}]},
            {"role":"user","parts":[{"functionResponse":{"name":"f","response":{"result":"ok"}}}]}]})");
    QTest::newRow("gemini-3: a call without signature gets the documented stand-in")
        << "gemini-3-flash-preview"
        << QByteArray(
               R"({"model":"x","messages":[{"role":"assistant","tool_calls":[{"id":"call_gpt1","type":"function","function":{"name":"f","arguments":"{}"}},
            {"id":"call_gpt2","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"call_gpt1","content":"1"},{"role":"tool","tool_call_id":"call_gpt2","content":"2"}]})")
        << QByteArray(
               R"({"contents":[{"role":"model","parts":[{"functionCall":{"name":"f","args":{}},"thoughtSignature":"context_engineering_is_the_way_to_go"},{"functionCall":{"name":"f","args":{}}}]},
            {"role":"user","parts":[{"functionResponse":{"name":"f","response":{"result":"1"}}},{"functionResponse":{"name":"f","response":{"result":"2"}}}]}]})");
    QTest::newRow("json_object and json_schema")
        << "gemini-2.5-flash"
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":"List a few popular cookie recipes."}],"response_format":{"type":"json_schema","json_schema":{"name":"recipes",
            "schema":{"type":"array","items":{"type":"object","properties":{"recipeName":{"type":"string"},"ingredients":{"type":"array","items":{"type":"string"}}},"required":["recipeName"]}}}}})")
        << QByteArray(
               R"({"contents":[{"role":"user","parts":[{"text":"List a few popular cookie recipes."}]}],"generationConfig":{"responseMimeType":"application/json",
            "responseJsonSchema":{"type":"array","items":{"type":"object","properties":{"recipeName":{"type":"string"},"ingredients":{"type":"array","items":{"type":"string"}}},"required":["recipeName"]}}}})");
    QTest::newRow("reasoning_effort on 2.5 is a budget")
        << "gemini-2.5-pro"
        << QByteArray(
               R"({"model":"x","messages":[{"role":"user","content":"x"}],"reasoning_effort":"high","response_format":{"type":"json_object"}})")
        << QByteArray(
               R"({"contents":[{"role":"user","parts":[{"text":"x"}]}],"generationConfig":{"responseMimeType":"application/json","thinkingConfig":{"includeThoughts":true,"thinkingBudget":24576}}})");
    QTest::newRow("reasoning_effort on 3 is a level")
        << "gemini-3-pro-preview"
        << QByteArray(R"({"model":"x","messages":[{"role":"user","content":"x"}],"reasoning_effort":"low"})")
        << QByteArray(
               R"({"contents":[{"role":"user","parts":[{"text":"x"}]}],"generationConfig":{"thinkingConfig":{"includeThoughts":true,"thinkingLevel":"low"}}})");
}

void TestGeminiContent::requestFromOpenAI()
{
    QFETCH(QString, model);
    QFETCH(QByteArray, openai);
    QFETCH(QByteArray, gemini);
    GatewayError e;
    const auto out = GeminiContent::requestFromOpenAI(J(openai), model, &e);
    QVERIFY2(out, qPrintable(e.message));
    QCOMPARE(text(*out), text(J(gemini)));
}

void TestGeminiContent::requestToOpenAI_data()
{
    QTest::addColumn<bool>("stream");
    QTest::addColumn<QByteArray>("gemini");
    QTest::addColumn<QByteArray>("openai");
    QTest::newRow("text (quickstart)")
        << false << QByteArray(R"({"contents":[{"parts":[{"text":"Explain how AI works in a few words"}]}]})")
        << QByteArray(
               R"({"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Explain how AI works in a few words"}]})");
    QTest::newRow("snake_case fields (curl examples), system, config, stream")
        << true
        << QByteArray(
               R"({"system_instruction":{"parts":[{"text":"You are a cat. Your name is Neko."}]},"contents":[{"role":"user","parts":[{"text":"Hello there"}]}],
            "generation_config":{"temperature":1.0,"max_output_tokens":800,"stop_sequences":["Title"],"top_p":0.8}})")
        << QByteArray(
               R"({"model":"gemini-2.5-flash","messages":[{"role":"system","content":"You are a cat. Your name is Neko."},{"role":"user","content":"Hello there"}],
            "stream":true,"stream_options":{"include_usage":true},"temperature":1.0,"max_tokens":800,"stop":["Title"],"top_p":0.8})");
    QTest::newRow("function declarations in OpenAPI form, mode ANY with one name")
        << false
        << QByteArray(
               R"({"contents":[{"role":"user","parts":[{"text":"Schedule it"}]}],"tools":[{"functionDeclarations":[{"name":"schedule_meeting","description":"Schedules a meeting.",
            "parameters":{"type":"OBJECT","properties":{"attendees":{"type":"ARRAY","items":{"type":"STRING"}},"my_date":{"type":"STRING"}},"required":["attendees"]}}]}],
            "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["schedule_meeting"]}}})")
        << QByteArray(
               R"({"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Schedule it"}],"tools":[{"type":"function","function":{"name":"schedule_meeting","description":"Schedules a meeting.",
            "parameters":{"type":"object","properties":{"attendees":{"type":"array","items":{"type":"string"}},"my_date":{"type":"string"}},"required":["attendees"]}}}],
            "tool_choice":{"type":"function","function":{"name":"schedule_meeting"}}})");
    QTest::newRow("function call and response history with signature")
        << false << QByteArray(R"({"contents":[{"role":"user","parts":[{"text":"Meeting?"}]},
            {"role":"model","parts":[{"functionCall":{"name":"schedule_meeting","args":{"attendees":["Bob","Alice"],"date":"2025-03-27"}},"thoughtSignature":"CiQB0e2Kb+/sig=="}]},
            {"role":"user","parts":[{"function_response":{"name":"schedule_meeting","response":{"status":"scheduled"}}}]}],
            "tools":[{"function_declarations":[{"name":"schedule_meeting","parameters_json_schema":{"type":"object","properties":{"my_field":{"type":"string"}}}}]}]})")
        << QByteArray(R"({"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Meeting?"},
            {"role":"assistant","content":null,"tool_calls":[{"id":"call_1__ts_CiQB0e2Kb-_sig","type":"function","function":{"name":"schedule_meeting","arguments":"{\"attendees\":[\"Bob\",\"Alice\"],\"date\":\"2025-03-27\"}"},
                "extra_content":{"google":{"thought_signature":"CiQB0e2Kb+/sig=="}}}]},
            {"role":"tool","tool_call_id":"call_1__ts_CiQB0e2Kb-_sig","content":"{\"status\":\"scheduled\"}"}],
            "tools":[{"type":"function","function":{"name":"schedule_meeting","parameters":{"type":"object","properties":{"my_field":{"type":"string"}}}}}]})");
    QTest::newRow("Gemini CLI: responses answer their calls by id, parallel calls of one name")
        << true << QByteArray(R"({"contents":[{"role":"user","parts":[{"text":"Read both"}]},
            {"role":"model","parts":[{"functionCall":{"id":"call_b","name":"read_file","args":{"file_path":"b.txt"}}},{"functionCall":{"id":"call_a","name":"read_file","args":{"file_path":"a.txt"}}}]},
            {"role":"user","parts":[{"functionResponse":{"id":"call_a","name":"read_file","response":{"output":"A"}}},{"functionResponse":{"id":"call_b","name":"read_file","response":{"output":"B"}}}]}]})")
        << QByteArray(
               R"({"model":"gemini-2.5-flash","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Read both"},
            {"role":"assistant","content":null,"tool_calls":[{"id":"call_b","type":"function","function":{"name":"read_file","arguments":"{\"file_path\":\"b.txt\"}"}},
                {"id":"call_a","type":"function","function":{"name":"read_file","arguments":"{\"file_path\":\"a.txt\"}"}}]},
            {"role":"tool","tool_call_id":"call_a","content":"{\"output\":\"A\"}"},{"role":"tool","tool_call_id":"call_b","content":"{\"output\":\"B\"}"}]})");
    QTest::newRow("inline image, JSON output with responseSchema")
        << false
        << QByteArray(
               R"({"contents":[{"parts":[{"inline_data":{"mime_type":"image/jpeg","data":"/9j/4AAQ"}},{"text":"Caption this image."}]}],
            "generationConfig":{"responseMimeType":"application/json","responseSchema":{"type":"ARRAY","items":{"type":"OBJECT","properties":{"recipeName":{"type":"STRING"}}}}}})")
        << QByteArray(
               R"({"model":"gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}},{"type":"text","text":"Caption this image."}]}],
            "response_format":{"type":"json_schema","json_schema":{"name":"output","schema":{"type":"array","items":{"type":"object","properties":{"recipeName":{"type":"string"}}}}}}})");
}

void TestGeminiContent::requestToOpenAI()
{
    QFETCH(bool, stream);
    QFETCH(QByteArray, gemini);
    QFETCH(QByteArray, openai);
    GatewayError e;
    const auto out
        = GeminiContent::requestToOpenAI(J(gemini), QStringLiteral("gemini-2.5-flash"), stream, &e);
    QVERIFY2(out, qPrintable(e.message));
    QCOMPARE(text(*out), text(J(openai)));
}

void TestGeminiContent::responseToOpenAI_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<QByteArray>("completion");
    QTest::newRow("text with thinking usage (generateContent example)")
        << QByteArray(
               R"({"candidates":[{"content":{"parts":[{"text":"AI learns patterns from data to make predictions."}],"role":"model"},"finishReason":"STOP","index":0}],
            "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":10,"totalTokenCount":598,"promptTokensDetails":[{"modality":"TEXT","tokenCount":8}],"thoughtsTokenCount":580},
            "modelVersion":"gemini-2.5-flash","responseId":"k6BeaL3RGbWx1dkPi4L4sAQ"})")
        << QByteArray(
               R"({"id":"chatcmpl-k6BeaL3RGbWx1dkPi4L4sAQ","object":"chat.completion","model":"gemini-2.5-flash","choices":[{"index":0,"message":{"role":"assistant",
            "content":"AI learns patterns from data to make predictions.","refusal":null},"logprobs":null,"finish_reason":"stop"}],
            "usage":{"prompt_tokens":8,"completion_tokens":590,"total_tokens":598,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":580}}})");
    QTest::newRow("function call with signature (function calling example)")
        << QByteArray(
               R"({"candidates":[{"content":{"parts":[{"functionCall":{"id":"fc1","name":"schedule_meeting","args":{"attendees":["Bob","Alice"],"date":"2025-03-27","time":"10:00","topic":"Q3 planning"}},
            "thoughtSignature":"CiQB0e2Kb+/sig=="}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":100,"candidatesTokenCount":20,"totalTokenCount":120},"modelVersion":"gemini-3-pro-preview"})")
        << QByteArray(
               R"({"id":"","object":"chat.completion","model":"gemini-3-pro-preview","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,
            "tool_calls":[{"id":"fc1__ts_CiQB0e2Kb-_sig","type":"function","function":{"name":"schedule_meeting","arguments":"{\"attendees\":[\"Bob\",\"Alice\"],\"date\":\"2025-03-27\",\"time\":\"10:00\",\"topic\":\"Q3 planning\"}"},
            "extra_content":{"google":{"thought_signature":"CiQB0e2Kb+/sig=="}}}]},"logprobs":null,"finish_reason":"tool_calls"}],
            "usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120,"prompt_tokens_details":{"cached_tokens":0}}})");
    QTest::newRow("thought summary, cached content, max tokens")
        << QByteArray(
               R"({"candidates":[{"content":{"parts":[{"text":"Thinking about it","thought":true},{"text":"Answer"}],"role":"model"},"finishReason":"MAX_TOKENS","index":0}],
            "usageMetadata":{"promptTokenCount":2009,"cachedContentTokenCount":2000,"candidatesTokenCount":5,"totalTokenCount":2014},"responseId":"r2"})")
        << QByteArray(
               R"({"id":"chatcmpl-r2","object":"chat.completion","model":"asked-model","choices":[{"index":0,"message":{"role":"assistant","content":"Answer","refusal":null,"reasoning_content":"Thinking about it"},
            "logprobs":null,"finish_reason":"length"}],"usage":{"prompt_tokens":2009,"completion_tokens":5,"total_tokens":2014,"prompt_tokens_details":{"cached_tokens":2000}}})");
    QTest::newRow("blocked prompt: no candidates")
        << QByteArray(
               R"({"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH"}]},"usageMetadata":{"promptTokenCount":7,"totalTokenCount":7},"responseId":"r3"})")
        << QByteArray(
               R"({"id":"chatcmpl-r3","object":"chat.completion","model":"asked-model","choices":[{"index":0,"message":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":"content_filter"}],
            "usage":{"prompt_tokens":7,"completion_tokens":0,"total_tokens":7,"prompt_tokens_details":{"cached_tokens":0}}})");
    QTest::newRow("two candidates, recitation")
        << QByteArray(
               R"({"candidates":[{"content":{"parts":[{"text":"A"}],"role":"model"},"finishReason":"STOP","index":0},{"content":{"parts":[{"text":"B"}],"role":"model"},"finishReason":"RECITATION","index":1}],"responseId":"r4"})")
        << QByteArray(
               R"({"id":"chatcmpl-r4","object":"chat.completion","model":"asked-model","choices":[{"index":0,"message":{"role":"assistant","content":"A","refusal":null},"logprobs":null,"finish_reason":"stop"},
            {"index":1,"message":{"role":"assistant","content":"B","refusal":null},"logprobs":null,"finish_reason":"content_filter"}],
            "usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0,"prompt_tokens_details":{"cached_tokens":0}}})");
}

void TestGeminiContent::responseToOpenAI()
{
    QFETCH(QByteArray, response);
    QFETCH(QByteArray, completion);
    QJsonObject out
        = JsonRows::stable(GeminiContent::responseToOpenAI(J(response), QStringLiteral("asked-model")));
    if (!J(response).contains("responseId")) {
        QVERIFY(out.value("id").toString().startsWith("chatcmpl-"));
        out.insert("id", QString());
    }
    QCOMPARE(text(out), text(J(completion)));
}

void TestGeminiContent::responseFromOpenAI_data()
{
    QTest::addColumn<QByteArray>("completion");
    QTest::addColumn<QByteArray>("response");
    QTest::newRow("text (generateContent example's answer)")
        << QByteArray(
               R"({"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"AI learns patterns from data to make predictions.","refusal":null},"finish_reason":"stop"}],
        "usage":{"prompt_tokens":8,"completion_tokens":10,"total_tokens":18}})")
        << QByteArray(
               R"({"candidates":[{"content":{"role":"model","parts":[{"text":"AI learns patterns from data to make predictions."}]},"finishReason":"STOP","index":0}],
        "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":10,"totalTokenCount":18},"modelVersion":"gpt-4o"})");
    QTest::newRow("text and a call: the call keeps its id and signature (function calling example)")
        << QByteArray(
               R"({"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Checking.",
        "tool_calls":[{"id":"c1__ts_CiQB0e2Kb-_sig","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}],
        "usage":{"prompt_tokens":20,"completion_tokens":8,"total_tokens":28,"prompt_tokens_details":{"cached_tokens":5},"completion_tokens_details":{"reasoning_tokens":3}}})")
        << QByteArray(
               R"({"candidates":[{"content":{"role":"model","parts":[{"text":"Checking."},{"functionCall":{"id":"c1","name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"CiQB0e2Kb+/sig=="}]},
        "finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":20,"candidatesTokenCount":5,"thoughtsTokenCount":3,"cachedContentTokenCount":5,"totalTokenCount":28},"modelVersion":"gpt-4o"})");
    QTest::newRow("parallel calls from a model without signatures (parallel function calling example)")
        << QByteArray(
               R"({"model":"claude-sonnet-4-5","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
        {"id":"toolu_01","type":"function","function":{"name":"power_disco_ball","arguments":"{\"power\":true}"}},
        {"id":"toolu_02","type":"function","function":{"name":"start_music","arguments":"{\"energetic\":true,\"loud\":true}"}}]},"finish_reason":"tool_calls"}],
        "usage":{"prompt_tokens":50,"completion_tokens":30,"total_tokens":80}})")
        << QByteArray(
               R"({"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"id":"toolu_01","name":"power_disco_ball","args":{"power":true}}},
        {"functionCall":{"id":"toolu_02","name":"start_music","args":{"energetic":true,"loud":true}}}]},"finishReason":"STOP","index":0}],
        "usageMetadata":{"promptTokenCount":50,"candidatesTokenCount":30,"totalTokenCount":80},"modelVersion":"claude-sonnet-4-5"})");
    QTest::newRow("cut by max tokens")
        << QByteArray(
               R"({"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Once upon"},"finish_reason":"length"}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}})")
        << QByteArray(
               R"({"candidates":[{"content":{"role":"model","parts":[{"text":"Once upon"}]},"finishReason":"MAX_TOKENS","index":0}],
        "usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":2,"totalTokenCount":7},"modelVersion":"gpt-4o"})");
    QTest::newRow("filtered, empty: one empty text part")
        << QByteArray(
               R"({"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":""},"finish_reason":"content_filter"}],"usage":{"prompt_tokens":5,"completion_tokens":0,"total_tokens":5}})")
        << QByteArray(
               R"({"candidates":[{"content":{"role":"model","parts":[{"text":""}]},"finishReason":"SAFETY","index":0}],
        "usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":0,"totalTokenCount":5},"modelVersion":"gpt-4o"})");
}

void TestGeminiContent::responseFromOpenAI()
{
    QFETCH(QByteArray, completion);
    QFETCH(QByteArray, response);
    QJsonObject out = GeminiContent::responseFromOpenAI(J(completion));
    QVERIFY(!out.take("responseId").toString().isEmpty());
    QCOMPARE(text(out), text(J(response)));
}

void TestGeminiContent::finishReasons_data()
{
    QTest::addColumn<QString>("gemini");
    QTest::addColumn<bool>("calls");
    QTest::addColumn<QString>("openai");
    QTest::addColumn<QString>("back");
    QTest::newRow("STOP") << "STOP" << false << "stop"
                          << "STOP";
    QTest::newRow("STOP with calls") << "STOP" << true << "tool_calls"
                                     << "STOP";
    QTest::newRow("MAX_TOKENS") << "MAX_TOKENS" << false << "length"
                                << "MAX_TOKENS";
    QTest::newRow("SAFETY") << "SAFETY" << false << "content_filter"
                            << "SAFETY";
    QTest::newRow("RECITATION") << "RECITATION" << false << "content_filter"
                                << "SAFETY";
    QTest::newRow("PROHIBITED_CONTENT") << "PROHIBITED_CONTENT" << false << "content_filter"
                                        << "SAFETY";
    QTest::newRow("SPII") << "SPII" << false << "content_filter"
                          << "SAFETY";
    QTest::newRow("MALFORMED_FUNCTION_CALL") << "MALFORMED_FUNCTION_CALL" << false << "stop"
                                             << "STOP";
    QTest::newRow("OTHER") << "OTHER" << false << "stop"
                           << "STOP";
}

void TestGeminiContent::finishReasons()
{
    QFETCH(QString, gemini);
    QFETCH(bool, calls);
    QFETCH(QString, openai);
    QFETCH(QString, back);
    QCOMPARE(GeminiContent::finishReasonFor(gemini, calls), openai);
    QCOMPARE(GeminiContent::geminiFinishReasonFor(openai), back);
}

void TestGeminiContent::signaturesTravelInToolCallIds()
{
    const QString id = GeminiContent::toolCallId(QStringLiteral("call_x"), kSig);
    QCOMPARE(id, QStringLiteral("call_x__ts_CiQB0e2Kb-_sig"));
    for (const QChar c : id)
        QVERIFY2(c.isLetterOrNumber() || c == u'_' || c == u'-', "valid as an Anthropic tool_use id too");
    QCOMPARE(GeminiContent::signatureOf(id), kSig);
    QCOMPARE(GeminiContent::signatureOf(QStringLiteral("call_plain")), QString());
    QCOMPARE(GeminiContent::toolCallId(QStringLiteral("call_y"), QString()), QStringLiteral("call_y"));
}

void TestGeminiContent::cachedAndThinkingTokensCostAKnownAnswer()
{
    // gemini-2.5-flash from the built-in catalog: $0.30 input, $0.03 cached, $2.50 output per 1M.
    // promptTokenCount includes the cached 2000; thoughts are billed as output:
    //   (9 * 0.30 + 2000 * 0.03 + (12 + 30) * 2.50) / 1e6 = 0.0001677 USD
    const Usage u = GeminiContent::usageFromGemini(J(
        R"({"promptTokenCount":2009,"cachedContentTokenCount":2000,"candidatesTokenCount":12,"thoughtsTokenCount":30,"totalTokenCount":2051})"));
    QCOMPARE(u.promptTokens, 2009);
    QCOMPARE(u.cachedTokens, 2000);
    QCOMPARE(u.completionTokens, 42);
    QCOMPARE(u.reasoningTokens, 30);
    QFile f(QStringLiteral(SWITCHYARD_RESOURCES_DIR "/models.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    Catalog catalog;
    QString error;
    QVERIFY2(catalog.loadFrom(f.readAll(), {}, &error), qPrintable(error));
    QCOMPARE(catalog.model(QStringLiteral("gemini-2.5-flash"))
                 .cost(u.promptTokens, u.completionTokens, u.cachedTokens),
        0.0001677);
    QCOMPARE(text(GeminiContent::usageToGemini(u)),
        text(J(
            R"({"promptTokenCount":2009,"candidatesTokenCount":12,"thoughtsTokenCount":30,"cachedContentTokenCount":2000,"totalTokenCount":2051})")));
}

void TestGeminiContent::unsupportedPartsAre400()
{
    GatewayError e;
    QVERIFY(!GeminiContent::requestFromOpenAI(
        J(R"({"model":"x","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-1"}}]}]})"),
        QStringLiteral("gemini-2.5-flash"), &e));
    QCOMPARE(e.status, 400);
    QCOMPARE(e.param, QStringLiteral("messages[0].content[0].type"));
    QVERIFY(!GeminiContent::requestToOpenAI(J(R"({"contents":[]})"), QStringLiteral("m"), false, &e));
    QCOMPARE(e.status, 400);
}

QTEST_GUILESS_MAIN(TestGeminiContent)
#include "tst_geminicontent.moc"
