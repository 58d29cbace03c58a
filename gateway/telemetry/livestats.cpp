// SPDX-License-Identifier: MIT
#include "telemetry/livestats.h"

#include <QDateTime>

LiveStats::LiveStats()
    : m_seconds(size_t(WindowSeconds))
    , m_day(QDate::currentDate())
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
    // Rows are kept for a UI only once one asked for a snapshot (the headless gateway never does);
    // one that stopped polling keeps at most the newest MaxPending, trimmed in halves (amortised O(1)).
    if (m_collectRows) {
        m_pending.append(row);
        if (m_pending.size() >= 2 * MaxPending)
            m_pending.remove(0, m_pending.size() - MaxPending);
    }

    const qint64 second = (row.timeMs + qint64(row.latencyMs)) / 1000;
    Second &slot = m_seconds[size_t(second % WindowSeconds)];
    if (slot.second != second) {
        if (slot.second > second)
            return; // finished before the window: counted today, not in the live statistics
        drop(slot);
        slot.second = second;
    }
    const bool error = row.status >= 400;
    ++slot.requests;
    ++m_windowRequests;
    if (error) {
        ++slot.errors;
        ++m_windowErrors;
    } else {
        slot.latency.add(row.latencyMs);
        m_windowLatency.add(row.latencyMs);
    }
}

void LiveStats::drop(Second &slot)
{
    if (slot.second < 0)
        return;
    m_windowRequests -= slot.requests;
    m_windowErrors -= slot.errors;
    m_windowLatency.subtract(slot.latency);
    slot.second = -1;
    slot.requests = 0;
    slot.errors = 0;
    slot.latency.clear();
}

void LiveStats::expire(qint64 nowMs)
{
    const qint64 firstSecond = nowMs / 1000 - WindowSeconds + 1;
    for (Second &slot : m_seconds) {
        if (slot.second >= 0 && slot.second < firstSecond)
            drop(slot);
    }
}

void LiveStats::fill(EngineSnapshot &s, qint64 nowMs)
{
    rollDay(nowMs);
    expire(nowMs);
    const qint64 lastSecond = nowMs / 1000;
    const qint64 firstSecond = lastSecond - WindowSeconds + 1;
    const qint64 rateSeconds = RateWindowMs / 1000;
    int recent = 0;
    s.traffic.clear();
    s.traffic.reserve(qsizetype(WindowSeconds));
    for (qint64 second = firstSecond; second <= lastSecond; ++second) {
        const Second &slot = m_seconds[size_t(second % WindowSeconds)];
        TrafficPoint p;
        p.timeMs = second * 1000;
        if (slot.second == second) {
            p.requests = slot.requests;
            p.p50Ms = slot.latency.percentile(0.5);
            if (second > lastSecond - rateSeconds)
                recent += slot.requests;
        }
        s.traffic.append(p);
    }
    s.requestsPerSecond = double(recent) / double(rateSeconds);
    s.errorRate = m_windowRequests > 0 ? double(m_windowErrors) / double(m_windowRequests) : 0;
    s.p50Ms = m_windowLatency.percentile(0.5);
    s.p95Ms = m_windowLatency.percentile(0.95);
    s.requestsToday = m_requestsToday;
    s.tokensToday = m_tokensToday;
    s.costToday = m_costToday;
    s.totalRequests = m_total;
    if (m_pending.size() > MaxPending)
        m_pending.remove(0, m_pending.size() - MaxPending);
    s.newRequests = std::move(m_pending);
    m_pending.clear();
    m_collectRows = true;
}
