// SPDX-License-Identifier: MIT
#pragma once

#include "engine/config.h"
#include "http/gatewayerror.h"
#include "reliability/deploymentbalancer.h"
#include "routing/catalog.h"
#include "routing/promptprofile.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

class Provider;
class ProviderRegistry;
class ProviderMonitor;
struct ChatRequest;
class LatencyStats;
struct ProviderHealth;

/** @brief How much cost, quality and latency count; normalised to sum 1 when scoring. */
struct RoutingWeights
{
    double cost = 0.4;
    double quality = 0.35;
    double latency = 0.25;
    [[nodiscard]] RoutingWeights normalised() const;
    /// {"cost":0.4,"latency":0.25,"quality":0.35}, rounded to 3 decimals.
    [[nodiscard]] QByteArray toJsonBytes() const;
    /// "cost 0.40, quality 0.35, latency 0.25"
    [[nodiscard]] QString describe() const;
};

/** @brief One place a request may go: a provider and the model id to ask it for, and why. */
struct RouteCandidate
{
    enum class Role {
        Requested, ///< serves the model the client named
        Scored, ///< chosen by score for a virtual model (the runners-up are its automatic fallbacks)
        Fallback, ///< routing.fallbacks of the requested model
        AutoFallback, ///< the scored plan after an explicit model (routing.autoFallback)
    };

    Provider *provider = nullptr;
    QString model;
    double score = 1.0;
    QString reason;
    Role role = Role::Requested;
    // The parts of a score (scored candidates only; < 0 otherwise).
    double costScore = -1;
    double qualityScore = -1;
    double latencyScore = -1;
    double qualityFit = -1; ///< the score's multiplier for falling short of the prompt's target quality
    double estimatedCostUsd = 0; ///< this request's cost at the catalog price
    double expectedLatencyMs = 0; ///< measured (EWMA) or the catalog's prior
    double quality = 0;
    bool local = false;

    /// The candidate as compact JSON, keys in QJsonDocument's (sorted) order: x-gateway's winner and
    /// runner-up are written from it on every scored request, explain's candidates parse it.
    [[nodiscard]] QByteArray toJsonBytes() const;
    [[nodiscard]] QJsonObject toJson() const;
};

/** @brief A deployment the plan left out, and why (explain only). */
struct RouteExclusion
{
    QString provider;
    QString model;
    QString reason;
};

/** @brief The ordered candidates for a request, with the decision in words. */
struct RoutePlan
{
    QString requested;
    QString strategy;
    QString strategySource; ///< config | key | request | model
    RoutingWeights weights; ///< normalised, as scored
    bool scored = false; ///< candidates were scored (virtual model or autoFallback)
    PromptProfile profile; ///< the classification (scored plans)
    QList<RouteCandidate> candidates;
    int considered = 0; ///< deployments that fit and were scored
    QList<RouteExclusion> excluded; ///< explain only
    QStringList notes; ///< remarks in words (a preferred provider that serves nothing, ...)

    [[nodiscard]] QString decision() const
    {
        return candidates.isEmpty() ? QString() : candidates.first().reason;
    }
    /// The best scored candidate after the winner, if any.
    [[nodiscard]] const RouteCandidate *runnerUp() const;
    /// The compact routing object of `x-gateway`: strategy, weights, classification, winner,
    /// runner-up. Written straight to bytes, as QJsonDocument would write them: it is part of every
    /// scored answer, and a QJsonObject of it cost more than the whole plan.
    [[nodiscard]] QByteArray summaryJsonBytes() const;
    /// The same, parsed (explain builds on it).
    [[nodiscard]] QJsonObject summaryJson() const;
    /// Everything (POST /api/route/explain): every candidate with its score parts, the exclusions.
    [[nodiscard]] QJsonObject toJson() const;
};

/** @brief What a plan is made from: the request and everything that shapes its routing. */
struct RouteRequest
{
    QString model;
    const ChatRequest *chat = nullptr; ///< classified for virtual models
    qint64 embeddingTokens = -1; ///< >= 0: an embeddings request of that size
    const PromptProfile *profile = nullptr; ///< use instead of classifying (what-if replay)
    QByteArray strategy; ///< x-routing-strategy: a strategy name or "cost=0.5,quality=0.3,latency=0.2"
    QByteArray preferProvider; ///< x-prefer-provider
    // The caller's key (KeyContext): a plan never includes a model the key may not use.
    const QStringList *allowedModels = nullptr;
    double keyMaxPricePer1M = -1;
    QString keyStrategy;
    const RoutingConfig *config = nullptr; ///< plan under these settings instead of the applied ones
    bool explain = false; ///< collect every candidate and exclusion, not just the top few
    RoutePlan *failedPlan = nullptr; ///< explain: receives the plan so far when planning fails
};

