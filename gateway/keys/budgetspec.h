// SPDX-License-Identifier: MIT
#pragma once

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QTimeZone>

#include <optional>

/** @brief The span a budget counts over, in the user's time zone; weeks start on Monday. */
enum class BudgetPeriod { Day, Week, Month };

/**
 * @brief A budget: a cap in USD and/or tokens per period, hard (refuse) or soft (warn).
 *
 * The same shape in the config (`budgets.global`, `budgets.local`) and in the admin API
 * (`budget` of a key): {"usd"?, "tokens"?, "period": "day|week|month", "hard": true}.
 */
struct BudgetSpec
{
    std::optional<double> usd;
    std::optional<qint64> tokens;
    BudgetPeriod period = BudgetPeriod::Month;
    bool hard = true;

    [[nodiscard]] bool isSet() const { return usd.has_value() || tokens.has_value(); }
    [[nodiscard]] QJsonObject toJson() const;
    /// Parses @p value (an object, or null for "no budget"); errors name @p path ("budget.usd").
    static std::optional<BudgetSpec> fromJson(const QJsonValue &value, const QString &path, QString *error);

    [[nodiscard]] static QString periodName(BudgetPeriod period);
    static std::optional<BudgetPeriod> periodFromName(const QString &name);
    /// The first day of the period that contains @p day.
    [[nodiscard]] static QDate periodStart(BudgetPeriod period, QDate day);
    /// The first day of the next period.
    [[nodiscard]] static QDate nextPeriodStart(BudgetPeriod period, QDate day);
    /// Midnight of @p day in @p zone, in ms since the epoch (the moment a period starts).
    [[nodiscard]] static qint64 startOfDayMs(QDate day, const QTimeZone &zone);

    friend bool operator==(const BudgetSpec &, const BudgetSpec &) = default;
};
