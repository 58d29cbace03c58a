// SPDX-License-Identifier: MIT
// ProviderStateModel: snapshots update rows in place; only real changes emit.
#include "overview/providerstatemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

namespace {
ProviderSnapshot provider(const QString &id, const QString &status = QStringLiteral("ok"))
{
    ProviderSnapshot p;
    p.id = id;
    p.type = QStringLiteral("openai");
    p.status = status;
    p.models = 2;
    return p;
}
} // namespace

class TestProviderStateModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstSnapshotInserts();
    void sameSnapshotEmitsNothing();
    void changedStateEmitsDataChanged();
    void providersComeGoAndMove();
    void messageSummarisesWhenHealthy();
};

void TestProviderStateModel::firstSnapshotInserts()
{
    ProviderStateModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy healthy(&model, &ProviderStateModel::healthyChanged);
    QSignalSpy count(&model, &ProviderStateModel::countChanged);
    model.update({provider(QStringLiteral("a")), provider(QStringLiteral("b"), QStringLiteral("error"))});
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(count.count(), 1);
    QCOMPARE(healthy.count(), 1);
    QCOMPARE(model.healthy(), 1);
    QCOMPARE(model.data(model.index(1), ProviderStateModel::ProviderIdRole).toString(), QStringLiteral("b"));
}

void TestProviderStateModel::sameSnapshotEmitsNothing()
{
    ProviderStateModel model(nullptr);
    const QList<ProviderSnapshot> list {provider(QStringLiteral("a")), provider(QStringLiteral("b"))};
    model.update(list);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy healthy(&model, &ProviderStateModel::healthyChanged);
    model.update(list);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(healthy.count(), 0);
}

void TestProviderStateModel::changedStateEmitsDataChanged()
{
    ProviderStateModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update({provider(QStringLiteral("a")), provider(QStringLiteral("b"))});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy healthy(&model, &ProviderStateModel::healthyChanged);
    ProviderSnapshot down = provider(QStringLiteral("b"), QStringLiteral("error"));
    down.message = QStringLiteral("connection refused");
    model.update({provider(QStringLiteral("a")), down});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
    QCOMPARE(healthy.count(), 1);
    QCOMPARE(model.healthy(), 1);
    QCOMPARE(model.data(model.index(1), ProviderStateModel::MessageRole).toString(),
        QStringLiteral("connection refused"));
}

void TestProviderStateModel::providersComeGoAndMove()
{
    ProviderStateModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update(
        {provider(QStringLiteral("a")), provider(QStringLiteral("b")), provider(QStringLiteral("c"))});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    // b goes, d comes, c moves before a.
    model.update(
        {provider(QStringLiteral("c")), provider(QStringLiteral("a")), provider(QStringLiteral("d"))});
    QCOMPARE(removed.count(), 1);
    QCOMPARE(moved.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.rowCount(), 3);
    QStringList ids;
    for (int i = 0; i < model.rowCount(); ++i)
        ids << model.data(model.index(i), ProviderStateModel::ProviderIdRole).toString();
    QCOMPARE(ids, (QStringList {QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("d")}));
}

void TestProviderStateModel::messageSummarisesWhenHealthy()
{
    ProviderStateModel model(nullptr);
    ProviderSnapshot local = provider(QStringLiteral("mock"));
    local.local = true;
    local.models = 3;
    model.update({local});
    QCOMPARE(model.data(model.index(0), ProviderStateModel::MessageRole).toString(),
        QStringLiteral("3 models · local"));
}

QTEST_MAIN(TestProviderStateModel)
#include "tst_providerstatemodel.moc"
