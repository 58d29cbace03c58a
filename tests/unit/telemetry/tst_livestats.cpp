// SPDX-License-Identifier: MIT
// LiveStats: the Overview's numbers (rate, percentiles, error rate, today, chart points) and the
// bounded, per-second bookkeeping that keeps a snapshot cheap under load.
#include "telemetry/latencyhistogram.h"
#include "telemetry/livestats.h"

#include <QDateTime>
#include <QTest>

namespace {
constexpr qint64 Now = 1800000000000; // a fixed instant, whole second

RequestLogRow row(qint64 timeMs, double latencyMs, int status = 200, qint64 tokens = 10, double cost = 0.001)
{
    RequestLogRow r;
    r.id = QStringLiteral("r%1").arg(timeMs);
    r.timeMs = timeMs;
    r.latencyMs = latencyMs;
    r.status = status;
    r.promptTokens = tokens / 2;
    r.completionTokens = tokens - tokens / 2;
    r.costUsd = cost;
    return r;
}
} // namespace

class TestLiveStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void histogramPercentiles();
    void histogramMergeSubtract();
    void percentilesOverTheWindow();
    void errorsCountInRateNotLatency();
    void requestsPerSecondUsesTheLastTenSeconds();
    void oldRequestsLeaveTheWindow();
    void trafficHasOnePointPerSecond();
    void newRequestsAreHandedOverOnceAndBounded();
    void todayTotals();
};

void TestLiveStats::histogramPercentiles()
{
    LatencyHistogram h;
    QCOMPARE(h.percentile(0.5), 0.0);
    for (int ms = 1; ms <= 1000; ++ms)
        h.add(ms);
    QCOMPARE(h.count(), quint64(1000));
    QVERIFY2(qAbs(h.percentile(0.5) - 500) / 500 < 0.03, qPrintable(QString::number(h.percentile(0.5))));
    QVERIFY2(qAbs(h.percentile(0.95) - 950) / 950 < 0.03, qPrintable(QString::number(h.percentile(0.95))));
    QVERIFY(qAbs(h.percentile(1.0) - 1000) / 1000 < 0.03);
    // Sub-millisecond latencies (the gateway's own overhead) keep their precision.
    LatencyHistogram fast;
    fast.add(0.08);
    QVERIFY(qAbs(fast.percentile(0.5) - 0.08) / 0.08 < 0.03);
}

void TestLiveStats::histogramMergeSubtract()
{
    LatencyHistogram a;
    LatencyHistogram b;
    for (int i = 0; i < 10; ++i)
        a.add(5);
    for (int i = 0; i < 30; ++i)
        b.add(500);
    LatencyHistogram all;
    all.merge(a);
    all.merge(b);
    QCOMPARE(all.count(), quint64(40));
    QVERIFY(all.percentile(0.5) > 400);
    all.subtract(b);
    QCOMPARE(all.count(), quint64(10));
    QVERIFY(all.percentile(0.5) < 6);
    all.clear();
    QCOMPARE(all.count(), quint64(0));
}

void TestLiveStats::percentilesOverTheWindow()
{
    LiveStats stats;
    for (int i = 1; i <= 200; ++i)
        stats.add(row(Now - 120000 + i * 100, i)); // 1..200 ms, spread over 20 s
    EngineSnapshot s;
    stats.fill(s, Now);
    QVERIFY2(qAbs(s.p50Ms - 100) / 100 < 0.03, qPrintable(QString::number(s.p50Ms)));
    QVERIFY2(qAbs(s.p95Ms - 190) / 190 < 0.03, qPrintable(QString::number(s.p95Ms)));
    QCOMPARE(s.errorRate, 0.0);
    QCOMPARE(s.totalRequests, qint64(200));
}

void TestLiveStats::errorsCountInRateNotLatency()
{
    LiveStats stats;
    for (int i = 0; i < 90; ++i)
        stats.add(row(Now - 5000, 10));
    for (int i = 0; i < 10; ++i)
        stats.add(row(Now - 5000, 5000, 502));
    EngineSnapshot s;
    stats.fill(s, Now);
    QCOMPARE(s.errorRate, 0.1);
    // The slow failures are not in the latency percentiles.
    QVERIFY(s.p95Ms < 11);
}

void TestLiveStats::requestsPerSecondUsesTheLastTenSeconds()
{
    LiveStats stats;
    for (int i = 0; i < 50; ++i)
        stats.add(row(Now - 3000, 1));
    for (int i = 0; i < 70; ++i)
        stats.add(row(Now - 30000, 1)); // in the window, not in the rate
    EngineSnapshot s;
    stats.fill(s, Now);
    QCOMPARE(s.requestsPerSecond, 5.0);
    QCOMPARE(s.totalRequests, qint64(120));
}

