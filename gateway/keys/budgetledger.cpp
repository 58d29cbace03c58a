// SPDX-License-Identifier: MIT
#include "keys/budgetledger.h"

#include <QDateTime>

#include <cmath>

namespace {

constexpr double Epsilon = 1e-9;

QString money(double usd)
{
    if (std::abs(usd) < Epsilon)
        return QStringLiteral("$0");
    // Cents, and the fractions of a cent only when there are some: "$0.70", "$0.0042".
    QString text = QString::number(usd, 'f', 6);
    while (text.endsWith(u'0') && text.indexOf(u'.') < text.size() - 3)
        text.chop(1);
    return u'$' + text;
}

QString periodWord(BudgetPeriod period)
{
    switch (period) {
    case BudgetPeriod::Day:
        return QStringLiteral("daily");
    case BudgetPeriod::Week:
        return QStringLiteral("weekly");
    case BudgetPeriod::Month:
        break;
    }
    return QStringLiteral("monthly");
}

} // namespace

QString BudgetLedger::budgetName(const QString &scope, BudgetPeriod period) const
{
    const QString owner = m_labeler ? m_labeler(scope) : scope;
    if (owner.isEmpty())
        return QStringLiteral("the global %1 budget").arg(periodWord(period));
    return QStringLiteral("the %1 budget of %2").arg(periodWord(period), owner);
}

BudgetLedger::BudgetLedger(QTimeZone zone)
    : m_zone(std::move(zone))
{ }

void BudgetLedger::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    m_today = QDate();
}

void BudgetLedger::load(const QList<SpendRow> &rows, const QList<BudgetAlert> &alerts)
{
    for (const SpendRow &r : rows) {
        Day &d = m_days[r.scope][r.day];
        d.usd += r.usd;
        d.tokens += r.tokens;
        d.requests += r.requests;
    }
    for (const BudgetAlert &a : alerts)
        m_alerts[a.scope].append(a);
}

QDate BudgetLedger::today(qint64 nowMs)
{
    if (m_today.isValid() && nowMs >= m_todayStartMs && nowMs < m_todayEndMs)
        return m_today;
    const QDate day = QDateTime::fromMSecsSinceEpoch(nowMs, m_zone).date();
    const bool changed = day != m_today;
    m_today = day;
    m_todayStartMs = BudgetSpec::startOfDayMs(day, m_zone);
    m_todayEndMs = BudgetSpec::startOfDayMs(day.addDays(1), m_zone);
    if (changed) {
        const QDate oldest = day.addDays(-KeepDays);
        for (auto &days : m_days) {
            while (!days.isEmpty() && days.firstKey() < oldest && days.first().reservedUsd == 0
                && days.first().reservedTokens == 0)
                days.erase(days.begin());
        }
    }
    return m_today;
}

BudgetLedger::Spend BudgetLedger::spend(const QString &scope, BudgetPeriod period, qint64 nowMs)
{
    const QDate day = today(nowMs);
    Spend s;
    s.periodStart = BudgetSpec::periodStart(period, day);
    s.resetsAtMs = BudgetSpec::startOfDayMs(BudgetSpec::nextPeriodStart(period, day), m_zone);
    auto days = m_days.constFind(scope);
    if (days == m_days.constEnd())
        return s;
    for (auto it = days->lowerBound(s.periodStart); it != days->constEnd(); ++it) {
        s.usd += it->usd;
        s.tokens += it->tokens;
        s.requests += it->requests;
        s.reservedUsd += it->reservedUsd;
        s.reservedTokens += it->reservedTokens;
    }
    return s;
}

QList<SpendRow> BudgetLedger::days(const QString &scope, QDate from, QDate to) const
{
    QList<SpendRow> out;
    auto days = m_days.constFind(scope);
    if (days == m_days.constEnd())
        return out;
    for (auto it = days->lowerBound(from); it != days->constEnd() && it.key() <= to; ++it)
        out.append(
            {scope, it.key(), it->usd + it->reservedUsd, it->tokens + it->reservedTokens, it->requests});
    return out;
}

std::optional<GatewayError> BudgetLedger::check(
    const QString &scope, const BudgetSpec &spec, double usd, qint64 tokens, qint64 nowMs, bool *overSoft)
{
    if (!spec.isSet())
        return std::nullopt;
    const Spend s = spend(scope, spec.period, nowMs);
    const bool overUsd = spec.usd && s.usd + s.reservedUsd + usd > *spec.usd + Epsilon;
    const bool overTokens = spec.tokens && s.tokens + s.reservedTokens + tokens > *spec.tokens;
    if (!overUsd && !overTokens)
        return std::nullopt;
    if (!spec.hard) {
        if (overSoft)
            *overSoft = true;
        return std::nullopt;
    }
    // Exhausted: even with no request in flight this one would not fit; only the reset helps.
    const bool exhausted = overUsd ? s.usd + usd > *spec.usd + Epsilon : s.tokens + tokens > *spec.tokens;
    const QString reset = QDateTime::fromMSecsSinceEpoch(s.resetsAtMs, m_zone).toString(Qt::ISODate);
    QString name = budgetName(scope, spec.period);
    name[0] = name[0].toUpper();
    QString message;
    if (overUsd) {
        const double left = qMax(0.0, *spec.usd - s.usd);
        if (s.usd >= *spec.usd - Epsilon)
            message = QStringLiteral("%1 (%2) is spent: %3 used. It resets at %4.")
                          .arg(name, money(*spec.usd), money(s.usd), reset);
        else if (exhausted)
            message = QStringLiteral("%1 (%2) has %3 left and this request could cost up to %4 (its prompt "
                                     "plus max_tokens). Lower max_tokens, or wait for the reset at %5.")
                          .arg(name, money(*spec.usd), money(left), money(usd), reset);
        else
            message
                = QStringLiteral("%1 (%2) has %3 left, %4 of it reserved by requests in flight, and this "
                                 "request could cost up to %5. Retry when they finish, or lower max_tokens.")
                      .arg(name, money(*spec.usd), money(left), money(s.reservedUsd), money(usd));
    } else {
        const qint64 left = qMax<qint64>(0, *spec.tokens - s.tokens);
        if (s.tokens >= *spec.tokens)
            message = QStringLiteral("%1 (%2 tokens) is spent. It resets at %3.")
                          .arg(name)
                          .arg(*spec.tokens)
                          .arg(reset);
        else
            message
                = QStringLiteral("%1 (%2 tokens) has %3 tokens left (%4 reserved by requests in flight) and "
                                 "this request could use up to %5 (its prompt plus max_tokens). Lower "
                                 "max_tokens, or retry later.")
                      .arg(name)
                      .arg(*spec.tokens)
                      .arg(left)
                      .arg(s.reservedTokens)
                      .arg(tokens);
    }
    GatewayError e {429, QStringLiteral("insufficient_quota"), QStringLiteral("budget_exceeded"), message, {},
        exhausted ? int(qMax<qint64>(1, (s.resetsAtMs - nowMs + 999) / 1000)) : 1};
    if (exhausted)
        checkAlerts(scope, spec, nowMs, true);
    return e;
}

