// SPDX-License-Identifier: MIT
#pragma once

#include <QDate>
#include <QMetaType>
#include <QString>

/** @brief A budget alert that fired: @p threshold percent of @p scope's budget in one period. */
struct BudgetAlert
{
    QString scope; ///< "global", "local" or a key id
    QDate periodStart;
    int threshold = 0; ///< percent: 50, 80, 100
    qint64 timeMs = 0;
    QString message;
};

Q_DECLARE_METATYPE(BudgetAlert)
