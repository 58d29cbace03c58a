// SPDX-License-Identifier: MIT
// Scored routing of the virtual models: known prompts -> known choices under each strategy,
// constraints, prefer-local, the key's limits, strategy sources, explain.
#include "routingfixture.h"

#include "providers/provider.h"
#include "routing/promptclassifier.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include <cmath>

namespace {

enum class Prompt { SmallTalk, Code, MathReasoning, Creative, Tools, Image, LongDocument, Hard };

std::shared_ptr<ChatRequest> request(Prompt kind)
{
    switch (kind) {
    case Prompt::SmallTalk:
        return RoutingFixture::chat(QStringLiteral("Hi there!"));
    case Prompt::Code:
        return RoutingFixture::chat(
            QStringLiteral("Write a Python function that reverses a linked list, with a unittest."));
    case Prompt::MathReasoning:
        return RoutingFixture::chat(QStringLiteral(
            "Prove that there are infinitely many primes and explain step by step why the proof works."));
    case Prompt::Creative:
        return RoutingFixture::chat(QStringLiteral("Write a poem about the sea at night."));
    case Prompt::Tools: {
        const QJsonObject fn {{QLatin1String("name"), QStringLiteral("get_weather")},
            {QLatin1String("parameters"), QJsonObject {{QLatin1String("type"), QStringLiteral("object")}}}};
        return RoutingFixture::chat(QStringLiteral("What is the weather in Paris?"),
            {{QLatin1String("tools"),
                QJsonArray {QJsonObject {
                    {QLatin1String("type"), QStringLiteral("function")}, {QLatin1String("function"), fn}}}}});
    }
    case Prompt::Image: {
        GatewayError e;
        const QJsonObject image {{QLatin1String("type"), QStringLiteral("image_url")},
            {QLatin1String("image_url"),
                QJsonObject {{QLatin1String("url"), QStringLiteral("data:image/png;base64,iVBORw0KGgo=")}}}};
        const QJsonObject text {{QLatin1String("type"), QStringLiteral("text")},
            {QLatin1String("text"), QStringLiteral("What is in this picture?")}};
        auto r = ChatRequest::fromOpenAIObject(
            QJsonObject {{QLatin1String("model"), QStringLiteral("auto")},
                {QLatin1String("messages"),
                    QJsonArray {QJsonObject {{QLatin1String("role"), QStringLiteral("user")},
                        {QLatin1String("content"), QJsonArray {text, image}}}}}},
            &e);
        return std::make_shared<ChatRequest>(std::move(*r));
    }
    case Prompt::LongDocument: {
        auto r = RoutingFixture::chat(QStringLiteral("Summarise the attached contract."));
        r->estimatedPromptTokens = 60000;
        return r;
    }
    case Prompt::Hard:
        return RoutingFixture::chat(QStringLiteral("Prove the time complexity of this recursive Python "
                                                   "algorithm: derive the recurrence equation and "
                                                   "compare it step by step with an iterative version."));
    }
    return {};
}

} // namespace

Q_DECLARE_METATYPE(Prompt)

class TestScorer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void strategyTable_data();
    void strategyTable();
    void preferLocalMargin();
    void weightsChangeThePlan();
    void requestWeightsAndStrategySources();
    void badStrategyIs400();
    void constraintsExclude();
    void keyLimitsExclude();
    void contextWindowExcludes();
    void preferProvider();
    void measuredLatencyReplacesThePrior();
    void unavailableProvidersAreSkipped();
    void nothingFitsIs400WithReasons();
    void mockStandsInOnlyWhenNothingElseFits();
    void unknownCloudModelsAreNotScored();
    void embeddingsGoToEmbeddingModels();
    void planLengthAndRunnerUp();
    void explainListsEveryCandidateAndExclusion();
    void routeSummaryBytes_data();
    void routeSummaryBytes();
};

