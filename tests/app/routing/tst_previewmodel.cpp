// SPDX-License-Identifier: MIT
// PreviewModel: rows from two plans of the same prompts, incremental updates (only changed rows
// signal; the typed row comes and goes at the top), moved rows counted.
#include "routing/previewmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

class TestPreviewModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowsAndRoles();
    void onlyChangedRowsSignal();
    void typedRowAtTheTop();
};

namespace {
PreviewRow row(const QString &label, const QString &model, double score = 0.8)
{
    PreviewRow r;
    r.label = label;
    r.prompt = label + QStringLiteral(" prompt");
    r.classification = QStringLiteral("conversation");
    r.provider = QStringLiteral("mock");
    r.model = model;
    r.score = score;
    r.reason = QStringLiteral("auto -> %1").arg(model);
    return r;
}
} // namespace

void TestPreviewModel::rowsAndRoles()
{
    PreviewModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    PreviewRow a = row(QStringLiteral("Code"), QStringLiteral("mock-smart"), 0.8123);
    a.runnerUpModel = QStringLiteral("mock-fast");
    a.runnerUpProvider = QStringLiteral("mock");
    a.runnerUpScore = 0.7;
    PreviewRow failed;
    failed.label = QStringLiteral("Image");
    failed.error = QStringLiteral("No model fits");
    m.update({a, failed}, {row(QStringLiteral("Code"), QStringLiteral("mock-fast")), failed}, false);
    QCOMPARE(m.rowCount(), 2);
    const QModelIndex i = m.index(0);
    QCOMPARE(m.data(i, PreviewModel::ScoreRole).toString(), QStringLiteral("0.81"));
    QCOMPARE(m.data(i, PreviewModel::RunnerUpRole).toString(), QStringLiteral("mock-fast · 0.70"));
    QVERIFY(m.data(i, PreviewModel::MovedRole).toBool());
    QCOMPARE(m.data(i, PreviewModel::AppliedModelRole).toString(), QStringLiteral("mock-fast"));
    QCOMPARE(m.data(m.index(1), PreviewModel::ErrorRole).toString(), QStringLiteral("No model fits"));
    QCOMPARE(m.data(m.index(1), PreviewModel::ScoreRole).toString(), QString());
    QVERIFY(!m.data(m.index(1), PreviewModel::MovedRole).toBool()); // an error is not a move
    QCOMPARE(m.moved(), 1);
    QVERIFY(m.roleNames().values().contains("runnerUp"));
}

void TestPreviewModel::onlyChangedRowsSignal()
{
    PreviewModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<PreviewRow> applied {row(QStringLiteral("A"), QStringLiteral("x")),
        row(QStringLiteral("B"), QStringLiteral("x")), row(QStringLiteral("C"), QStringLiteral("x"))};
    m.update(applied, applied, false);
    QCOMPARE(m.moved(), 0);
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
    QSignalSpy moved(&m, &PreviewModel::movedChanged);
    m.update(applied, applied, false);
    QCOMPARE(changed.count(), 0);
    QList<PreviewRow> edited = applied;
    edited[1] = row(QStringLiteral("B"), QStringLiteral("y"));
    m.update(edited, applied, false);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
    QCOMPARE(moved.count(), 1);
    QCOMPARE(m.moved(), 1);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(reset.count(), 0);
}

void TestPreviewModel::typedRowAtTheTop()
{
    PreviewModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<PreviewRow> samples {
        row(QStringLiteral("A"), QStringLiteral("x")), row(QStringLiteral("B"), QStringLiteral("x"))};
    m.update(samples, samples, false);
    QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    QSignalSpy count(&m, &PreviewModel::countChanged);
    const QList<PreviewRow> withTyped
        = QList<PreviewRow> {row(QStringLiteral("Typed"), QStringLiteral("z"))} + samples;
    m.update(withTyped, withTyped, true);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 0);
    QCOMPARE(changed.count(), 0); // the samples did not change
    QCOMPARE(count.count(), 1);
    QVERIFY(m.data(m.index(0), PreviewModel::TypedRole).toBool());
    QVERIFY(!m.data(m.index(1), PreviewModel::TypedRole).toBool());
    m.update(samples, samples, false);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 0);
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(m.data(m.index(0), PreviewModel::LabelRole).toString(), QStringLiteral("A"));
    QCOMPARE(changed.count(), 0);
}

QTEST_GUILESS_MAIN(TestPreviewModel)
#include "tst_previewmodel.moc"
