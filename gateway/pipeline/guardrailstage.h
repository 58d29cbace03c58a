// SPDX-License-Identifier: MIT
#pragma once

#include "pipeline/stage.h"

/** @brief Step 5: redaction rules on the request. Passes through until the keys issue adds them. */
class GuardrailStage : public Stage
{
public:
    const char *name() const override { return "guardrail"; }
};
