// SPDX-License-Identifier: MIT
// Explicit models: resolution, configured fallbacks, balancing over deployments, availability.
#include "routingfixture.h"

#include "providers/provider.h"

#include <QTest>

class TestRouter : public QObject
{
    Q_OBJECT
private:
    Catalog m_catalog;
    UpstreamClient m_client;

    static ProviderConfig provider(
        const QString &id, const QString &type, const QStringList &models = {}, int weight = 1)
    {
        ProviderConfig p;
        p.id = id;
        p.type = type;
        p.models = models;
        p.weight = weight;
        p.baseUrl = type == QLatin1String("openai") ? QStringLiteral("http://127.0.0.1:9/v1") : QString();
        return p;
    }

    /// The provider ids of @p n successive plans' first candidates, joined.
    static QString firsts(RoutingFixture &f, const QString &model, int n)
    {
        QStringList ids;
        for (int i = 0; i < n; ++i)
            ids << f.plan(model, nullptr)->candidates.first().provider->id();
        return ids.join(u' ');
    }

private Q_SLOTS:
    void initTestCase();
    void resolution_data();
    void resolution();
    void unknownModelIs404();
    void fallbacksFollowInOrder();
    void fallbacksRespectTheKey();
    void failoverKeepsConfigOrder();
    void weightedInterleavesByWeight();
    void leastLatencyPutsTheQuickestFirst();
    void preferProviderReorders();
    void unavailableDeploymentsAreSkipped();
    void autoFallbackAppendsTheScoredPlan();
    void reconfigureKeepsUnchangedProviders();
};

void TestRouter::initTestCase()
{
    QString error;
    QVERIFY(m_catalog.load({}, &error));
}

void TestRouter::resolution_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("upstreamModel");
    QTest::newRow("served by mock") << QStringLiteral("mock-fast") << QStringLiteral("mock")
                                    << QStringLiteral("mock-fast");
    QTest::newRow("first provider in config order")
        << QStringLiteral("gpt-4o") << QStringLiteral("a") << QStringLiteral("gpt-4o");
    QTest::newRow("served only by b")
        << QStringLiteral("llama-x") << QStringLiteral("b") << QStringLiteral("llama-x");
    QTest::newRow("provider/model") << QStringLiteral("b/gpt-4o") << QStringLiteral("b")
                                    << QStringLiteral("gpt-4o");
    QTest::newRow("provider/model not listed")
        << QStringLiteral("b/brand-new") << QStringLiteral("b") << QStringLiteral("brand-new");
    QTest::newRow("slash in a served id wins")
        << QStringLiteral("openai/gpt-4o-mini") << QStringLiteral("router")
        << QStringLiteral("openai/gpt-4o-mini");
}

void TestRouter::resolution()
{
    QFETCH(QString, model);
    QFETCH(QString, provider);
    QFETCH(QString, upstreamModel);
    ProviderRegistry registry(m_catalog, &m_client);
    registry.configure({TestRouter::provider(QStringLiteral("mock"), QStringLiteral("mock")),
        TestRouter::provider(QStringLiteral("a"), QStringLiteral("openai"), {QStringLiteral("gpt-4o")}),
        TestRouter::provider(QStringLiteral("b"), QStringLiteral("openai"),
            {QStringLiteral("gpt-4o"), QStringLiteral("llama-x")}),
        TestRouter::provider(
            QStringLiteral("router"), QStringLiteral("openai"), {QStringLiteral("openai/gpt-4o-mini")})});
    Router router(m_catalog, registry);
    GatewayError error;
    auto plan = router.plan(model, &error);
    QVERIFY2(plan, qPrintable(error.message));
    QCOMPARE(plan->candidates.first().provider->id(), provider);
    QCOMPARE(plan->candidates.first().model, upstreamModel);
    QCOMPARE(plan->candidates.first().role, RouteCandidate::Role::Requested);
    QVERIFY(!plan->decision().isEmpty());
    QVERIFY(!plan->scored); // an explicit model is not scored (routing.autoFallback is off)
    QCOMPARE(plan->requested, model);
}

