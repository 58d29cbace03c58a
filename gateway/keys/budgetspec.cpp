// SPDX-License-Identifier: MIT
#include "keys/budgetspec.h"

#include <QJsonValue>
#include <QStringList>

QString BudgetSpec::periodName(BudgetPeriod period)
{
    switch (period) {
    case BudgetPeriod::Day:
        return QStringLiteral("day");
    case BudgetPeriod::Week:
        return QStringLiteral("week");
    case BudgetPeriod::Month:
        break;
    }
    return QStringLiteral("month");
}

std::optional<BudgetPeriod> BudgetSpec::periodFromName(const QString &name)
{
    if (name == QLatin1String("day"))
        return BudgetPeriod::Day;
    if (name == QLatin1String("week"))
        return BudgetPeriod::Week;
    if (name == QLatin1String("month"))
        return BudgetPeriod::Month;
    return std::nullopt;
}

QDate BudgetSpec::periodStart(BudgetPeriod period, QDate day)
{
    switch (period) {
    case BudgetPeriod::Day:
        return day;
    case BudgetPeriod::Week:
        return day.addDays(1 - day.dayOfWeek()); // Monday
    case BudgetPeriod::Month:
        break;
    }
    return QDate(day.year(), day.month(), 1);
}

QDate BudgetSpec::nextPeriodStart(BudgetPeriod period, QDate day)
{
    const QDate start = periodStart(period, day);
    switch (period) {
    case BudgetPeriod::Day:
        return start.addDays(1);
    case BudgetPeriod::Week:
        return start.addDays(7);
    case BudgetPeriod::Month:
        break;
    }
    return start.addMonths(1);
}

qint64 BudgetSpec::startOfDayMs(QDate day, const QTimeZone &zone)
{
    return day.startOfDay(zone).toMSecsSinceEpoch();
}

QJsonObject BudgetSpec::toJson() const
{
    QJsonObject o {{QLatin1String("period"), periodName(period)}, {QLatin1String("hard"), hard}};
    o.insert(QLatin1String("usd"), usd ? QJsonValue(*usd) : QJsonValue());
    o.insert(QLatin1String("tokens"), tokens ? QJsonValue(*tokens) : QJsonValue());
    return o;
}

std::optional<BudgetSpec> BudgetSpec::fromJson(const QJsonValue &value, const QString &path, QString *error)
{
    BudgetSpec spec;
    if (value.isNull() || value.isUndefined())
        return spec;
    if (!value.isObject()) {
        *error = path + QStringLiteral(": expected an object");
        return std::nullopt;
    }
    const QJsonObject o = value.toObject();
    static const QStringList allowed
        = {QStringLiteral("usd"), QStringLiteral("tokens"), QStringLiteral("period"), QStringLiteral("hard")};
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (!allowed.contains(it.key())) {
            *error = QStringLiteral("%1.%2: unknown key (expected one of: %3)")
                         .arg(path, it.key(), allowed.join(QLatin1String(", ")));
            return std::nullopt;
        }
    }
    const QJsonValue usd = o.value(QLatin1String("usd"));
    if (!usd.isUndefined() && !usd.isNull()) {
        if (!usd.isDouble() || usd.toDouble() < 0 || usd.toDouble() > 1e9) {
            *error = path + QStringLiteral(".usd: expected a number of US dollars from 0 to 1e9");
            return std::nullopt;
        }
        spec.usd = usd.toDouble();
    }
    const QJsonValue tokens = o.value(QLatin1String("tokens"));
    if (!tokens.isUndefined() && !tokens.isNull()) {
        const double d = tokens.toDouble(-1);
        if (!tokens.isDouble() || d < 0 || d > 1e15 || d != double(qint64(d))) {
            *error = path + QStringLiteral(".tokens: expected a whole number of tokens");
            return std::nullopt;
        }
        spec.tokens = qint64(d);
    }
    const QJsonValue period = o.value(QLatin1String("period"));
    if (!period.isUndefined()) {
        const auto p = periodFromName(period.toString());
        if (!period.isString() || !p) {
            *error = path + QStringLiteral(".period: expected \"day\", \"week\" or \"month\"");
            return std::nullopt;
        }
        spec.period = *p;
    }
    const QJsonValue hard = o.value(QLatin1String("hard"));
    if (!hard.isUndefined()) {
        if (!hard.isBool()) {
            *error = path + QStringLiteral(".hard: expected true (refuse when spent) or false (warn)");
            return std::nullopt;
        }
        spec.hard = hard.toBool();
    }
    return spec;
}
