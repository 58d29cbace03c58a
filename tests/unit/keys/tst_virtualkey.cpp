// SPDX-License-Identifier: MIT
// Virtual keys: their form, the admin API's validation, and the IAM patterns.
#include "keys/iampolicy.h"
#include "keys/virtualkey.h"
#include "routing/catalog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

class TestVirtualKey : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void generatedKeysAreRandomAndOnlyTheirHashIsKept();
    void createValidation_data();
    void createValidation();
    void patchChangesOnlyWhatItNames();
    void expiryAndStatus();
    void rulesRoundTrip();
    void globMatch_data();
    void globMatch();
    void modelAllowedMatchesProviderQualifiedIds();
    void priceCeilingUsesTheBlendedPrice();
};

void TestVirtualKey::generatedKeysAreRandomAndOnlyTheirHashIsKept()
{
    QSet<QString> seen;
    for (int i = 0; i < 200; ++i) {
        VirtualKey k;
        const QString secret = k.generate(1000);
        static const QRegularExpression form(QStringLiteral("^sy-[A-Za-z0-9_-]{43}$"));
        QVERIFY2(form.match(secret).hasMatch(), qPrintable(secret));
        QVERIFY(!seen.contains(secret));
        seen.insert(secret);
        QCOMPARE(k.hash, VirtualKey::hashOf(secret.toLatin1()));
        QCOMPARE(k.hash.size(), 64);
        QVERIFY(!k.hash.contains(secret.toLatin1()));
        QCOMPARE(k.mask, secret.left(7) + QStringLiteral("...") + secret.right(4));
        QVERIFY(k.id.startsWith(QLatin1String("key_")));
        QCOMPARE(k.createdMs, 1000);
        // Nothing the admin API lists carries the key.
        const QByteArray listed = QJsonDocument(k.toJson(1000)).toJson();
        QVERIFY(!listed.contains(secret.toLatin1()));
        QVERIFY(!QJsonDocument(k.rulesJson()).toJson().contains(secret.toLatin1()));
    }
}

void TestVirtualKey::createValidation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param"); ///< empty: accepted
    QTest::newRow("minimal") << QByteArray(R"({"name":"ci"})") << QString();
    QTest::newRow("everything") << QByteArray(
        R"({"name":"alice","expiresAt":"2099-01-01T00:00:00Z","budget":{"usd":5,"tokens":100000,
            "period":"week","hard":false},"limits":{"rpm":60,"tpm":100000,"parallel":4},
            "allowedModels":["gpt-4o*","mock-*"],"maxPricePer1M":3.5,"strategy":"cost"})")
                                << QString();
    QTest::newRow("no name") << QByteArray(R"({"budget":{"usd":1}})") << QStringLiteral("name");
    QTest::newRow("empty name") << QByteArray(R"({"name":"  "})") << QStringLiteral("name");
    QTest::newRow("unknown field") << QByteArray(R"({"name":"x","rpm":5})") << QStringLiteral("rpm");
    QTest::newRow("bad period") << QByteArray(R"({"name":"x","budget":{"usd":1,"period":"year"}})")
                                << QStringLiteral("budget");
    QTest::newRow("negative usd") << QByteArray(R"({"name":"x","budget":{"usd":-1}})")
                                  << QStringLiteral("budget");
    QTest::newRow("fractional tokens")
        << QByteArray(R"({"name":"x","budget":{"tokens":1.5}})") << QStringLiteral("budget");
    QTest::newRow("budget unknown key")
        << QByteArray(R"({"name":"x","budget":{"dollars":1}})") << QStringLiteral("budget");
    QTest::newRow("rpm string") << QByteArray(R"({"name":"x","limits":{"rpm":"60"}})")
                                << QStringLiteral("limits");
    QTest::newRow("models not array")
        << QByteArray(R"({"name":"x","allowedModels":"gpt-4o"})") << QStringLiteral("allowedModels");
    QTest::newRow("empty pattern") << QByteArray(R"({"name":"x","allowedModels":[""]})")
                                   << QStringLiteral("allowedModels");
    QTest::newRow("bad strategy") << QByteArray(R"({"name":"x","strategy":"random"})")
                                  << QStringLiteral("strategy");
    QTest::newRow("bad expiry") << QByteArray(R"({"name":"x","expiresAt":"tomorrow"})")
                                << QStringLiteral("expiresAt");
    QTest::newRow("past expiry") << QByteArray(R"({"name":"x","expiresAt":"2001-01-01T00:00:00Z"})")
                                 << QStringLiteral("expiresAt");
    QTest::newRow("negative price") << QByteArray(R"({"name":"x","maxPricePer1M":-2})")
                                    << QStringLiteral("maxPricePer1M");
    QTest::newRow("bad status") << QByteArray(R"({"name":"x","status":"paused"})")
                                << QStringLiteral("status");
}

