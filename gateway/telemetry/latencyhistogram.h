// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <array>

/**
 * @brief Latency counts in log-scale bins (16 per octave of microseconds, 1 µs to ~18 min).
 *
 * Percentiles come out within about ±2.2 % of the exact value, at a fixed cost whatever the
 * number of requests: LiveStats keeps one per second of its window and merges them, so a UI
 * snapshot under heavy load never walks millions of samples in the engine thread.
 */
class LatencyHistogram
{
public:
    static constexpr int BinsPerOctave = 16;
    static constexpr int Octaves = 30;
    static constexpr int Bins = BinsPerOctave * Octaves;

    void add(double latencyMs);
    void merge(const LatencyHistogram &other);
    void subtract(const LatencyHistogram &other);
    void clear();
    [[nodiscard]] quint64 count() const { return m_total; }
    /// The value below which a share @p p (0..1) of the samples lie; 0 when empty.
    [[nodiscard]] double percentile(double p) const;

private:
    std::array<quint32, Bins> m_counts {};
    quint64 m_total = 0;
};