void TestRouter::unknownModelIs404()
{
    ProviderRegistry registry(m_catalog, &m_client);
    registry.configure({provider(QStringLiteral("mock"), QStringLiteral("mock"))});
    Router router(m_catalog, registry);
    GatewayError error;
    QVERIFY(!router.plan(QStringLiteral("gpt-9"), &error));
    QCOMPARE(error.status, 404);
    QCOMPARE(error.code, QStringLiteral("model_not_found"));
    QCOMPARE(error.param, QStringLiteral("model"));
    QVERIFY(error.message.contains(QStringLiteral("gpt-9")));
    // A disabled provider serves nothing.
    ProviderConfig disabled
        = provider(QStringLiteral("off"), QStringLiteral("openai"), {QStringLiteral("gpt-4o")});
    disabled.enabled = false;
    registry.configure({disabled});
    router.rebuild();
    QVERIFY(!router.plan(QStringLiteral("gpt-4o"), &error));
}

void TestRouter::fallbacksFollowInOrder()
{
    ProviderRegistry registry(m_catalog, &m_client);
    registry.configure({provider(QStringLiteral("mock"), QStringLiteral("mock")),
        provider(QStringLiteral("a"), QStringLiteral("openai"), {QStringLiteral("gpt-4o")})});
    Router router(m_catalog, registry);
    RoutingConfig rc;
    rc.fallbacks.insert(QStringLiteral("gpt-4o"),
        {QStringLiteral("not-served"), QStringLiteral("mock-smart"), QStringLiteral("mock-fast")});
    router.setConfig(rc);
    GatewayError error;
    auto plan = router.plan(QStringLiteral("gpt-4o"), &error);
    QVERIFY(plan);
    QCOMPARE(plan->candidates.size(), 3); // a model nobody serves is skipped
    QCOMPARE(plan->candidates.at(1).model, QStringLiteral("mock-smart"));
    QCOMPARE(plan->candidates.at(2).model, QStringLiteral("mock-fast"));
    QCOMPARE(plan->candidates.at(1).role, RouteCandidate::Role::Fallback);
    QVERIFY(plan->candidates.at(1).reason.contains(QStringLiteral("fallback")));
}

void TestRouter::fallbacksRespectTheKey()
{
    RoutingFixture f;
    RoutingConfig rc;
    rc.fallbacks.insert(QStringLiteral("mid"), {QStringLiteral("big"), QStringLiteral("tiny")});
    f.setRouting(rc);
    const QStringList allowed {QStringLiteral("mid"), QStringLiteral("tiny")};
    RouteRequest r;
    r.allowedModels = &allowed;
    auto plan = f.plan(QStringLiteral("mid"), nullptr, r);
    QCOMPARE(plan->candidates.size(), 2); // big is not the key's to use
    QCOMPARE(plan->candidates.at(1).model, QStringLiteral("tiny"));
    RouteRequest priced;
    priced.keyMaxPricePer1M = 1.0;
    plan = f.plan(QStringLiteral("mid"), nullptr, priced);
    QCOMPARE(plan->candidates.size(), 2);
    QCOMPARE(plan->candidates.at(1).model, QStringLiteral("tiny"));
}

void TestRouter::failoverKeepsConfigOrder()
{
    RoutingFixture f({RoutingFixture::provider(
                          QStringLiteral("a"), QStringLiteral("https://a.test/v1"), {QStringLiteral("mid")}),
        RoutingFixture::provider(
            QStringLiteral("b"), QStringLiteral("https://b.test/v1"), {QStringLiteral("mid")})});
    QCOMPARE(firsts(f, QStringLiteral("mid"), 4), QStringLiteral("a a a a"));
    auto plan = f.plan(QStringLiteral("mid"), nullptr);
    QCOMPARE(plan->candidates.size(), 2);
    QCOMPARE(plan->candidates.at(1).provider->id(), QStringLiteral("b"));
    QVERIFY(plan->decision().contains(QStringLiteral("failover balancing over 2 deployments")));
}