void TestScorer::strategyTable_data()
{
    QTest::addColumn<Prompt>("prompt");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("model");
    // Small talk: the cheap quick model; only "quality" pays for the best.
    QTest::newRow("small talk, balanced") << Prompt::SmallTalk << "balanced"
                                          << "fast-small";
    QTest::newRow("small talk, cost") << Prompt::SmallTalk << "cost"
                                      << "local-7b";
    QTest::newRow("small talk, quality") << Prompt::SmallTalk << "quality"
                                         << "big";
    QTest::newRow("small talk, latency") << Prompt::SmallTalk << "latency"
                                         << "fast-small";
    QTest::newRow("code, balanced") << Prompt::Code << "balanced"
                                    << "local-7b";
    QTest::newRow("code, cost") << Prompt::Code << "cost"
                                << "local-7b";
    QTest::newRow("code, quality") << Prompt::Code << "quality"
                                   << "big";
    QTest::newRow("code, latency") << Prompt::Code << "latency"
                                   << "fast-small";
    // Math with reasoning needs quality: the cheap models fall short of the target.
    QTest::newRow("math, balanced") << Prompt::MathReasoning << "balanced"
                                    << "mid";
    QTest::newRow("math, cost") << Prompt::MathReasoning << "cost"
                                << "mid";
    QTest::newRow("math, quality") << Prompt::MathReasoning << "quality"
                                   << "big";
    QTest::newRow("math, latency") << Prompt::MathReasoning << "latency"
                                   << "mid";
    // A free local model within the margin of the best wins (routing.preferLocal).
    QTest::newRow("creative, balanced") << Prompt::Creative << "balanced"
                                        << "local-7b";
    QTest::newRow("creative, latency") << Prompt::Creative << "latency"
                                       << "fast-small";
    QTest::newRow("tools, balanced") << Prompt::Tools << "balanced"
                                     << "local-7b";
    QTest::newRow("tools, quality") << Prompt::Tools << "quality"
                                    << "big";
    // Images need vision: only mid, big and long have it.
    QTest::newRow("image, balanced") << Prompt::Image << "balanced"
                                     << "mid";
    QTest::newRow("image, cost") << Prompt::Image << "cost"
                                 << "mid";
    QTest::newRow("image, quality") << Prompt::Image << "quality"
                                    << "big";
    // 60k tokens: tiny (16k) and local-7b (32k) cannot hold it.
    QTest::newRow("long, balanced") << Prompt::LongDocument << "balanced"
                                    << "fast-small";
    QTest::newRow("long, quality") << Prompt::LongDocument << "quality"
                                   << "big";
    // Hard prompts go to the strong model whatever the strategy: the others are far below target.
    QTest::newRow("hard, balanced") << Prompt::Hard << "balanced"
                                    << "big";
    QTest::newRow("hard, cost") << Prompt::Hard << "cost"
                                << "big";
    QTest::newRow("hard, latency") << Prompt::Hard << "latency"
                                   << "big";
}

void TestScorer::strategyTable()
{
    QFETCH(Prompt, prompt);
    QFETCH(QString, strategy);
    QFETCH(QString, model);
    RoutingFixture f;
    RoutingConfig config;
    config.strategy = strategy;
    f.setRouting(config);
    auto r = request(prompt);
    auto plan = f.plan(QStringLiteral("auto"), r.get());
    QVERIFY(plan);
    QVERIFY(plan->scored);
    QCOMPARE(plan->strategy, strategy);
    QCOMPARE(plan->strategySource, QStringLiteral("config"));
    QCOMPARE(plan->candidates.first().model, model);
    QCOMPARE(plan->candidates.first().role, RouteCandidate::Role::Scored);
    QVERIFY(plan->candidates.first().reason.contains(model));
    for (qsizetype i = 1; i < plan->candidates.size(); ++i)
        QVERIFY(plan->candidates.at(i).model != model
            || plan->candidates.at(i).provider != plan->candidates.first().provider);
}

void TestScorer::preferLocalMargin()
{
    RoutingFixture f;
    auto r = request(Prompt::Creative);
    RoutingConfig config;
    config.preferLocal = false;
    f.setRouting(config);
    auto plan = f.plan(QStringLiteral("auto"), r.get());
    QCOMPARE(plan->candidates.first().model, QStringLiteral("fast-small")); // the best score
    config.preferLocal = true;
    config.localMargin = 0.0;
    f.setRouting(config);
    plan = f.plan(QStringLiteral("auto"), r.get());
    QCOMPARE(plan->candidates.first().model, QStringLiteral("fast-small")); // no margin, no preference
    config.localMargin = 0.05;
    f.setRouting(config);
    plan = f.plan(QStringLiteral("auto"), r.get());
    QCOMPARE(plan->candidates.first().model, QStringLiteral("local-7b"));
    QVERIFY(plan->candidates.first().reason.contains(QStringLiteral("routing.preferLocal")));
    QVERIFY(plan->candidates.first().score < plan->candidates.at(1).score); // it won on preference
    QCOMPARE(plan->candidates.at(1).model, QStringLiteral("fast-small"));
    // Small talk: local-7b is further than 0.05 behind, so the best stays first.
    auto hi = request(Prompt::SmallTalk);
    plan = f.plan(QStringLiteral("auto"), hi.get());
    QCOMPARE(plan->candidates.first().model, QStringLiteral("fast-small"));
}

