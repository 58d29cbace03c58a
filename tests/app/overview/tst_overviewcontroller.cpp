// SPDX-License-Identifier: MIT
// OverviewController: snapshot -> text the Overview shows, only real changes notify, the chart
// series get the five minutes of traffic, snippets follow the base URL.
#include "overview/overviewcontroller.h"

#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>

namespace {
constexpr qint64 Now = 1800000000000;

EngineSnapshot snapshot()
{
    EngineSnapshot s;
    s.listening = true;
    s.baseUrl = QStringLiteral("http://127.0.0.1:4123");
    s.requestsPerSecond = 12.34;
    s.p50Ms = 84.4;
    s.p95Ms = 1830;
    s.errorRate = 0.056;
    s.requestsToday = 18;
    s.tokensToday = 12345;
    s.costToday = 0.0013;
    for (int i = 0; i < 300; ++i)
        s.traffic.append({Now - (299 - i) * 1000, i == 299 ? 17 : 0, i == 299 ? 900.0 : 0.0});
    RequestLogRow r;
    r.id = QStringLiteral("req_1");
    r.status = 200;
    s.newRequests.append(r);
    ProviderSnapshot p;
    p.id = QStringLiteral("mock");
    p.status = QStringLiteral("ok");
    s.providers.append(p);
    return s;
}
} // namespace

class TestOverviewController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void snapshotBecomesText();
    void unchangedSnapshotNotifiesNothing();
    void trafficFillsTheSeries();
    void latencyAxisSwitchesToSeconds();
    void snippetsFollowTheBaseUrl();
};

void TestOverviewController::snapshotBecomesText()
{
    OverviewController overview(nullptr);
    QSignalSpy stats(&overview, &OverviewController::statsChanged);
    overview.applySnapshot(snapshot());
    QCOMPARE(stats.count(), 1);
    QCOMPARE(overview.requestsPerSecond(), QStringLiteral("12"));
    QCOMPARE(overview.p50(), QStringLiteral("84 ms"));
    QCOMPARE(overview.p95(), QStringLiteral("1.83 s"));
    QCOMPARE(overview.errorRate(), QStringLiteral("5.6 %"));
    QVERIFY(overview.hasErrors());
    QCOMPARE(overview.tokensToday(), QStringLiteral("12.3k"));
    QCOMPARE(overview.costToday(), QStringLiteral("$0.0013"));
    QCOMPARE(overview.requestsToday(), QStringLiteral("18"));
    QCOMPARE(overview.recentRequests()->rowCount(), 1);
    QCOMPARE(overview.providers()->rowCount(), 1);
}

void TestOverviewController::unchangedSnapshotNotifiesNothing()
{
    OverviewController overview(nullptr);
    EngineSnapshot s = snapshot();
    overview.applySnapshot(s);
    QSignalSpy stats(&overview, &OverviewController::statsChanged);
    QSignalSpy traffic(&overview, &OverviewController::trafficChanged);
    QSignalSpy snippets(&overview, &OverviewController::snippetsChanged);
    QSignalSpy inserted(overview.recentRequests(), &QAbstractItemModel::rowsInserted);
    s.newRequests.clear(); // already handed over
    s.requestsPerSecond = 12.4; // same text ("12")
    overview.applySnapshot(s);
    QCOMPARE(stats.count(), 0);
    QCOMPARE(traffic.count(), 0);
    QCOMPARE(snippets.count(), 0);
    QCOMPARE(inserted.count(), 0);
    s.p50Ms = 90;
    overview.applySnapshot(s);
    QCOMPARE(stats.count(), 1);
    QCOMPARE(overview.p50(), QStringLiteral("90 ms"));
}

void TestOverviewController::trafficFillsTheSeries()
{
    OverviewController overview(nullptr);
    QSignalSpy traffic(&overview, &OverviewController::trafficChanged);
    overview.applySnapshot(snapshot());
    QCOMPARE(traffic.count(), 1);
    QLineSeries requests;
    QLineSeries latency;
    overview.fillTraffic(&requests, &latency);
    QCOMPARE(requests.count(), 300);
    QCOMPARE(latency.count(), 300);
    QCOMPARE(requests.at(299), QPointF(double(Now), 17));
    QCOMPARE(latency.at(299), QPointF(double(Now), 900));
    QCOMPARE(requests.at(0).y(), 0.0);
    // Axes end on round numbers above the data.
    QCOMPARE(overview.requestsAxisMax(), 20.0);
    QCOMPARE(overview.latencyAxisMax(), 1000.0);
    QCOMPARE(overview.latencyAxisUnit(), QStringLiteral("ms"));
    QCOMPARE(overview.trafficEnd().toMSecsSinceEpoch(), Now);
    QCOMPARE(overview.trafficStart().toMSecsSinceEpoch(), Now - 299000);
    // The chart's clock moves once a second even without traffic.
    EngineSnapshot later = snapshot();
    for (TrafficPoint &p : later.traffic)
        p.timeMs += 1000;
    later.newRequests.clear();
    overview.applySnapshot(later);
    QCOMPARE(traffic.count(), 2);
}

void TestOverviewController::latencyAxisSwitchesToSeconds()
{
    OverviewController overview(nullptr);
    EngineSnapshot s = snapshot();
    s.traffic.last().p50Ms = 4200;
    overview.applySnapshot(s);
    QCOMPARE(overview.latencyAxisUnit(), QStringLiteral("s"));
    QCOMPARE(overview.latencyAxisMax(), 5.0);
    QLineSeries requests;
    QLineSeries latency;
    overview.fillTraffic(&requests, &latency);
    QCOMPARE(latency.at(299).y(), 4.2);
}

void TestOverviewController::snippetsFollowTheBaseUrl()
{
    OverviewController overview(nullptr);
    QSignalSpy snippets(&overview, &OverviewController::snippetsChanged);
    overview.setApiUrl(QStringLiteral("http://127.0.0.1:4000/v1"));
    QCOMPARE(snippets.count(), 1);
    QCOMPARE(overview.snippets().size(), overview.snippetTitles().size());
    for (const QString &code : overview.snippets())
        QVERIFY2(code.contains(QStringLiteral("http://127.0.0.1:4000/v1")), qPrintable(code));
    QVERIFY(overview.snippets().at(3).contains(QStringLiteral("OPENAI_BASE_URL=http://127.0.0.1:4000/v1")));
    QVERIFY(overview.snippets().at(3).contains(QStringLiteral("OPENAI_API_KEY=")));
    overview.setApiUrl(QStringLiteral("http://127.0.0.1:4000/v1"));
    QCOMPARE(snippets.count(), 1);
    overview.applySnapshot(snapshot()); // base URL from the engine: port 4123
    QCOMPARE(snippets.count(), 2);
    QVERIFY(overview.snippets().at(0).startsWith(
        QStringLiteral("curl http://127.0.0.1:4123/v1/chat/completions")));
}

QTEST_MAIN(TestOverviewController)
#include "tst_overviewcontroller.moc"
