// SPDX-License-Identifier: MIT
// Known prompts -> known traits, complexity and required capabilities.
#include "protocol/chatrequest.h"
#include "routing/catalog.h"
#include "routing/promptclassifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

class TestPromptClassifier : public QObject
{
    Q_OBJECT
private:
    static PromptProfile classify(const QByteArray &body)
    {
        GatewayError e;
        auto r = ChatRequest::fromOpenAI(body, &e);
        if (!r)
            qFatal("bad test body: %s", qPrintable(e.message));
        return PromptClassifier::classify(*r);
    }
    static QByteArray userBody(const QString &text)
    {
        return QJsonDocument(QJsonObject {{QLatin1String("model"), QStringLiteral("auto")},
                                 {QLatin1String("messages"),
                                     QJsonArray {QJsonObject {{QLatin1String("role"), QStringLiteral("user")},
                                         {QLatin1String("content"), text}}}}})
            .toJson();
    }

private Q_SLOTS:
    void traits_data();
    void traits();
    void requestFeatures();
    void conversationDepth();
    void longContextAndLongPromptsScanBounded();
    void compactFormRoundTrips();
};

void TestPromptClassifier::traits_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("traits");
    QTest::addColumn<double>("minComplexity");
    QTest::addColumn<double>("maxComplexity");
    QTest::newRow("greeting") << "Hi there!" << QStringList {QStringLiteral("simple")} << 0.0 << 0.1;
    QTest::newRow("thanks") << "thanks, that helped" << QStringList {QStringLiteral("simple")} << 0.0 << 0.1;
    QTest::newRow("short question") << "What is the capital of France?"
                                    << QStringList {QStringLiteral("simple")} << 0.0 << 0.1;
    QTest::newRow("python function") << "Write a Python function that reverses a linked list."
                                     << QStringList {QStringLiteral("code")} << 0.35 << 0.45;
    QTest::newRow("code fence") << "Why does this crash?\n```\nint main() { return *p; }\n```"
                                << QStringList {QStringLiteral("code")} << 0.35 << 0.45;
    QTest::newRow("stack trace") << "I get a traceback with a KeyError exception when I debug my script"
                                 << QStringList {QStringLiteral("code")} << 0.35 << 0.45;
    QTest::newRow("c++ symbols") << "In c++ what does std::move do when a = b; is followed by a == b?"
                                 << QStringList {QStringLiteral("code")} << 0.35 << 0.45;
    QTest::newRow("proof") << "Prove that the square root of 2 is irrational."
                           << QStringList {QStringLiteral("math")} << 0.4 << 0.5;
    QTest::newRow("arithmetic") << "Compute 17 * 23 + 4 ^ 2 and solve it."
                                << QStringList {QStringLiteral("math")} << 0.4 << 0.5;
    QTest::newRow("latex") << "Evaluate \\int_0^1 x^2 dx and \\frac{1}{2}"
                           << QStringList {QStringLiteral("math")} << 0.4 << 0.5;
    QTest::newRow("poem") << "Write a poem about the sea." << QStringList {QStringLiteral("creative")} << 0.2
                          << 0.3;
    QTest::newRow("stories (plural)") << "Tell me two short stories about dragons."
                                      << QStringList {QStringLiteral("creative")} << 0.2 << 0.3;
    QTest::newRow("reasoning")
        << "Compare the trade-offs of these two architectures and evaluate which is better."
        << QStringList {QStringLiteral("reasoning")} << 0.35 << 0.45;
    QTest::newRow("step by step") << "Think through this step by step: should we migrate now or later?"
                                  << QStringList {QStringLiteral("reasoning")} << 0.35 << 0.45;
    QTest::newRow("math and reasoning")
        << "Prove that there are infinitely many primes and explain step by step why the proof works."
        << QStringList {QStringLiteral("math"), QStringLiteral("reasoning")} << 0.65 << 0.75;
    QTest::newRow("code, math, reasoning")
        << "Prove the time complexity of this recursive Python algorithm: derive the recurrence equation and "
           "compare it step by step with an iterative version."
        << QStringList {QStringLiteral("code"), QStringLiteral("math"), QStringLiteral("reasoning")} << 0.9
        << 1.0;
    // Words that merely look like keywords inside others do not count.
    QTest::newRow("no false code")
        << "The classic poet wrote about a database of feelings in his diary today, "
           "musing on love and rain and everything else for a long while."
        << QStringList {} << 0.1 << 0.25;
}

void TestPromptClassifier::traits()
{
    QFETCH(QString, text);
    QFETCH(QStringList, traits);
    QFETCH(double, minComplexity);
    QFETCH(double, maxComplexity);
    const PromptProfile p = classify(userBody(text));
    QCOMPARE(PromptTrait::names(p.traits), traits);
    QVERIFY2(p.complexity >= minComplexity && p.complexity <= maxComplexity,
        qPrintable(QStringLiteral("complexity %1").arg(p.complexity)));
    QCOMPARE(p.requiredCapabilities, 0u);
    QCOMPARE(p.turns, 1);
}

