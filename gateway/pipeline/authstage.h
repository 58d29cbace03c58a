// SPDX-License-Identifier: MIT
#pragma once

#include "pipeline/stage.h"

#include <QPointer>

class AccessControl;

/**
 * @brief Step 3: who is calling. A `sy-...` key (Bearer or x-api-key) must be a known, active,
 * unexpired virtual key (401 otherwise, even when keys are not required: a revoked key never
 * falls back to anonymous). Any other key, or none, is the anonymous local key, unless
 * server.requireApiKey is set (401). The key's constraints go into the KeyContext.
 */
class AuthStage : public Stage
{
public:
    const char *name() const override { return "auth"; }
    void setAccess(AccessControl *access);
    std::optional<GatewayError> before(RequestContext &ctx) override;

private:
    QPointer<AccessControl> m_access;
};