void TestScorer::weightsChangeThePlan()
{
    RoutingFixture f;
    auto r = request(Prompt::Code);
    RoutingConfig config;
    config.strategy = QStringLiteral("custom");
    config.costWeight = 1;
    config.qualityWeight = 0;
    config.latencyWeight = 0;
    f.setRouting(config);
    auto cheap = f.plan(QStringLiteral("auto"), r.get());
    config.costWeight = 0;
    config.qualityWeight = 1;
    f.setRouting(config);
    auto best = f.plan(QStringLiteral("auto"), r.get());
    config.qualityWeight = 0;
    config.latencyWeight = 1;
    f.setRouting(config);
    auto quick = f.plan(QStringLiteral("auto"), r.get());
    QCOMPARE(cheap->candidates.first().model, QStringLiteral("local-7b"));
    QCOMPARE(best->candidates.first().model, QStringLiteral("big"));
    QCOMPARE(quick->candidates.first().model, QStringLiteral("fast-small"));
    QCOMPARE(best->weights.quality, 1.0);
    // Weights are normalised: 2/2/1 is 0.4/0.4/0.2.
    config.costWeight = 0.5;
    config.qualityWeight = 0.5;
    config.latencyWeight = 0.25;
    f.setRouting(config);
    auto mixed = f.plan(QStringLiteral("auto"), r.get());
    QCOMPARE(mixed->weights.cost, 0.4);
    QCOMPARE(mixed->weights.latency, 0.2);
}

void TestScorer::requestWeightsAndStrategySources()
{
    RoutingFixture f;
    auto r = request(Prompt::MathReasoning);
    RouteRequest rr;
    rr.strategy = "quality";
    auto plan = f.plan(QStringLiteral("auto"), r.get(), rr);
    QCOMPARE(plan->strategySource, QStringLiteral("request"));
    QCOMPARE(plan->candidates.first().model, QStringLiteral("big"));
    rr.strategy = "cost=1,quality=0,latency=0";
    auto code = request(Prompt::Code);
    plan = f.plan(QStringLiteral("auto"), code.get(), rr);
    QCOMPARE(plan->strategy, QStringLiteral("custom"));
    QCOMPARE(plan->weights.cost, 1.0);
    QCOMPARE(plan->candidates.first().model, QStringLiteral("local-7b"));
    // Cheap but far below what a hard prompt needs does not win even on cost alone.
    auto hard = request(Prompt::Hard);
    plan = f.plan(QStringLiteral("auto"), hard.get(), rr);
    QCOMPARE(plan->candidates.first().model, QStringLiteral("big"));
    // The key's strategy applies when the request names none; the request's wins over it.
    RouteRequest keyed;
    keyed.keyStrategy = QStringLiteral("quality");
    plan = f.plan(QStringLiteral("auto"), r.get(), keyed);
    QCOMPARE(plan->strategySource, QStringLiteral("key"));
    QCOMPARE(plan->candidates.first().model, QStringLiteral("big"));
    keyed.strategy = "latency";
    plan = f.plan(QStringLiteral("auto"), r.get(), keyed);
    QCOMPARE(plan->strategySource, QStringLiteral("request"));
    // fast, cheap and quality carry their own strategy.
    auto hi = request(Prompt::SmallTalk);
    plan = f.plan(QStringLiteral("quality"), hi.get(), keyed);
    QCOMPARE(plan->strategy, QStringLiteral("quality"));
    QCOMPARE(plan->strategySource, QStringLiteral("model"));
    QCOMPARE(plan->candidates.first().model, QStringLiteral("big"));
    plan = f.plan(QStringLiteral("cheap"), hi.get());
    QCOMPARE(plan->strategy, QStringLiteral("cost"));
    QCOMPARE(plan->candidates.first().model, QStringLiteral("local-7b"));
    plan = f.plan(QStringLiteral("fast"), hi.get());
    QCOMPARE(plan->strategy, QStringLiteral("latency"));
    QCOMPARE(plan->candidates.first().model, QStringLiteral("fast-small"));
}

