// SPDX-License-Identifier: MIT
#include "reliability/latencystats.h"

#include <algorithm>

namespace {

double percentileOf(std::vector<float> &values, double q)
{
    const auto k = qsizetype(q * double(values.size() - 1) + 0.5);
    std::nth_element(values.begin(), values.begin() + k, values.end());
    return values[size_t(k)];
}

/// Scratch space reused by every percentile computation (engine thread only).
std::vector<float> &scratch()
{
    thread_local std::vector<float> values;
    values.clear();
    return values;
}

} // namespace

LatencyStats::LatencyStats(bool keepHistory)
    : m_keepHistory(keepHistory)
{ }

void LatencyStats::Series::add(qint64 nowMs, double ms)
{
    if (ring.size() < size_t(MaxSamples)) {
        ring.push_back({nowMs, float(ms)});
    } else {
        ring[size_t(next)] = {nowMs, float(ms)};
        next = (next + 1) % MaxSamples;
    }
    ewma = total == 0 ? ms : Alpha * ms + (1 - Alpha) * ewma;
    ++total;
    cachedAtMs = -1;
}

Percentiles LatencyStats::Series::percentiles(qint64 nowMs) const
{
    if (cachedAtMs >= 0 && nowMs - cachedAtMs < 1000)
        return cached;
    std::vector<float> &values = scratch();
    for (const Sample &s : ring) {
        if (nowMs - s.timeMs <= WindowMs)
            values.push_back(s.value);
    }
    Percentiles p;
    p.count = int(values.size());
    if (!values.empty()) {
        p.p95 = percentileOf(values, 0.95);
        p.p50 = percentileOf(values, 0.50);
    }
    cached = p;
    cachedAtMs = nowMs;
    return p;
}

void LatencyStats::roll(qint64 nowMs) const
{
    if (!m_keepHistory)
        return;
    const qint64 start = nowMs - nowMs % IntervalMs;
    if (m_current.startMs == start)
        return;
    if (m_current.startMs >= 0 && (m_current.requests > 0 || !m_current.samples.empty())) {
        LatencyPoint point;
        point.timeMs = m_current.startMs;
        point.requests = m_current.requests;
        point.errors = m_current.errors;
        if (!m_current.samples.empty()) {
            point.p95Ms = percentileOf(m_current.samples, 0.95);
            point.p50Ms = percentileOf(m_current.samples, 0.50);
        }
        m_history.append(point);
    }
    while (!m_history.isEmpty() && m_history.first().timeMs < start - HistoryIntervals * IntervalMs)
        m_history.removeFirst();
    m_current.startMs = start;
    m_current.samples.clear();
    m_current.requests = 0;
    m_current.errors = 0;
}

void LatencyStats::addLatency(qint64 nowMs, double ms)
{
    m_latency.add(nowMs, ms);
    if (m_keepHistory) {
        roll(nowMs);
        // A bounded sample per interval keeps memory flat under any load.
        if (m_current.samples.size() < size_t(MaxSamples))
            m_current.samples.push_back(float(ms));
    }
}

void LatencyStats::addTtft(qint64 nowMs, double ms)
{
    m_ttft.add(nowMs, ms);
}

LatencyStats::Counts &LatencyStats::countsAt(qint64 nowMs)
{
    const qint64 start = nowMs - nowMs % IntervalMs;
    Counts &c = m_counts[size_t((start / IntervalMs) % qint64(m_counts.size()))];
    if (c.startMs != start)
        c = {start, 0, 0};
    return c;
}

void LatencyStats::addOutcome(qint64 nowMs, bool ok)
{
    Counts &c = countsAt(nowMs);
    ++c.calls;
    if (!ok)
        ++c.errors;
    if (m_keepHistory) {
        roll(nowMs);
        ++m_current.requests;
        if (!ok)
            ++m_current.errors;
    }
}

int LatencyStats::windowCalls(qint64 nowMs) const
{
    int calls = 0;
    for (const Counts &c : m_counts) {
        if (c.startMs >= 0 && nowMs - c.startMs < WindowMs)
            calls += c.calls;
    }
    return calls;
}

double LatencyStats::errorRate(qint64 nowMs) const
{
    int calls = 0;
    int errors = 0;
    for (const Counts &c : m_counts) {
        if (c.startMs >= 0 && nowMs - c.startMs < WindowMs) {
            calls += c.calls;
            errors += c.errors;
        }
    }
    return calls ? double(errors) / calls : 0.0;
}

QList<LatencyPoint> LatencyStats::history(qint64 nowMs) const
{
    roll(nowMs);
    return m_history;
}
