// SPDX-License-Identifier: MIT
#pragma once

#include "http/httpexchange.h"

#include <QJsonObject>

class HttpServer;
class Pipeline;
class Provider;
class ProviderMonitor;
class ProviderRegistry;
class Router;
class Store;
struct Config;
struct ProviderHealth;

/**
 * @brief The routing and reliability read endpoints: POST /api/route/explain (where a request
 * would go, and why, without calling anyone), POST /api/route/preview and /api/route/whatif (the
 * Routing screen's computations under edited settings), GET /api/providers (health, circuit,
 * latency, error rate, models of each provider) and GET /api/circuit-breakers.
 */
class RoutingApi
{
public:
    RoutingApi(Pipeline &pipeline, const Router &router, const ProviderRegistry &providers,
        const Config &config, Store &store);
    void registerRoutes(HttpServer &server);

    void explain(const ExchangePtr &exchange);
    void preview(const ExchangePtr &exchange);
    void whatIf(const ExchangePtr &exchange);
    void providers(const ExchangePtr &exchange);
    void circuitBreakers(const ExchangePtr &exchange);

    /// One provider's live state, as GET /api/providers lists it.
    static QJsonObject providerStatus(
        const Provider &provider, const ProviderHealth &health, const ProviderMonitor &monitor, qint64 nowMs);
    /// One circuit, as GET /api/circuit-breakers lists it (with the provider's models paused by a 429).
    static QJsonObject circuitStatus(const QString &providerId, const ProviderHealth &health,
        const ProviderMonitor &monitor, qint64 nowMs);

private:
    Pipeline &m_pipeline;
    const Router &m_router;
    const ProviderRegistry &m_providers;
    const Config &m_config;
    Store &m_store;
};
