// SPDX-License-Identifier: MIT
// RecentRequestsModel: batches go on top in one insert, the oldest fall off, never a reset.
#include "overview/recentrequestsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

namespace {
RequestLogRow row(int n, int status = 200)
{
    RequestLogRow r;
    r.id = QStringLiteral("req_%1").arg(n);
    r.timeMs = 1800000000000 + n * 1000;
    r.modelRequested = QStringLiteral("auto");
    r.modelServed = QStringLiteral("mock-fast");
    r.provider = QStringLiteral("mock");
    r.status = status;
    r.promptTokens = 1000;
    r.completionTokens = 234;
    r.costUsd = 0.0042;
    r.latencyMs = 84.2;
    return r;
}
QString idAt(const RecentRequestsModel &m, int i)
{
    return m.data(m.index(i), RecentRequestsModel::RequestIdRole).toString();
}
} // namespace

class TestRecentRequestsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void batchGoesOnTopNewestFirst();
    void oldestFallOffPastCapacity();
    void bigBatchKeepsOnlyTheNewest();
    void emptyBatchChangesNothing();
    void historyGoesBelowUpToCapacity();
    void rolesAreWrittenForPeople();
};

void TestRecentRequestsModel::batchGoesOnTopNewestFirst()
{
    RecentRequestsModel model(10);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy count(&model, &RecentRequestsModel::countChanged);
    model.prepend({row(1), row(2), row(3)});
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 2);
    QCOMPARE(count.count(), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(idAt(model, 0), QStringLiteral("req_3"));
    QCOMPARE(idAt(model, 2), QStringLiteral("req_1"));
    model.prepend({row(4)});
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(idAt(model, 0), QStringLiteral("req_4"));
    QCOMPARE(idAt(model, 3), QStringLiteral("req_1"));
    QCOMPARE(reset.count(), 0);
}

void TestRecentRequestsModel::oldestFallOffPastCapacity()
{
    RecentRequestsModel model(5);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.prepend({row(1), row(2), row(3)});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.prepend({row(4), row(5), row(6), row(7)});
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 5);
    QCOMPARE(removed.first().at(2).toInt(), 6);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(idAt(model, 0), QStringLiteral("req_7"));
    QCOMPARE(idAt(model, 4), QStringLiteral("req_3"));
}

void TestRecentRequestsModel::bigBatchKeepsOnlyTheNewest()
{
    RecentRequestsModel model(5);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.prepend({row(1)});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QList<RequestLogRow> batch;
    for (int i = 10; i < 22; ++i)
        batch.append(row(i));
    model.prepend(batch);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(2).toInt(), 4); // rows 0..4: only the newest five enter
    QCOMPARE(removed.count(), 1); // req_1 falls off
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(idAt(model, 0), QStringLiteral("req_21"));
    QCOMPARE(idAt(model, 4), QStringLiteral("req_17"));
}

void TestRecentRequestsModel::emptyBatchChangesNothing()
{
    RecentRequestsModel model(5);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy count(&model, &RecentRequestsModel::countChanged);
    model.prepend({});
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(count.count(), 0);
}

void TestRecentRequestsModel::historyGoesBelowUpToCapacity()
{
    RecentRequestsModel model(5);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.prepend({row(100), row(101)}); // live rows came first
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.appendOlder({row(9), row(8), row(7), row(6), row(5)}); // the log, newest first
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 2);
    QCOMPARE(inserted.first().at(2).toInt(), 4);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(idAt(model, 0), QStringLiteral("req_101"));
    QCOMPARE(idAt(model, 2), QStringLiteral("req_9"));
    QCOMPARE(idAt(model, 4), QStringLiteral("req_7"));
    model.appendOlder({row(1)}); // full: nothing more fits
    QCOMPARE(inserted.count(), 1);
}

void TestRecentRequestsModel::rolesAreWrittenForPeople()
{
    RecentRequestsModel model(5);
    RequestLogRow failed = row(2, 502);
    failed.modelServed.clear();
    failed.provider.clear();
    failed.error = QStringLiteral("upstream_unreachable");
    model.prepend({row(1), failed});
    const QModelIndex ok = model.index(1);
    QCOMPARE(model.data(ok, RecentRequestsModel::LatencyRole).toString(), QStringLiteral("84 ms"));
    QCOMPARE(model.data(ok, RecentRequestsModel::TokensRole).toString(), QStringLiteral("1234"));
    QCOMPARE(model.data(ok, RecentRequestsModel::CostRole).toString(), QStringLiteral("$0.0042"));
    QCOMPARE(model.data(ok, RecentRequestsModel::SucceededRole).toBool(), true);
    QCOMPARE(model.data(ok, RecentRequestsModel::TimeRole).toString().size(), 8); // HH:mm:ss
    const QModelIndex bad = model.index(0);
    QCOMPARE(model.data(bad, RecentRequestsModel::SucceededRole).toBool(), false);
    QCOMPARE(model.data(bad, RecentRequestsModel::StatusRole).toInt(), 502);
    QCOMPARE(model.data(bad, RecentRequestsModel::ModelServedRole).toString(), QStringLiteral("–"));
    QCOMPARE(
        model.data(bad, RecentRequestsModel::ErrorRole).toString(), QStringLiteral("upstream_unreachable"));
    const QHash<int, QByteArray> roles = model.roleNames();
    QCOMPARE(roles.value(RecentRequestsModel::ModelRequestedRole), QByteArray("modelRequested"));
    QCOMPARE(roles.value(RecentRequestsModel::LatencyRole), QByteArray("latency"));
}

QTEST_MAIN(TestRecentRequestsModel)
#include "tst_recentrequestsmodel.moc"
