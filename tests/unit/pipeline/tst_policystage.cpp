// SPDX-License-Identifier: MIT
// The auth and policy stages in memory: what a key may ask for, the worst case it reserves, and
// what happens to a reservation whatever way the request ends.
#include "keys/accesscontrol.h"
#include "keys/admission.h"
#include "pipeline/pipeline.h"
#include "providers/providerregistry.h"
#include "providers/upstreamclient.h"
#include "routing/catalog.h"
#include "routing/router.h"
#include "telemetry/requestlogrow.h"

#include <QJsonDocument>
#include <QTest>

class TestPolicyStage : public QObject
{
    Q_OBJECT

    Catalog m_catalog;
    UpstreamClient m_client;
    std::unique_ptr<ProviderRegistry> m_registry;
    std::unique_ptr<Router> m_router;
    std::unique_ptr<Pipeline> m_pipeline;
    std::unique_ptr<AccessControl> m_access;

    RequestContext context(const QByteArray &body, const QByteArray &key = {});
    QString createKey(const char *json, QByteArray *secret);

private Q_SLOTS:
    void init();
    void worstOutputTokens_data();
    void worstOutputTokens();
    void reservesTheWorstCaseOfThePriciestCandidate();
    void fallbacksTheKeyMayNotUseAreDropped();
    void abandonedRequestsGiveBackTheirSlotAndCountAsSpent();
    void unbudgetedScopesAreCountedAfterTheFact();
};

void TestPolicyStage::init()
{
    QString error;
    QVERIFY(m_catalog.load(
        {ModelConfig {QStringLiteral("mock-smart"), {}, 2.0, 8.0, {}, {}, 200000, {}}}, &error));
    m_registry = std::make_unique<ProviderRegistry>(m_catalog, &m_client);
    ProviderConfig mock;
    mock.id = QStringLiteral("mock");
    mock.type = QStringLiteral("mock");
    mock.paceMs = 0;
    m_registry->configure({mock});
    m_router = std::make_unique<Router>(m_catalog, *m_registry);
    RoutingConfig routing;
    routing.fallbacks.insert(QStringLiteral("mock-fast"), {QStringLiteral("mock-smart")});
    m_router->setConfig(routing);
    m_pipeline = std::make_unique<Pipeline>(*m_router, m_catalog, [](RequestLogRow &&) {});
    m_access = std::make_unique<AccessControl>();
    QVERIFY(m_access->open(nullptr, &error));
    m_pipeline->auth().setAccess(m_access.get());
    m_pipeline->policy().setAccess(m_access.get());
}

RequestContext TestPolicyStage::context(const QByteArray &body, const QByteArray &key)
{
    GatewayError e;
    auto r = ChatRequest::fromOpenAI(body, &e);
    if (!r)
        qFatal("bad body: %s", qPrintable(e.message));
    RequestContext ctx;
    ctx.requestId = "req_policy";
    ctx.clientKey = key;
    ctx.plan.requested = r->model;
    ctx.chat = std::make_shared<const ChatRequest>(std::move(*r));
    return ctx;
}

QString TestPolicyStage::createKey(const char *json, QByteArray *secret)
{
    GatewayError e;
    auto created = m_access->keys().create(QJsonDocument::fromJson(json).object(), m_access->nowMs(), &e);
    if (!created)
        qFatal("bad key: %s", qPrintable(e.message));
    *secret = created->secret.toLatin1();
    return created->key->id;
}

void TestPolicyStage::worstOutputTokens_data()
{
    QTest::addColumn<qint64>("maxOutput");
    QTest::addColumn<qint64>("context");
    QTest::addColumn<qint64>("prompt");
    QTest::addColumn<qint64>("maxTokens");
    QTest::addColumn<qint64>("worst");
    QTest::newRow("max_tokens wins") << qint64(16384) << qint64(128000) << qint64(100) << qint64(50)
                                     << qint64(50);
    QTest::newRow("model's output limit")
        << qint64(16384) << qint64(128000) << qint64(100) << qint64(-1) << qint64(16384);
    QTest::newRow("what the context leaves")
        << qint64(0) << qint64(8000) << qint64(1000) << qint64(-1) << qint64(7000);
    QTest::newRow("unknown model") << qint64(0) << qint64(0) << qint64(10) << qint64(-1)
                                   << PolicyStage::DefaultMaxOutput;
}

void TestPolicyStage::worstOutputTokens()
{
    QFETCH(qint64, maxOutput);
    QFETCH(qint64, context);
    QFETCH(qint64, prompt);
    QFETCH(qint64, maxTokens);
    QFETCH(qint64, worst);
    ModelInfo m;
    m.maxOutputTokens = maxOutput;
    m.contextWindow = context;
    QCOMPARE(PolicyStage::worstOutputTokens(m, prompt, maxTokens), worst);
}