void TestPromptClassifier::requestFeatures()
{
    const PromptProfile tools = classify(
        R"({"model":"auto","messages":[{"role":"user","content":"weather in Rome?"}],
            "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]})");
    QVERIFY(tools.has(PromptTrait::Tools));
    QCOMPARE(tools.requiredCapabilities, quint32(Capability::Tools));
    const PromptProfile image = classify(
        R"({"model":"auto","messages":[{"role":"user","content":[{"type":"text","text":"what is this?"},
            {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]})");
    QVERIFY(image.has(PromptTrait::Images));
    QCOMPARE(image.requiredCapabilities, quint32(Capability::Vision));
    const PromptProfile json = classify(
        R"({"model":"auto","messages":[{"role":"user","content":"list three colours"}],
            "response_format":{"type":"json_object"},"max_tokens":50,"stream":true})");
    QVERIFY(json.has(PromptTrait::Json));
    QCOMPARE(json.requiredCapabilities, quint32(Capability::Json));
    QCOMPARE(json.maxTokens, 50);
    QVERIFY(json.outputTokens <= 50);
    QVERIFY(json.streamed);
    QCOMPARE(json.contextNeeded(), json.promptTokens + 50);
    const PromptProfile effort = classify(
        R"({"model":"auto","messages":[{"role":"user","content":"Is 91 prime?"}],"reasoning_effort":"high"})");
    QVERIFY(effort.has(PromptTrait::Reasoning));
    // The system prompt's topic counts; the user's words alone decide small talk.
    const PromptProfile system = classify(
        R"({"model":"auto","messages":[{"role":"system","content":"You are a Python code reviewer who debugs scripts."},
            {"role":"user","content":"hi"}]})");
    QVERIFY(system.has(PromptTrait::Code));
    QVERIFY(!system.has(PromptTrait::Simple));
}

void TestPromptClassifier::conversationDepth()
{
    QJsonArray messages;
    for (int i = 0; i < 8; ++i) {
        messages.append(QJsonObject {{QLatin1String("role"), QStringLiteral("user")},
            {QLatin1String("content"), QStringLiteral("and then what happened next in the meeting?")}});
        messages.append(QJsonObject {{QLatin1String("role"), QStringLiteral("assistant")},
            {QLatin1String("content"), QStringLiteral("they talked")}});
    }
    const QByteArray body = QJsonDocument(
        QJsonObject {{QLatin1String("model"), QStringLiteral("auto")},
            {QLatin1String("messages"),
                messages}}).toJson();
    const PromptProfile deep = classify(body);
    QCOMPARE(deep.turns, 8);
    QVERIFY(deep.has(PromptTrait::Conversation));
    const PromptProfile shallow
        = classify(userBody(QStringLiteral("and then what happened next in the meeting?")));
    QVERIFY(deep.complexity > shallow.complexity);
}

void TestPromptClassifier::longContextAndLongPromptsScanBounded()
{
    // 100k characters of filler with the question at the end: only head and tail are scanned,
    // and the question (at the tail) is still seen; the size makes it long context.
    QString text = QString(QStringLiteral("lorem ipsum dolor sit amet ")).repeated(4000);
    text += QStringLiteral("Now write a Python function that sorts these words.");
    const PromptProfile p = classify(userBody(text));
    QVERIFY(p.has(PromptTrait::LongContext));
    QVERIFY(p.has(PromptTrait::Code));
    QVERIFY(p.promptTokens >= PromptClassifier::LongContextTokens);
}

void TestPromptClassifier::compactFormRoundTrips()
{
    PromptProfile p = classify(userBody(QStringLiteral("Prove that there are infinitely many primes.")));
    p.requiredCapabilities = Capability::Tools | Capability::Vision;
    p.maxTokens = 512;
    p.streamed = true;
    const auto back = PromptProfile::fromCompact(p.toCompact() + QStringLiteral(";g=config;d=a/b"));
    QVERIFY(back);
    QCOMPARE(back->traits, p.traits);
    QCOMPARE(back->requiredCapabilities, p.requiredCapabilities);
    QVERIFY(qAbs(back->complexity - p.complexity) < 0.001);
    QCOMPARE(back->promptTokens, p.promptTokens);
    QCOMPARE(back->outputTokens, p.outputTokens);
    QCOMPARE(back->maxTokens, 512);
    QCOMPARE(back->turns, p.turns);
    QVERIFY(back->streamed);
    QVERIFY(!PromptProfile::fromCompact(QStringLiteral("v9;t=code")));
    QVERIFY(!PromptProfile::fromCompact(QStringLiteral("v1;c=abc")));
    QVERIFY(!PromptProfile::fromCompact(QString()));
}

QTEST_GUILESS_MAIN(TestPromptClassifier)
#include "tst_promptclassifier.moc"
