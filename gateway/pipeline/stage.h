// SPDX-License-Identifier: MIT
#pragma once

#include "pipeline/requestcontext.h"

#include <optional>

/**
 * @brief One step of the request pipeline (ARCHITECTURE §3), Drogon-style: `before` may answer
 * early by returning an error (auth, policy) or pass on; `after` runs once the exchange is over,
 * in reverse order, whatever its outcome.
 */
class Stage
{
public:
    virtual ~Stage() = default;
    [[nodiscard]] virtual const char *name() const = 0;
    virtual std::optional<GatewayError> before(RequestContext &) { return std::nullopt; }
    virtual void after(RequestContext &) { }
};