void TestScorer::badStrategyIs400()
{
    RoutingFixture f;
    auto r = request(Prompt::SmallTalk);
    for (const QByteArray &bad : {QByteArray("random"), QByteArray("cost=x"), QByteArray("speed=1"),
             QByteArray("cost=0,quality=0"), QByteArray("cost=-1,quality=1")}) {
        RouteRequest rr;
        rr.model = QStringLiteral("auto");
        rr.chat = r.get();
        rr.strategy = bad;
        GatewayError error;
        QVERIFY2(!f.router->plan(rr, &error), bad.constData());
        QCOMPARE(error.status, 400);
        QCOMPARE(error.param, QStringLiteral("x-routing-strategy"));
        QCOMPARE(error.code, QStringLiteral("invalid_routing_strategy"));
    }
}

void TestScorer::constraintsExclude()
{
    RoutingFixture f;
    auto r = request(Prompt::Hard);
    RoutingConfig config;
    auto plan = f.plan(QStringLiteral("auto"), r.get());
    QCOMPARE(plan->candidates.first().model, QStringLiteral("big"));
    config.constraints.maxPricePer1M = 2.5; // big blends to (3*3 + 15) / 4 = 6, long to 2.19
    f.setRouting(config);
    plan = f.plan(QStringLiteral("auto"), r.get());
    QCOMPARE(plan->candidates.first().model, QStringLiteral("long"));
    config.constraints.maxPricePer1M = 2.0;
    f.setRouting(config);
    plan = f.plan(QStringLiteral("auto"), r.get());
    QCOMPARE(plan->candidates.first().model, QStringLiteral("mid"));
    config.constraints.maxPricePer1M = 1.0;
    f.setRouting(config);
    plan = f.plan(QStringLiteral("auto"), r.get());
    QCOMPARE(plan->candidates.first().model, QStringLiteral("mid"));
    for (const RouteCandidate &c : plan->candidates)
        QVERIFY(c.model != QLatin1String("big") && c.model != QLatin1String("long"));
    // p95 latency: nothing measured yet, so the priors count (big 1200, long 1500).
    config = RoutingConfig();
    config.constraints.maxP95LatencyMs = 1000;
    f.setRouting(config);
    plan = f.plan(QStringLiteral("auto"), r.get());
    QCOMPARE(plan->candidates.first().model, QStringLiteral("mid"));
    // Required capabilities: vision leaves mid, big, long.
    config = RoutingConfig();
    config.constraints.requiredCapabilities = {QStringLiteral("vision")};
    f.setRouting(config);
    auto hi = request(Prompt::SmallTalk);
    plan = f.plan(QStringLiteral("auto"), hi.get());
    QCOMPARE(plan->candidates.first().model, QStringLiteral("mid"));
    QCOMPARE(plan->considered, 3);
}

void TestScorer::keyLimitsExclude()
{
    RoutingFixture f;
    auto r = request(Prompt::Hard);
    const QStringList allowed {QStringLiteral("mid"), QStringLiteral("local-*")};
    RouteRequest rr;
    rr.allowedModels = &allowed;
    auto plan = f.plan(QStringLiteral("auto"), r.get(), rr);
    QCOMPARE(plan->candidates.first().model, QStringLiteral("mid"));
    for (const RouteCandidate &c : plan->candidates)
        QVERIFY2(
            c.model == QLatin1String("mid") || c.model == QLatin1String("local-7b"), qPrintable(c.model));
    // A provider/model pattern matches too.
    const QStringList byProvider {QStringLiteral("cloud/big")};
    rr.allowedModels = &byProvider;
    plan = f.plan(QStringLiteral("auto"), r.get(), rr);
    QCOMPARE(plan->candidates.size(), 1);
    QCOMPARE(plan->candidates.first().model, QStringLiteral("big"));
    RouteRequest priced;
    priced.keyMaxPricePer1M = 0.5;
    plan = f.plan(QStringLiteral("auto"), r.get(), priced);
    for (const RouteCandidate &c : plan->candidates) {
        QVERIFY2(f.catalog.model(c.model).blendedPricePer1M() <= 0.5, qPrintable(c.model));
    }
    QCOMPARE(plan->candidates.first().model, QStringLiteral("local-7b"));
}