void TestRouter::weightedInterleavesByWeight()
{
    RoutingFixture f({RoutingFixture::provider(QStringLiteral("a"), QStringLiteral("https://a.test/v1"),
                          {QStringLiteral("mid")}, 3),
        RoutingFixture::provider(
            QStringLiteral("b"), QStringLiteral("https://b.test/v1"), {QStringLiteral("mid")}, 1)});
    RoutingConfig rc;
    rc.balancing = QStringLiteral("weighted");
    f.setRouting(rc);
    // Smooth weighted round-robin: 3:1 interleaved, not a a a b in bursts of the same order forever.
    QCOMPARE(firsts(f, QStringLiteral("mid"), 8), QStringLiteral("a a b a a a b a"));
    // The other deployment is always the fallback.
    auto plan = f.plan(QStringLiteral("mid"), nullptr);
    QCOMPARE(plan->candidates.size(), 2);
    QVERIFY(plan->candidates.at(0).provider != plan->candidates.at(1).provider);
    // Explaining does not move the rotation.
    RouteRequest explain;
    explain.explain = true;
    RoutingFixture g({RoutingFixture::provider(QStringLiteral("a"), QStringLiteral("https://a.test/v1"),
                          {QStringLiteral("mid")}, 3),
        RoutingFixture::provider(
            QStringLiteral("b"), QStringLiteral("https://b.test/v1"), {QStringLiteral("mid")}, 1)});
    g.setRouting(rc);
    for (int i = 0; i < 5; ++i)
        g.plan(QStringLiteral("mid"), nullptr, explain);
    QCOMPARE(firsts(g, QStringLiteral("mid"), 8), QStringLiteral("a a b a a a b a"));
}

void TestRouter::leastLatencyPutsTheQuickestFirst()
{
    RoutingFixture f({RoutingFixture::provider(
                          QStringLiteral("a"), QStringLiteral("https://a.test/v1"), {QStringLiteral("mid")}),
        RoutingFixture::provider(
            QStringLiteral("b"), QStringLiteral("https://b.test/v1"), {QStringLiteral("mid")})});
    RoutingConfig rc;
    rc.balancing = QStringLiteral("least-latency");
    f.setRouting(rc);
    for (int i = 0; i < 3; ++i) {
        f.monitor.recordSuccess(QStringLiteral("a"), QStringLiteral("mid"), false, 900, 900);
        f.monitor.recordSuccess(QStringLiteral("b"), QStringLiteral("mid"), false, 200, 200);
    }
    QCOMPARE(firsts(f, QStringLiteral("mid"), 3), QStringLiteral("b b b"));
    for (int i = 0; i < 6; ++i)
        f.monitor.recordSuccess(QStringLiteral("b"), QStringLiteral("mid"), false, 3000, 3000);
    QCOMPARE(firsts(f, QStringLiteral("mid"), 2), QStringLiteral("a a"));
}

void TestRouter::preferProviderReorders()
{
    RoutingFixture f({RoutingFixture::provider(
                          QStringLiteral("a"), QStringLiteral("https://a.test/v1"), {QStringLiteral("mid")}),
        RoutingFixture::provider(
            QStringLiteral("b"), QStringLiteral("https://b.test/v1"), {QStringLiteral("mid")})});
    RouteRequest r;
    r.preferProvider = "b";
    auto plan = f.plan(QStringLiteral("mid"), nullptr, r);
    QCOMPARE(plan->candidates.first().provider->id(), QStringLiteral("b"));
    QCOMPARE(plan->candidates.at(1).provider->id(), QStringLiteral("a"));
}

