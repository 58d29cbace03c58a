// SPDX-License-Identifier: MIT
// KeyListModel: the engine's keys (admin API shape) as rows for people, newest first, updated
// incrementally.
#include "keys/keylistmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

namespace {

QJsonObject key(const QString &id, const QString &name, double spentUsd = 0,
    const QString &status = QStringLiteral("active"))
{
    return {{QLatin1String("id"), id}, {QLatin1String("name"), name},
        {QLatin1String("key"), QStringLiteral("sy-AbCd...wxYz")}, {QLatin1String("status"), status},
        {QLatin1String("createdAt"), QStringLiteral("2026-11-20T09:00:00.000Z")},
        {QLatin1String("expiresAt"), QJsonValue()}, {QLatin1String("lastUsedAt"), QJsonValue()},
        {QLatin1String("budget"), QJsonValue()}, {QLatin1String("limits"), QJsonValue()},
        {QLatin1String("allowedModels"), QJsonArray()}, {QLatin1String("maxPricePer1M"), QJsonValue()},
        {QLatin1String("strategy"), QJsonValue()},
        {QLatin1String("spend"),
            QJsonObject {{QLatin1String("usd"), spentUsd}, {QLatin1String("tokens"), 1500},
                {QLatin1String("requests"), 3}, {QLatin1String("period"), QStringLiteral("month")}}},
        {QLatin1String("rate"),
            QJsonObject {{QLatin1String("requests"), 3}, {QLatin1String("tokens"), 900},
                {QLatin1String("inFlight"), 1}}}};
}

QString text(const KeyListModel &m, int row, int role)
{
    return m.data(m.index(row), role).toString();
}

} // namespace

class TestKeyListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowsReadForPeople();
    void budgetsAndLimitsFillTheBars();
    void newKeysInsertedOnTopChangesInPlace();
    void removedKeysRemoveTheirRow();
    void revokingChangesTheActiveCount();
};