void TestVirtualKey::createValidation()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    VirtualKey k;
    QString error, offending;
    const bool ok = k.apply(QJsonDocument::fromJson(body).object(), true,
        QDateTime::fromString(QStringLiteral("2026-12-01T00:00:00Z"), Qt::ISODate).toMSecsSinceEpoch(),
        &error, &offending);
    QCOMPARE(ok, param.isEmpty());
    QCOMPARE(offending, param);
    if (!ok)
        QVERIFY2(!error.isEmpty() && error.contains(param.left(4)), qPrintable(error));
}

void TestVirtualKey::patchChangesOnlyWhatItNames()
{
    VirtualKey k;
    QString error, param;
    QVERIFY(k.apply(QJsonDocument::fromJson(R"({"name":"bot","budget":{"usd":5},"limits":{"rpm":10},
        "allowedModels":["a*"],"maxPricePer1M":2})")
                        .object(),
        true, 0, &error, &param));
    QVERIFY(k.apply(
        QJsonDocument::fromJson(R"({"limits":{"rpm":20,"parallel":2}})").object(), false, 0, &error, &param));
    QCOMPARE(k.name, QStringLiteral("bot"));
    QCOMPARE(*k.budget.usd, 5.0);
    QCOMPARE(k.limits.rpm, 20);
    QCOMPARE(k.limits.parallel, 2);
    QCOMPARE(k.allowedModels, QStringList {QStringLiteral("a*")});
    // null clears
    QVERIFY(k.apply(
        QJsonDocument::fromJson(R"({"budget":null,"maxPricePer1M":null,"allowedModels":null})").object(),
        false, 0, &error, &param));
    QVERIFY(!k.budget.isSet());
    QCOMPARE(k.maxPricePer1M, -1.0);
    QVERIFY(k.allowedModels.isEmpty());
    // A refused patch changes nothing.
    QVERIFY(!k.apply(QJsonDocument::fromJson(R"({"name":"renamed","limits":{"rpm":-1}})").object(), false, 0,
        &error, &param));
    QCOMPARE(k.name, QStringLiteral("bot"));
    QCOMPARE(k.limits.rpm, 20);
}

void TestVirtualKey::expiryAndStatus()
{
    VirtualKey k;
    QString error, param;
    QVERIFY(k.apply(QJsonDocument::fromJson(R"({"name":"t","expiresAt":"2027-01-01T00:00:00Z"})").object(),
        true, 0, &error, &param));
    const qint64 at
        = QDateTime::fromString(QStringLiteral("2027-01-01T00:00:00Z"), Qt::ISODate).toMSecsSinceEpoch();
    QCOMPARE(k.status(at - 1), QStringLiteral("active"));
    QCOMPARE(k.status(at), QStringLiteral("expired"));
    QVERIFY(k.apply(QJsonDocument::fromJson(R"({"status":"revoked"})").object(), false, at, &error, &param));
    QCOMPARE(k.status(0), QStringLiteral("revoked"));
    QCOMPARE(
        k.toJson(0).value(QLatin1String("expiresAt")).toString(), QStringLiteral("2027-01-01T00:00:00.000Z"));
}