void TestScorer::contextWindowExcludes()
{
    RoutingFixture f;
    auto r = request(Prompt::SmallTalk);
    r->estimatedPromptTokens = 20000; // over tiny's 16k, under local-7b's 32k
    RoutingConfig config;
    config.strategy = QStringLiteral("cost");
    f.setRouting(config);
    RouteRequest rr;
    rr.explain = true;
    auto plan = f.plan(QStringLiteral("auto"), r.get(), rr);
    bool tinyExcluded = false;
    for (const RouteExclusion &e : plan->excluded) {
        if (e.model == QLatin1String("tiny")) {
            tinyExcluded = true;
            QVERIFY2(e.reason.contains(QStringLiteral("context window 16384")), qPrintable(e.reason));
        }
    }
    QVERIFY(tinyExcluded);
    QCOMPARE(plan->candidates.first().model, QStringLiteral("local-7b"));
    // max_tokens counts: 20000 + 16000 needs more than local-7b's 32768.
    auto capped = RoutingFixture::chat(QStringLiteral("Hi"), {{QLatin1String("max_tokens"), 16000}});
    capped->estimatedPromptTokens = 20000;
    plan = f.plan(QStringLiteral("auto"), capped.get());
    QCOMPARE(plan->candidates.first().model, QStringLiteral("fast-small"));
}

void TestScorer::preferProvider()
{
    RoutingFixture f(RoutingFixture::standardProviders({RoutingFixture::provider(
        QStringLiteral("other"), QStringLiteral("https://api.other.test/v1"), {QStringLiteral("mid")})}));
    auto r = request(Prompt::SmallTalk);
    RouteRequest rr;
    rr.preferProvider = "other";
    auto plan = f.plan(QStringLiteral("auto"), r.get(), rr);
    QCOMPARE(plan->candidates.first().provider->id(), QStringLiteral("other"));
    QCOMPARE(plan->candidates.first().model, QStringLiteral("mid"));
    QVERIFY(plan->candidates.first().reason.contains(QStringLiteral("x-prefer-provider")));
    QCOMPARE(plan->candidates.at(1).model, QStringLiteral("fast-small")); // then the scored order
    rr.preferProvider = "nobody";
    plan = f.plan(QStringLiteral("auto"), r.get(), rr);
    QCOMPARE(plan->candidates.first().model, QStringLiteral("fast-small"));
    QVERIFY(plan->notes.join(u' ').contains(QStringLiteral("nobody")));
}

void TestScorer::measuredLatencyReplacesThePrior()
{
    RoutingFixture f;
    RoutingConfig config;
    config.strategy = QStringLiteral("latency");
    f.setRouting(config);
    auto r = request(Prompt::SmallTalk);
    QCOMPARE(f.plan(QStringLiteral("auto"), r.get())->candidates.first().model, QStringLiteral("fast-small"));
    // fast-small turns out slow in practice: three measurements replace its 80 ms prior.
    for (int i = 0; i < 3; ++i)
        f.monitor.recordSuccess(QStringLiteral("cloud"), QStringLiteral("fast-small"), false, 4000, 4000);
    auto plan = f.plan(QStringLiteral("auto"), r.get());
    QCOMPARE(plan->candidates.first().model, QStringLiteral("tiny"));
    for (const RouteCandidate &c : plan->candidates) {
        if (c.model == QLatin1String("fast-small"))
            QCOMPARE(c.expectedLatencyMs, 4000.0);
    }
}

void TestScorer::unavailableProvidersAreSkipped()
{
    RoutingFixture f;
    RoutingConfig config;
    config.circuitBreaker.failureThreshold = 2;
    f.setRouting(config);
    auto r = request(Prompt::Creative);
    QCOMPARE(f.plan(QStringLiteral("auto"), r.get())->candidates.first().model, QStringLiteral("local-7b"));
    const GatewayError down
        = GatewayError::upstream(502, QStringLiteral("upstream_unreachable"), QStringLiteral("down"));
    f.monitor.recordFailure(QStringLiteral("local"), QStringLiteral("local-7b"), down);
    f.monitor.recordFailure(QStringLiteral("local"), QStringLiteral("local-7b"), down);
    QCOMPARE(f.monitor.provider(QStringLiteral("local")).breaker.state(), CircuitBreaker::State::Open);
    auto plan = f.plan(QStringLiteral("auto"), r.get());
    for (const RouteCandidate &c : plan->candidates)
        QVERIFY(c.provider->id() != QLatin1String("local"));
    QCOMPARE(plan->candidates.first().model, QStringLiteral("fast-small"));
    // A 429 pauses that model only: the next best takes its place.
    GatewayError limited
        = GatewayError::upstream(429, QStringLiteral("upstream_rate_limited"), QStringLiteral("slow down"));
    limited.retryAfterSeconds = 30;
    f.monitor.recordFailure(QStringLiteral("cloud"), QStringLiteral("fast-small"), limited);
    plan = f.plan(QStringLiteral("auto"), r.get());
    QVERIFY(plan->candidates.first().model != QLatin1String("fast-small"));
    for (const RouteCandidate &c : plan->candidates)
        QVERIFY(c.model != QLatin1String("fast-small"));
    // Every cloud deployment rate-limited too: 503 with a Retry-After, not "nothing fits".
    for (const QString &m :
        {QStringLiteral("tiny"), QStringLiteral("mid"), QStringLiteral("big"), QStringLiteral("long")})
        f.monitor.recordFailure(QStringLiteral("cloud"), m, limited);
    RouteRequest rr;
    rr.model = QStringLiteral("auto");
    rr.chat = r.get();
    GatewayError error;
    QVERIFY(!f.router->plan(rr, &error));
    QCOMPARE(error.status, 503);
    QCOMPARE(error.code, QStringLiteral("providers_unavailable"));
    QVERIFY(error.retryAfterSeconds >= 1 && error.retryAfterSeconds <= 30);
}

