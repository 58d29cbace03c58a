// SPDX-License-Identifier: MIT
#include "telemetry/latencyhistogram.h"

#include <algorithm>
#include <cmath>

void LatencyHistogram::add(double latencyMs)
{
    const double us = std::max(1.0, latencyMs * 1000.0);
    const int bin = std::clamp(int(std::log2(us) * BinsPerOctave), 0, Bins - 1);
    ++m_counts[size_t(bin)];
    ++m_total;
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    if (other.m_total == 0)
        return;
    for (size_t i = 0; i < m_counts.size(); ++i)
        m_counts[i] += other.m_counts[i];
    m_total += other.m_total;
}

void LatencyHistogram::subtract(const LatencyHistogram &other)
{
    if (other.m_total == 0)
        return;
    for (size_t i = 0; i < m_counts.size(); ++i)
        m_counts[i] -= std::min(m_counts[i], other.m_counts[i]);
    m_total -= std::min(m_total, other.m_total);
}

void LatencyHistogram::clear()
{
    if (m_total == 0)
        return;
    m_counts.fill(0);
    m_total = 0;
}

double LatencyHistogram::percentile(double p) const
{
    if (m_total == 0)
        return 0;
    // Nearest rank, then the bin's geometric middle.
    const quint64 rank = std::clamp<quint64>(quint64(std::ceil(p * double(m_total))), 1, m_total);
    quint64 seen = 0;
    for (size_t i = 0; i < m_counts.size(); ++i) {
        seen += m_counts[i];
        if (seen >= rank)
            return std::exp2((double(i) + 0.5) / BinsPerOctave) / 1000.0;
    }
    return std::exp2(double(Bins) / BinsPerOctave) / 1000.0;
}
