// SPDX-License-Identifier: MIT
// The health prober against a fake upstream through real sockets: periodic GET /models probes,
// failures that open the circuit without any client traffic, and the trial probe that closes it.
#include "fakeupstream.h"
#include "providers/providerregistry.h"
#include "providers/upstreamclient.h"
#include "reliability/healthprober.h"
#include "reliability/providermonitor.h"
#include "routing/catalog.h"

#include <QSignalSpy>
#include <QTest>

class TestHealthProber : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void probesOpenAndReadmit();
};

void TestHealthProber::probesOpenAndReadmit()
{
    FakeUpstream up;
    QVERIFY(up.listen());
    bool failing = false;
    up.setHandler([&failing](const FakeRequest &r) {
        return failing ? FakeReply::json(503, QByteArray("{}")) : FakeUpstream::openAIDefault(r);
    });
    Catalog catalog;
    QString error;
    QVERIFY(catalog.load({}, &error));
    UpstreamClient client;
    ProviderRegistry registry(catalog, &client);
    ProviderConfig p;
    p.id = QStringLiteral("p");
    p.type = QStringLiteral("openai");
    p.baseUrl = up.baseUrl();
    p.apiKey = QStringLiteral("sk-probe");
    p.models = {QStringLiteral("fake-model")};
    registry.configure({p});
    ProviderMonitor monitor;
    CircuitBreakerConfig breaker;
    breaker.failureThreshold = 2;
    breaker.cooldownMs = 300;
    monitor.setConfig(breaker);
    HealthProber prober(registry, monitor);
    prober.setInterval(1000);
    QSignalSpy probed(&prober, &HealthProber::probed);
    prober.start();

    // Healthy: probed at once, then once per interval; the probe carries the provider's key.
    QTRY_VERIFY_WITH_TIMEOUT(monitor.provider(QStringLiteral("p")).probed, 3000);
    QCOMPARE(probed.first().at(1).toBool(), true);
    QVERIFY(monitor.provider(QStringLiteral("p")).probeOk);
    QCOMPARE(up.requests().first().method, QByteArray("GET"));
    QCOMPARE(up.requests().first().path(), QByteArray("/v1/models"));
    QCOMPARE(up.requests().first().header("Authorization"), QByteArray("Bearer sk-probe"));
    QTest::qWait(2200);
    // Periodic, and not more often than the interval (ticks are 500 ms apart).
    QVERIFY2(up.requests().size() >= 2 && up.requests().size() <= 3,
        qPrintable(QString::number(up.requests().size())));

    // Failing: two failed probes open the circuit with no client request at all.
    failing = true;
    QTRY_COMPARE_WITH_TIMEOUT(
        monitor.provider(QStringLiteral("p")).breaker.state(), CircuitBreaker::State::Open, 5000);
    QVERIFY(!monitor.provider(QStringLiteral("p")).probeOk);
    QVERIFY(monitor.provider(QStringLiteral("p")).probeMessage.contains(QStringLiteral("503")));
    // Back: the probe after the cool-down is the half-open trial, and it closes the circuit.
    failing = false;
    QTRY_COMPARE_WITH_TIMEOUT(
        monitor.provider(QStringLiteral("p")).breaker.state(), CircuitBreaker::State::Closed, 5000);
    QVERIFY(monitor.provider(QStringLiteral("p")).probeOk);
}

QTEST_GUILESS_MAIN(TestHealthProber)
#include "tst_healthprober.moc"
