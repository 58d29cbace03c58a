// SPDX-License-Identifier: MIT
#pragma once

#include "http/gatewayerror.h"
#include "keys/budgetalert.h"
#include "keys/budgetspec.h"
#include "keys/spendrow.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QTimeZone>

#include <functional>
#include <optional>

/** @brief A reservation held by one request in one scope until it is settled. */
struct BudgetTicket
{
    QString scope;
    QDate day; ///< the day it was made (its spend belongs to that day)
    double usd = 0;
    qint64 tokens = 0;
    bool held = false;
};

/**
 * @brief What each scope (a key, the anonymous local key, the global total) has spent and holds
 * in reservations, per day of the user's time zone; budgets are checked against the sum over
 * their period (day, week from Monday, month).
 *
 * A request reserves its worst case before the call and settles to its real cost after it, so
 * concurrent requests can never together spend more than a hard budget: a reservation that does
 * not fit in what is left is refused. Every change is handed to the sink as a delta of the day's
 * row (reservations included), which the store persists at once: after a crash the reservations
 * of the requests in flight count as spent, so nothing that may have been spent is forgotten.
 * Thresholds crossed by the settled spend raise alerts, once per scope, period and threshold.
 */
class BudgetLedger
{
public:
    struct Spend
    {
        double usd = 0; ///< settled in the period
        qint64 tokens = 0;
        qint64 requests = 0;
        double reservedUsd = 0; ///< held by requests in flight
        qint64 reservedTokens = 0;
        QDate periodStart;
        qint64 resetsAtMs = 0;
    };
    using DeltaSink = std::function<void(const SpendRow &delta)>;
    using AlertSink = std::function<void(const BudgetAlert &alert)>;
    /// Who a scope's budget belongs to in messages ("key 'ci-bot'"; empty for the global one).
    using Labeler = std::function<QString(const QString &scope)>;

    explicit BudgetLedger(QTimeZone zone = QTimeZone::systemTimeZone());

    void setTimeZone(const QTimeZone &zone);
    [[nodiscard]] const QTimeZone &timeZone() const { return m_zone; }
    void setDeltaSink(DeltaSink sink) { m_deltaSink = std::move(sink); }
    void setAlertSink(AlertSink sink) { m_alertSink = std::move(sink); }
    void setAlertThresholds(QList<int> percents) { m_thresholds = std::move(percents); }
    void setLabeler(Labeler labeler) { m_labeler = std::move(labeler); }

    /// The persisted rows and alerts (startup); rows count as settled.
    void load(const QList<SpendRow> &rows, const QList<BudgetAlert> &alerts);

    [[nodiscard]] QDate today(qint64 nowMs);
    [[nodiscard]] Spend spend(const QString &scope, BudgetPeriod period, qint64 nowMs);
    /// Days of @p scope from @p from to @p to (settled + reserved), for usage over time.
    [[nodiscard]] QList<SpendRow> days(const QString &scope, QDate from, QDate to) const;

    /**
     * Whether @p usd / @p tokens more fit in @p scope's budget @p spec: nullopt when they do (or
     * the budget is soft: then @p overSoft is set), else the 429 to answer.
     */
    std::optional<GatewayError> check(const QString &scope, const BudgetSpec &spec, double usd, qint64 tokens,
        qint64 nowMs, bool *overSoft);
    /// "the daily budget of key 'ci-bot'", "the global monthly budget".
    [[nodiscard]] QString budgetName(const QString &scope, BudgetPeriod period) const;
    BudgetTicket reserve(const QString &scope, double usd, qint64 tokens, qint64 nowMs);
    /// Replaces @p ticket's reservation by the real @p usd / @p tokens; then checks alerts for
    /// @p spec. Idempotent.
    void settle(BudgetTicket &ticket, double usd, qint64 tokens, const BudgetSpec &spec, qint64 nowMs);
    /// Raises the alerts of thresholds @p scope's settled spend has crossed (and 100 when
    /// @p exhausted: a hard budget refused a request because nothing is left).
    void checkAlerts(const QString &scope, const BudgetSpec &spec, qint64 nowMs, bool exhausted = false);
    [[nodiscard]] QList<BudgetAlert> alerts(const QString &scope, QDate periodStart) const;

    /// Days kept in memory (and loaded at startup): enough for a month plus the usage chart.
    static constexpr int KeepDays = 62;

private:
    struct Day
    {
        double usd = 0;
        qint64 tokens = 0;
        qint64 requests = 0;
        double reservedUsd = 0;
        qint64 reservedTokens = 0;
    };
    void emitDelta(const QString &scope, QDate day, double usd, qint64 tokens, qint64 requests);

    QTimeZone m_zone;
    QHash<QString, QMap<QDate, Day>> m_days;
    QHash<QString, QList<BudgetAlert>> m_alerts;
    QList<int> m_thresholds {50, 80, 100};
    DeltaSink m_deltaSink;
    AlertSink m_alertSink;
    Labeler m_labeler;
    QDate m_today;
    qint64 m_todayStartMs = 0;
    qint64 m_todayEndMs = 0;
};
