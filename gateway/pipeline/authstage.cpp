// SPDX-License-Identifier: MIT
#include "pipeline/authstage.h"

std::optional<GatewayError> AuthStage::before(RequestContext &ctx)
{
    ctx.key = KeyContext(); // anonymous local key (server.requireApiKey arrives with virtual keys)
    return std::nullopt;
}
