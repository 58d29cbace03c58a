// SPDX-License-Identifier: MIT
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "providers/upstreamclient.h"
#include "routing/catalog.h"
#include "routing/router.h"

#include <QTest>

class TestRouter : public QObject
{
    Q_OBJECT
private:
    Catalog m_catalog;
    UpstreamClient m_client;

    static ProviderConfig provider(const QString &id, const QString &type, const QStringList &models = {})
    {
        ProviderConfig p;
        p.id = id;
        p.type = type;
        p.models = models;
        p.baseUrl = type == QLatin1String("openai") ? QStringLiteral("http://127.0.0.1:9/v1") : QString();
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY(m_catalog.load({}, &error));
    }

    void resolution_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("upstreamModel");
        QTest::newRow("served by mock")
            << QStringLiteral("mock-fast") << QStringLiteral("mock") << QStringLiteral("mock-fast");
        QTest::newRow("first provider in config order")
            << QStringLiteral("gpt-4o") << QStringLiteral("a") << QStringLiteral("gpt-4o");
        QTest::newRow("served only by b")
            << QStringLiteral("llama-x") << QStringLiteral("b") << QStringLiteral("llama-x");
        QTest::newRow("provider/model")
            << QStringLiteral("b/gpt-4o") << QStringLiteral("b") << QStringLiteral("gpt-4o");
        QTest::newRow("provider/model not listed")
            << QStringLiteral("b/brand-new") << QStringLiteral("b") << QStringLiteral("brand-new");
        QTest::newRow("slash in a served id wins")
            << QStringLiteral("openai/gpt-4o-mini") << QStringLiteral("router")
            << QStringLiteral("openai/gpt-4o-mini");
        QTest::newRow("auto -> default")
            << QStringLiteral("auto") << QStringLiteral("mock") << QStringLiteral("mock-fast");
        QTest::newRow("cheap -> default")
            << QStringLiteral("cheap") << QStringLiteral("mock") << QStringLiteral("mock-fast");
    }

    void resolution()
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
        QVERIFY(!plan->decision().isEmpty());
        QCOMPARE(plan->requested, model);
    }

    void unknownModelIs404()
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
        QVERIFY(!router.plan(QStringLiteral("gpt-4o"), &error));
    }

    void fallbacksFollowInOrder()
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
        QVERIFY(plan->candidates.at(1).reason.contains(QStringLiteral("fallback")));
    }
};

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