void TestLiveStats::oldRequestsLeaveTheWindow()
{
    LiveStats stats;
    stats.add(row(Now - 10000, 800, 500));
    stats.add(row(Now - 10000, 40));
    EngineSnapshot s;
    stats.fill(s, Now);
    QCOMPARE(s.errorRate, 0.5);
    QVERIFY(s.p50Ms > 30);
    // Six minutes later both are outside the five-minute window.
    stats.fill(s, Now + 6 * 60 * 1000);
    QCOMPARE(s.errorRate, 0.0);
    QCOMPARE(s.p50Ms, 0.0);
    QCOMPARE(s.requestsPerSecond, 0.0);
    for (const TrafficPoint &p : std::as_const(s.traffic))
        QCOMPARE(p.requests, 0);
    // A request finishing before the window is counted today but not in the live numbers.
    stats.add(row(Now - 10 * 60 * 1000, 5));
    stats.fill(s, Now + 6 * 60 * 1000);
    QCOMPARE(s.p50Ms, 0.0);
    QCOMPARE(s.totalRequests, qint64(3));
}

void TestLiveStats::trafficHasOnePointPerSecond()
{
    LiveStats stats;
    stats.add(row(Now - 2000, 20)); // finishes in second Now-2 s
    stats.add(row(Now - 2000, 40));
    stats.add(row(Now - 1500, 500)); // finishes in second Now-1 s
    EngineSnapshot s;
    stats.fill(s, Now);
    QCOMPARE(s.traffic.size(), qsizetype(LiveStats::WindowMs / 1000));
    QCOMPARE(s.traffic.last().timeMs, Now);
    QCOMPARE(s.traffic.first().timeMs, Now - LiveStats::WindowMs + 1000);
    const TrafficPoint &twoAgo = s.traffic.at(s.traffic.size() - 3);
    QCOMPARE(twoAgo.timeMs, Now - 2000);
    QCOMPARE(twoAgo.requests, 2);
    QVERIFY(twoAgo.p50Ms >= 19 && twoAgo.p50Ms <= 41);
    const TrafficPoint &oneAgo = s.traffic.at(s.traffic.size() - 2);
    QCOMPARE(oneAgo.requests, 1);
    QVERIFY(qAbs(oneAgo.p50Ms - 500) / 500 < 0.03);
    QCOMPARE(s.traffic.last().requests, 0);
}

void TestLiveStats::newRequestsAreHandedOverOnceAndBounded()
{
    LiveStats stats;
    stats.add(row(Now - 200, 1)); // nobody asked yet (headless): not kept for a UI
    EngineSnapshot s;
    stats.fill(s, Now);
    QCOMPARE(s.newRequests.size(), qsizetype(0));
    QCOMPARE(s.totalRequests, qint64(1));
    stats.add(row(Now - 100, 1));
    stats.add(row(Now - 50, 1));
    stats.fill(s, Now);
    QCOMPARE(s.newRequests.size(), qsizetype(2));
    QCOMPARE(s.newRequests.first().timeMs, Now - 100); // oldest first
    stats.fill(s, Now);
    QCOMPARE(s.newRequests.size(), qsizetype(0));
    for (int i = 0; i < 2500; ++i)
        stats.add(row(Now - 3000 + i, 1));
    stats.fill(s, Now);
    QCOMPARE(s.newRequests.size(), LiveStats::MaxPending); // a UI that stopped polling gets the newest
    QCOMPARE(s.newRequests.last().timeMs, Now - 3000 + 2499);
    QCOMPARE(s.newRequests.first().timeMs, Now - 3000 + 2500 - LiveStats::MaxPending);
}

void TestLiveStats::todayTotals()
{
    // "Today" is the real local day: seeded totals (from the log at start) plus what follows.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - LiveStats::startOfTodayMs(now) < 1000)
        QSKIP("too close to midnight");
    LiveStats stats;
    stats.seedToday(5, 100, 0.5);
    stats.add(row(now - 100, 1, 200, 30, 0.25));
    stats.add(row(now - 100, 1, 500, 0, 0));
    EngineSnapshot s;
    stats.fill(s, now);
    QCOMPARE(s.requestsToday, qint64(7));
    QCOMPARE(s.tokensToday, qint64(130));
    QCOMPARE(s.costToday, 0.75);
}

QTEST_GUILESS_MAIN(TestLiveStats)
#include "tst_livestats.moc"