void TestRouter::unavailableDeploymentsAreSkipped()
{
    RoutingFixture f({RoutingFixture::provider(
                          QStringLiteral("a"), QStringLiteral("https://a.test/v1"), {QStringLiteral("mid")}),
        RoutingFixture::provider(
            QStringLiteral("b"), QStringLiteral("https://b.test/v1"), {QStringLiteral("mid")})});
    RoutingConfig rc;
    rc.circuitBreaker.failureThreshold = 1;
    f.setRouting(rc);
    const GatewayError down
        = GatewayError::upstream(502, QStringLiteral("upstream_error"), QStringLiteral("boom"));
    f.monitor.recordFailure(QStringLiteral("a"), QStringLiteral("mid"), down);
    auto plan = f.plan(QStringLiteral("mid"), nullptr);
    QCOMPARE(plan->candidates.size(), 1);
    QCOMPARE(plan->candidates.first().provider->id(), QStringLiteral("b"));
    f.monitor.recordFailure(QStringLiteral("b"), QStringLiteral("mid"), down);
    RouteRequest r;
    r.model = QStringLiteral("mid");
    GatewayError error;
    QVERIFY(!f.router->plan(r, &error));
    QCOMPARE(error.status, 503);
    QCOMPARE(error.code, QStringLiteral("providers_unavailable"));
    QVERIFY(error.message.contains(QStringLiteral("a, b")));
    QCOMPARE(error.retryAfterSeconds, 30); // the default cool-down
    // A 400 from the upstream is the request's fault: it does not count against the provider.
    RoutingFixture g;
    g.setRouting(rc);
    g.monitor.recordFailure(
        QStringLiteral("cloud"), QStringLiteral("mid"), GatewayError::invalidRequest(QStringLiteral("bad")));
    QCOMPARE(g.monitor.provider(QStringLiteral("cloud")).breaker.state(), CircuitBreaker::State::Closed);
}

void TestRouter::autoFallbackAppendsTheScoredPlan()
{
    RoutingFixture f;
    RoutingConfig rc;
    rc.autoFallback = true;
    rc.fallbacks.insert(QStringLiteral("big"), {QStringLiteral("long")});
    f.setRouting(rc);
    auto r = RoutingFixture::chat(QStringLiteral("Write a poem about the sea."));
    auto plan = f.plan(QStringLiteral("big"), r.get());
    QVERIFY(plan->scored);
    QCOMPARE(plan->candidates.first().model, QStringLiteral("big"));
    QCOMPARE(plan->candidates.first().role, RouteCandidate::Role::Requested);
    QCOMPARE(plan->candidates.at(1).model, QStringLiteral("long"));
    QCOMPARE(plan->candidates.at(1).role, RouteCandidate::Role::Fallback);
    QCOMPARE(plan->candidates.size(), 2 + rc.maxAttempts);
    for (qsizetype i = 2; i < plan->candidates.size(); ++i) {
        QCOMPARE(plan->candidates.at(i).role, RouteCandidate::Role::AutoFallback);
        QVERIFY(plan->candidates.at(i).model != QLatin1String("big"));
        QVERIFY(plan->candidates.at(i).model != QLatin1String("long"));
        QVERIFY(plan->candidates.at(i).reason.contains(QStringLiteral("automatic fallback for big")));
    }
}

void TestRouter::reconfigureKeepsUnchangedProviders()
{
    RoutingFixture f;
    Provider *cloud = f.registry->find(QStringLiteral("cloud"));
    Provider *local = f.registry->find(QStringLiteral("local"));
    QList<ProviderConfig> changed = RoutingFixture::standardProviders();
    changed[1].models << QStringLiteral("mid");
    const QStringList created = f.registry->configure(changed);
    QCOMPARE(created, QStringList {QStringLiteral("local")});
    QCOMPARE(f.registry->find(QStringLiteral("cloud")), cloud); // kept as it was
    QVERIFY(f.registry->find(QStringLiteral("local")) != local);
    f.router->rebuild();
    QCOMPARE(f.plan(QStringLiteral("mid"), nullptr)->candidates.size(), 2);
}

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
