// SPDX-License-Identifier: MIT
#pragma once

#include "reliability/latencystats.h"
#include "telemetry/requestlogrow.h"

#include <QDate>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QTimeZone>

#include <deque>

/** @brief One provider's state as the UI shows it. */
struct ProviderSnapshot
{
    QString id;
    QString type;
    QString status; ///< ok | unknown | error
    QString message;
    int models = 0;
    bool local = false;
    QString circuit; ///< closed | open | half-open
    bool available = true; ///< takes traffic now (circuit, rate-limit pause)
    double p50Ms = 0; ///< upstream latency, last 5 min
    double p95Ms = 0;
    double ttftP50Ms = 0; ///< streams' time to first token
    double ttftP95Ms = 0;
    double errorRate = 0;
    qint64 calls = 0;
    QStringList modelIds;
    QList<LatencyPoint> history; ///< 10 s intervals for the sparkline, oldest first
};

/** @brief A point of the Overview's live chart: one second of traffic. */
struct TrafficPoint
{
    qint64 timeMs = 0;
    int requests = 0;
    double p50Ms = 0;
};

/**
 * @brief What the engine reports to a UI (plain values, copied across threads by signal).
 */
struct EngineSnapshot
{
    bool listening = false;
    QString baseUrl;
    int port = 0;
    qint64 uptimeMs = 0;
    double requestsPerSecond = 0; ///< over the last 10 s
    double p50Ms = 0; ///< latency over the last 5 min (successful requests)
    double p95Ms = 0;
    double errorRate = 0; ///< share of requests with status >= 400, last 5 min
    qint64 requestsToday = 0;
    qint64 tokensToday = 0;
    double costToday = 0;
    qint64 totalRequests = 0; ///< since start
    QList<ProviderSnapshot> providers;
    QList<RequestLogRow> newRequests; ///< finished since the previous snapshot, oldest first
    QList<TrafficPoint> traffic; ///< per second, last 5 min, oldest first
};
Q_DECLARE_METATYPE(EngineSnapshot)

/**
 * @brief Rolling statistics over finished requests, kept in the engine thread.
 *
 * Fed one RequestLogRow per request; cheap to update (O(1) amortised) and to snapshot. "Today"
 * follows the local time zone and resets at midnight.
 */
class LiveStats
{
public:
    LiveStats();
    void add(const RequestLogRow &row);
    /// Seeds today's totals from the request log (at start).
    void seedToday(qint64 requests, qint64 tokens, double cost);
    /// Fills the statistics fields of @p snapshot and moves the new rows into it.
    void fill(EngineSnapshot &snapshot, qint64 nowMs);
    /// Local midnight of the current day, in ms since epoch.
    static qint64 startOfTodayMs(qint64 nowMs);

    static constexpr qint64 WindowMs = 5 * 60 * 1000;
    static constexpr qint64 RateWindowMs = 10 * 1000;

private:
    struct Sample
    {
        qint64 timeMs;
        double latencyMs;
        bool error;
    };
    void rollDay(qint64 nowMs);
    void expire(qint64 nowMs);

    std::deque<Sample> m_samples;
    QList<RequestLogRow> m_pending;
    QDate m_day;
    qint64 m_requestsToday = 0;
    qint64 m_tokensToday = 0;
    double m_costToday = 0;
    qint64 m_total = 0;
};