BudgetTicket BudgetLedger::reserve(const QString &scope, double usd, qint64 tokens, qint64 nowMs)
{
    BudgetTicket t {scope, today(nowMs), usd, tokens, true};
    Day &d = m_days[scope][t.day];
    d.reservedUsd += usd;
    d.reservedTokens += tokens;
    d.requests += 1;
    emitDelta(scope, t.day, usd, tokens, 1);
    return t;
}

void BudgetLedger::settle(BudgetTicket &t, double usd, qint64 tokens, const BudgetSpec &spec, qint64 nowMs)
{
    if (!t.held)
        return;
    t.held = false;
    Day &d = m_days[t.scope][t.day];
    d.reservedUsd -= t.usd;
    d.reservedTokens -= t.tokens;
    if (std::abs(d.reservedUsd) < Epsilon)
        d.reservedUsd = 0;
    d.usd += usd;
    d.tokens += tokens;
    emitDelta(t.scope, t.day, usd - t.usd, tokens - t.tokens, 0);
    checkAlerts(t.scope, spec, nowMs);
}

void BudgetLedger::emitDelta(const QString &scope, QDate day, double usd, qint64 tokens, qint64 requests)
{
    if (m_deltaSink && (std::abs(usd) > 0 || tokens != 0 || requests != 0))
        m_deltaSink({scope, day, usd, tokens, requests});
}

QList<BudgetAlert> BudgetLedger::alerts(const QString &scope, QDate periodStart) const
{
    QList<BudgetAlert> out;
    for (const BudgetAlert &a : m_alerts.value(scope)) {
        if (!periodStart.isValid() || a.periodStart == periodStart)
            out.append(a);
    }
    return out;
}

void BudgetLedger::checkAlerts(const QString &scope, const BudgetSpec &spec, qint64 nowMs, bool exhausted)
{
    if (!spec.isSet() || m_thresholds.isEmpty())
        return;
    const Spend s = spend(scope, spec.period, nowMs);
    double percent = 0;
    QString used;
    if (spec.usd) {
        percent = *spec.usd > 0 ? s.usd / *spec.usd * 100 : (s.usd > 0 ? 100 : 0);
        used = QStringLiteral("%1 of %2").arg(money(s.usd), money(*spec.usd));
    }
    if (spec.tokens) {
        const double p
            = *spec.tokens > 0 ? double(s.tokens) / double(*spec.tokens) * 100 : (s.tokens ? 100 : 0);
        if (p > percent || used.isEmpty()) {
            percent = qMax(percent, p);
            used = QStringLiteral("%1 of %2 tokens").arg(s.tokens).arg(*spec.tokens);
        }
    }
    QList<BudgetAlert> &fired = m_alerts[scope];
    for (int threshold : std::as_const(m_thresholds)) {
        const bool reached = percent + Epsilon >= threshold || (exhausted && threshold >= 100);
        if (!reached)
            continue;
        bool already = false;
        for (const BudgetAlert &a : std::as_const(fired))
            already = already || (a.periodStart == s.periodStart && a.threshold == threshold);
        if (already)
            continue;
        BudgetAlert alert {scope, s.periodStart, threshold, nowMs, {}};
        const QString name = budgetName(scope, spec.period);
        const QString reset = QDateTime::fromMSecsSinceEpoch(s.resetsAtMs, m_zone).toString(Qt::ISODate);
        if (percent + Epsilon < threshold) // a hard budget refused a request before reaching 100%
            alert.message
                = QStringLiteral("%1 refuses requests now: %2 used, and the next request does not fit "
                                 "in what is left. It resets at %3.")
                      .arg(name, used, reset);
        else if (threshold < 100)
            alert.message = QStringLiteral("%1% of %2 used: %3.").arg(threshold).arg(name, used);
        else if (spec.hard)
            alert.message = QStringLiteral("%1 is spent: %2. Requests are refused until it resets at %3.")
                                .arg(name, used, reset);
        else
            alert.message
                = QStringLiteral("%1 is spent: %2. It is a soft budget, so requests go on; it resets "
                                 "at %3.")
                      .arg(name, used, reset);
        alert.message[0] = alert.message[0].toUpper();
        fired.append(alert);
        if (m_alertSink)
            m_alertSink(alert);
    }
}
