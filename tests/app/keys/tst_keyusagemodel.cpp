// SPDX-License-Identifier: MIT
// KeyUsageModel: a key's daily usage as chart bars scaled to the busiest day.
#include "keys/keyusagemodel.h"

#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

namespace {
QJsonObject day(const QString &date, double usd, qint64 tokens, qint64 requests)
{
    return {{QLatin1String("day"), date}, {QLatin1String("usd"), usd}, {QLatin1String("tokens"), tokens},
        {QLatin1String("requests"), requests}};
}
QJsonArray threeDays(double lastUsd = 0.5)
{
    return {day(QStringLiteral("2026-11-29"), 0.25, 1000, 4), day(QStringLiteral("2026-11-30"), 0, 0, 0),
        day(QStringLiteral("2026-12-01"), lastUsd, 3000, 1)};
}
} // namespace

class TestKeyUsageModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void barsScaleToTheBusiestDay();
    void tokensWhenNothingCostMoney();
    void sameDaysUpdateInPlace();
    void anotherSeriesResets();
};

void TestKeyUsageModel::barsScaleToTheBusiestDay()
{
    KeyUsageModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy count(&model, &KeyUsageModel::countChanged);
    QSignalSpy summary(&model, &KeyUsageModel::summaryChanged);
    model.setDays(threeDays());
    QCOMPARE(count.count(), 1);
    QCOMPARE(summary.count(), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.data(model.index(0), KeyUsageModel::FractionRole).toDouble(), 0.5);
    QCOMPARE(model.data(model.index(1), KeyUsageModel::FractionRole).toDouble(), 0.0);
    QCOMPARE(model.data(model.index(2), KeyUsageModel::FractionRole).toDouble(), 1.0);
    QCOMPARE(model.data(model.index(2), KeyUsageModel::DayRole).toString(), QStringLiteral("1 Dec"));
    QCOMPARE(model.data(model.index(0), KeyUsageModel::DetailRole).toString(),
        QStringLiteral("29 Nov 2026: $0.25 · 1000 tokens · 4 requests"));
    QCOMPARE(model.data(model.index(2), KeyUsageModel::DetailRole).toString(),
        QStringLiteral("1 Dec 2026: $0.50 · 3000 tokens · 1 request"));
    QCOMPARE(model.summary(), QStringLiteral("$0.75 · 4000 tokens · 5 requests in the last 3 days"));
    QCOMPARE(model.peak(), QStringLiteral("$0.50"));
}

void TestKeyUsageModel::tokensWhenNothingCostMoney()
{
    KeyUsageModel model;
    model.setDays(
        {day(QStringLiteral("2026-11-30"), 0, 500, 1), day(QStringLiteral("2026-12-01"), 0, 2000, 2)});
    QCOMPARE(model.data(model.index(0), KeyUsageModel::FractionRole).toDouble(), 0.25);
    QCOMPARE(model.peak(), QStringLiteral("2000 tokens"));
}

void TestKeyUsageModel::sameDaysUpdateInPlace()
{
    KeyUsageModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDays(threeDays());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy summary(&model, &KeyUsageModel::summaryChanged);
    model.setDays(threeDays());
    QCOMPARE(changed.count(), 0);
    QCOMPARE(summary.count(), 0);
    model.setDays(threeDays(1.0)); // today doubled: today's bar and the first day's scale change
    QCOMPARE(changed.count(), 2);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(summary.count(), 1);
    QCOMPARE(model.data(model.index(0), KeyUsageModel::FractionRole).toDouble(), 0.25);
}

void TestKeyUsageModel::anotherSeriesResets()
{
    KeyUsageModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDays(threeDays());
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy count(&model, &KeyUsageModel::countChanged);
    model.setDays({day(QStringLiteral("2026-12-01"), 0.1, 10, 1)});
    QCOMPARE(reset.count(), 1);
    QCOMPARE(count.count(), 1);
    model.clear();
    QCOMPARE(reset.count(), 2);
    QCOMPARE(count.count(), 2);
    QCOMPARE(model.summary(), QString());
    model.clear(); // already empty
    QCOMPARE(reset.count(), 2);
}

QTEST_GUILESS_MAIN(TestKeyUsageModel)
#include "tst_keyusagemodel.moc"
