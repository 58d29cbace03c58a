// SPDX-License-Identifier: MIT
// A small catalog and two providers with known prices, shared by the routing tests, so their
// expectations do not move when resources/models.json is updated.
#pragma once

#include "protocol/chatrequest.h"
#include "providers/providerregistry.h"
#include "providers/upstreamclient.h"
#include "reliability/providermonitor.h"
#include "routing/catalog.h"
#include "routing/router.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>

class RoutingFixture
{
public:
    static QByteArray catalogJson()
    {
        return R"({"models": [
          {"id": "tiny",       "inputPer1M": 0.05, "outputPer1M": 0.2, "quality": 55, "contextWindow": 16384,   "capabilities": ["tools", "json"], "typicalTtftMs": 150},
          {"id": "fast-small", "inputPer1M": 0.1,  "outputPer1M": 0.1, "quality": 62, "contextWindow": 131072,  "capabilities": ["tools", "json"], "typicalTtftMs": 80},
          {"id": "mid",        "inputPer1M": 0.4,  "outputPer1M": 1.6, "quality": 78, "contextWindow": 128000,  "capabilities": ["tools", "json", "vision"], "typicalTtftMs": 450},
          {"id": "big",        "inputPer1M": 3.0,  "outputPer1M": 15,  "quality": 93, "contextWindow": 200000,  "capabilities": ["tools", "json", "vision", "reasoning"], "typicalTtftMs": 1200},
          {"id": "long",       "inputPer1M": 1.25, "outputPer1M": 5,   "quality": 85, "contextWindow": 1048576, "capabilities": ["tools", "json", "vision"], "typicalTtftMs": 1500},
          {"id": "embed-s",    "inputPer1M": 0.02, "outputPer1M": 0,   "quality": 70, "contextWindow": 8191,    "capabilities": ["embedding"], "typicalTtftMs": 100},
          {"id": "local-7b",   "inputPer1M": 0,    "outputPer1M": 0,   "quality": 60, "contextWindow": 32768,   "capabilities": ["tools", "json"], "typicalTtftMs": 300},
          {"id": "mock-fast",  "inputPer1M": 0.05, "outputPer1M": 0.2, "quality": 40, "contextWindow": 32768,   "capabilities": ["tools", "json"], "typicalTtftMs": 15}
        ]})";
    }

    static ProviderConfig provider(
        const QString &id, const QString &baseUrl, const QStringList &models, int weight = 1)
    {
        ProviderConfig p;
        p.id = id;
        p.type = QStringLiteral("openai");
        p.baseUrl = baseUrl;
        p.models = models;
        p.weight = weight;
        return p;
    }

    /// "cloud" serves the cloud models, "local" (on 127.0.0.1) serves local-7b; @p extra adds more.
    static QList<ProviderConfig> standardProviders(const QList<ProviderConfig> &extra = {})
    {
        QList<ProviderConfig> list {
            provider(QStringLiteral("cloud"), QStringLiteral("https://api.cloud.test/v1"),
                {QStringLiteral("tiny"), QStringLiteral("fast-small"), QStringLiteral("mid"),
                    QStringLiteral("big"), QStringLiteral("long"), QStringLiteral("embed-s")}),
            provider(QStringLiteral("local"), QStringLiteral("http://127.0.0.1:9/v1"),
                {QStringLiteral("local-7b")})};
        list += extra;
        return list;
    }

    explicit RoutingFixture(const QList<ProviderConfig> &providers = standardProviders())
    {
        QString error;
        if (!catalog.loadFrom(catalogJson(), {}, &error))
            qFatal("catalog: %s", qPrintable(error));
        registry = std::make_unique<ProviderRegistry>(catalog, &client);
        registry->configure(providers);
        router = std::make_unique<Router>(catalog, *registry, &monitor);
    }

    void setRouting(const RoutingConfig &config)
    {
        monitor.setConfig(config.circuitBreaker);
        router->setConfig(config);
    }

    static std::shared_ptr<ChatRequest> chat(const QString &text, const QJsonObject &extra = {})
    {
        QJsonObject body {{QLatin1String("model"), QStringLiteral("auto")},
            {QLatin1String("messages"),
                QJsonArray {QJsonObject {
                    {QLatin1String("role"), QStringLiteral("user")}, {QLatin1String("content"), text}}}}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            body.insert(it.key(), it.value());
        GatewayError error;
        auto r = ChatRequest::fromOpenAIObject(body, &error);
        if (!r)
            qFatal("bad test request: %s", qPrintable(error.message));
        return std::make_shared<ChatRequest>(std::move(*r));
    }

    /// The plan for @p model; fails the test when there is none.
    std::optional<RoutePlan> plan(const QString &model, const ChatRequest *request, RouteRequest r = {})
    {
        r.model = model;
        r.chat = request;
        GatewayError error;
        auto p = router->plan(r, &error);
        if (!p)
            qWarning("no plan: %s", qPrintable(error.message));
        return p;
    }

    Catalog catalog;
    UpstreamClient client;
    ProviderMonitor monitor;
    std::unique_ptr<ProviderRegistry> registry;
    std::unique_ptr<Router> router;
};
