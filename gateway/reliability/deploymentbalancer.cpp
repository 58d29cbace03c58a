// SPDX-License-Identifier: MIT
#include "reliability/deploymentbalancer.h"

#include <algorithm>

DeploymentBalancer::Mode DeploymentBalancer::modeFromName(const QString &name)
{
    if (name == QLatin1String("weighted"))
        return Mode::Weighted;
    if (name == QLatin1String("least-latency"))
        return Mode::LeastLatency;
    return Mode::Failover;
}

QString DeploymentBalancer::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Failover:
        return QStringLiteral("failover");
    case Mode::Weighted:
        return QStringLiteral("weighted");
    case Mode::LeastLatency:
        return QStringLiteral("least-latency");
    }
    return {};
}

DeploymentBalancer::DeploymentBalancer(QList<int> weights)
    : m_weights(std::move(weights))
    , m_current(size_t(m_weights.size()), 0)
{ }

void DeploymentBalancer::order(
    Mode mode, QVarLengthArray<int, 8> &members, const QVarLengthArray<double, 8> &latencyMs)
{
    if (members.size() < 2)
        return;
    switch (mode) {
    case Mode::Failover:
        return;
    case Mode::LeastLatency:
        std::stable_sort(members.begin(), members.end(),
            [&latencyMs](int a, int b) { return latencyMs.value(a) < latencyMs.value(b); });
        return;
    case Mode::Weighted: {
        // Smooth weighted round-robin (nginx): every member gains its weight, the richest goes
        // first and pays the total. Members of weight 0 only follow.
        qint64 total = 0;
        int best = -1;
        for (int m : std::as_const(members)) {
            const int w = m_weights.value(m, 1);
            if (w <= 0)
                continue;
            m_current[size_t(m)] += w;
            total += w;
            if (best < 0 || m_current[size_t(m)] > m_current[size_t(best)])
                best = m;
        }
        if (best < 0)
            return;
        m_current[size_t(best)] -= total;
        std::stable_sort(members.begin(), members.end(), [this, best](int a, int b) {
            if ((a == best) != (b == best))
                return a == best;
            return m_weights.value(a, 1) > m_weights.value(b, 1);
        });
        return;
    }
    }
}
