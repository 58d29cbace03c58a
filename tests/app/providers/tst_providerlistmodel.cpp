// SPDX-License-Identifier: MIT
// ProviderListModel: configured providers (disabled ones too) joined with their live state,
// incremental updates, the sparkline's gaps, masked keys as given.
#include "providers/providerlistmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

class TestProviderListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void configuredAndLive();
    void snapshotsChangeOnlyWhatChanged();
    void providersComeAndGo();
};

namespace {
QJsonArray configs()
{
    return {QJsonObject {{QLatin1String("id"), QStringLiteral("mock")},
                {QLatin1String("type"), QStringLiteral("mock")}},
        QJsonObject {{QLatin1String("id"), QStringLiteral("groq")},
            {QLatin1String("type"), QStringLiteral("openai")},
            {QLatin1String("preset"), QStringLiteral("groq")},
            {QLatin1String("apiKey"), QStringLiteral("gsk...abcd")}},
        QJsonObject {{QLatin1String("id"), QStringLiteral("off")},
            {QLatin1String("type"), QStringLiteral("openai")},
            {QLatin1String("baseUrl"), QStringLiteral("http://127.0.0.1:9/v1")},
            {QLatin1String("enabled"), false}}};
}

ProviderSnapshot live(const QString &id, double p50 = 12)
{
    ProviderSnapshot p;
    p.id = id;
    p.type = QStringLiteral("mock");
    p.status = QStringLiteral("ok");
    p.circuit = QStringLiteral("closed");
    p.p50Ms = p50;
    p.p95Ms = p50 * 2;
    p.calls = 3;
    p.modelIds = {QStringLiteral("mock-fast"), QStringLiteral("mock-smart")};
    p.history = {
        LatencyPoint {0, 10, 20, 2, 0}, LatencyPoint {10000, 0, 0, 0, 0}, LatencyPoint {20000, 14, 30, 1, 0}};
    return p;
}
} // namespace

void TestProviderListModel::configuredAndLive()
{
    ProviderListModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setConfigs(configs());
    ProviderSnapshot groq = live(QStringLiteral("groq"));
    groq.type = QStringLiteral("openai");
    groq.circuit = QStringLiteral("open");
    groq.available = false;
    groq.errorRate = 0.5;
    m.applySnapshot({live(QStringLiteral("mock")), groq});
    QCOMPARE(m.rowCount(), 3);
    auto at = [&m](int row, int role) { return m.data(m.index(row), role); };
    QCOMPARE(at(0, ProviderListModel::StatusRole).toString(), QStringLiteral("ok"));
    QCOMPARE(at(0, ProviderListModel::ToneRole).toString(), QStringLiteral("ok"));
    QCOMPARE(at(0, ProviderListModel::CircuitTextRole).toString(), QStringLiteral("Closed"));
    QCOMPARE(at(0, ProviderListModel::P50Role).toString(), QStringLiteral("12 ms"));
    QCOMPARE(at(0, ProviderListModel::P95Role).toString(), QStringLiteral("24 ms"));
    QCOMPARE(at(0, ProviderListModel::ModelCountRole).toInt(), 2);
    QCOMPARE(at(0, ProviderListModel::ModelListRole).toString(), QStringLiteral("mock-fast, mock-smart"));
    QCOMPARE(at(0, ProviderListModel::KindRole).toString(), QStringLiteral("Built-in mock"));
    // No traffic in the middle interval: a gap, not a zero.
    QCOMPARE(at(0, ProviderListModel::SparklineRole).value<QList<qreal>>(), (QList<qreal> {10, -1, 14}));
    QCOMPARE(at(1, ProviderListModel::CircuitTextRole).toString(), QStringLiteral("Open"));
    QCOMPARE(at(1, ProviderListModel::CircuitToneRole).toString(), QStringLiteral("error"));
    QCOMPARE(at(1, ProviderListModel::ToneRole).toString(),
        QStringLiteral("warning")); // healthy, not taking traffic
    QCOMPARE(at(1, ProviderListModel::ErrorRateRole).toString(), QStringLiteral("50 %"));
    QCOMPARE(at(1, ProviderListModel::KeyRole).toString(), QStringLiteral("gsk...abcd"));
    QCOMPARE(at(1, ProviderListModel::KindRole).toString(), QStringLiteral("OpenAI-compatible · groq"));
    QCOMPARE(at(2, ProviderListModel::StatusRole).toString(), QStringLiteral("disabled"));
    QCOMPARE(at(2, ProviderListModel::EnabledRole).toBool(), false);
    QCOMPARE(at(2, ProviderListModel::CircuitTextRole).toString(), QStringLiteral("–"));
    QCOMPARE(at(2, ProviderListModel::BaseUrlRole).toString(), QStringLiteral("http://127.0.0.1:9/v1"));
    QCOMPARE(m.indexOf(QStringLiteral("off")), 2);
    QCOMPARE(m.configs(), configs());
}

void TestProviderListModel::snapshotsChangeOnlyWhatChanged()
{
    ProviderListModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setConfigs(configs());
    m.applySnapshot({live(QStringLiteral("mock")), live(QStringLiteral("groq"))});
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
    m.applySnapshot({live(QStringLiteral("mock")), live(QStringLiteral("groq"))});
    QCOMPARE(changed.count(), 0);
    // A sub-millisecond wobble does not change what is shown ("12 ms" either way).
    m.applySnapshot({live(QStringLiteral("mock"), 12.2), live(QStringLiteral("groq"))});
    QCOMPARE(changed.count(), 0);
    m.applySnapshot({live(QStringLiteral("mock")), live(QStringLiteral("groq"), 40)});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
}

void TestProviderListModel::providersComeAndGo()
{
    ProviderListModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setConfigs(configs());
    QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
    QSignalSpy count(&m, &ProviderListModel::countChanged);
    QJsonArray next = configs();
    next.removeAt(1);
    next.append(QJsonObject {
        {QLatin1String("id"), QStringLiteral("new")}, {QLatin1String("type"), QStringLiteral("mock")}});
    m.setConfigs(next);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(count.count(), 0); // three before, three after
    QCOMPARE(m.rowCount(), 3);
    QCOMPARE(m.data(m.index(2), ProviderListModel::ProviderIdRole).toString(), QStringLiteral("new"));
    // A configured provider the engine could not build is an error with its reason.
    ProviderSnapshot broken;
    broken.id = QStringLiteral("new");
    broken.status = QStringLiteral("error");
    broken.message = QStringLiteral("unknown preset 'x'");
    m.applySnapshot({live(QStringLiteral("mock")), broken});
    QCOMPARE(m.data(m.index(2), ProviderListModel::StatusRole).toString(), QStringLiteral("error"));
    QCOMPARE(m.data(m.index(2), ProviderListModel::StatusTextRole).toString(),
        QStringLiteral("unknown preset 'x'"));
}

QTEST_GUILESS_MAIN(TestProviderListModel)
#include "tst_providerlistmodel.moc"
