// SPDX-License-Identifier: MIT
#include "telemetry/livestats.h"

#include <QDateTime>

#include <algorithm>

LiveStats::LiveStats()
    : m_day(QDate::currentDate())
{ }

qint64 LiveStats::startOfTodayMs(qint64 nowMs)
{
    return QDateTime::fromMSecsSinceEpoch(nowMs).date().startOfDay().toMSecsSinceEpoch();
}

void LiveStats::rollDay(qint64 nowMs)
{
    // Local-time conversion costs a stat() of /etc/localtime (glibc tzset): once per day and
    // after a clock step, not per request.
    if (nowMs >= m_dayStartMs && nowMs < m_nextDayMs)
        return;
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs).date();
    m_dayStartMs = today.startOfDay().toMSecsSinceEpoch();
    m_nextDayMs = today.addDays(1).startOfDay().toMSecsSinceEpoch();
    if (today == m_day)
        return;
    m_day = today;
    m_requestsToday = 0;
    m_tokensToday = 0;
    m_costToday = 0;
}

void LiveStats::seedToday(qint64 requests, qint64 tokens, double cost)
{
    m_requestsToday += requests;
    m_tokensToday += tokens;
    m_costToday += cost;
}

void LiveStats::add(const RequestLogRow &row)
{
    rollDay(row.timeMs);
    ++m_total;
    ++m_requestsToday;
    m_tokensToday += row.promptTokens + row.completionTokens;
    m_costToday += row.costUsd;
    m_samples.push_back({row.timeMs + qint64(row.latencyMs), row.latencyMs, row.status >= 400});
    expire(row.timeMs); // here too: the headless gateway never takes snapshots, and must not grow
    m_pending.append(row);
    if (m_pending.size() > 500) // a UI that stopped polling must not make us grow
        m_pending.remove(0, m_pending.size() - 500);
}

void LiveStats::expire(qint64 nowMs)
{
    while (!m_samples.empty() && m_samples.front().timeMs < nowMs - WindowMs)
        m_samples.pop_front();
}

static double percentile(std::vector<double> &values, double p)
{
    if (values.empty())
        return 0;
    const size_t k = std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5));
    std::nth_element(values.begin(), values.begin() + qsizetype(k), values.end());
    return values[k];
}

void LiveStats::fill(EngineSnapshot &s, qint64 nowMs)
{
    rollDay(nowMs);
    expire(nowMs);
    std::vector<double> latencies;
    latencies.reserve(m_samples.size());
    int errors = 0;
    int recent = 0;
    // Per-second buckets for the chart, keyed by second offset in the window.
    const qint64 firstSecond = (nowMs - WindowMs) / 1000 + 1;
    const qint64 lastSecond = nowMs / 1000;
    std::vector<std::vector<double>> buckets(size_t(lastSecond - firstSecond + 1));
    for (const Sample &x : m_samples) {
        if (x.error)
            ++errors;
        else
            latencies.push_back(x.latencyMs);
        if (x.timeMs >= nowMs - RateWindowMs)
            ++recent;
        const qint64 second = x.timeMs / 1000;
        if (second >= firstSecond && second <= lastSecond)
            buckets[size_t(second - firstSecond)].push_back(x.latencyMs);
    }
    s.requestsPerSecond = double(recent) / (double(RateWindowMs) / 1000.0);
    s.errorRate = m_samples.empty() ? 0 : double(errors) / double(m_samples.size());
    s.p50Ms = percentile(latencies, 0.5);
    s.p95Ms = percentile(latencies, 0.95);
    s.requestsToday = m_requestsToday;
    s.tokensToday = m_tokensToday;
    s.costToday = m_costToday;
    s.totalRequests = m_total;
    s.traffic.clear();
    s.traffic.reserve(qsizetype(buckets.size()));
    for (size_t i = 0; i < buckets.size(); ++i) {
        TrafficPoint p;
        p.timeMs = (firstSecond + qint64(i)) * 1000;
        p.requests = int(buckets[i].size());
        p.p50Ms = percentile(buckets[i], 0.5);
        s.traffic.append(p);
    }
    s.newRequests = std::move(m_pending);
    m_pending.clear();
}
