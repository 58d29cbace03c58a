// SPDX-License-Identifier: MIT
#include "http/gatewayerror.h"
#include "reliability/providermonitor.h"

#include <QTest>

class TestProviderMonitor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void outcomesFeedBreakerAndStats();
    void rateLimitPausesWithoutTripping();
    void retainForgetsChangedAndRemoved();
};

void TestProviderMonitor::outcomesFeedBreakerAndStats()
{
    ProviderMonitor m;
    CircuitBreakerConfig c;
    c.failureThreshold = 2;
    m.setConfig(c);
    m.recordSuccess(QStringLiteral("p"), QStringLiteral("m1"), true, 40, 300);
    const ProviderHealth *h = m.find(QStringLiteral("p"));
    QVERIFY(h);
    QCOMPARE(h->calls, 1u);
    QCOMPARE(h->stats.ttftEwma(), 40.0);
    QCOMPARE(h->stats.latencyEwma(), 300.0);
    QCOMPARE(m.findDeployment(QStringLiteral("p"), QStringLiteral("m1"))->stats.ttftEwma(), 40.0);
    QVERIFY(!m.findDeployment(QStringLiteral("p"), QStringLiteral("m2")));
    const GatewayError down
        = GatewayError::upstream(504, QStringLiteral("upstream_timeout"), QStringLiteral("slow"));
    m.recordFailure(QStringLiteral("p"), QStringLiteral("m1"), down);
    QCOMPARE(h->breaker.state(), CircuitBreaker::State::Closed);
    m.recordFailure(QStringLiteral("p"), QStringLiteral("m1"), down);
    QCOMPARE(h->breaker.state(), CircuitBreaker::State::Open);
    QCOMPARE(h->lastError, QStringLiteral("slow"));
    QCOMPARE(h->failures, 2u);
    QVERIFY(h->stats.errorRate(ProviderMonitor::nowMs()) > 0.6);
    m.resetAll();
    QCOMPARE(h->breaker.state(), CircuitBreaker::State::Closed);
    QCOMPARE(h->calls, 0u);
    QCOMPARE(h->breaker.config().failureThreshold, 2); // the configuration survives a reset
}

void TestProviderMonitor::rateLimitPausesWithoutTripping()
{
    ProviderMonitor m;
    CircuitBreakerConfig c;
    c.failureThreshold = 1;
    m.setConfig(c);
    GatewayError limited
        = GatewayError::upstream(429, QStringLiteral("upstream_rate_limited"), QStringLiteral("busy"));
    limited.retryAfterSeconds = 5;
    const qint64 before = ProviderMonitor::nowMs();
    m.recordFailure(QStringLiteral("p"), QStringLiteral("m"), limited);
    const ProviderHealth &h = m.provider(QStringLiteral("p"));
    QCOMPARE(h.breaker.state(), CircuitBreaker::State::Closed);
    const DeploymentHealth &d = m.deployment(QStringLiteral("p"), QStringLiteral("m"));
    QVERIFY(d.pausedUntilMs >= before + 5000);
    QVERIFY(!m.tryAcquire(QStringLiteral("p"), QStringLiteral("m"), before));
    QVERIFY(m.tryAcquire(QStringLiteral("p"), QStringLiteral("m"), d.pausedUntilMs));
    // Only that model: the provider's others keep serving.
    QVERIFY(m.tryAcquire(QStringLiteral("p"), QStringLiteral("other"), before));
    QCOMPARE(m.pausedModels(QStringLiteral("p"), before).size(), 1);
    QCOMPARE(m.pausedModels(QStringLiteral("p"), before).first().first, QStringLiteral("m"));
    // Without Retry-After the pause is short.
    limited.retryAfterSeconds = -1;
    m.recordFailure(QStringLiteral("q"), QStringLiteral("m"), limited);
    QVERIFY(m.deployment(QStringLiteral("q"), QStringLiteral("m")).pausedUntilMs
        <= ProviderMonitor::nowMs() + ProviderMonitor::DefaultPauseMs);
}

void TestProviderMonitor::retainForgetsChangedAndRemoved()
{
    ProviderMonitor m;
    m.recordSuccess(QStringLiteral("keep"), QStringLiteral("x"), false, 1, 1);
    m.recordSuccess(QStringLiteral("changed"), QStringLiteral("x"), false, 1, 1);
    m.recordSuccess(QStringLiteral("gone"), QStringLiteral("x"), false, 1, 1);
    m.retain({QStringLiteral("keep"), QStringLiteral("changed")}, {QStringLiteral("changed")});
    QVERIFY(m.find(QStringLiteral("keep")));
    QCOMPARE(m.find(QStringLiteral("keep"))->calls, 1u);
    QVERIFY(!m.find(QStringLiteral("changed")));
    QVERIFY(!m.find(QStringLiteral("gone")));
    QVERIFY(m.findDeployment(QStringLiteral("keep"), QStringLiteral("x")));
    QVERIFY(!m.findDeployment(QStringLiteral("gone"), QStringLiteral("x")));
}

QTEST_GUILESS_MAIN(TestProviderMonitor)
#include "tst_providermonitor.moc"
