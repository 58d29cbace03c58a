// SPDX-License-Identifier: MIT
#include "api/gatewayapi.h"

#include "http/errorenvelope.h"
#include "http/httpserver.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "secrets/secretstore.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>

GatewayApi::GatewayApi(const ProviderRegistry &providers, Store &store)
    : m_providers(providers)
    , m_store(store)
{
    m_uptime.start();
}

void GatewayApi::registerRoutes(HttpServer &server)
{
    server.route("GET", QStringLiteral("/health"), [this](const ExchangePtr &ex) {
        const QJsonObject h = health();
        const bool ok = h.value(QLatin1String("status")).toString() == QLatin1String("ok");
        ex->respond(ok ? 200 : 503, "application/json", QJsonDocument(h).toJson(QJsonDocument::Compact));
    });
    server.route("GET", QStringLiteral("/"), [](const ExchangePtr &ex) {
        ex->respond(200, "application/json",
            QByteArray(R"({"name":"switchyard","version":")") + SWITCHYARD_VERSION
                + R"(","openai_base_url":"/v1","health":"/health"})");
    });
    server.route("GET", QStringLiteral("/api/logs"), [this](const ExchangePtr &ex) { logs(ex); });
}

QJsonObject GatewayApi::health() const
{
    QJsonArray providers;
    for (Provider *p : m_providers.providers()) {
        QJsonObject o = p->health();
        o.insert(QLatin1String("id"), p->id());
        o.insert(QLatin1String("type"), p->type());
        o.insert(QLatin1String("models"), int(p->models().size()));
        providers.append(o);
    }
    for (auto it = m_providers.problems().constBegin(); it != m_providers.problems().constEnd(); ++it)
        providers.append(QJsonObject {{QLatin1String("id"), it.key()},
            {QLatin1String("status"), QStringLiteral("error")}, {QLatin1String("message"), it.value()}});
    const bool storeOk = m_store.isOpen() && m_store.lastError().isEmpty();
    QJsonObject store {{QLatin1String("status"), storeOk ? QStringLiteral("ok") : QStringLiteral("error")},
        {QLatin1String("driver"), QStringLiteral("sqlite")},
        {QLatin1String("rows_committed"), qint64(m_store.committedRows())}};
    if (!m_store.lastError().isEmpty())
        store.insert(QLatin1String("message"), m_store.lastError());
    // A keychain that providers need but cannot reach degrades the gateway (reported, never
    // replaced by a file); one nobody uses is only reported.
    const bool secretsNeeded = m_secrets && m_providers.usesSecrets();
    const bool secretsOk = !secretsNeeded
        || (m_secrets->state() != SecretStore::State::Unavailable
            && m_secrets->state() != SecretStore::State::Locked);
    QJsonObject secrets
        = m_secrets ? m_secrets->health() : QJsonObject {{QLatin1String("status"), QStringLiteral("none")}};
    secrets.insert(QLatin1String("used"), secretsNeeded);
    const QString status = m_draining
        ? QStringLiteral("draining")
        : (m_store.isOpen() && secretsOk ? QStringLiteral("ok") : QStringLiteral("degraded"));
    return {{QLatin1String("status"), status}, {QLatin1String("version"), QStringLiteral(SWITCHYARD_VERSION)},
        {QLatin1String("secrets"), secrets}, {QLatin1String("uptime_s"), double(m_uptime.elapsed()) / 1000.0},
        {QLatin1String("engine"),
            QJsonObject {
                {QLatin1String("status"), m_draining ? QStringLiteral("draining") : QStringLiteral("ok")}}},
        {QLatin1String("store"), store}, {QLatin1String("providers"), providers}};
}

static QJsonObject rowJson(const RequestLogRow &r)
{
    return {{QLatin1String("id"), r.id}, {QLatin1String("time_ms"), r.timeMs},
        {QLatin1String("key_id"), r.keyId}, {QLatin1String("endpoint"), r.endpoint},
        {QLatin1String("model_requested"), r.modelRequested}, {QLatin1String("model_served"), r.modelServed},
        {QLatin1String("provider"), r.provider}, {QLatin1String("status"), r.status},
        {QLatin1String("prompt_tokens"), r.promptTokens},
        {QLatin1String("completion_tokens"), r.completionTokens},
        {QLatin1String("cached_tokens"), r.cachedTokens}, {QLatin1String("cost_usd"), r.costUsd},
        {QLatin1String("latency_ms"), r.latencyMs},
        {QLatin1String("ttft_ms"), r.ttftMs < 0 ? QJsonValue() : QJsonValue(r.ttftMs)},
        {QLatin1String("overhead_ms"), r.overheadMs}, {QLatin1String("streamed"), r.streamed},
        {QLatin1String("error"), r.error.isEmpty() ? QJsonValue() : QJsonValue(r.error)},
        {QLatin1String("routing_decision"), r.routingDecision},
        {QLatin1String("message"), r.message.isEmpty() ? QJsonValue() : QJsonValue(r.message)}};
}

void GatewayApi::logs(const ExchangePtr &ex)
{
    const QUrlQuery &q = ex->request().query;
    bool ok = true;
    int limit = 50;
    int offset = 0;
    if (q.hasQueryItem(QStringLiteral("limit")))
        limit = q.queryItemValue(QStringLiteral("limit")).toInt(&ok);
    if (ok && q.hasQueryItem(QStringLiteral("offset")))
        offset = q.queryItemValue(QStringLiteral("offset")).toInt(&ok);
    if (!ok || limit < 1 || limit > 1000 || offset < 0) {
        ErrorEnvelope::respondOpenAI(*ex,
            GatewayError::invalidRequest(QStringLiteral("'limit' must be 1-1000 and 'offset' >= 0."),
                QStringLiteral("limit"), QStringLiteral("invalid_value")));
        return;
    }
    m_store.recentLogs(limit, offset, [ex, limit, offset](const QList<RequestLogRow> &rows, qint64 total) {
        QJsonArray data;
        for (const RequestLogRow &r : rows)
            data.append(rowJson(r));
        const QJsonObject out {{QLatin1String("object"), QStringLiteral("list")},
            {QLatin1String("data"), data}, {QLatin1String("total"), total}, {QLatin1String("limit"), limit},
            {QLatin1String("offset"), offset}, {QLatin1String("has_more"), offset + rows.size() < total}};
        ex->respond(200, "application/json", QJsonDocument(out).toJson(QJsonDocument::Compact));
    });
}
