// SPDX-License-Identifier: MIT
#include "pipeline/routestage.h"

#include "routing/router.h"

std::optional<GatewayError> RouteStage::before(RequestContext &ctx)
{
    GatewayError error;
    auto plan = m_router.plan(ctx.chat ? ctx.chat->model : ctx.plan.requested, &error);
    if (!plan)
        return error;
    ctx.plan = std::move(*plan);
    ctx.served = ctx.plan.candidates.first();
    return std::nullopt;
}