void TestKeyListModel::rowsReadForPeople()
{
    KeyListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy count(&model, &KeyListModel::countChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setKeys({key(QStringLiteral("key_1"), QStringLiteral("ci-bot"), 0.42)});
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(count.count(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.activeCount(), 1);
    QCOMPARE(text(model, 0, KeyListModel::NameRole), QStringLiteral("ci-bot"));
    QCOMPARE(text(model, 0, KeyListModel::MaskRole), QStringLiteral("sy-AbCd...wxYz"));
    QCOMPARE(text(model, 0, KeyListModel::DatesRole), QStringLiteral("Created 20 Nov 2026 · never used"));
    // No budget: what it spent, and no bar to fill.
    QCOMPARE(text(model, 0, KeyListModel::SpendTextRole), QStringLiteral("$0.42 · 1500 tokens this month"));
    QCOMPARE(model.data(model.index(0), KeyListModel::SpendFractionRole).toDouble(), -1.0);
    QCOMPARE(text(model, 0, KeyListModel::LimitTextRole), QStringLiteral("No rate limits"));
    QCOMPARE(model.data(model.index(0), KeyListModel::LimitFractionRole).toDouble(), -1.0);
    QCOMPARE(text(model, 0, KeyListModel::RulesTextRole), QStringLiteral("Any model"));
    QCOMPARE(model.data(model.index(0), KeyListModel::RequestsRole).toLongLong(), 3);
    QCOMPARE(model.indexOf(QStringLiteral("key_1")), 0);
    QCOMPARE(model.nameOf(QStringLiteral("key_1")), QStringLiteral("ci-bot"));
    QCOMPARE(model.nameOf(QStringLiteral("nope")), QString());
}

void TestKeyListModel::budgetsAndLimitsFillTheBars()
{
    KeyListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QJsonObject k = key(QStringLiteral("key_1"), QStringLiteral("ci-bot"), 2.5);
    k.insert(QLatin1String("budget"),
        QJsonObject {{QLatin1String("usd"), 10.0}, {QLatin1String("tokens"), 2000},
            {QLatin1String("period"), QStringLiteral("day")}, {QLatin1String("hard"), false}});
    QJsonObject spend = k.value(QLatin1String("spend")).toObject();
    spend.insert(QLatin1String("period"), QStringLiteral("day"));
    k.insert(QLatin1String("spend"), spend);
    k.insert(QLatin1String("limits"),
        QJsonObject {
            {QLatin1String("rpm"), 12}, {QLatin1String("tpm"), 1000}, {QLatin1String("parallel"), 2}});
    k.insert(
        QLatin1String("allowedModels"), QJsonArray {QStringLiteral("gpt-4o*"), QStringLiteral("claude-*")});
    k.insert(QLatin1String("maxPricePer1M"), 5.0);
    k.insert(QLatin1String("strategy"), QStringLiteral("cost"));
    k.insert(QLatin1String("expiresAt"), QStringLiteral("2027-01-31T18:00:00.000Z"));
    model.setKeys({k});
    QCOMPARE(text(model, 0, KeyListModel::SpendTextRole),
        QStringLiteral("$2.50 of $10.00 · 1500 of 2000 tokens today · soft"));
    QCOMPARE(model.data(model.index(0), KeyListModel::SpendFractionRole).toDouble(), 0.75); // the fuller one
    QCOMPARE(text(model, 0, KeyListModel::LimitTextRole),
        QStringLiteral("3 of 12 requests · 900 of 1000 tokens in the last minute · 1 of 2 in flight"));
    QCOMPARE(model.data(model.index(0), KeyListModel::LimitFractionRole).toDouble(), 0.9);
    QCOMPARE(text(model, 0, KeyListModel::RulesTextRole),
        QStringLiteral("Models: gpt-4o*, claude-* · up to $5.00 per 1M tokens · strategy: cost"));
    QVERIFY2(text(model, 0, KeyListModel::DatesRole).contains(QLatin1String("expires 31 Jan 2027")),
        qPrintable(text(model, 0, KeyListModel::DatesRole)));
}

void TestKeyListModel::newKeysInsertedOnTopChangesInPlace()
{
    KeyListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QJsonObject a = key(QStringLiteral("key_a"), QStringLiteral("a"));
    const QJsonObject b = key(QStringLiteral("key_b"), QStringLiteral("b"));
    model.setKeys({a});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy count(&model, &KeyListModel::countChanged);
    model.setKeys({a, b}); // oldest first, as the engine lists them
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0); // b, the newest, on top
    QCOMPARE(text(model, 0, KeyListModel::NameRole), QStringLiteral("b"));
    QCOMPARE(text(model, 1, KeyListModel::NameRole), QStringLiteral("a"));
    QCOMPARE(count.count(), 1);
    QCOMPARE(changed.count(), 0);

    model.setKeys({a, b}); // nothing moved: nothing emitted
    QCOMPARE(changed.count(), 0);
    QCOMPARE(count.count(), 1);

    model.setKeys({key(QStringLiteral("key_a"), QStringLiteral("a"), 1.25), b});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
    QCOMPARE(text(model, 1, KeyListModel::SpendTextRole), QStringLiteral("$1.25 · 1500 tokens this month"));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(count.count(), 1);
}

void TestKeyListModel::removedKeysRemoveTheirRow()
{
    KeyListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QJsonObject a = key(QStringLiteral("key_a"), QStringLiteral("a"));
    const QJsonObject b = key(QStringLiteral("key_b"), QStringLiteral("b"));
    const QJsonObject c = key(QStringLiteral("key_c"), QStringLiteral("c"));
    model.setKeys({a, b, c});
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy count(&model, &KeyListModel::countChanged);
    model.setKeys({a, c});
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 1); // b was in the middle
    QCOMPARE(count.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.indexOf(QStringLiteral("key_b")), -1);
    model.setKeys({});
    QCOMPARE(removed.count(), 3);
    QCOMPARE(count.count(), 2);
}

void TestKeyListModel::revokingChangesTheActiveCount()
{
    KeyListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setKeys({key(QStringLiteral("key_a"), QStringLiteral("a"))});
    QSignalSpy count(&model, &KeyListModel::countChanged);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setKeys({key(QStringLiteral("key_a"), QStringLiteral("a"), 0, QStringLiteral("revoked"))});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(count.count(), 1); // activeCount went from 1 to 0
    QCOMPARE(model.activeCount(), 0);
    QCOMPARE(text(model, 0, KeyListModel::StatusRole), QStringLiteral("revoked"));
}

QTEST_GUILESS_MAIN(TestKeyListModel)
#include "tst_keylistmodel.moc"
