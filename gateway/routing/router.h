// SPDX-License-Identifier: MIT
#pragma once

#include "http/gatewayerror.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

class Catalog;
class Provider;
class ProviderRegistry;
struct RoutingConfig;

/** @brief One place a request may go: a provider and the model id to ask it for, and why. */
struct RouteCandidate
{
    Provider *provider = nullptr;
    QString model;
    double score = 1.0;
    QString reason;
};

/** @brief The ordered candidates for a request, with the decision in words. */
struct RoutePlan
{
    QString requested;
    QString strategy;
    QList<RouteCandidate> candidates;
    [[nodiscard]] QString decision() const
    {
        return candidates.isEmpty() ? QString() : candidates.first().reason;
    }
};

/**
 * @brief Resolves a requested model into a RoutePlan.
 *
 * Order of resolution: a model some enabled provider serves (first in config order); then
 * `provider/model` naming a configured provider; then the virtual models `auto`, `fast`, `cheap`
 * and `quality`, which go to routing.defaultModel until scored routing lands. The configured
 * routing.fallbacks of the resolved model follow as further candidates.
 */
class Router
{
public:
    Router(const Catalog &catalog, const ProviderRegistry &providers);

    void setConfig(const RoutingConfig &config);
    /// A plan, or a 404 error naming the model.
    std::optional<RoutePlan> plan(const QString &model, GatewayError *error) const;
    /// The providers serving @p model, resolved exactly (no virtual models, no fallbacks).
    [[nodiscard]] QList<RouteCandidate> resolveExact(const QString &model) const;

    static bool isVirtualModel(const QString &model);
    static const QStringList &virtualModels();

private:
    const Catalog &m_catalog;
    const ProviderRegistry &m_providers;
    QString m_strategy;
    QString m_defaultModel;
    QHash<QString, QStringList> m_fallbacks;
};
