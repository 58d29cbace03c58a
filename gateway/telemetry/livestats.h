// SPDX-License-Identifier: MIT
#pragma once

#include "reliability/latencystats.h"
#include "telemetry/latencyhistogram.h"
#include "telemetry/requestlogrow.h"

#include <QDate>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QTimeZone>

#include <vector>

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
 * Fed one RequestLogRow per request. Requests are counted per second of their finish time in a
 * ring covering the window, each second with its own LatencyHistogram, and the window's merged
 * histogram is kept up to date as seconds enter and leave: add() is O(1) and fill() costs the same
 * at 1 or 10k requests per second (percentiles within ~2 %). "Today" follows the local time zone
 * and resets at midnight.
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
    static constexpr qsizetype MaxPending = 500; ///< rows handed to one snapshot at most

private:
    struct Second
    {
        qint64 second = -1; ///< seconds since epoch this slot counts; -1 = empty
        int requests = 0;
        int errors = 0;
        LatencyHistogram latency; ///< successful requests only
    };
    static constexpr qint64 WindowSeconds = WindowMs / 1000;
    void rollDay(qint64 nowMs);
    void expire(qint64 nowMs);
    void drop(Second &slot);

    std::vector<Second> m_seconds; ///< ring indexed by second % WindowSeconds
    LatencyHistogram m_windowLatency;
    qint64 m_windowRequests = 0;
    qint64 m_windowErrors = 0;
    QList<RequestLogRow> m_pending;
    bool m_collectRows = false; ///< set by the first fill(): someone shows the rows
    QDate m_day;
    qint64 m_dayStartMs = 0; ///< [m_dayStartMs, m_nextDayMs): local day m_day, in ms since epoch
    qint64 m_nextDayMs = 0;
    qint64 m_requestsToday = 0;
    qint64 m_tokensToday = 0;
    double m_costToday = 0;
    qint64 m_total = 0;
};
