// SPDX-License-Identifier: MIT
// Micro benchmark of what routing costs one request, in process: the catalog of bench/run.sh's
// routing case (20 providers x 10 models, prices, quality, context windows and capabilities
// spread the same way), then, for a few representative requests, the route stage's work timed
// one request at a time: classify + score + plan (Router::plan, as RouteStage calls it), and
// what the answer reports about it (x-gateway's `route` object and the log row's route profile).
// An explicit model on the same router is the reference. No sockets, no timed asserts: it prints
// ns per route at p50/p99 (bench/README.md, "Routing micro benchmark").
#include "engine/config.h"
#include "protocol/chatrequest.h"
#include "providers/providerregistry.h"
#include "providers/upstreamclient.h"
#include "reliability/providermonitor.h"
#include "routing/catalog.h"
#include "routing/router.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace {

/// The routing case's config (bench/run.sh case_routing), built the same way.
QByteArray benchConfig()
{
    QByteArray json = R"({ "server": { "host": "127.0.0.1", "port": 0 }, "providers": [)";
    for (int p = 0; p < 20; ++p) {
        QByteArrayList models;
        for (int m = 0; m < 10; ++m)
            models << "\"bench-m" + QByteArray::number(p * 10 + m).rightJustified(3, '0') + '"';
        if (p > 0)
            json += ',';
        json += R"({ "id": "p)" + QByteArray::number(p).rightJustified(2, '0')
            + R"(", "type": "openai", "baseUrl": "http://127.0.0.1:9/v1", "apiKey": "sk-bench", "models": [)"
            + models.join(',') + "] }";
    }
    json += R"(], "models": [)";
    for (int i = 0; i < 200; ++i) {
        QByteArray caps = R"("tools")";
        if (i % 3 == 0)
            caps = R"("tools", "vision")";
        if (i % 7 == 0)
            caps = R"("json")";
        if (i > 0)
            json += ',';
        json += R"({ "id": "bench-m)" + QByteArray::number(i).rightJustified(3, '0') + R"(", "provider": "p)"
            + QByteArray::number(i / 10).rightJustified(2, '0') + R"(", "inputPer1M": )"
            + QByteArray::number(0.05 + (i % 40) * 0.25, 'f', 2) + R"(, "outputPer1M": )"
            + QByteArray::number(0.2 + (i % 40) * 1.0, 'f', 2) + R"(, "quality": )"
            + QByteArray::number(35 + (i * 37) % 60) + R"(, "contextWindow": )"
            + QByteArray::number(8192 * (1 + i % 16)) + R"(, "capabilities": [)" + caps + "] }";
    }
    json
        += R"(], "routing": { "strategy": "balanced", "healthCheckIntervalMs": 0, "defaultModel": "bench-m000" } })";
    return json;
}

QJsonObject message(const char *role, const QString &content)
{
    return {{QLatin1String("role"), QLatin1String(role)}, {QLatin1String("content"), content}};
}

struct Sample
{
    const char *name;
    QJsonObject body;
};

/// Representative requests: the load benchmark's chat, small talk, a code prompt, tools, long context.
std::vector<Sample> samples()
{
    std::vector<Sample> out;
    const auto auto_ = [](QJsonArray messages, QJsonObject extra = {}) {
        extra.insert(QLatin1String("model"), QStringLiteral("auto"));
        extra.insert(QLatin1String("messages"), messages);
        return extra;
    };
    out.push_back({"chat (bench body)",
        auto_(
            QJsonArray {message("system",
                            QStringLiteral("You are a concise assistant for a benchmark. Answer in one short "
                                           "sentence and never use lists.")),
                message("user",
                    QStringLiteral("What is the capital of France, and what river runs through it? "
                                   "Please keep the answer brief.")),
                message("assistant",
                    QStringLiteral("The capital of France is Paris, and the Seine runs through it.")),
                message("user",
                    QStringLiteral("Thanks. Now name one famous museum there and say in a few words what it "
                                   "is best known for, please."))},
            QJsonObject {{QLatin1String("temperature"), 0.2}, {QLatin1String("max_tokens"), 64},
                {QLatin1String("user"), QStringLiteral("bench-user-0001")}})});
    out.push_back({"short chat", auto_(QJsonArray {message("user", QStringLiteral("hi there, thanks!"))})});
    out.push_back({"code prompt",
        auto_(QJsonArray {message("user",
            QStringLiteral(
                "Refactor this Python function so it does not recurse, and explain the bug:\n"
                "```python\ndef fact(n):\n    if n == 0: return 1\n    return n * fact(n - 1)\n```\n"
                "It raises RecursionError in the traceback for big inputs."))})});
    const QJsonObject tool {{QLatin1String("type"), QStringLiteral("function")},
        {QLatin1String("function"),
            QJsonObject {{QLatin1String("name"), QStringLiteral("get_weather")},
                {QLatin1String("description"), QStringLiteral("Current weather for a city")},
                {QLatin1String("parameters"),
                    QJsonObject {{QLatin1String("type"), QStringLiteral("object")},
                        {QLatin1String("properties"),
                            QJsonObject {{QLatin1String("city"),
                                QJsonObject {{QLatin1String("type"), QStringLiteral("string")}}}}}}}}}};
    out.push_back({"tools",
        auto_(QJsonArray {message("user", QStringLiteral("What is the weather in Paris right now?"))},
            QJsonObject {{QLatin1String("tools"), QJsonArray {tool}}})});
    QString longText;
    for (int i = 0; i < 1500; ++i)
        longText
            += QStringLiteral("Section %1 of the report describes the quarterly figures in detail. ").arg(i);
    longText += QStringLiteral("Summarise the whole report in five bullet points.");
    out.push_back({"long context", auto_(QJsonArray {message("user", longText)})});
    return out;
}

