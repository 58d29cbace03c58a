// SPDX-License-Identifier: MIT
#pragma once

#include "pipeline/stage.h"

class Router;

/** @brief Step 7: the requested model becomes an ordered candidate plan (404 if nothing serves it). */
class RouteStage : public Stage
{
public:
    explicit RouteStage(const Router &router)
        : m_router(router)
    { }
    const char *name() const override { return "route"; }
    std::optional<GatewayError> before(RequestContext &ctx) override;

private:
    const Router &m_router;
};
