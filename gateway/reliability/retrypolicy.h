// SPDX-License-Identifier: MIT
#pragma once

#include "engine/config.h"
#include "http/gatewayerror.h"

/**
 * @brief What a failed upstream call means for the rest of the request (docs/routing.md has the
 * table): whether the plan moves to its next candidate, whether the failure counts against the
 * provider's circuit breaker, whether the same deployment may be tried again, and after how long.
 *
 * Moving on: connect errors, timeouts, 5xx (529 included), 429, 408, and the provider refusing
 * Switchyard's own key for it (the request may well succeed elsewhere). Not moving on: every other
 * 4xx, which says the request itself is wrong and would fail anywhere. Nothing moves on once a
 * chunk reached the client.
 */
class RetryPolicy
{
public:
    explicit RetryPolicy(const RetryConfig &config = {})
        : m_config(config)
    { }

    /// The next candidate of the plan is tried.
    static bool movesOn(const GatewayError &error) { return error.isRetryable(); }
    /// The provider is at fault (the breaker counts it): not 429 (alive, only busy) nor the client's 4xx.
    static bool countsAgainstProvider(const GatewayError &error);
    /// The same deployment is worth another call after a pause: 5xx, 529, 429 and refused
    /// connections; not timeouts (the wait was already spent) nor a refused key (it stays refused).
    static bool retriesSameDeployment(const GatewayError &error);

    /// Milliseconds to wait before retry number @p retry (0-based) of one deployment, or -1 when
    /// it must not be retried: Retry-After when the upstream sent one (-1 if over
    /// maxRetryAfterMs), else exponential backoff from baseDelayMs with "equal jitter" (half
    /// fixed, half random) capped at maxDelayMs. @p random is uniform in [0, 1).
    [[nodiscard]] int delayMs(int retry, const GatewayError &error, double random) const;

    [[nodiscard]] const RetryConfig &config() const { return m_config; }

private:
    RetryConfig m_config;
};
