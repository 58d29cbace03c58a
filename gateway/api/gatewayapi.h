// SPDX-License-Identifier: MIT
#pragma once

#include "http/httpexchange.h"

#include <QElapsedTimer>

class HttpServer;
class ProviderRegistry;
class SecretStore;
class Store;

/**
 * @brief The gateway's own endpoints: GET /health, GET|HEAD / (a liveness answer that needs no
 * key), and the /api/... read endpoints (request logs).
 */
class GatewayApi
{
public:
    GatewayApi(const ProviderRegistry &providers, Store &store);
    void registerRoutes(HttpServer &server);
    void setDraining(bool draining) { m_draining = draining; }
    /// The secret store whose state /health reports (a missing or locked keychain).
    void setSecrets(const SecretStore *secrets) { m_secrets = secrets; }

    [[nodiscard]] QJsonObject health() const;
    void logs(const ExchangePtr &exchange);

private:
    const ProviderRegistry &m_providers;
    Store &m_store;
    const SecretStore *m_secrets = nullptr;
    QElapsedTimer m_uptime;
    bool m_draining = false;
};