struct Timing
{
    std::vector<qint64> plan; ///< Router::plan: classify + score + plan
    std::vector<qint64> report; ///< x-gateway route object + log row profile
    std::vector<qint64> total;
};

qint64 percentile(std::vector<qint64> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(q * double(v.size())))];
}

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

volatile qsizetype g_sink = 0; ///< keeps the reported bytes alive

Timing run(const Router &router, const ChatRequest &chat, int iterations)
{
    static const QStringList noAllowedModels;
    RouteRequest request;
    request.model = chat.model;
    request.chat = &chat;
    request.allowedModels = &noAllowedModels;
    Timing t;
    t.plan.reserve(size_t(iterations));
    t.report.reserve(size_t(iterations));
    t.total.reserve(size_t(iterations));
    for (int i = 0; i < iterations; ++i) {
        const qint64 start = nowNs();
        GatewayError error;
        const auto plan = router.plan(request, &error);
        const qint64 planned = nowNs();
        if (!plan)
            qFatal("no plan for %s: %s", qPrintable(chat.model), qPrintable(error.message));
        qsizetype bytes = plan->candidates.first().reason.size();
        if (plan->scored) {
            // What RequestContext::gatewayMetaJson and RecordStage::toRow make of it.
            bytes += plan->summaryJsonBytes().size();
            bytes += plan->profile.toCompact().size();
        }
        const qint64 reported = nowNs();
        g_sink = g_sink + bytes;
        t.plan.push_back(planned - start);
        t.report.push_back(reported - planned);
        t.total.push_back(reported - start);
    }
    return t;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Times Router::plan for model auto over bench/run.sh's 200-deployment catalog, per request."));
    parser.addHelpOption();
    const QCommandLineOption iterationsOption(QStringLiteral("iterations"),
        QStringLiteral("Routes per request kind (default 20000)."), QStringLiteral("n"),
        QStringLiteral("20000"));
    const QCommandLineOption onlyOption(QStringLiteral("only"),
        QStringLiteral("Only the request kinds whose name contains this (e.g. chat)."),
        QStringLiteral("text"));
    parser.addOptions({iterationsOption, onlyOption});
    parser.process(app);
    const int iterations = qMax(10, parser.value(iterationsOption).toInt());
    const QString only = parser.value(onlyOption);

    QString error;
    const auto config = Config::parse(benchConfig(), &error);
    if (!config)
        qFatal("config: %s", qPrintable(error));
    Catalog catalog;
    if (!catalog.load(config->models, &error))
        qFatal("catalog: %s", qPrintable(error));
    UpstreamClient client;
    ProviderRegistry registry(catalog, &client);
    registry.configure(config->providers);
    ProviderMonitor monitor;
    monitor.setConfig(config->routing.circuitBreaker);
    Router router(catalog, registry, &monitor);
    router.setConfig(config->routing);

    std::printf(
        "%d deployments, %d routes per request kind (ns per route)\n", router.deploymentCount(), iterations);
    std::printf("%-20s %10s %10s %10s %10s %10s %10s %s\n", "request", "plan p50", "plan p99", "report p50",
        "total p50", "total p99", "scored", "winner");
    std::vector<Sample> list = samples();
    list.push_back({"explicit bench-m000", list.front().body});
    list.back().body.insert(QLatin1String("model"), QStringLiteral("bench-m000"));
    for (const Sample &s : list) {
        if (!only.isEmpty() && !QString::fromLatin1(s.name).contains(only))
            continue;
        GatewayError e;
        const auto chat = ChatRequest::fromOpenAIObject(s.body, &e);
        if (!chat)
            qFatal("bad request %s: %s", s.name, qPrintable(e.message));
        run(router, *chat, qMax(10, iterations / 10)); // warm-up
        const Timing t = run(router, *chat, iterations);
        GatewayError planError;
        RouteRequest request;
        request.model = chat->model;
        request.chat = &*chat;
        const auto plan = router.plan(request, &planError);
        std::printf("%-20s %10lld %10lld %10lld %10lld %10lld %10d %s\n", s.name, percentile(t.plan, 0.5),
            percentile(t.plan, 0.99), percentile(t.report, 0.5), percentile(t.total, 0.5),
            percentile(t.total, 0.99), plan->considered, qPrintable(plan->candidates.first().model));
    }
    return 0;
}
