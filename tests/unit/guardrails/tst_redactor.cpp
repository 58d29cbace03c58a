// SPDX-License-Identifier: MIT
// PII redaction: what each built-in rule catches and what it leaves alone, bodies of every
// protocol, and streams split at every position.
#include "guardrails/redactor.h"
#include "pipeline/guardrailstage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

class TestRedactor : public QObject
{
    Q_OBJECT

    static Redactor all(bool responses = false)
    {
        GuardrailsConfig c;
        c.rules = GuardrailsConfig::builtInRules();
        c.responses = responses;
        return Redactor(c);
    }

private Q_SLOTS:
    void builtInRules_data();
    void builtInRules();
    void customRulesRunFirst();
    void onlyTheChosenRules();
    void targets();
    void bodiesOfEveryProtocol();
    void imagesAndIdentifiersAreLeftAlone();
    void streamSplitAtEveryPosition();
    void streamFlushesOnFinish();
};

void TestRedactor::builtInRules_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *text, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(expected);
    };
    // e-mail
    row("email", "write to jane.doe+work@example.co.uk today", "write to [EMAIL] today");
    row("email in brackets", "<bob@mail.example.com>", "<[EMAIL]>");
    row("not an email", "see @alice on chat or user@localhost", "see @alice on chat or user@localhost");
    // phone
    row("phone intl", "call +1 (555) 123-4567 now", "call [PHONE] now");
    row("phone fr", "tel: +33 6 12 34 56 78.", "tel: [PHONE].");
    row("phone dashes", "555-123-4567", "[PHONE]");
    row("phone dots", "555.123.4567", "[PHONE]");
    row("phone e164", "+447911123456", "[PHONE]");
    row("not phone: date", "on 2026-12-01 at 10:30", "on 2026-12-01 at 10:30");
    row("not phone: ip", "host 192.168.100.200 is up", "host 192.168.100.200 is up");
    row("not phone: decimal", "pi is 3.14159265358", "pi is 3.14159265358");
    row("not phone: short", "room 12-34", "room 12-34");
    row("not phone: bare digits", "order 5551234567 shipped", "order 5551234567 shipped");
    row("not phone: version", "v1.2.3", "v1.2.3");
    // credit card (Luhn)
    row("visa", "card 4111 1111 1111 1111 exp 12/29", "card [CREDIT_CARD] exp 12/29");
    row("mastercard dashes", "5555-5555-5555-4444", "[CREDIT_CARD]");
    row("amex", "378282246310005", "[CREDIT_CARD]");
    row("not card: fails luhn", "4111 1111 1111 1112", "4111 1111 1111 1112");
    row("not card: zeros", "0000 0000 0000 0000", "0000 0000 0000 0000");
    // IBAN (mod 97)
    row("iban de", "pay DE89 3704 0044 0532 0130 00 please", "pay [IBAN] please");
    row("iban compact", "GB82WEST12345698765432", "[IBAN]");
    row("iban then word", "FR1420041010050500013M02606 THEN", "[IBAN] THEN");
    row("not iban: checksum", "DE00 3704 0044 0532 0130 00", "DE00 3704 0044 0532 0130 00");
    // API keys
    row("openai key", "key=sk-proj-AbCdEfGhIjKlMnOpQrStUvWx123 ok", "key=[API_KEY] ok");
    row("anthropic key", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz", "[API_KEY]");
    row("switchyard key", "use sy-hrobXdZqanmiBSkBmiabmZGVEoONGZjHE2XfcyXHWBY", "use [API_KEY]");
    row("aws", "AKIAIOSFODNN7EXAMPLE", "[API_KEY]");
    row("github", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "[API_KEY]");
    row("google", "AIzaSyA1234567890abcdefghijklmnopqrstuv", "[API_KEY]");
    row("bearer", "Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345", "Authorization: [API_KEY]");
    row("jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "[API_KEY]");
    row("not key: word", "the skyline of sk-short", "the skyline of sk-short");
    // mixed
    row("mixed", "Jane (jane@x.org, +44 20 7946 0958) paid with 4242 4242 4242 4242",
        "Jane ([EMAIL], [PHONE]) paid with [CREDIT_CARD]");
    row("plain", "Nothing to hide in 2026, version 6.4.2 and 42 apples.",
        "Nothing to hide in 2026, version 6.4.2 and 42 apples.");
}

void TestRedactor::builtInRules()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(all().redact(text), expected);
}

