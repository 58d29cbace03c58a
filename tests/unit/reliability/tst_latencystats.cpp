// SPDX-License-Identifier: MIT
#include "reliability/latencystats.h"

#include <QTest>

class TestLatencyStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ewmaFollowsTheNewest();
    void percentilesOverTheWindow();
    void ringKeepsTheLastSamples();
    void errorRateIsWindowed();
    void historyForSparklines();
};

void TestLatencyStats::ewmaFollowsTheNewest()
{
    LatencyStats s;
    s.addLatency(0, 100);
    QCOMPARE(s.latencyEwma(), 100.0);
    s.addLatency(1, 200);
    QCOMPARE(s.latencyEwma(), 0.3 * 200 + 0.7 * 100);
    QCOMPARE(s.latencySamples(), 2);
    QCOMPARE(s.ttftSamples(), 0);
    s.addTtft(2, 50);
    QCOMPARE(s.ttftEwma(), 50.0);
}

void TestLatencyStats::percentilesOverTheWindow()
{
    LatencyStats s;
    for (int i = 1; i <= 100; ++i)
        s.addLatency(1000 + i, i); // 1..100 ms
    const Percentiles p = s.latency(2000);
    QCOMPARE(p.count, 100);
    QCOMPARE(p.p50, 51.0); // index round(0.5 * 99) = 50 -> the 51st value
    QCOMPARE(p.p95, 95.0);
    // Five minutes later they have left the window.
    const Percentiles later = s.latency(1000 + LatencyStats::WindowMs + 500);
    QCOMPARE(later.count, 0);
    QCOMPARE(later.p95, 0.0);
}

void TestLatencyStats::ringKeepsTheLastSamples()
{
    LatencyStats s;
    for (int i = 0; i < LatencyStats::MaxSamples; ++i)
        s.addLatency(i, 1000); // old slow samples
    for (int i = 0; i < LatencyStats::MaxSamples; ++i)
        s.addLatency(10000 + i, 10); // replaced by fast ones
    const Percentiles p = s.latency(20000);
    QCOMPARE(p.count, LatencyStats::MaxSamples);
    QCOMPARE(p.p95, 10.0);
}

void TestLatencyStats::errorRateIsWindowed()
{
    LatencyStats s;
    for (int i = 0; i < 8; ++i)
        s.addOutcome(1000, true);
    s.addOutcome(1000, false);
    s.addOutcome(1000, false);
    QCOMPARE(s.errorRate(1000), 0.2);
    QCOMPARE(s.windowCalls(1000), 10);
    QCOMPARE(s.errorRate(1000 + LatencyStats::WindowMs + LatencyStats::IntervalMs), 0.0);
}

void TestLatencyStats::historyForSparklines()
{
    LatencyStats s(true);
    const qint64 t0 = 100 * LatencyStats::IntervalMs;
    for (int i = 0; i < 10; ++i) {
        s.addOutcome(t0 + i, i != 9);
        s.addLatency(t0 + i, 10.0 * (i + 1));
    }
    s.addOutcome(t0 + LatencyStats::IntervalMs + 1, true);
    s.addLatency(t0 + LatencyStats::IntervalMs + 1, 500);
    const QList<LatencyPoint> h = s.history(t0 + 2 * LatencyStats::IntervalMs);
    QCOMPARE(h.size(), 2);
    QCOMPARE(h.at(0).timeMs, t0);
    QCOMPARE(h.at(0).requests, 10);
    QCOMPARE(h.at(0).errors, 1);
    QCOMPARE(h.at(0).p50Ms, 60.0);
    QCOMPARE(h.at(0).p95Ms, 100.0);
    QCOMPARE(h.at(1).p50Ms, 500.0);
    // Old intervals fall off after HistoryIntervals.
    const QList<LatencyPoint> much
        = s.history(t0 + (LatencyStats::HistoryIntervals + 5) * LatencyStats::IntervalMs);
    QVERIFY(much.isEmpty());
    QVERIFY(LatencyStats().history(t0).isEmpty()); // only kept when asked for
}

QTEST_GUILESS_MAIN(TestLatencyStats)
#include "tst_latencystats.moc"
