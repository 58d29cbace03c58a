// SPDX-License-Identifier: MIT
#pragma once

#include "pipeline/stage.h"

class Router;
struct RouteRequest;

/**
 * @brief Step 7: the requested model becomes an ordered candidate plan (404 if nothing serves
 * it), shaped by the request's extensions (x-routing-strategy, x-prefer-provider) and the key's
 * constraints (allowed models, price limit, strategy).
 */
class RouteStage : public Stage
{
public:
    explicit RouteStage(const Router &router)
        : m_router(router)
    { }
    const char *name() const override { return "route"; }
    std::optional<GatewayError> before(RequestContext &ctx) override;
    /// The same plan with every candidate and exclusion (POST /api/route/explain).
    std::optional<GatewayError> explain(RequestContext &ctx);

    /// The routing inputs of @p ctx.
    static RouteRequest requestOf(const RequestContext &ctx);

private:
    std::optional<GatewayError> route(RequestContext &ctx, bool explain);

    const Router &m_router;
};