void TestScorer::nothingFitsIs400WithReasons()
{
    RoutingFixture f(
        {RoutingFixture::provider(QStringLiteral("cloud"), QStringLiteral("https://api.cloud.test/v1"),
            {QStringLiteral("tiny"), QStringLiteral("fast-small")})});
    auto r = request(Prompt::Image);
    RouteRequest rr;
    rr.model = QStringLiteral("auto");
    rr.chat = r.get();
    GatewayError error;
    QVERIFY(!f.router->plan(rr, &error));
    QCOMPARE(error.status, 400);
    QCOMPARE(error.code, QStringLiteral("no_model_fits"));
    QVERIFY2(
        error.message.contains(QStringLiteral("2 lack a required capability")), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("vision")), qPrintable(error.message));
}

void TestScorer::mockStandsInOnlyWhenNothingElseFits()
{
    ProviderConfig mock;
    mock.id = QStringLiteral("mock");
    mock.type = QStringLiteral("mock");
    RoutingFixture withReal(RoutingFixture::standardProviders({mock}));
    RoutingConfig config;
    config.strategy = QStringLiteral("latency"); // mock-fast's 15 ms would win on latency
    withReal.setRouting(config);
    auto r = request(Prompt::SmallTalk);
    auto plan = withReal.plan(QStringLiteral("auto"), r.get());
    for (const RouteCandidate &c : plan->candidates)
        QVERIFY(c.provider->type() != QLatin1String("mock"));
    RoutingFixture mockOnly({mock});
    mockOnly.setRouting(config);
    plan = mockOnly.plan(QStringLiteral("auto"), r.get());
    QVERIFY(plan);
    QCOMPARE(plan->candidates.first().provider->type(), QStringLiteral("mock"));
}

void TestScorer::unknownCloudModelsAreNotScored()
{
    RoutingFixture f(RoutingFixture::standardProviders(
        {RoutingFixture::provider(QStringLiteral("mystery"), QStringLiteral("https://api.mystery.test/v1"),
             {QStringLiteral("free-lunch")}),
            RoutingFixture::provider(QStringLiteral("studio"), QStringLiteral("http://localhost:1234/v1"),
                {QStringLiteral("qwen-local")})}));
    RoutingConfig config;
    config.strategy = QStringLiteral("cost");
    f.setRouting(config);
    auto r = request(Prompt::SmallTalk);
    RouteRequest rr;
    rr.explain = true;
    auto plan = f.plan(QStringLiteral("auto"), r.get(), rr);
    bool mysteryExcluded = false;
    bool localScored = false;
    for (const RouteExclusion &e : plan->excluded)
        mysteryExcluded
            |= e.model == QLatin1String("free-lunch") && e.reason.contains(QStringLiteral("catalog"));
    for (const RouteCandidate &c : plan->candidates)
        localScored |= c.model == QLatin1String("qwen-local");
    QVERIFY(mysteryExcluded); // a price of "0" for an unknown cloud model would be a lie
    QVERIFY(localScored); // a local model is free: it competes, with default quality and context
}

void TestScorer::embeddingsGoToEmbeddingModels()
{
    RoutingFixture f;
    RouteRequest rr;
    rr.model = QStringLiteral("auto");
    rr.embeddingTokens = 100;
    GatewayError error;
    auto plan = f.router->plan(rr, &error);
    QVERIFY2(plan, qPrintable(error.message));
    QCOMPARE(plan->candidates.size(), 1);
    QCOMPARE(plan->candidates.first().model, QStringLiteral("embed-s"));
    auto r = request(Prompt::SmallTalk);
    plan = f.plan(QStringLiteral("auto"), r.get());
    for (const RouteCandidate &c : plan->candidates)
        QVERIFY(c.model != QLatin1String("embed-s"));
}