void TestPolicyStage::reservesTheWorstCaseOfThePriciestCandidate()
{
    QByteArray secret;
    createKey(R"({"name":"b","budget":{"usd":100}})", &secret);
    RequestContext ctx = context(
        R"({"model":"mock-fast","max_tokens":1000,"messages":[{"role":"user","content":"hi"}]})", secret);
    QVERIFY(!m_pipeline->admit(ctx));
    QVERIFY(ctx.admission);
    QCOMPARE(ctx.plan.candidates.size(), 2); // mock-fast, then its fallback mock-smart
    // The fallback is pricier: its worst case is what is held.
    const qint64 prompt = ctx.chat->estimatedPromptTokens;
    const double expected = m_catalog.model(QStringLiteral("mock-smart")).cost(prompt, 1000);
    QCOMPARE(ctx.admission->worstUsd, expected);
    QCOMPARE(ctx.admission->worstTokens, prompt + 1000);
    QCOMPARE(ctx.admission->key.usd, expected);
    ctx.costUsd = 0.001;
    ctx.usage.promptTokens = 5;
    ctx.usage.completionTokens = 7;
    m_pipeline->policy().after(ctx);
    const BudgetLedger::Spend s
        = m_access->ledger().spend(ctx.key.id, BudgetPeriod::Month, m_access->nowMs());
    QCOMPARE(s.usd, 0.001);
    QCOMPARE(s.tokens, 12);
    QCOMPARE(s.reservedUsd, 0.0);
    m_pipeline->policy().after(ctx); // settling twice changes nothing
    QCOMPARE(m_access->ledger().spend(ctx.key.id, BudgetPeriod::Month, m_access->nowMs()).usd, 0.001);
}

void TestPolicyStage::fallbacksTheKeyMayNotUseAreDropped()
{
    QByteArray secret;
    createKey(R"({"name":"fast only","allowedModels":["mock-fast"]})", &secret);
    RequestContext ctx
        = context(R"({"model":"mock-fast","messages":[{"role":"user","content":"hi"}]})", secret);
    QVERIFY(!m_pipeline->admit(ctx));
    QCOMPARE(ctx.plan.candidates.size(), 1);
    QCOMPARE(ctx.plan.candidates.first().model, QStringLiteral("mock-fast"));
    QCOMPARE(ctx.key.allowedModels, QStringList {QStringLiteral("mock-fast")}); // for the route stage

    QByteArray cheap;
    createKey(R"({"name":"cheap","maxPricePer1M":1})", &cheap);
    RequestContext priced
        = context(R"({"model":"mock-fast","messages":[{"role":"user","content":"hi"}]})", cheap);
    QVERIFY(!m_pipeline->admit(priced));
    QCOMPARE(priced.plan.candidates.size(), 1); // mock-smart ($3.50 blended) is over the ceiling
    RequestContext smart
        = context(R"({"model":"mock-smart","messages":[{"role":"user","content":"hi"}]})", cheap);
    const auto refused = m_pipeline->admit(smart);
    QVERIFY(refused);
    QCOMPARE(refused->status, 403);
    QCOMPARE(refused->code, QStringLiteral("model_price_not_allowed"));
}

void TestPolicyStage::abandonedRequestsGiveBackTheirSlotAndCountAsSpent()
{
    QByteArray secret;
    const QString id = createKey(R"({"name":"p","budget":{"usd":100},"limits":{"parallel":1}})", &secret);
    double worst = 0;
    {
        RequestContext ctx = context(
            R"({"model":"mock-fast","max_tokens":10,"messages":[{"role":"user","content":"hi"}]})", secret);
        QVERIFY(!m_pipeline->admit(ctx));
        worst = ctx.admission->worstUsd;
        RequestContext second
            = context(R"({"model":"mock-fast","messages":[{"role":"user","content":"hi"}]})", secret);
        const auto busy = m_pipeline->admit(second);
        QVERIFY(busy);
        QCOMPARE(busy->code, QStringLiteral("too_many_parallel_requests"));
    } // dropped without settling
    const BudgetLedger::Spend s = m_access->ledger().spend(id, BudgetPeriod::Month, m_access->nowMs());
    QCOMPARE(s.usd, worst); // never undercounted
    QCOMPARE(s.reservedUsd, 0.0);
    RequestContext again
        = context(R"({"model":"mock-fast","messages":[{"role":"user","content":"hi"}]})", secret);
    QVERIFY(!m_pipeline->admit(again)); // the slot came back
}

void TestPolicyStage::unbudgetedScopesAreCountedAfterTheFact()
{
    RequestContext ctx
        = context(R"({"model":"mock-fast","messages":[{"role":"user","content":"hi"}]})", "anything");
    QVERIFY(!m_pipeline->admit(ctx));
    QCOMPARE(ctx.key.id, QStringLiteral("local"));
    QVERIFY(!ctx.admission->key.held); // no budget: nothing reserved
    ctx.costUsd = 0.25;
    ctx.usage.promptTokens = 3;
    m_pipeline->policy().after(ctx);
    QCOMPARE(
        m_access->ledger().spend(AccessControl::localScope(), BudgetPeriod::Month, m_access->nowMs()).usd,
        0.25);
    QCOMPARE(m_access->ledger()
                 .spend(AccessControl::globalScope(), BudgetPeriod::Month, m_access->nowMs())
                 .requests,
        1);
}

QTEST_GUILESS_MAIN(TestPolicyStage)
#include "tst_policystage.moc"
