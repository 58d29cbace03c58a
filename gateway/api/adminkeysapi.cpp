// SPDX-License-Identifier: MIT
#include "api/adminkeysapi.h"

#include "api/adminauth.h"
#include "engine/configfile.h"
#include "http/errorenvelope.h"
#include "http/httpserver.h"
#include "keys/accesscontrol.h"
#include "protocol/chatrequest.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

void respondJson(const ExchangePtr &ex, int status, const QJsonObject &body)
{
    ex->respond(status, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact));
}

GatewayError storeFailed(const QString &error)
{
    return GatewayError::internal(QStringLiteral("The change could not be saved: %1").arg(error));
}

AccessControl::KeyAnswer answer(const ExchangePtr &ex, int status)
{
    return [ex, status](const std::optional<GatewayError> &error, const QJsonObject &key) {
        if (error)
            ErrorEnvelope::respondOpenAI(*ex, *error);
        else
            respondJson(ex, status, key);
    };
}

GatewayError keyNotFound(const QString &id)
{
    return GatewayError::notFound(
        QStringLiteral("No key with id '%1'.").arg(id), QStringLiteral("key_not_found"));
}

} // namespace

AdminKeysApi::AdminKeysApi(AccessControl &access, QString adminKey, QString configPath)
    : m_access(&access)
    , m_adminKey(std::move(adminKey))
    , m_configPath(std::move(configPath))
{ }

void AdminKeysApi::registerRoutes(HttpServer &server)
{
    server.route("POST", QStringLiteral("/api/admin/keys"), [this](const ExchangePtr &ex) { create(ex); });
    server.route("GET", QStringLiteral("/api/admin/keys"), [this](const ExchangePtr &ex) { list(ex); });
    server.route("GET", QStringLiteral("/api/admin/keys/{id}"), [this](const ExchangePtr &ex) { get(ex); });
    server.route(
        "PATCH", QStringLiteral("/api/admin/keys/{id}"), [this](const ExchangePtr &ex) { patch(ex); });
    server.route(
        "DELETE", QStringLiteral("/api/admin/keys/{id}"), [this](const ExchangePtr &ex) { remove(ex); });
    server.route(
        "GET", QStringLiteral("/api/admin/keys/{id}/usage"), [this](const ExchangePtr &ex) { usage(ex); });
    server.route("GET", QStringLiteral("/api/budget"), [this](const ExchangePtr &ex) { budget(ex); });
    server.route(
        "PUT", QStringLiteral("/api/admin/budget"), [this](const ExchangePtr &ex) { putBudget(ex); });
}

bool AdminKeysApi::authorized(const ExchangePtr &ex) const
{
    if (auto refused = AdminAuth::check(ex->request(), m_adminKey)) {
        ErrorEnvelope::respondOpenAI(*ex, *refused);
        return false;
    }
    if (!m_access) {
        ErrorEnvelope::respondOpenAI(
            *ex, GatewayError::internal(QStringLiteral("The engine is shutting down.")));
        return false;
    }
    return true;
}

std::optional<QJsonObject> AdminKeysApi::authorizedBody(const ExchangePtr &ex) const
{
    if (!authorized(ex))
        return std::nullopt;
    GatewayError error;
    auto body = parseJsonObjectBody(ex->request().body, &error);
    if (!body)
        ErrorEnvelope::respondOpenAI(*ex, error);
    return body;
}

void AdminKeysApi::create(const ExchangePtr &ex)
{
    const auto body = authorizedBody(ex);
    if (!body)
        return;
    m_access->createKey(*body, answer(ex, 201));
}

void AdminKeysApi::list(const ExchangePtr &ex)
{
    if (!authorized(ex))
        return;
    QJsonArray data;
    for (const auto &key : m_access->keys().keys())
        data.append(m_access->keyJson(*key));
    respondJson(ex, 200, {{QLatin1String("object"), QStringLiteral("list")}, {QLatin1String("data"), data}});
}

void AdminKeysApi::get(const ExchangePtr &ex)
{
    if (!authorized(ex))
        return;
    const QString id = ex->request().pathArgs.value(0);
    const auto key = m_access->keys().byId(id);
    if (!key) {
        ErrorEnvelope::respondOpenAI(*ex, keyNotFound(id));
        return;
    }
    respondJson(ex, 200, m_access->keyJson(*key));
}

void AdminKeysApi::patch(const ExchangePtr &ex)
{
    const auto body = authorizedBody(ex);
    if (!body)
        return;
    m_access->updateKey(ex->request().pathArgs.value(0), *body, answer(ex, 200));
}

void AdminKeysApi::remove(const ExchangePtr &ex)
{
    if (!authorized(ex))
        return;
    m_access->removeKey(ex->request().pathArgs.value(0), answer(ex, 200));
}

void AdminKeysApi::usage(const ExchangePtr &ex)
{
    if (!authorized(ex))
        return;
    const QString id = ex->request().pathArgs.value(0);
    if (!m_access->keys().byId(id) && id != AccessControl::localScope()
        && id != AccessControl::globalScope()) {
        ErrorEnvelope::respondOpenAI(*ex, keyNotFound(id));
        return;
    }
    bool ok = true;
    int days = 30;
    if (ex->request().query.hasQueryItem(QStringLiteral("days")))
        days = ex->request().query.queryItemValue(QStringLiteral("days")).toInt(&ok);
    if (!ok || days < 1 || days > BudgetLedger::KeepDays) {
        ErrorEnvelope::respondOpenAI(*ex,
            GatewayError::invalidRequest(QStringLiteral("'days' must be 1-%1.").arg(BudgetLedger::KeepDays),
                QStringLiteral("days"), QStringLiteral("invalid_value")));
        return;
    }
    respondJson(ex, 200,
        {{QLatin1String("object"), QStringLiteral("list")}, {QLatin1String("id"), id},
            {QLatin1String("data"), m_access->usageJson(id, days)}});
}

void AdminKeysApi::budget(const ExchangePtr &ex)
{
    if (!authorized(ex))
        return;
    respondJson(ex, 200, m_access->budgetJson());
}

void AdminKeysApi::putBudget(const ExchangePtr &ex)
{
    const auto body = authorizedBody(ex);
    if (!body)
        return;
    // Merge into the file's `budgets` as written (references stay references), validate the whole.
    QString fileError;
    QJsonObject budgets;
    if (!m_configPath.isEmpty())
        budgets = ConfigFile::get(m_configPath, {QStringLiteral("budgets")}, &fileError).toObject();
    for (auto it = body->constBegin(); it != body->constEnd(); ++it)
        budgets.insert(it.key(), it.value());
    QString parseError;
    const auto parsed = Config::parse(
        QJsonDocument(QJsonObject {{QLatin1String("budgets"), budgets}}).toJson(), &parseError);
    if (!parsed) {
        ErrorEnvelope::respondOpenAI(*ex,
            GatewayError::invalidRequest(
                parseError, QStringLiteral("budgets"), QStringLiteral("invalid_budget")));
        return;
    }
    if (!m_configPath.isEmpty()
        && !ConfigFile::set(m_configPath, {QStringLiteral("budgets")}, budgets, &fileError)) {
        ErrorEnvelope::respondOpenAI(*ex, storeFailed(fileError));
        return;
    }
    m_access->setBudgets(parsed->budgets);
    QJsonObject out = m_access->budgetJson();
    out.insert(QLatin1String("saved"), !m_configPath.isEmpty());
    respondJson(ex, 200, out);
}
