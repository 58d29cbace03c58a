// SPDX-License-Identifier: MIT
#pragma once

#include "http/httpexchange.h"

#include <QJsonDocument>

#include <functional>

class ConfigEditor;
class HttpServer;
struct Config;

/**
 * @brief The admin API for routing and providers (Bearer server.adminKey, AdminAuth):
 * GET|PUT /api/admin/routing (the config's `routing` object), GET|PUT /api/admin/providers (its
 * `providers` array, keys masked) and POST /api/admin/providers/test (probe an entry without
 * saving it). A PUT is validated, saved atomically and applies to the next request; it goes
 * through the same ConfigEditor as the desktop UI.
 */
class AdminApi
{
public:
    AdminApi(ConfigEditor &editor, const Config &config);
    void registerRoutes(HttpServer &server);

private:
    bool authorised(const ExchangePtr &exchange);
    /// A PUT: authorise, parse (an object or an array), apply, answer the new state or the 400.
    void put(const ExchangePtr &exchange, bool array,
        const std::function<bool(const QJsonDocument &, QString *)> &apply,
        const std::function<QJsonDocument()> &current);

    ConfigEditor &m_editor;
    const Config &m_config;
};
