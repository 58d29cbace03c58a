// SPDX-License-Identifier: MIT
#pragma once

#include <QDate>
#include <QString>

/**
 * @brief Spending of one scope on one day of the user's time zone: a key id, "local" (the
 * anonymous key) or "global" (everything). Persisted rows hold what was spent plus what was
 * reserved and not yet reconciled, so a crash never forgets money that may have been spent.
 */
struct SpendRow
{
    QString scope;
    QDate day;
    double usd = 0;
    qint64 tokens = 0;
    qint64 requests = 0;
};
