// SPDX-License-Identifier: MIT
#include "protocol/chatrequest.h"

#include <QJsonArray>
#include <QTest>

class TestChatRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void valid()
    {
        GatewayError e;
        const QByteArray body = R"({"model":"gpt-4o-mini","messages":[{"role":"system","content":"be brief"},
            {"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AA"}}]}],
            "stream":true,"stream_options":{"include_usage":true},"max_tokens":64,"temperature":0.2,
            "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
            "seed":7,"logit_bias":{"50256":-100},"user":"u1"})";
        auto r = ChatRequest::fromOpenAI(body, &e);
        QVERIFY2(r, qPrintable(e.message));
        QCOMPARE(r->model, QStringLiteral("gpt-4o-mini"));
        QVERIFY(r->stream);
        QVERIFY(r->includeUsage);
        QCOMPARE(r->maxTokens, 64);
        QVERIFY(r->hasTools);
        QVERIFY(r->hasImages);
        QVERIFY(r->estimatedPromptTokens > 765);
        // Fields the gateway does not interpret are kept as sent.
        QCOMPARE(r->body.value(QLatin1String("seed")).toInt(), 7);
        QCOMPARE(r->body.value(QLatin1String("user")).toString(), QStringLiteral("u1"));
        QCOMPARE(r->body.value(QLatin1String("logit_bias")).toObject().value(QLatin1String("50256")).toInt(),
            -100);
    }

    void maxCompletionTokensWins()
    {
        GatewayError e;
        auto r = ChatRequest::fromOpenAI(
            R"({"model":"m","messages":[{"role":"user","content":"x"}],"max_completion_tokens":10,"max_tokens":99})",
            &e);
        QVERIFY(r);
        QCOMPARE(r->maxTokens, 10);
    }

    void invalid_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("param");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty body") << QByteArray("") << QString() << QString()
                                    << QStringLiteral("The request body is empty");
        QTest::newRow("malformed json") << QByteArray("{\"model\":") << QString()
                                        << QStringLiteral("invalid_json") << QStringLiteral("not valid JSON");
        QTest::newRow("array body") << QByteArray("[1]") << QString() << QStringLiteral("invalid_json")
                                    << QStringLiteral("must be a JSON object");
        QTest::newRow("no model") << QByteArray(R"({"messages":[{"role":"user","content":"x"}]})")
                                  << QStringLiteral("model") << QStringLiteral("missing_required_parameter")
                                  << QStringLiteral("Missing required parameter: 'model'");
        QTest::newRow("model number")
            << QByteArray(R"({"model":5,"messages":[{"role":"user","content":"x"}]})")
            << QStringLiteral("model") << QStringLiteral("invalid_type") << QStringLiteral("'model'");
        QTest::newRow("no messages") << QByteArray(R"({"model":"m"})") << QStringLiteral("messages")
                                     << QStringLiteral("missing_required_parameter")
                                     << QStringLiteral("'messages'");
        QTest::newRow("messages object")
            << QByteArray(R"({"model":"m","messages":{}})") << QStringLiteral("messages")
            << QStringLiteral("invalid_type") << QStringLiteral("expected an array");
        QTest::newRow("messages empty")
            << QByteArray(R"({"model":"m","messages":[]})") << QStringLiteral("messages")
            << QStringLiteral("empty_array") << QStringLiteral("at least one message");
        QTest::newRow("message not object")
            << QByteArray(R"({"model":"m","messages":["hi"]})") << QStringLiteral("messages[0]")
            << QStringLiteral("invalid_type") << QStringLiteral("expected an object");
        QTest::newRow("role missing")
            << QByteArray(R"({"model":"m","messages":[{"content":"x"}]})")
            << QStringLiteral("messages[0].role") << QStringLiteral("missing_required_parameter")
            << QStringLiteral("messages[0].role");
        QTest::newRow("role unknown")
            << QByteArray(R"({"model":"m","messages":[{"role":"robot","content":"x"}]})")
            << QStringLiteral("messages[0].role") << QStringLiteral("invalid_value")
            << QStringLiteral("expected one of");
        QTest::newRow("content number")
            << QByteArray(R"({"model":"m","messages":[{"role":"user","content":3}]})")
            << QStringLiteral("messages[0].content") << QStringLiteral("invalid_type")
            << QStringLiteral("content parts");
        QTest::newRow("part without type")
            << QByteArray(R"({"model":"m","messages":[{"role":"user","content":[{"text":"x"}]}]})")
            << QStringLiteral("messages[0].content[0]") << QStringLiteral("invalid_value")
            << QStringLiteral("'type'");
        QTest::newRow("stream string")
            << QByteArray(R"({"model":"m","messages":[{"role":"user","content":"x"}],"stream":"yes"})")
            << QStringLiteral("stream") << QStringLiteral("invalid_type") << QStringLiteral("a boolean");
        QTest::newRow("stream_options without stream") << QByteArray(
            R"({"model":"m","messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":true}})")
                                                       << QStringLiteral("stream_options")
                                                       << QStringLiteral("invalid_value")
                                                       << QStringLiteral("only allowed when 'stream'");
        QTest::newRow("max_tokens zero")
            << QByteArray(R"({"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":0})")
            << QStringLiteral("max_tokens") << QStringLiteral("invalid_value")
            << QStringLiteral("integer >= 1");
        QTest::newRow("max_tokens fraction")
            << QByteArray(R"({"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":1.5})")
            << QStringLiteral("max_tokens") << QStringLiteral("invalid_value")
            << QStringLiteral("integer >= 1");
        QTest::newRow("temperature") << QByteArray(
            R"({"model":"m","messages":[{"role":"user","content":"x"}],"temperature":3})")
                                     << QStringLiteral("temperature") << QStringLiteral("invalid_value")
                                     << QStringLiteral("between 0 and 2");
        QTest::newRow("tools object")
            << QByteArray(R"({"model":"m","messages":[{"role":"user","content":"x"}],"tools":{}})")
            << QStringLiteral("tools") << QStringLiteral("invalid_type") << QStringLiteral("an array");
        QTest::newRow("tool without name") << QByteArray(
            R"({"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{}}]})")
                                           << QStringLiteral("tools[0].function.name")
                                           << QStringLiteral("missing_required_parameter")
                                           << QStringLiteral("tools[0].function.name");
    }

    void invalid()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, param);
        QFETCH(QString, code);
        QFETCH(QString, message);
        GatewayError e;
        QVERIFY(!ChatRequest::fromOpenAI(body, &e));
        QCOMPARE(e.status, 400);
        QCOMPARE(e.type, QStringLiteral("invalid_request_error"));
        QCOMPARE(e.param, param);
        QCOMPARE(e.code, code);
        QVERIFY2(e.message.contains(message), qPrintable(e.message));
    }

    void embeddings_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("inputs");
        QTest::newRow("string") << QByteArray(R"({"model":"e","input":"hello world"})") << true << 1;
        QTest::newRow("array") << QByteArray(R"({"model":"e","input":["a","b","c"]})") << true << 3;
        QTest::newRow("token ids") << QByteArray(R"({"model":"e","input":[[1,2,3]]})") << true << 0;
        QTest::newRow("missing input") << QByteArray(R"({"model":"e"})") << false << 0;
        QTest::newRow("empty array") << QByteArray(R"({"model":"e","input":[]})") << false << 0;
        QTest::newRow("object input") << QByteArray(R"({"model":"e","input":{}})") << false << 0;
        QTest::newRow("missing model") << QByteArray(R"({"input":"x"})") << false << 0;
    }
    void embeddings()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, ok);
        QFETCH(int, inputs);
        GatewayError e;
        auto r = EmbeddingsRequest::fromOpenAI(body, &e);
        QCOMPARE(bool(r), ok);
        if (ok) {
            QCOMPARE(r->inputs.size(), inputs);
            QVERIFY(r->estimatedTokens > 0);
        } else {
            QCOMPARE(e.status, 400);
            QVERIFY(!e.message.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestChatRequest)
#include "tst_chatrequest.moc"
