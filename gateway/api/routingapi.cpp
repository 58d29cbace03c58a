// SPDX-License-Identifier: MIT
#include "api/routingapi.h"

#include "api/ingress.h"
#include "engine/config.h"
#include "http/errorenvelope.h"
#include "http/httpserver.h"
#include "pipeline/pipeline.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "reliability/providermonitor.h"
#include "routing/router.h"
#include "routing/routingpreview.h"
#include "routing/whatifreplay.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace {

void respondJson(const ExchangePtr &ex, int status, const QJsonObject &o)
{
    ex->respond(status, "application/json", QJsonDocument(o).toJson(QJsonDocument::Compact));
}

double r1(double v)
{
    return std::round(v * 10) / 10;
}

QJsonObject percentiles(const Percentiles &p, double ewma)
{
    return {{QLatin1String("p50_ms"), r1(p.p50)}, {QLatin1String("p95_ms"), r1(p.p95)},
        {QLatin1String("ewma_ms"), r1(ewma)}, {QLatin1String("samples"), p.count}};
}

/// The optional edited `routing` object of a preview or what-if body; the applied one when absent.
std::optional<RoutingConfig> editedRouting(
    const QJsonObject &body, const RoutingConfig &current, GatewayError *error)
{
    const QJsonValue v = body.value(QLatin1String("routing"));
    if (v.isUndefined())
        return current;
    if (!v.isObject()) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("'routing' must be an object shaped like the config's routing section."),
            QStringLiteral("routing"), QStringLiteral("invalid_config"));
        return std::nullopt;
    }
    QString problem;
    const auto parsed
        = Config::parse(QJsonDocument(QJsonObject {{QLatin1String("routing"), v}}).toJson(), &problem);
    if (!parsed) {
        *error = GatewayError::invalidRequest(
            problem, QStringLiteral("routing"), QStringLiteral("invalid_config"));
        return std::nullopt;
    }
    return parsed->routing;
}

/// The body of a preview or what-if (may be empty) and its edited routing; false: answered with the 400.
bool editedRequest(
    const ExchangePtr &ex, const RoutingConfig &current, QJsonObject *body, RoutingConfig *routing)
{
    GatewayError error;
    if (!ex->request().body.trimmed().isEmpty()) {
        auto parsed = parseJsonObjectBody(ex->request().body, &error);
        if (!parsed) {
            ErrorEnvelope::respondOpenAI(*ex, error);
            return false;
        }
        *body = *parsed;
    }
    auto edited = editedRouting(*body, current, &error);
    if (!edited) {
        ErrorEnvelope::respondOpenAI(*ex, error);
        return false;
    }
    *routing = *edited;
    return true;
}

} // namespace

RoutingApi::RoutingApi(Pipeline &pipeline, const Router &router, const ProviderRegistry &providers,
    const Config &config, Store &store)
    : m_pipeline(pipeline)
    , m_router(router)
    , m_providers(providers)
    , m_config(config)
    , m_store(store)
{ }

void RoutingApi::registerRoutes(HttpServer &server)
{
    server.route(
        "POST", QStringLiteral("/api/route/explain"), [this](const ExchangePtr &ex) { explain(ex); });
    server.route(
        "POST", QStringLiteral("/api/route/preview"), [this](const ExchangePtr &ex) { preview(ex); });
    server.route("POST", QStringLiteral("/api/route/whatif"), [this](const ExchangePtr &ex) { whatIf(ex); });
    server.route("GET", QStringLiteral("/api/providers"), [this](const ExchangePtr &ex) { providers(ex); });
    server.route("GET", QStringLiteral("/api/circuit-breakers"),
        [this](const ExchangePtr &ex) { circuitBreakers(ex); });
}