void TestRedactor::customRulesRunFirst()
{
    GuardrailsConfig c;
    c.rules = {QStringLiteral("phone")};
    c.custom = {{QStringLiteral("ticket"), QStringLiteral("TICKET-\\d+"), {}},
        {QStringLiteral("employee"), QStringLiteral("\\bE\\d{6}\\b"), QStringLiteral("<employee>")}};
    const Redactor r(c);
    int count = 0;
    QCOMPARE(r.redact(QStringLiteral("TICKET-5551234567 for E123456, call 555-123-4567"), &count),
        QStringLiteral("[TICKET] for <employee>, call [PHONE]"));
    QCOMPARE(count, 3);
}

void TestRedactor::onlyTheChosenRules()
{
    GuardrailsConfig c;
    c.rules = {QStringLiteral("email")};
    const Redactor r(c);
    QCOMPARE(r.redact(QStringLiteral("a@b.io 4111 1111 1111 1111")),
        QStringLiteral("[EMAIL] 4111 1111 1111 1111"));
    QVERIFY(!Redactor(GuardrailsConfig()).isEnabled());
    QCOMPARE(Redactor(GuardrailsConfig()).redact(QStringLiteral("a@b.io")), QStringLiteral("a@b.io"));
}

void TestRedactor::targets()
{
    GuardrailsConfig c;
    c.rules = {QStringLiteral("email")};
    c.requests = false;
    c.logs = true;
    const Redactor logsOnly(c);
    QVERIFY(!logsOnly.onRequests());
    QVERIFY(!logsOnly.onResponses());
    QVERIFY(logsOnly.onLogs());
    c.logs = false;
    c.requests = true;
    QVERIFY(Redactor(c).onLogs()); // what was redacted on the way in is redacted in the log too
}

void TestRedactor::bodiesOfEveryProtocol()
{
    const Redactor r = all();
    QJsonObject openai = QJsonDocument::fromJson(R"({"model":"gpt-4o","messages":[
        {"role":"system","content":"You help jane@x.org"},
        {"role":"user","content":[{"type":"text","text":"my card is 4111 1111 1111 1111"},
                                  {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA4111111111111111"}}]},
        {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
            "function":{"name":"email","arguments":"{\"to\":\"bob@y.com\"}"}}]}]})")
                             .object();
    QCOMPARE(r.redactBody(openai), 3);
    const QJsonArray m = openai.value(QLatin1String("messages")).toArray();
    QCOMPARE(m[0].toObject().value(QLatin1String("content")).toString(), QStringLiteral("You help [EMAIL]"));
    QCOMPARE(m[1].toObject()
                 .value(QLatin1String("content"))
                 .toArray()[0]
                 .toObject()
                 .value(QLatin1String("text"))
                 .toString(),
        QStringLiteral("my card is [CREDIT_CARD]"));
    QCOMPARE(m[2].toObject()
                 .value(QLatin1String("tool_calls"))
                 .toArray()[0]
                 .toObject()
                 .value(QLatin1String("function"))
                 .toObject()
                 .value(QLatin1String("arguments"))
                 .toString(),
        QStringLiteral("{\"to\":\"[EMAIL]\"}"));

    QJsonObject anthropic = QJsonDocument::fromJson(R"({"model":"claude","system":"Reply to sam@z.net",
        "messages":[{"role":"user","content":[{"type":"text","text":"IBAN GB82WEST12345698765432"},
            {"type":"tool_result","tool_use_id":"toolu_1","content":"phone +1 555 123 4567"}]},
            {"role":"assistant","content":[{"type":"tool_use","id":"toolu_2","name":"lookup","input":{"who":"al@b.co"}}]}]})")
                                .object();
    QCOMPARE(r.redactBody(anthropic), 4);
    QCOMPARE(anthropic.value(QLatin1String("system")).toString(), QStringLiteral("Reply to [EMAIL]"));
    const QByteArray text = QJsonDocument(anthropic).toJson(QJsonDocument::Compact);
    QVERIFY2(!text.contains("GB82") && !text.contains("555") && !text.contains("al@b.co"), text.constData());
    QVERIFY(text.contains("toolu_1"));

    QJsonObject gemini
        = QJsonDocument::fromJson(R"({"systemInstruction":{"parts":[{"text":"admin@corp.com"}]},
        "contents":[{"role":"user","parts":[{"text":"AKIAIOSFODNN7EXAMPLE"},
            {"inlineData":{"mimeType":"image/png","data":"AKIAIOSFODNN7EXAMPLE"}}]}]})")
              .object();
    QCOMPARE(r.redactBody(gemini), 2);
    QVERIFY(QJsonDocument(gemini).toJson().contains(R"("data": "AKIAIOSFODNN7EXAMPLE")"));

    QJsonObject response = QJsonDocument::fromJson(R"({"id":"chatcmpl-1","model":"m","choices":[{"index":0,
        "message":{"role":"assistant","content":"Mail me at me@home.org"},"finish_reason":"stop"}]})")
                               .object();
    QCOMPARE(r.redactBody(response), 1);
    QCOMPARE(response.value(QLatin1String("id")).toString(), QStringLiteral("chatcmpl-1"));
}

