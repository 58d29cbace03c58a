// SPDX-License-Identifier: MIT
#pragma once

#include "keys/budgetledger.h"
#include "keys/ratelimiter.h"

#include <functional>

/**
 * @brief What the policy stage granted one request and takes back when it is settled: its
 * rate-limit ticket (RPM/TPM entry, parallel slot) and its budget reservations (the key's or
 * the anonymous key's, and the global one).
 *
 * A request always ends in PolicyStage::after. Should a context die without it (a path that
 * forgot to settle), the destructor gives everything back, counting the reservations as spent:
 * the ledger may overcount then, never undercount.
 */
struct Admission
{
    QString scope; ///< the key id, or "local"
    RateLimits limits;
    RateTicket rate;
    BudgetTicket key;
    BudgetTicket global;
    double worstUsd = 0;
    qint64 worstTokens = 0;
    bool settled = false;
    std::function<void(Admission &)> abandon;

    Admission() = default;
    Admission(const Admission &) = delete;
    Admission &operator=(const Admission &) = delete;
    ~Admission()
    {
        if (!settled && abandon)
            abandon(*this);
    }
};