void RoutingApi::explain(const ExchangePtr &ex)
{
    ContextPtr ctx = Ingress::newContext(ex, QStringLiteral("/api/route/explain"));
    GatewayError error;
    auto body = parseJsonObjectBody(ex->request().body, &error);
    if (!body) {
        ErrorEnvelope::respondOpenAI(*ex, error);
        return;
    }
    // "Where would this go?" defaults to auto; an embeddings body (input, no messages) is planned as one.
    if (!body->contains(QLatin1String("model")))
        body->insert(QLatin1String("model"), QStringLiteral("auto"));
    Ingress::takeBodyExtensions(*body, *ctx);
    if (body->contains(QLatin1String("input")) && !body->contains(QLatin1String("messages"))) {
        auto request
            = EmbeddingsRequest::fromOpenAI(QJsonDocument(*body).toJson(QJsonDocument::Compact), &error);
        if (!request) {
            ErrorEnvelope::respondOpenAI(*ex, error);
            return;
        }
        ctx->plan.requested = request->model;
        ctx->embeddingTokens = request->estimatedTokens;
    } else {
        auto request = ChatRequest::fromOpenAIObject(*body, &error);
        if (!request) {
            ErrorEnvelope::respondOpenAI(*ex, error);
            return;
        }
        ctx->plan.requested = request->model;
        ctx->chat = std::make_shared<const ChatRequest>(std::move(*request));
    }
    QJsonObject out {{QLatin1String("object"), QStringLiteral("route.plan")}};
    if (auto refused = m_pipeline.explain(*ctx)) {
        // Nothing fits, or what fits is down: still a plan, with every exclusion and why.
        if (refused->code != QLatin1String("no_model_fits")
            && refused->code != QLatin1String("model_not_allowed")
            && refused->code != QLatin1String("providers_unavailable")) {
            ErrorEnvelope::respondOpenAI(*ex, *refused);
            return;
        }
        const QJsonObject plan = ctx->plan.toJson();
        for (auto it = plan.constBegin(); it != plan.constEnd(); ++it)
            out.insert(it.key(), it.value());
        out.insert(QLatin1String("routable"), false);
        out.insert(QLatin1String("error"),
            QJsonDocument::fromJson(ErrorEnvelope::openAI(*refused)).object().value(QLatin1String("error")));
        respondJson(ex, 200, out);
        return;
    }
    const QJsonObject plan = ctx->plan.toJson();
    for (auto it = plan.constBegin(); it != plan.constEnd(); ++it)
        out.insert(it.key(), it.value());
    out.insert(QLatin1String("routable"), true);
    respondJson(ex, 200, out);
}

void RoutingApi::preview(const ExchangePtr &ex)
{
    QJsonObject body;
    RoutingConfig routing;
    if (!editedRequest(ex, m_router.config(), &body, &routing))
        return;
    QList<PreviewPrompt> prompts;
    const QJsonValue given = body.value(QLatin1String("prompts"));
    if (given.isArray()) {
        for (const QJsonValue &p : given.toArray()) {
            if (!p.isString() || p.toString().trimmed().isEmpty()) {
                ErrorEnvelope::respondOpenAI(*ex,
                    GatewayError::invalidRequest(
                        QStringLiteral("'prompts' must be an array of non-empty strings."),
                        QStringLiteral("prompts"), QStringLiteral("invalid_type")));
                return;
            }
            prompts.append(RoutingPreview::typed(p.toString()));
        }
    } else if (!given.isUndefined()) {
        ErrorEnvelope::respondOpenAI(*ex,
            GatewayError::invalidRequest(QStringLiteral("'prompts' must be an array of strings."),
                QStringLiteral("prompts"), QStringLiteral("invalid_type")));
        return;
    } else {
        prompts = RoutingPreview::samplePrompts();
    }
    if (prompts.size() > 50) {
        ErrorEnvelope::respondOpenAI(*ex,
            GatewayError::invalidRequest(QStringLiteral("At most 50 prompts per preview."),
                QStringLiteral("prompts"), QStringLiteral("too_many")));
        return;
    }
    respondJson(ex, 200,
        {{QLatin1String("object"), QStringLiteral("list")},
            {QLatin1String("data"),
                RoutingPreview::toJson(RoutingPreview::run(m_router, routing, prompts))}});
}

void RoutingApi::whatIf(const ExchangePtr &ex)
{
    QJsonObject body;
    RoutingConfig routing;
    if (!editedRequest(ex, m_router.config(), &body, &routing))
        return;
    const QJsonValue lastValue = body.value(QLatin1String("last"));
    const double last = lastValue.isUndefined() ? 200 : lastValue.toDouble(-1);
    if (!lastValue.isUndefined()
        && (!lastValue.isDouble() || last < 1 || last > WhatIfReplay::MaxRows || last != std::floor(last))) {
        ErrorEnvelope::respondOpenAI(*ex,
            GatewayError::invalidRequest(
                QStringLiteral("'last' must be a whole number from 1 to %1.").arg(WhatIfReplay::MaxRows),
                QStringLiteral("last"), QStringLiteral("invalid_value")));
        return;
    }
    WhatIfReplay::fromLog(m_store, m_router, routing, int(last), [ex](const WhatIfSummary &summary) {
        QJsonObject out = summary.toJson();
        out.insert(QLatin1String("object"), QStringLiteral("route.whatif"));
        respondJson(ex, 200, out);
    });
}

