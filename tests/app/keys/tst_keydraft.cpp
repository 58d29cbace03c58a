// SPDX-License-Identifier: MIT
// KeyDraft: the create-key dialog's fields become the admin API's create body, or one sentence
// naming the wrong field.
#include "keys/keydraft.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

namespace {
constexpr qint64 Now = 1796083200000; // 2026-12-01T00:00:00Z
}

class TestKeyDraft : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void body_data();
    void body();
    void wrongFields_data();
    void wrongFields();
    void clearEmitsOnceAndResets();
    void choicesMatchTheirValues();
};

void TestKeyDraft::body_data()
{
    QTest::addColumn<QVariantMap>("fields");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("name only") << QVariantMap {{QStringLiteral("name"), QStringLiteral("  ci-bot ")}}
                               << QByteArray(R"({"name":"ci-bot"})");
    QTest::newRow("usd budget per day, soft")
        << QVariantMap {{QStringLiteral("name"), QStringLiteral("a")},
               {QStringLiteral("budgetUsd"), QStringLiteral("$2.50")},
               {QStringLiteral("period"), QStringLiteral("day")}, {QStringLiteral("hardBudget"), false}}
        << QByteArray(R"({"budget":{"hard":false,"period":"day","usd":2.5},"name":"a"})");
    QTest::newRow("tokens budget, limits, models, price, strategy")
        << QVariantMap {{QStringLiteral("name"), QStringLiteral("b")},
               {QStringLiteral("budgetTokens"), QStringLiteral("100000")},
               {QStringLiteral("rpm"), QStringLiteral("60")},
               {QStringLiteral("tpm"), QStringLiteral(" 20000 ")},
               {QStringLiteral("parallel"), QStringLiteral("4")},
               {QStringLiteral("allowedModels"), QStringLiteral("gpt-4o*, claude-*  mock-fast")},
               {QStringLiteral("maxPricePer1M"), QStringLiteral("5")},
               {QStringLiteral("strategy"), QStringLiteral("cost")}}
        << QByteArray(
               R"({"allowedModels":["gpt-4o*","claude-*","mock-fast"],"budget":{"hard":true,"period":"month","tokens":100000},"limits":{"parallel":4,"rpm":60,"tpm":20000},"maxPricePer1M":5,"name":"b","strategy":"cost"})");
    QTest::newRow("expires in 30 days")
        << QVariantMap {{QStringLiteral("name"), QStringLiteral("c")}, {QStringLiteral("expiresInDays"), 30}}
        << QByteArray(R"({"expiresAt":"2026-12-31T00:00:00.000Z","name":"c"})");
    QTest::newRow("zero limits mean none") << QVariantMap {{QStringLiteral("name"), QStringLiteral("d")},
        {QStringLiteral("rpm"), QStringLiteral("0")}}
                                           << QByteArray(R"({"name":"d"})");
    QTest::newRow("decimal price") << QVariantMap {{QStringLiteral("name"), QStringLiteral("e")},
        {QStringLiteral("maxPricePer1M"), QStringLiteral("0.75")}}
                                   << QByteArray(R"({"maxPricePer1M":0.75,"name":"e"})");
}

void TestKeyDraft::body()
{
    QFETCH(QVariantMap, fields);
    QFETCH(QByteArray, json);
    KeyDraft draft;
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
        QVERIFY2(draft.setProperty(it.key().toLatin1().constData(), it.value()), qPrintable(it.key()));
    QString error;
    const QJsonObject body = draft.toBody(Now, &error);
    QCOMPARE(error, QString());
    QCOMPARE(QJsonDocument(body).toJson(QJsonDocument::Compact), json);
}

void TestKeyDraft::wrongFields_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("no name") << QStringLiteral("name") << QStringLiteral("   ")
                             << QStringLiteral("Give the key a name");
    QTest::newRow("usd text") << QStringLiteral("budgetUsd") << QStringLiteral("ten")
                              << QStringLiteral("Budget (USD) must be a number");
    QTest::newRow("negative usd") << QStringLiteral("budgetUsd") << QStringLiteral("-1")
                                  << QStringLiteral("Budget (USD) must be a number");
    QTest::newRow("fractional tokens") << QStringLiteral("budgetTokens") << QStringLiteral("1.5")
                                       << QStringLiteral("Budget (tokens) must be a whole number");
    QTest::newRow("rpm text") << QStringLiteral("rpm") << QStringLiteral("lots")
                              << QStringLiteral("Requests per minute must be a whole number");
    QTest::newRow("price inf") << QStringLiteral("maxPricePer1M") << QStringLiteral("inf")
                               << QStringLiteral("Max price per 1M tokens must be a number");
}

void TestKeyDraft::wrongFields()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, message);
    KeyDraft draft;
    draft.setProperty("name", QStringLiteral("ok"));
    draft.setProperty(field.toLatin1().constData(), value);
    QString error;
    QVERIFY(draft.toBody(Now, &error).isEmpty());
    QVERIFY2(error.startsWith(message), qPrintable(error));
}

void TestKeyDraft::clearEmitsOnceAndResets()
{
    KeyDraft draft;
    draft.setProperty("name", QStringLiteral("x"));
    draft.setProperty("period", QStringLiteral("day"));
    draft.setProperty("hardBudget", false);
    QSignalSpy changed(&draft, &KeyDraft::changed);
    draft.clear();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(draft.property("name").toString(), QString());
    QCOMPARE(draft.property("period").toString(), QStringLiteral("month"));
    QCOMPARE(draft.property("hardBudget").toBool(), true);
}

void TestKeyDraft::choicesMatchTheirValues()
{
    KeyDraft draft;
    QCOMPARE(draft.expiryChoices().size(), draft.expiryDays().size());
    QCOMPARE(draft.periodChoices().size(), draft.periods().size());
    QCOMPARE(draft.strategyChoices().size(), draft.strategies().size());
    QCOMPARE(draft.strategies().first(), QString()); // the global strategy
    QVERIFY(draft.strategies().contains(QStringLiteral("cost")));
}

QTEST_GUILESS_MAIN(TestKeyDraft)
#include "tst_keydraft.moc"