void TestScorer::planLengthAndRunnerUp()
{
    RoutingFixture f;
    RoutingConfig config;
    config.maxAttempts = 3;
    f.setRouting(config);
    auto r = request(Prompt::MathReasoning);
    auto plan = f.plan(QStringLiteral("auto"), r.get());
    QCOMPARE(plan->candidates.size(), 3);
    QCOMPARE(plan->considered, 6);
    const RouteCandidate *second = plan->runnerUp();
    QVERIFY(second);
    QVERIFY(second->score <= plan->candidates.first().score);
    QVERIFY(second->reason.contains(QStringLiteral("rank 2")));
    // The reason in words, numbers written as a reader expects them.
    const QString why = plan->candidates.first().reason;
    static const QRegularExpression shape(
        QStringLiteral("^auto -> mid on 'cloud': best balanced score 0\\.\\d{3} of 6 candidates; cost "
                       "0\\.\\d\\d \\(~\\$0\\.000\\d\\d\\), "
                       "quality 0\\.\\d\\d, latency 0\\.\\d\\d \\(~450 ms expected\\)$"));
    QVERIFY2(shape.match(why).hasMatch(), qPrintable(why));
    QVERIFY2(second->reason.contains(QStringLiteral("(~$0.0030)")), qPrintable(second->reason)); // 2 digits
    RouteRequest explain;
    explain.explain = true;
    const auto all = f.plan(QStringLiteral("auto"), r.get(), explain);
    bool shortfallExplained = false;
    for (const RouteCandidate &c : all->candidates) {
        if (c.model == QLatin1String("local-7b"))
            shortfallExplained
                = c.reason.endsWith(QStringLiteral("; quality 60 is below the 76 this prompt needs: x0.63"));
    }
    QVERIFY(shortfallExplained);
    const QJsonObject summary = plan->summaryJson();
    QCOMPARE(summary.value(QLatin1String("strategy")).toString(), QStringLiteral("balanced"));
    QCOMPARE(summary.value(QLatin1String("winner")).toObject().value(QLatin1String("model")).toString(),
        QStringLiteral("mid"));
    QCOMPARE(summary.value(QLatin1String("runner_up")).toObject().value(QLatin1String("model")).toString(),
        second->model);
    QVERIFY(summary.value(QLatin1String("classification")).toString().contains(QStringLiteral("math")));
    const QJsonObject winner = summary.value(QLatin1String("winner")).toObject();
    for (const char *k : {"cost_score", "quality_score", "latency_score", "quality_fit", "estimated_cost_usd",
             "expected_latency_ms", "reason"})
        QVERIFY2(winner.contains(QLatin1String(k)), k);
}

void TestScorer::explainListsEveryCandidateAndExclusion()
{
    RoutingFixture f;
    auto r = request(Prompt::Image);
    RouteRequest rr;
    rr.explain = true;
    auto plan = f.plan(QStringLiteral("auto"), r.get(), rr);
    QCOMPARE(plan->candidates.size(), 3); // every fitting one, beyond maxAttempts' budget
    QCOMPARE(plan->excluded.size(), 4); // tiny, fast-small, local-7b lack vision; embed-s is not chat
    for (const RouteExclusion &e : plan->excluded)
        QVERIFY2(!e.reason.isEmpty(), qPrintable(e.model));
    for (const RouteCandidate &c : plan->candidates)
        QVERIFY2(c.reason.contains(QStringLiteral("cost")), qPrintable(c.reason)); // every one in words
    const QJsonObject json = plan->toJson();
    QCOMPARE(json.value(QLatin1String("candidates")).toArray().size(), 3);
    QCOMPARE(json.value(QLatin1String("excluded")).toArray().size(), 4);
    QVERIFY(json.value(QLatin1String("required_capabilities")).toArray().contains(QStringLiteral("vision")));
    QVERIFY(json.value(QLatin1String("traits")).toArray().contains(QStringLiteral("images")));
}

