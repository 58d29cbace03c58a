// SPDX-License-Identifier: MIT
// FallbackChainModel: chains sorted by model, edits signal one row, invalid edits refused.
#include "routing/fallbackchainmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

class TestFallbackChainModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chainsSortedAndRoundTripped();
    void editsSignalOneRow();
    void invalidEditsRefused();
};

void TestFallbackChainModel::chainsSortedAndRoundTripped()
{
    FallbackChainModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QHash<QString, QStringList> chains {
        {QStringLiteral("gpt-4o"), {QStringLiteral("claude-sonnet-4"), QStringLiteral("llama3.2")}},
        {QStringLiteral("claude-sonnet-4"), {QStringLiteral("gpt-4o")}}};
    QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
    m.setChains(chains);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(m.data(m.index(0), FallbackChainModel::ModelRole).toString(), QStringLiteral("claude-sonnet-4"));
    QCOMPARE(m.data(m.index(1), FallbackChainModel::ChainTextRole).toString(),
        QStringLiteral("claude-sonnet-4 → llama3.2"));
    QCOMPARE(m.chains(), chains);
    m.setChains(chains); // unchanged: no reset
    QCOMPARE(reset.count(), 1);
}

void TestFallbackChainModel::editsSignalOneRow()
{
    FallbackChainModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
    QVERIFY(m.addChain(QStringLiteral("m-b")));
    QVERIFY(m.addChain(QStringLiteral("m-a")));
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 0); // sorted in
    QVERIFY(m.addStep(1, QStringLiteral("x")));
    QVERIFY(m.addStep(1, QStringLiteral("y")));
    QVERIFY(m.moveStep(1, 1, -1));
    QCOMPARE(changed.count(), 3);
    for (const auto &c : changed)
        QCOMPARE(c.at(0).toModelIndex().row(), 1);
    QCOMPARE(
        m.chains().value(QStringLiteral("m-b")), (QStringList {QStringLiteral("y"), QStringLiteral("x")}));
    QVERIFY(m.removeStep(1, 0));
    QCOMPARE(m.chains().value(QStringLiteral("m-b")), QStringList {QStringLiteral("x")});
    QVERIFY(m.removeChain(0));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(m.chains().keys(), QStringList {QStringLiteral("m-b")});
}

void TestFallbackChainModel::invalidEditsRefused()
{
    FallbackChainModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(m.addChain(QStringLiteral("a")));
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    QVERIFY(!m.addChain(QStringLiteral("a")));
    QVERIFY(!m.addChain(QStringLiteral("  ")));
    QVERIFY(!m.addStep(0, QStringLiteral("a"))); // itself
    QVERIFY(m.addStep(0, QStringLiteral("b")));
    QVERIFY(!m.addStep(0, QStringLiteral("b"))); // twice
    QVERIFY(!m.addStep(3, QStringLiteral("c")));
    QVERIFY(!m.moveStep(0, 0, -1));
    QVERIFY(!m.moveStep(0, 0, 1));
    QVERIFY(!m.removeStep(0, 4));
    QVERIFY(!m.removeChain(-1));
    QCOMPARE(changed.count(), 1);
}

QTEST_GUILESS_MAIN(TestFallbackChainModel)
#include "tst_fallbackchainmodel.moc"
