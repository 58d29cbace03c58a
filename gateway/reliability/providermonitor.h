// SPDX-License-Identifier: MIT
#pragma once

#include "engine/config.h"
#include "reliability/circuitbreaker.h"
#include "reliability/latencystats.h"

#include <QHash>
#include <QString>

#include <memory>
#include <utility>

struct GatewayError;

/** @brief One deployment (a model on a provider): its latency, and its rate-limit pause. */
struct DeploymentHealth
{
    LatencyStats stats;
    /// After a 429: no traffic to this model on this provider until then (Retry-After). Rate
    /// limits are per model at most services, so the provider's other models keep serving.
    qint64 pausedUntilMs = 0;
};

/** @brief What Switchyard knows about one provider's health right now. */
struct ProviderHealth
{
    CircuitBreaker breaker;
    LatencyStats stats {true}; ///< every call to the provider, with sparkline history
    QString lastError;
    qint64 lastErrorAtMs = 0;
    quint64 calls = 0;
    quint64 failures = 0;
    // The last health probe.
    bool probed = false;
    bool probeOk = false;
    bool probing = false;
    qint64 probedAtMs = 0;
    double probeLatencyMs = 0;
    QString probeMessage;

    /// Its circuit lets traffic through.
    [[nodiscard]] bool isAvailable(qint64 nowMs) const { return breaker.isAvailable(nowMs); }
};

/**
 * @brief The health of every provider and deployment, kept in the engine thread (no locks):
 * circuit breakers, rate-limit pauses, latency statistics (per provider, and per provider+model
 * for routing), error rates and probe results.
 *
 * The execute stage reports each call's outcome here; the router reads it to skip unavailable
 * candidates and estimate latency; the health prober, the /api endpoints and the UI read it too.
 * Entries are keyed by provider id, so a provider whose configuration did not change keeps its
 * history when the providers are reconfigured.
 */
class ProviderMonitor
{
public:
    ProviderMonitor();
    ~ProviderMonitor();

    void setConfig(const CircuitBreakerConfig &config);
    [[nodiscard]] const CircuitBreakerConfig &config() const { return m_config; }

    /// The provider's entry (created on first use).
    ProviderHealth &provider(const QString &id);
    [[nodiscard]] const ProviderHealth *find(const QString &id) const;
    /// The same entry, shared: the router's precomputed table holds these.
    std::shared_ptr<ProviderHealth> sharedProvider(const QString &id);
    /// The deployment's entry (created on first use).
    DeploymentHealth &deployment(const QString &providerId, const QString &model);
    std::shared_ptr<DeploymentHealth> sharedDeployment(const QString &providerId, const QString &model);
    [[nodiscard]] const DeploymentHealth *findDeployment(
        const QString &providerId, const QString &model) const;
    /// The provider's deployments paused by a 429 right now: model -> ms left.
    [[nodiscard]] QList<std::pair<QString, qint64>> pausedModels(
        const QString &providerId, qint64 nowMs) const;

    /// May a call to @p model on @p providerId start now? Takes the circuit's trial slot when half-open.
    bool tryAcquire(const QString &providerId, const QString &model, qint64 nowMs);

    /// Drops the entries of providers not in @p ids; forgets the history of those in @p changed.
    void retain(const QStringList &ids, const QStringList &changed = {});
    /// Closes every circuit, lifts every pause and forgets every statistic, in place.
    void resetAll();

    /// A call answered: its first byte after @p firstByteMs, its last after @p totalMs (streams:
    /// @p firstByteMs is the time to first token).
    void recordSuccess(
        const QString &providerId, const QString &model, bool streamed, double firstByteMs, double totalMs);
    /// A call failed (before or after its first byte). Counts against the circuit when the
    /// provider is at fault; a 429 pauses the deployment for its Retry-After instead.
    void recordFailure(const QString &providerId, const QString &model, const GatewayError &error);

    /// Monotonic milliseconds, the clock of every breaker and statistic.
    static qint64 nowMs();

    /// Pause after a 429 without Retry-After.
    static constexpr int DefaultPauseMs = 1000;

private:
    CircuitBreakerConfig m_config;
    QHash<QString, std::shared_ptr<ProviderHealth>> m_providers;
    QHash<std::pair<QString, QString>, std::shared_ptr<DeploymentHealth>> m_deployments;
};
