// SPDX-License-Identifier: MIT
#pragma once

#include "pipeline/stage.h"

/**
 * @brief Step 3: who is calling. Virtual keys arrive with the keys issue; until then every request
 * runs as the anonymous local key, whatever key the client sends (SDKs insist on sending one).
 */
class AuthStage : public Stage
{
public:
    const char *name() const override { return "auth"; }
    std::optional<GatewayError> before(RequestContext &ctx) override;
};