/**
 * @brief Resolves a requested model into a RoutePlan.
 *
 * A model some enabled provider serves goes to its deployments (ordered by routing.balancing),
 * then its routing.fallbacks; `provider/model` names a provider. The virtual models `auto`,
 * `fast`, `cheap` and `quality` are scored: the prompt is classified, every available deployment
 * that fits (context window, capabilities, constraints, the key's limits) is scored by the
 * strategy's cost, quality and latency weights, a local model within routing.localMargin of the
 * best is preferred, and the best few make the plan, each with its reason in words; the
 * runners-up are the automatic fallbacks. docs/routing.md has the formulas.
 *
 * Runs in the engine thread for every request: the deployment table is precomputed by rebuild()
 * (call it when providers or their models change), scoring reuses one scratch buffer, and only
 * the candidates that make the plan get reason strings.
 */
class Router
{
public:
    Router(const Catalog &catalog, const ProviderRegistry &providers, ProviderMonitor *monitor = nullptr);
    ~Router();

    void setConfig(const RoutingConfig &config);
    [[nodiscard]] const RoutingConfig &config() const { return m_config; }
    /// Re-reads the providers and their models into the deployment table.
    void rebuild();

    /// A plan, or the error to answer (404 unknown model, 400 bad strategy or nothing fits, 503
    /// every candidate unavailable).
    std::optional<RoutePlan> plan(const RouteRequest &request, GatewayError *error) const;
    std::optional<RoutePlan> plan(const QString &model, GatewayError *error) const;
    /// The providers serving @p model, resolved exactly (no virtual models, no fallbacks).
    [[nodiscard]] QList<RouteCandidate> resolveExact(const QString &model) const;

    /// The health the router reads (and the execute stage writes): engine-thread state.
    [[nodiscard]] ProviderMonitor &monitor() const { return *m_monitor; }
    [[nodiscard]] int deploymentCount() const;
    [[nodiscard]] const Catalog &catalog() const { return m_catalog; }
    /// What routing expects of a deployment's latency (measured EWMA, else the prior); -1 when
    /// nothing serves @p model on @p providerId.
    [[nodiscard]] double expectedLatencyMs(
        const QString &providerId, const QString &model, bool streamed) const;

    /// Weights of a strategy name under @p config (`custom` = routing.weights).
    static std::optional<RoutingWeights> weightsFor(const QString &strategy, const RoutingConfig &config);
    /// Parses x-routing-strategy: a name, or weights "cost=0.6,quality=0.3,latency=0.1".
    static bool parseStrategy(const QByteArray &spec, const RoutingConfig &config, QString *name,
        RoutingWeights *weights, QString *error);
    static bool isVirtualModel(const QString &model);
    static const QStringList &virtualModels();

    static constexpr qint64 DefaultContextWindow = 8192; ///< for models the catalog does not know
    static constexpr double DefaultLatencyMs = 1000;
    static constexpr double DefaultLocalLatencyMs = 500;
    static constexpr int MinMeasuredSamples = 3; ///< measurements replace the prior from here
    static constexpr int MinP95Samples = 5;

private:
    struct Deployment;
    struct ModelGroup;
    struct Scored;
    struct Scoring;
    struct Unavailability;

    void scoreAll(const RouteRequest &request, const RoutingConfig &config, const RoutingWeights &weights,
        const PromptProfile &profile, Scoring &scoring) const;
    bool fillScored(const RouteRequest &request, const RoutingConfig &config, RoutePlan &plan,
        bool asFallback, GatewayError *error) const;
    void appendDeployments(const ModelGroup &group, const RouteRequest &request, const RoutingConfig &config,
        RouteCandidate::Role role, const QString &why, RoutePlan &plan, Unavailability *unavailable) const;
    [[nodiscard]] bool keyAllows(const RouteRequest &request, const Deployment &d) const;
    [[nodiscard]] double latencyEstimate(const Deployment &d, bool streamed) const;
    RouteCandidate candidateOf(const Deployment &d) const;

    const Catalog &m_catalog;
    const ProviderRegistry &m_providers;
    std::unique_ptr<ProviderMonitor> m_ownMonitor;
    ProviderMonitor *m_monitor;
    RoutingConfig m_config;
    std::vector<Deployment> m_deployments;
    std::vector<ModelGroup> m_groups;
    QHash<QString, int> m_groupByModel;
    mutable std::vector<Scored> m_scratch; ///< reused by every scored plan (engine thread only)
};
