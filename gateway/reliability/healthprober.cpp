// SPDX-License-Identifier: MIT
#include "reliability/healthprober.h"

#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "reliability/providermonitor.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcReliability)

HealthProber::HealthProber(const ProviderRegistry &providers, ProviderMonitor &monitor, QObject *parent)
    : QObject(parent)
    , m_providers(providers)
    , m_monitor(monitor)
{
    m_timer.setInterval(TickMs);
    connect(&m_timer, &QTimer::timeout, this, &HealthProber::tick);
}

HealthProber::~HealthProber() = default;

void HealthProber::setInterval(int intervalMs)
{
    m_intervalMs = intervalMs;
}

void HealthProber::start()
{
    m_timer.start();
}

void HealthProber::stop()
{
    m_timer.stop();
}

void HealthProber::tick()
{
    const qint64 now = ProviderMonitor::nowMs();
    for (Provider *p : m_providers.providers()) {
        ProviderHealth &h = m_monitor.provider(p->id());
        if (h.probing)
            continue;
        const CircuitBreaker::State state = h.breaker.state();
        if (state == CircuitBreaker::State::Open && now >= h.breaker.retryAtMs()) {
            if (h.breaker.tryAcquire(now))
                probe(p, true);
        } else if (m_intervalMs > 0 && state == CircuitBreaker::State::Closed
            && (!h.probed || now - h.probedAtMs >= m_intervalMs)) {
            probe(p, false);
        }
    }
}

void HealthProber::probe(Provider *provider, bool asTrial)
{
    ProviderHealth &h = m_monitor.provider(provider->id());
    if (h.probing) {
        if (asTrial)
            h.breaker.release();
        return;
    }
    h.probing = true;
    const QString id = provider->id();
    QPointer<HealthProber> self(this);
    // The entry may be replaced if the provider is reconfigured meanwhile: look it up again.
    provider->probe([self, id, asTrial](const ProbeResult &r) {
        if (!self)
            return;
        ProviderHealth &h = self->m_monitor.provider(id);
        const qint64 now = ProviderMonitor::nowMs();
        h.probing = false;
        h.probed = true;
        h.probeOk = r.healthy();
        h.probedAtMs = now;
        h.probeLatencyMs = r.latencyMs;
        h.probeMessage = r.healthy() ? QString() : r.message;
        if (r.status == 429) {
            h.breaker.release();
        } else if (r.healthy()) {
            h.breaker.onSuccess(now);
        } else {
            const CircuitBreaker::State before = h.breaker.state();
            h.breaker.onFailure(now, QStringLiteral("health probe: %1").arg(r.message));
            if (before != CircuitBreaker::State::Open && h.breaker.state() == CircuitBreaker::State::Open)
                qCWarning(lcReliability).noquote()
                    << "circuit of provider" << id << "opened by health probes:" << r.message;
        }
        if (asTrial && h.breaker.state() == CircuitBreaker::State::Closed)
            qCInfo(lcReliability).noquote() << "provider" << id << "is back: circuit closed after a probe";
        Q_EMIT self->probed(id, r.healthy());
    });
}
