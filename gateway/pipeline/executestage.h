// SPDX-License-Identifier: MIT
#pragma once

#include "pipeline/requestcontext.h"
#include "providers/provider.h"

/**
 * @brief Step 8: walks the plan. Each candidate is called in turn until one answers; a failure
 * before the first byte that is worth retrying elsewhere (connect errors, timeouts, 5xx, 429,
 * 529) moves to the next candidate, any other failure is answered as is. Once a chunk went to the
 * client the call is committed: a later failure is reported mid-stream, never retried.
 */
class ExecuteStage
{
public:
    /// Starts the call; @p downstream receives the serving candidate's output. Returns a canceller.
    CancelCall chat(const ContextPtr &ctx, ChatCallbacks downstream);
    CancelCall embeddings(const ContextPtr &ctx, const QJsonObject &body,
        std::function<void(const QJsonObject &)> onResult, std::function<void(const GatewayError &)> onError);
};
