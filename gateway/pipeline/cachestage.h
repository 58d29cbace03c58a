// SPDX-License-Identifier: MIT
#pragma once

#include "pipeline/stage.h"

/** @brief Step 6: exact and semantic response cache. Passes through until the cache lands. */
class CacheStage : public Stage
{
public:
    const char *name() const override { return "cache"; }
};