void TestVirtualKey::rulesRoundTrip()
{
    VirtualKey k;
    QString error, param;
    QVERIFY(k.apply(QJsonDocument::fromJson(R"({"name":"x","budget":{"usd":2.5,"period":"day","hard":false},
        "limits":{"tpm":900},"allowedModels":["m1","m2*"],"maxPricePer1M":1.25,"strategy":"quality"})")
                        .object(),
        true, 0, &error, &param));
    VirtualKey copy;
    copy.setRules(k.rulesJson());
    QCOMPARE(copy.budget, k.budget);
    QCOMPARE(copy.limits, k.limits);
    QCOMPARE(copy.allowedModels, k.allowedModels);
    QCOMPARE(copy.maxPricePer1M, 1.25);
    QCOMPARE(copy.strategy, QStringLiteral("quality"));
}

void TestVirtualKey::globMatch_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("match");
    auto row = [](const char *name, const char *pattern, const char *text, bool match) {
        QTest::newRow(name) << QString::fromLatin1(pattern) << QString::fromLatin1(text) << match;
    };
    row("exact", "gpt-4o", "gpt-4o", true);
    row("exact is not prefix", "gpt-4o", "gpt-4o-mini", false);
    row("star suffix", "gpt-4o*", "gpt-4o-mini", true);
    row("star empty", "gpt-4o*", "gpt-4o", true);
    row("star other family", "gpt-4o*", "gpt-4.1", false);
    row("star crosses slash", "openai/*", "openai/gpt-4o", true);
    row("star middle", "claude-*-4*", "claude-sonnet-4-5", true);
    row("question", "o?-mini", "o4-mini", true);
    row("question needs one", "o?-mini", "o-mini", false);
    row("case sensitive", "GPT-4o", "gpt-4o", false);
    row("star only", "*", "anything/at all", true);
    row("backtracking", "*a*b*c", "xaxbxbxcxc", true);
    row("backtracking fails", "*a*b*c", "xaxbxbx", false);
}

void TestVirtualKey::globMatch()
{
    QFETCH(QString, pattern);
    QFETCH(QString, text);
    QFETCH(bool, match);
    QCOMPARE(IamPolicy::globMatch(pattern, text), match);
}

void TestVirtualKey::modelAllowedMatchesProviderQualifiedIds()
{
    const QStringList patterns = {QStringLiteral("gpt-4o*"), QStringLiteral("local/*")};
    QVERIFY(IamPolicy::modelAllowed({}, QStringLiteral("anything")));
    QVERIFY(IamPolicy::modelAllowed(patterns, QStringLiteral("gpt-4o-mini"), QStringLiteral("openai")));
    QVERIFY(IamPolicy::modelAllowed(patterns, QStringLiteral("llama3.2"), QStringLiteral("local")));
    QVERIFY(!IamPolicy::modelAllowed(patterns, QStringLiteral("llama3.2"), QStringLiteral("groq")));
    QVERIFY(
        !IamPolicy::modelAllowed(patterns, QStringLiteral("claude-sonnet-4-5"), QStringLiteral("claude")));
}

void TestVirtualKey::priceCeilingUsesTheBlendedPrice()
{
    ModelInfo m;
    m.inputPer1M = 2.5;
    m.outputPer1M = 10;
    QCOMPARE(m.blendedPricePer1M(), 4.375); // (3 x 2.5 + 10) / 4
    QVERIFY(IamPolicy::priceAllowed(-1, m));
    QVERIFY(IamPolicy::priceAllowed(4.375, m));
    QVERIFY(!IamPolicy::priceAllowed(4.37, m));
}

QTEST_GUILESS_MAIN(TestVirtualKey)
#include "tst_virtualkey.moc"
