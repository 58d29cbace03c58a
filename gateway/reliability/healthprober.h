// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

class Provider;
class ProviderMonitor;
class ProviderRegistry;

/**
 * @brief Probes providers in the background (GET /models: no tokens spent) so their health is
 * known before traffic needs it.
 *
 * Every `routing.healthCheckIntervalMs` each provider is probed; a failed probe counts against
 * its circuit like a failed call, a good one like a success. An open circuit whose cool-down has
 * passed is probed right away as its half-open trial, so a provider that came back is re-admitted
 * without a client request having to find out. Runs in the engine thread.
 */
class HealthProber : public QObject
{
    Q_OBJECT
public:
    HealthProber(const ProviderRegistry &providers, ProviderMonitor &monitor, QObject *parent = nullptr);
    ~HealthProber() override;

    /// 0 = no periodic probes (open circuits are still probed when their cool-down ends).
    void setInterval(int intervalMs);
    void start();
    void stop();
    /// Probes @p provider now (unless a probe of it is in flight).
    void probe(Provider *provider, bool asTrial = false);

    static constexpr int TickMs = 500;

Q_SIGNALS:
    /// A probe finished (for live views).
    void probed(const QString &providerId, bool healthy);

private:
    void tick();

    const ProviderRegistry &m_providers;
    ProviderMonitor &m_monitor;
    QTimer m_timer;
    int m_intervalMs = 30000;
};