QJsonObject RoutingApi::providerStatus(
    const Provider &provider, const ProviderHealth &h, const ProviderMonitor &monitor, qint64 now)
{
    QJsonObject o {{QLatin1String("id"), provider.id()}, {QLatin1String("type"), provider.type()},
        {QLatin1String("enabled"), true}, {QLatin1String("local"), provider.isLocal()},
        {QLatin1String("health"), provider.health()},
        {QLatin1String("circuit"), circuitStatus(provider.id(), h, monitor, now)},
        {QLatin1String("models"), QJsonArray::fromStringList(provider.models())},
        {QLatin1String("latency"), percentiles(h.stats.latency(now), h.stats.latencyEwma())},
        {QLatin1String("ttft"), percentiles(h.stats.ttft(now), h.stats.ttftEwma())},
        {QLatin1String("error_rate"), std::round(h.stats.errorRate(now) * 10000) / 10000},
        {QLatin1String("calls"), qint64(h.calls)}, {QLatin1String("failures"), qint64(h.failures)},
        {QLatin1String("in_flight"), provider.activeCalls()}};
    if (!provider.config().preset.isEmpty())
        o.insert(QLatin1String("preset"), provider.config().preset);
    if (!provider.config().baseUrl.isEmpty())
        o.insert(QLatin1String("base_url"), provider.config().baseUrl);
    if (h.probed)
        o.insert(QLatin1String("probe"),
            QJsonObject {{QLatin1String("ok"), h.probeOk}, {QLatin1String("ago_ms"), now - h.probedAtMs},
                {QLatin1String("latency_ms"), r1(h.probeLatencyMs)},
                {QLatin1String("message"), h.probeMessage}});
    QJsonArray spark;
    for (const LatencyPoint &p : h.stats.history(now))
        spark.append(QJsonObject {{QLatin1String("time_ms"), p.timeMs},
            {QLatin1String("p50_ms"), r1(p.p50Ms)}, {QLatin1String("p95_ms"), r1(p.p95Ms)},
            {QLatin1String("requests"), p.requests}, {QLatin1String("errors"), p.errors}});
    o.insert(QLatin1String("sparkline"), spark);
    return o;
}

QJsonObject RoutingApi::circuitStatus(
    const QString &providerId, const ProviderHealth &h, const ProviderMonitor &monitor, qint64 now)
{
    const CircuitBreaker &b = h.breaker;
    QJsonObject o {{QLatin1String("provider"), providerId},
        {QLatin1String("state"), CircuitBreaker::stateName(b.state())},
        {QLatin1String("consecutive_failures"), b.consecutiveFailures()},
        {QLatin1String("failure_threshold"), b.config().failureThreshold},
        {QLatin1String("trips"), b.trips()}, {QLatin1String("cooldown_ms"), b.currentCooldownMs()},
        {QLatin1String("available"), h.isAvailable(now)}};
    if (b.state() != CircuitBreaker::State::Closed) {
        o.insert(QLatin1String("opened_ago_ms"), now - b.openedAtMs());
        o.insert(QLatin1String("retry_in_ms"), qMax<qint64>(0, b.retryAtMs() - now));
    }
    QJsonObject paused;
    for (const auto &[model, ms] : monitor.pausedModels(providerId, now))
        paused.insert(model, ms);
    if (!paused.isEmpty())
        o.insert(QLatin1String("rate_limited_ms"), paused); // model -> ms left of its 429 pause
    if (!b.lastFailure().isEmpty())
        o.insert(QLatin1String("last_failure"), b.lastFailure());
    return o;
}

void RoutingApi::providers(const ExchangePtr &ex)
{
    const qint64 now = ProviderMonitor::nowMs();
    QJsonArray data;
    for (const ProviderConfig &c : m_config.providers) {
        Provider *p = m_providers.find(c.id);
        if (p) {
            data.append(providerStatus(*p, m_router.monitor().provider(c.id), m_router.monitor(), now));
            continue;
        }
        QJsonObject o {{QLatin1String("id"), c.id}, {QLatin1String("type"), c.type},
            {QLatin1String("enabled"), c.enabled}};
        if (m_providers.problems().contains(c.id))
            o.insert(QLatin1String("health"),
                QJsonObject {{QLatin1String("status"), QStringLiteral("error")},
                    {QLatin1String("message"), m_providers.problems().value(c.id)}});
        data.append(o);
    }
    respondJson(ex, 200, {{QLatin1String("object"), QStringLiteral("list")}, {QLatin1String("data"), data}});
}

void RoutingApi::circuitBreakers(const ExchangePtr &ex)
{
    const qint64 now = ProviderMonitor::nowMs();
    QJsonArray data;
    for (Provider *p : m_providers.providers())
        data.append(circuitStatus(p->id(), m_router.monitor().provider(p->id()), m_router.monitor(), now));
    respondJson(ex, 200, {{QLatin1String("object"), QStringLiteral("list")}, {QLatin1String("data"), data}});
}
