// SPDX-License-Identifier: MIT
#include "pipeline/routestage.h"

#include "routing/router.h"

RouteRequest RouteStage::requestOf(const RequestContext &ctx)
{
    RouteRequest r;
    r.model = ctx.chat ? ctx.chat->model : ctx.plan.requested;
    r.chat = ctx.chat.get();
    r.embeddingTokens = ctx.chat ? -1 : ctx.embeddingTokens;
    r.strategy = ctx.extensions.value("x-routing-strategy");
    r.preferProvider = ctx.extensions.value("x-prefer-provider");
    r.allowedModels = &ctx.key.allowedModels;
    r.keyMaxPricePer1M = ctx.key.maxPricePer1M;
    r.keyStrategy = ctx.key.strategy;
    return r;
}

std::optional<GatewayError> RouteStage::route(RequestContext &ctx, bool explain)
{
    RouteRequest request = requestOf(ctx);
    request.explain = explain;
    RoutePlan failed;
    if (explain)
        request.failedPlan = &failed;
    GatewayError error;
    auto plan = m_router.plan(request, &error);
    if (!plan) {
        if (explain)
            ctx.plan = std::move(failed);
        return error;
    }
    ctx.plan = std::move(*plan);
    ctx.served = ctx.plan.candidates.first();
    return std::nullopt;
}

std::optional<GatewayError> RouteStage::before(RequestContext &ctx)
{
    return route(ctx, false);
}

std::optional<GatewayError> RouteStage::explain(RequestContext &ctx)
{
    return route(ctx, true);
}
