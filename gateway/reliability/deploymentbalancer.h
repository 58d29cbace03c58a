// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QVarLengthArray>

#include <vector>

/**
 * @brief Spreads the requests for one model over the deployments that serve it (several
 * providers, or several keys of one service): `failover` keeps config order (the first is the
 * primary), `weighted` interleaves by providers[].weight with smooth weighted round-robin
 * (deterministic: weights 3 and 1 give A A B A, A A B A...), `least-latency` puts the lowest
 * measured latency first.
 *
 * Only the deployments available for this request take part; the others keep their turn.
 */
class DeploymentBalancer
{
public:
    enum class Mode { Failover, Weighted, LeastLatency };
    static Mode modeFromName(const QString &name);
    static QString modeName(Mode mode);

    /// @p weights: one per member of the group, in config order (0 = only when nothing else is left).
    explicit DeploymentBalancer(QList<int> weights = {});

    /// Orders @p members (indexes into the group, ascending) for one request. @p latencyMs holds
    /// one estimate per group member (least-latency).
    void order(Mode mode, QVarLengthArray<int, 8> &members, const QVarLengthArray<double, 8> &latencyMs);

    [[nodiscard]] int size() const { return int(m_weights.size()); }

private:
    QList<int> m_weights;
    std::vector<qint64> m_current;
};
