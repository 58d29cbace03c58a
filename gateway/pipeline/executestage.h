// SPDX-License-Identifier: MIT
#pragma once

#include "pipeline/requestcontext.h"
#include "providers/provider.h"

#include <functional>

class Router;

/**
 * @brief Step 8: walks the plan. Each candidate is called in turn until one answers; a failure
 * before the first byte that is worth retrying elsewhere (connect errors, timeouts, 5xx, 429,
 * 529) moves to the next candidate, any other failure is answered as is (RetryPolicy). Candidates
 * whose circuit is open or whose provider is rate-limited are skipped; when none is left, the last
 * one tried is retried after a backoff (or its Retry-After) up to routing.retry.retries times.
 * Every outcome feeds the provider's circuit breaker and latency statistics. Once a chunk went to
 * the client the call is committed: a later failure is reported mid-stream, never retried.
 */
class ExecuteStage
{
public:
    explicit ExecuteStage(const Router &router)
        : m_router(router)
    { }

    /// Starts the call; @p downstream receives the serving candidate's output. Returns a canceller.
    CancelCall chat(const ContextPtr &ctx, ChatCallbacks downstream);
    CancelCall embeddings(const ContextPtr &ctx, const QJsonObject &body,
        std::function<void(const QJsonObject &)> onResult, std::function<void(const GatewayError &)> onError);

    /// Uniform random numbers in [0, 1) for the backoff jitter (tests make it deterministic).
    void setRandom(std::function<double()> random) { m_random = std::move(random); }

private:
    const Router &m_router;
    std::function<double()> m_random;
};
