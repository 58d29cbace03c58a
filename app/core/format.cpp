// SPDX-License-Identifier: MIT
#include "core/format.h"

#include <QDateTime>
#include <QLocale>

#include <cmath>

namespace Format {

QString latency(double ms)
{
    if (ms <= 0)
        return QStringLiteral("–");
    if (ms < 1)
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', 2);
    if (ms < 10)
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', 1);
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(qRound(ms));
    if (ms < 60000)
        return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', ms < 10000 ? 2 : 1);
    return duration(qint64(ms));
}

QString count(qint64 n)
{
    if (n < 10000)
        return QLocale::c().toString(n);
    if (n < 1000000)
        return QStringLiteral("%1k").arg(double(n) / 1e3, 0, 'f', n < 100000 ? 1 : 0);
    if (n < 1000000000)
        return QStringLiteral("%1M").arg(double(n) / 1e6, 0, 'f', n < 100000000 ? 1 : 0);
    return QStringLiteral("%1B").arg(double(n) / 1e9, 0, 'f', 1);
}

QString rate(double perSecond)
{
    if (perSecond <= 0)
        return QStringLiteral("0");
    if (perSecond < 10)
        return QString::number(perSecond, 'f', 1);
    return count(qint64(std::llround(perSecond)));
}

QString cost(double usd)
{
    if (usd <= 0)
        return QStringLiteral("$0.00");
    if (usd < 0.01)
        return QStringLiteral("$%1").arg(usd, 0, 'f', usd < 0.0001 ? 6 : 4);
    if (usd < 1000)
        return QStringLiteral("$%1").arg(usd, 0, 'f', 2);
    return QStringLiteral("$") + QLocale::c().toString(qint64(std::llround(usd)));
}

QString percent(double share)
{
    const double p = share * 100.0;
    if (p <= 0)
        return QStringLiteral("0 %");
    return QStringLiteral("%1 %").arg(p, 0, 'f', p < 10 ? 1 : 0);
}

QString duration(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 86400)
        return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return QStringLiteral("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString clockTime(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch).toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

QString pricePer1M(double input, double output)
{
    if (input <= 0 && output <= 0)
        return QStringLiteral("free");
    auto price = [](double v) { return QStringLiteral("$%1").arg(v, 0, 'f', v < 0.1 ? 3 : 2); };
    return price(input) + QStringLiteral(" / ") + price(output);
}

} // namespace Format