namespace {

// x-gateway's `route` object as a QJsonObject, member by member: the reference the bytes written
// on every scored answer must equal (what QJsonDocument writes of it, sorted keys and all).
QJsonObject referenceCandidate(const RouteCandidate &c)
{
    auto r = [](double v, double scale) { return std::round(v * scale) / scale; };
    static const char *const roles[] = {"requested", "scored", "fallback", "auto-fallback"};
    QJsonObject o {{QLatin1String("provider"), c.provider ? c.provider->id() : QString()},
        {QLatin1String("model"), c.model}, {QLatin1String("score"), r(c.score, 1000)},
        {QLatin1String("reason"), c.reason}, {QLatin1String("role"), QLatin1String(roles[int(c.role)])}};
    if (c.costScore >= 0) {
        o.insert(QLatin1String("cost_score"), r(c.costScore, 1000));
        o.insert(QLatin1String("quality_score"), r(c.qualityScore, 1000));
        o.insert(QLatin1String("latency_score"), r(c.latencyScore, 1000));
        o.insert(QLatin1String("quality_fit"), r(c.qualityFit, 1000));
        o.insert(QLatin1String("estimated_cost_usd"), r(c.estimatedCostUsd, 1e8));
        o.insert(QLatin1String("expected_latency_ms"), r(c.expectedLatencyMs, 10));
        o.insert(QLatin1String("quality"), c.quality);
        o.insert(QLatin1String("local"), c.local);
    }
    return o;
}

QJsonObject referenceSummary(const RoutePlan &plan)
{
    auto r = [](double v) { return std::round(v * 1000) / 1000; };
    QJsonObject o {
        {QLatin1String("strategy"), plan.strategy}, {QLatin1String("strategy_source"), plan.strategySource}};
    if (!plan.scored)
        return o;
    o.insert(QLatin1String("weights"),
        QJsonObject {{QLatin1String("cost"), r(plan.weights.cost)},
            {QLatin1String("quality"), r(plan.weights.quality)},
            {QLatin1String("latency"), r(plan.weights.latency)}});
    o.insert(QLatin1String("classification"), plan.profile.describe());
    o.insert(QLatin1String("candidates_scored"), plan.considered);
    if (!plan.candidates.isEmpty())
        o.insert(QLatin1String("winner"), referenceCandidate(plan.candidates.first()));
    if (const RouteCandidate *runnerUp = plan.runnerUp())
        o.insert(QLatin1String("runner_up"), referenceCandidate(*runnerUp));
    return o;
}

} // namespace

void TestScorer::routeSummaryBytes_data()
{
    QTest::addColumn<Prompt>("prompt");
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("preferLocal");
    QTest::newRow("small talk") << Prompt::SmallTalk << QStringLiteral("auto") << false;
    QTest::newRow("code, cheap") << Prompt::Code << QStringLiteral("cheap") << false;
    QTest::newRow("math, quality") << Prompt::MathReasoning << QStringLiteral("quality") << false;
    QTest::newRow("creative, local promoted") << Prompt::Creative << QStringLiteral("auto") << true;
    QTest::newRow("tools, fast") << Prompt::Tools << QStringLiteral("fast") << false;
    QTest::newRow("image") << Prompt::Image << QStringLiteral("auto") << false;
    QTest::newRow("long document") << Prompt::LongDocument << QStringLiteral("auto") << false;
    QTest::newRow("explicit model") << Prompt::Code << QStringLiteral("mid") << false;
}

void TestScorer::routeSummaryBytes()
{
    QFETCH(Prompt, prompt);
    QFETCH(QString, model);
    QFETCH(bool, preferLocal);
    RoutingFixture f;
    RoutingConfig config;
    config.preferLocal = preferLocal;
    config.localMargin = 0.05;
    config.autoFallback = true;
    f.setRouting(config);
    auto r = request(prompt);
    const auto plan = f.plan(model, r.get());
    QVERIFY(plan);
    QVERIFY(plan->scored);
    const QByteArray expected = QJsonDocument(referenceSummary(*plan)).toJson(QJsonDocument::Compact);
    QCOMPARE(plan->summaryJsonBytes(), expected);
    QCOMPARE(plan->summaryJson(), referenceSummary(*plan));
    // Explain's candidates are the same objects.
    const QJsonArray listed = plan->toJson().value(QLatin1String("candidates")).toArray();
    QCOMPARE(listed.size(), plan->candidates.size());
    for (qsizetype i = 0; i < listed.size(); ++i)
        QCOMPARE(listed.at(i).toObject(), referenceCandidate(plan->candidates.at(i)));
}

QTEST_GUILESS_MAIN(TestScorer)
#include "tst_scorer.moc"
