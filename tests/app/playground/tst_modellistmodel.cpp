// SPDX-License-Identifier: MIT
// ModelListModel: the engine's /v1/models entries for the Playground's pickers.
#include "playground/modellistmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

namespace {
QJsonObject entry(const QString &id, const QString &provider, bool isVirtual, double in = 0, double out = 0)
{
    return {{QLatin1String("id"), id}, {QLatin1String("owned_by"), provider},
        {QLatin1String("x-switchyard"),
            QJsonObject {{QLatin1String("provider"), provider}, {QLatin1String("virtual"), isVirtual},
                {QLatin1String("local"), provider == QLatin1String("mock")},
                {QLatin1String("input_per_1m"), in}, {QLatin1String("output_per_1m"), out}}}};
}
QJsonArray entries(double price = 0.15)
{
    return {entry(QStringLiteral("auto"), QStringLiteral("switchyard"), true),
        entry(QStringLiteral("mock-fast"), QStringLiteral("mock"), false),
        entry(QStringLiteral("gpt-4o-mini"), QStringLiteral("openai"), false, price, 0.6)};
}
} // namespace

class TestModelListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void entriesBecomeRows();
    void samePriceChangeUpdatesInPlace();
    void newModelsReplaceTheList();
};

void TestModelListModel::entriesBecomeRows()
{
    ModelListModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy count(&model, &ModelListModel::countChanged);
    model.setModels(entries());
    QCOMPARE(count.count(), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.indexOf(QStringLiteral("gpt-4o-mini")), 2);
    QCOMPARE(model.indexOf(QStringLiteral("nope")), -1);
    QCOMPARE(model.modelAt(0), QStringLiteral("auto"));
    QCOMPARE(model.data(model.index(0), ModelListModel::VirtualRole).toBool(), true);
    QCOMPARE(model.data(model.index(0), ModelListModel::DescriptionRole).toString(),
        QStringLiteral("routed by Switchyard"));
    QCOMPARE(model.data(model.index(1), ModelListModel::PriceRole).toString(), QStringLiteral("free"));
    QCOMPARE(model.data(model.index(2), ModelListModel::DescriptionRole).toString(),
        QStringLiteral("openai · $0.15 / $0.60"));
}

void TestModelListModel::samePriceChangeUpdatesInPlace()
{
    ModelListModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setModels(entries());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setModels(entries());
    QCOMPARE(changed.count(), 0);
    QCOMPARE(reset.count(), 0);
    model.setModels(entries(0.3));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 2);
    QCOMPARE(reset.count(), 0);
}

void TestModelListModel::newModelsReplaceTheList()
{
    ModelListModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setModels(entries());
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QJsonArray more = entries();
    more.append(entry(QStringLiteral("llama3.2"), QStringLiteral("local"), false));
    model.setModels(more);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 4);
}

QTEST_MAIN(TestModelListModel)
#include "tst_modellistmodel.moc"
