// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QtGlobal>

/**
 * @brief How the desktop app writes numbers for people: one place, so every screen agrees
 * ("84 ms", "1.2 s", "12.3k", "$0.0042", "2 h 5 min").
 */
namespace Format {
QString latency(double ms);
QString count(qint64 n);
QString rate(double perSecond);
QString cost(double usd);
QString percent(double share);
QString duration(qint64 ms);
/// Local wall-clock time of @p msSinceEpoch ("14:03:22").
QString clockTime(qint64 msSinceEpoch);
/// "$0.15 / $0.60" per 1M input/output tokens, "free" for local or zero-priced models.
QString pricePer1M(double input, double output);
} // namespace Format
