// SPDX-License-Identifier: MIT
#include "routing/router.h"

#include "engine/config.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "routing/catalog.h"

Router::Router(const Catalog &catalog, const ProviderRegistry &providers)
    : m_catalog(catalog)
    , m_providers(providers)
{
    setConfig(RoutingConfig());
}

void Router::setConfig(const RoutingConfig &config)
{
    m_strategy = config.strategy;
    m_defaultModel = config.defaultModel;
    m_fallbacks = config.fallbacks;
}

const QStringList &Router::virtualModels()
{
    static const QStringList models = {
        QStringLiteral("auto"), QStringLiteral("fast"), QStringLiteral("cheap"), QStringLiteral("quality")};
    return models;
}

bool Router::isVirtualModel(const QString &model)
{
    return virtualModels().contains(model);
}

QList<RouteCandidate> Router::resolveExact(const QString &model) const
{
    QList<RouteCandidate> out;
    for (Provider *p : m_providers.providers()) {
        if (p->models().contains(model))
            out.append({p, model, 1.0, QStringLiteral("%1 is served by provider '%2'").arg(model, p->id())});
    }
    if (!out.isEmpty())
        return out;
    const qsizetype slash = model.indexOf(u'/');
    if (slash > 0) {
        if (Provider *p = m_providers.find(model.left(slash))) {
            const QString inner = model.mid(slash + 1);
            out.append(
                {p, inner, 1.0, QStringLiteral("%1 names provider '%2' explicitly").arg(model, p->id())});
        }
    }
    return out;
}

std::optional<RoutePlan> Router::plan(const QString &model, GatewayError *error) const
{
    RoutePlan plan;
    plan.requested = model;
    plan.strategy = m_strategy;
    QString target = model;
    if (isVirtualModel(model)) {
        target = m_defaultModel;
        plan.candidates = resolveExact(target);
        for (RouteCandidate &c : plan.candidates)
            c.reason = QStringLiteral("'%1' goes to the configured default model %2 on provider '%3'")
                           .arg(model, target, c.provider->id());
    } else {
        plan.candidates = resolveExact(model);
    }
    if (plan.candidates.isEmpty()) {
        *error = GatewayError::notFound(isVirtualModel(model)
                ? QStringLiteral(
                    "The model '%1' resolves to routing.defaultModel '%2', which no enabled provider serves.")
                      .arg(model, target)
                : QStringLiteral(
                    "The model '%1' does not exist or no enabled provider serves it; GET /v1/models lists "
                    "what this gateway serves.")
                      .arg(model),
            QStringLiteral("model_not_found"));
        error->param = QStringLiteral("model");
        return std::nullopt;
    }
    // Configured fallbacks of the resolved model, tried in order when it fails before its first byte.
    const QStringList chain = m_fallbacks.value(target);
    for (const QString &fallback : chain) {
        for (RouteCandidate c : resolveExact(fallback)) {
            c.score = 0;
            c.reason = QStringLiteral("fallback for %1 (routing.fallbacks)").arg(target);
            plan.candidates.append(c);
        }
    }
    return plan;
}
