// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QtGlobal>

#include <array>
#include <vector>

/** @brief Median and 95th percentile of the samples in a window. */
struct Percentiles
{
    double p50 = 0;
    double p95 = 0;
    int count = 0;
};

/** @brief One point of a provider's sparkline: a closed interval of traffic. */
struct LatencyPoint
{
    qint64 timeMs = 0; ///< start of the interval
    double p50Ms = 0;
    double p95Ms = 0;
    int requests = 0;
    int errors = 0;
};

/**
 * @brief Latency of one provider or deployment: an EWMA (what routing reads, O(1)), windowed
 * p50/p95 over the last samples of the last five minutes (the constraint and the UI), and the
 * same for time to first token of streams; plus the windowed error rate and, when asked for, a
 * history of 10-second intervals for sparklines.
 *
 * Updates are O(1) (ring buffers, no allocation once warm); percentiles are computed on demand
 * and cached until the next sample or for a second.
 */
class LatencyStats
{
public:
    static constexpr int MaxSamples = 256;
    static constexpr qint64 WindowMs = 5 * 60 * 1000;
    static constexpr qint64 IntervalMs = 10 * 1000;
    static constexpr int HistoryIntervals = 60;
    static constexpr double Alpha = 0.3; ///< EWMA weight of the newest sample

    explicit LatencyStats(bool keepHistory = false);

    /// A successful call's upstream time (request sent -> last byte).
    void addLatency(qint64 nowMs, double ms);
    /// A stream's time to its first chunk.
    void addTtft(qint64 nowMs, double ms);
    /// Every finished call, for the error rate (and the history's counts).
    void addOutcome(qint64 nowMs, bool ok);

    [[nodiscard]] double latencyEwma() const { return m_latency.ewma; }
    [[nodiscard]] double ttftEwma() const { return m_ttft.ewma; }
    [[nodiscard]] qint64 latencySamples() const { return m_latency.total; }
    [[nodiscard]] qint64 ttftSamples() const { return m_ttft.total; }
    [[nodiscard]] Percentiles latency(qint64 nowMs) const { return m_latency.percentiles(nowMs); }
    [[nodiscard]] Percentiles ttft(qint64 nowMs) const { return m_ttft.percentiles(nowMs); }
    /// Share of failed calls in the window (0 when there were none).
    [[nodiscard]] double errorRate(qint64 nowMs) const;
    [[nodiscard]] int windowCalls(qint64 nowMs) const;
    /// Closed intervals, oldest first (empty unless constructed with keepHistory).
    [[nodiscard]] QList<LatencyPoint> history(qint64 nowMs) const;

private:
    struct Sample
    {
        qint64 timeMs;
        float value;
    };
    struct Series
    {
        std::vector<Sample> ring;
        int next = 0;
        qint64 total = 0;
        double ewma = 0;
        mutable Percentiles cached;
        mutable qint64 cachedAtMs = -1;
        void add(qint64 nowMs, double ms);
        Percentiles percentiles(qint64 nowMs) const;
    };
    struct Counts
    {
        qint64 startMs = -1;
        int calls = 0;
        int errors = 0;
    };
    struct Interval
    {
        qint64 startMs = -1;
        std::vector<float> samples;
        int requests = 0;
        int errors = 0;
    };
    Counts &countsAt(qint64 nowMs);
    void roll(qint64 nowMs) const;

    Series m_latency;
    Series m_ttft;
    std::array<Counts, WindowMs / IntervalMs> m_counts {};
    bool m_keepHistory;
    mutable Interval m_current;
    mutable QList<LatencyPoint> m_history;
};
