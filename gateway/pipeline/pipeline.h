// SPDX-License-Identifier: MIT
#pragma once

#include "pipeline/accountstage.h"
#include "pipeline/authstage.h"
#include "pipeline/cachestage.h"
#include "pipeline/executestage.h"
#include "pipeline/guardrailstage.h"
#include "pipeline/policystage.h"
#include "pipeline/recordstage.h"
#include "pipeline/routestage.h"

/**
 * @brief The request pipeline of ARCHITECTURE §3, steps 3-11, independent of HTTP.
 *
 * The api layer parses (step 2), then calls admit() (auth, policy, guardrails, cache, route),
 * execute() (step 8), settle() before it renders the final bytes (the admission stages' post-steps
 * in reverse, then accounting) and record() after the last byte. Drivable in memory by tests.
 */
class Pipeline
{
public:
    Pipeline(const Router &router, const Catalog &catalog, RecordStage::Sink recordSink);

    /// Steps 3-7; an error means: answer it now.
    std::optional<GatewayError> admit(RequestContext &ctx);
    /// Who is calling (step 3) and where the request would go (step 7, every candidate and
    /// exclusion in ctx.plan), without reserving, calling or recording anything.
    std::optional<GatewayError> explain(RequestContext &ctx);
    /// For tests: the backoff jitter's random numbers.
    void setRandom(std::function<double()> random) { m_execute.setRandom(std::move(random)); }
    CancelCall execute(const ContextPtr &ctx, ChatCallbacks downstream)
    {
        return m_execute.chat(ctx, std::move(downstream));
    }
    CancelCall executeEmbeddings(const ContextPtr &ctx, const QJsonObject &body,
        std::function<void(const QJsonObject &)> onResult, std::function<void(const GatewayError &)> onError)
    {
        return m_execute.embeddings(ctx, body, std::move(onResult), std::move(onError));
    }
    /// Post-steps of the admitted stages (reverse order) and accounting.
    void settle(RequestContext &ctx);
    /// Step 11.
    void record(RequestContext &ctx) { m_record.after(ctx); }

private:
    AuthStage m_auth;
    PolicyStage m_policy;
    GuardrailStage m_guardrail;
    CacheStage m_cache;
    RouteStage m_route;
    ExecuteStage m_execute;
    AccountStage m_account;
    RecordStage m_record;
    std::array<Stage *, 5> m_admission;
};