void TestRedactor::imagesAndIdentifiersAreLeftAlone()
{
    QJsonObject body = QJsonDocument::fromJson(R"({"model":"sk-proj-AbCdEfGhIjKlMnOpQrStUvWx123",
        "user":"jane@x.org","messages":[{"role":"user","name":"jane@x.org","content":"hello"}]})")
                           .object();
    const QJsonObject before = body;
    QCOMPARE(all().redactBody(body), 0);
    QCOMPARE(body, before);
}

void TestRedactor::streamSplitAtEveryPosition()
{
    // The same answer streamed in two pieces split at every position: the client must receive
    // exactly the redaction of the whole, whatever the split.
    const QString text = QStringLiteral(
        "Sure. Contact jane.doe@example.com or call +33 6 12 34 56 78; card 4111 1111 1111 1111 is on file, "
        "IBAN DE89 3704 0044 0532 0130 00. That is all.");
    const QString expected = all().redact(text);
    QVERIFY(!expected.contains(QLatin1String("jane")));
    GuardrailStage stage;
    GuardrailsConfig c;
    c.rules = GuardrailsConfig::builtInRules();
    c.requests = false;
    c.responses = true;
    stage.configure(c);
    for (qsizetype split = 0; split <= text.size(); ++split) {
        QString received;
        bool ended = false;
        ChatCallbacks sink;
        sink.onChunk = [&received](const QJsonObject &chunk, const QByteArray &raw) {
            QVERIFY(raw.isEmpty()); // changed chunks are re-serialised, never relayed as they came
            for (const QJsonValue &c : chunk.value(QLatin1String("choices")).toArray())
                received += c.toObject()
                                .value(QLatin1String("delta"))
                                .toObject()
                                .value(QLatin1String("content"))
                                .toString();
        };
        sink.onStreamEnd = [&ended] { ended = true; };
        ChatCallbacks cb = stage.wrap(sink);
        auto chunk = [](const QString &piece, bool last) {
            QJsonObject choice {{QLatin1String("index"), 0},
                {QLatin1String("delta"), QJsonObject {{QLatin1String("content"), piece}}},
                {QLatin1String("finish_reason"), last ? QJsonValue(QStringLiteral("stop")) : QJsonValue()}};
            return QJsonObject {
                {QLatin1String("id"), QStringLiteral("c")}, {QLatin1String("choices"), QJsonArray {choice}}};
        };
        cb.onChunk(chunk(text.left(split), false), "raw");
        cb.onChunk(chunk(text.mid(split), true), "raw");
        cb.onStreamEnd();
        QVERIFY(ended);
        QCOMPARE(received, expected);
    }
}

void TestRedactor::streamFlushesOnFinish()
{
    // Word-by-word: what is held back comes out by the end, even without a finishing chunk.
    GuardrailStage stage;
    GuardrailsConfig c;
    c.rules = {QStringLiteral("email")};
    c.responses = true;
    stage.configure(c);
    QString received;
    int chunks = 0;
    ChatCallbacks sink;
    sink.onChunk = [&](const QJsonObject &chunk, const QByteArray &) {
        ++chunks;
        for (const QJsonValue &v : chunk.value(QLatin1String("choices")).toArray())
            received += v.toObject()
                            .value(QLatin1String("delta"))
                            .toObject()
                            .value(QLatin1String("content"))
                            .toString();
    };
    sink.onStreamEnd = [] {};
    ChatCallbacks cb = stage.wrap(sink);
    const QStringList words = QStringLiteral("write to ops@example.com when the deploy is done").split(u' ');
    for (const QString &w : words)
        cb.onChunk(
            QJsonObject {{QLatin1String("id"), QStringLiteral("c")},
                {QLatin1String("choices"),
                    QJsonArray {QJsonObject {{QLatin1String("index"), 0},
                        {QLatin1String("delta"), QJsonObject {{QLatin1String("content"), QString(w + u' ')}}},
                        {QLatin1String("finish_reason"), QJsonValue()}}}}},
            {});
    QVERIFY(!received.contains(QLatin1String("ops@"))); // held, not leaked half-way
    cb.onStreamEnd();
    QCOMPARE(received, QStringLiteral("write to [EMAIL] when the deploy is done "));
    QCOMPARE(chunks, int(words.size()) + 1);
}

QTEST_GUILESS_MAIN(TestRedactor)
#include "tst_redactor.moc"
