// SPDX-License-Identifier: MIT
#include "api/adminapi.h"

#include "api/adminauth.h"
#include "engine/config.h"
#include "engine/configeditor.h"
#include "http/errorenvelope.h"
#include "http/httpserver.h"
#include "protocol/chatrequest.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace {

void respondJson(const ExchangePtr &ex, int status, const QJsonDocument &doc)
{
    ex->respond(status, "application/json", doc.toJson(QJsonDocument::Compact));
}

GatewayError invalidConfig(const QString &message)
{
    return GatewayError::invalidRequest(message, {}, QStringLiteral("invalid_config"));
}

/// The request body as a JSON document of the expected kind, or the 400 to answer.
std::optional<QJsonDocument> body(const ExchangePtr &ex, bool wantArray, GatewayError *error)
{
    auto doc = parseJsonBody(ex->request().body, error);
    if (doc && (wantArray ? !doc->isArray() : !doc->isObject())) {
        *error = invalidConfig(wantArray
                ? QStringLiteral("Expected the providers array (as in the config file).")
                : QStringLiteral("Expected a JSON object."));
        return std::nullopt;
    }
    return doc;
}

} // namespace

AdminApi::AdminApi(ConfigEditor &editor, const Config &config)
    : m_editor(editor)
    , m_config(config)
{ }

void AdminApi::put(const ExchangePtr &ex, bool array,
    const std::function<bool(const QJsonDocument &, QString *)> &apply,
    const std::function<QJsonDocument()> &current)
{
    if (!authorised(ex))
        return;
    GatewayError error;
    const auto doc = body(ex, array, &error);
    if (!doc) {
        ErrorEnvelope::respondOpenAI(*ex, error);
        return;
    }
    QString problem;
    if (!apply(*doc, &problem)) {
        ErrorEnvelope::respondOpenAI(*ex, invalidConfig(problem));
        return;
    }
    respondJson(ex, 200, current());
}

bool AdminApi::authorised(const ExchangePtr &ex)
{
    if (auto refused = AdminAuth::check(ex->request(), m_config.server.adminKey)) {
        ErrorEnvelope::respondOpenAI(*ex, *refused);
        return false;
    }
    return true;
}

void AdminApi::registerRoutes(HttpServer &server)
{
    server.route("GET", QStringLiteral("/api/admin/routing"), [this](const ExchangePtr &ex) {
        if (authorised(ex))
            respondJson(ex, 200, QJsonDocument(m_editor.routing()));
    });
    server.route("PUT", QStringLiteral("/api/admin/routing"), [this](const ExchangePtr &ex) {
        put(
            ex, false,
            [this](const QJsonDocument &doc, QString *error) {
                return m_editor.setRouting(doc.object(), error);
            },
            [this] { return QJsonDocument(m_editor.routing()); });
    });
    server.route("GET", QStringLiteral("/api/admin/providers"), [this](const ExchangePtr &ex) {
        if (authorised(ex))
            respondJson(ex, 200, QJsonDocument(m_editor.providers()));
    });
    server.route("PUT", QStringLiteral("/api/admin/providers"), [this](const ExchangePtr &ex) {
        put(
            ex, true,
            [this](const QJsonDocument &doc, QString *error) {
                return m_editor.setProviders(doc.array(), error);
            },
            [this] { return QJsonDocument(m_editor.providers()); });
    });
    server.route("POST", QStringLiteral("/api/admin/providers/test"), [this](const ExchangePtr &ex) {
        if (!authorised(ex))
            return;
        GatewayError error;
        const auto doc = body(ex, false, &error);
        if (!doc) {
            ErrorEnvelope::respondOpenAI(*ex, error);
            return;
        }
        QString problem;
        const auto provider = m_editor.parseProvider(doc->object(), &problem);
        if (!provider) {
            ErrorEnvelope::respondOpenAI(*ex, invalidConfig(problem));
            return;
        }
        m_editor.testProvider(*provider, [ex](const ProbeResult &r) {
            QJsonObject out {{QLatin1String("ok"), r.healthy()}, {QLatin1String("reachable"), r.reachable},
                {QLatin1String("status"), r.status},
                {QLatin1String("latency_ms"), std::round(r.latencyMs * 10) / 10},
                {QLatin1String("models"), QJsonArray::fromStringList(r.models)}};
            if (!r.message.isEmpty())
                out.insert(QLatin1String("message"), r.message);
            respondJson(ex, 200, QJsonDocument(out));
        });
    });
}
