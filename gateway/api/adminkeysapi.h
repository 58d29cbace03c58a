// SPDX-License-Identifier: MIT
#pragma once

#include "http/httpexchange.h"

#include <QJsonObject>
#include <QPointer>
#include <QString>

#include <optional>

class AccessControl;
class HttpServer;

/**
 * @brief The admin API of virtual keys and budgets (ARCHITECTURE §4), every route behind
 * AdminAuth::check:
 * POST /api/admin/keys (201, the only answer that shows the key), GET /api/admin/keys,
 * GET|PATCH|DELETE /api/admin/keys/{id}, GET /api/admin/keys/{id}/usage?days=N,
 * GET /api/budget, PUT /api/admin/budget (saved to the config file).
 *
 * Answers that change something are sent once the change is committed to the store.
 */
class AdminKeysApi
{
public:
    /// @p configPath: the config file PUT /api/admin/budget patches (empty: live change only).
    AdminKeysApi(AccessControl &access, QString adminKey, QString configPath);
    void registerRoutes(HttpServer &server);

private:
    bool authorized(const ExchangePtr &ex) const;
    /// The JSON object body of an authorized request; nullopt when already answered (401, 400).
    std::optional<QJsonObject> authorizedBody(const ExchangePtr &ex) const;
    void create(const ExchangePtr &ex);
    void list(const ExchangePtr &ex);
    void get(const ExchangePtr &ex);
    void patch(const ExchangePtr &ex);
    void remove(const ExchangePtr &ex);
    void usage(const ExchangePtr &ex);
    void budget(const ExchangePtr &ex);
    void putBudget(const ExchangePtr &ex);

    QPointer<AccessControl> m_access;
    QString m_adminKey;
    QString m_configPath;
};
