// SPDX-License-Identifier: MIT
#include "reliability/providermonitor.h"

#include "http/gatewayerror.h"
#include "http/httprequest.h"
#include "reliability/retrypolicy.h"

#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcReliability, "switchyard.reliability", QtInfoMsg)

ProviderMonitor::ProviderMonitor() = default;
ProviderMonitor::~ProviderMonitor() = default;

qint64 ProviderMonitor::nowMs()
{
    return HttpClock::nowNs() / 1000000;
}

void ProviderMonitor::setConfig(const CircuitBreakerConfig &config)
{
    m_config = config;
    for (const auto &p : std::as_const(m_providers))
        p->breaker.setConfig(config);
}

ProviderHealth &ProviderMonitor::provider(const QString &id)
{
    return *sharedProvider(id);
}

std::shared_ptr<ProviderHealth> ProviderMonitor::sharedProvider(const QString &id)
{
    auto it = m_providers.find(id);
    if (it == m_providers.end()) {
        auto health = std::make_shared<ProviderHealth>();
        health->breaker.setConfig(m_config);
        health->breaker.reset();
        it = m_providers.insert(id, std::move(health));
    }
    return *it;
}

const ProviderHealth *ProviderMonitor::find(const QString &id) const
{
    auto it = m_providers.constFind(id);
    return it == m_providers.constEnd() ? nullptr : it->get();
}

DeploymentHealth &ProviderMonitor::deployment(const QString &providerId, const QString &model)
{
    return *sharedDeployment(providerId, model);
}

std::shared_ptr<DeploymentHealth> ProviderMonitor::sharedDeployment(
    const QString &providerId, const QString &model)
{
    const std::pair<QString, QString> key(providerId, model);
    auto it = m_deployments.find(key);
    if (it == m_deployments.end())
        it = m_deployments.insert(key, std::make_shared<DeploymentHealth>());
    return *it;
}

const DeploymentHealth *ProviderMonitor::findDeployment(const QString &providerId, const QString &model) const
{
    auto it = m_deployments.constFind(std::pair<QString, QString>(providerId, model));
    return it == m_deployments.constEnd() ? nullptr : it->get();
}

QList<std::pair<QString, qint64>> ProviderMonitor::pausedModels(const QString &providerId, qint64 nowMs) const
{
    QList<std::pair<QString, qint64>> out;
    for (auto it = m_deployments.constBegin(); it != m_deployments.constEnd(); ++it) {
        if (it.key().first == providerId && nowMs < (*it)->pausedUntilMs)
            out.append({it.key().second, (*it)->pausedUntilMs - nowMs});
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool ProviderMonitor::tryAcquire(const QString &providerId, const QString &model, qint64 nowMs)
{
    if (nowMs < deployment(providerId, model).pausedUntilMs)
        return false;
    return provider(providerId).breaker.tryAcquire(nowMs);
}

void ProviderMonitor::retain(const QStringList &ids, const QStringList &changed)
{
    for (auto it = m_providers.begin(); it != m_providers.end();) {
        if (!ids.contains(it.key()) || changed.contains(it.key()))
            it = m_providers.erase(it);
        else
            ++it;
    }
    for (auto it = m_deployments.begin(); it != m_deployments.end();) {
        if (!ids.contains(it.key().first) || changed.contains(it.key().first))
            it = m_deployments.erase(it);
        else
            ++it;
    }
}

void ProviderMonitor::resetAll()
{
    for (const auto &p : std::as_const(m_providers)) {
        *p = ProviderHealth();
        p->breaker.setConfig(m_config);
        p->breaker.reset();
    }
    for (const auto &d : std::as_const(m_deployments))
        *d = DeploymentHealth();
}

void ProviderMonitor::recordSuccess(
    const QString &providerId, const QString &model, bool streamed, double firstByteMs, double totalMs)
{
    const qint64 now = nowMs();
    ProviderHealth &p = provider(providerId);
    ++p.calls;
    p.breaker.onSuccess(now);
    p.stats.addOutcome(now, true);
    p.stats.addLatency(now, totalMs);
    LatencyStats &d = deployment(providerId, model).stats;
    d.addOutcome(now, true);
    d.addLatency(now, totalMs);
    if (streamed) {
        p.stats.addTtft(now, firstByteMs);
        d.addTtft(now, firstByteMs);
    }
}

void ProviderMonitor::recordFailure(
    const QString &providerId, const QString &model, const GatewayError &error)
{
    const qint64 now = nowMs();
    ProviderHealth &p = provider(providerId);
    ++p.calls;
    ++p.failures;
    p.lastError = error.message;
    p.lastErrorAtMs = now;
    const bool providerAtFault = RetryPolicy::countsAgainstProvider(error);
    p.stats.addOutcome(now, !providerAtFault && error.status != 429);
    DeploymentHealth &d = deployment(providerId, model);
    d.stats.addOutcome(now, !providerAtFault && error.status != 429);
    if (error.status == 429) {
        const qint64 pause
            = error.retryAfterSeconds >= 0 ? qint64(error.retryAfterSeconds) * 1000 : DefaultPauseMs;
        d.pausedUntilMs = qMax(d.pausedUntilMs, now + pause);
        p.breaker.release();
        qCInfo(lcReliability).noquote()
            << model << "on provider" << providerId << "rate-limited: paused for" << pause << "ms";
        return;
    }
    if (!providerAtFault) {
        p.breaker.onSuccess(now); // it answered, properly: the request was at fault
        return;
    }
    const CircuitBreaker::State before = p.breaker.state();
    p.breaker.onFailure(now, error.message);
    if (before != CircuitBreaker::State::Open && p.breaker.state() == CircuitBreaker::State::Open)
        qCWarning(lcReliability).noquote()
            << "circuit of provider" << providerId << "opened for" << p.breaker.currentCooldownMs()
            << "ms after" << p.breaker.consecutiveFailures() << "failures; last:" << error.message;
}
