// SPDX-License-Identifier: MIT
#pragma once

#include "pipeline/stage.h"

/** @brief Step 4: IAM, rate limits and budgets. Passes through until the keys issue adds them. */
class PolicyStage : public Stage
{
public:
    const char *name() const override { return "policy"; }
};
