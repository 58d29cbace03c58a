// SPDX-License-Identifier: MIT
#include "pipeline/accountstage.h"

#include "routing/catalog.h"

void AccountStage::after(RequestContext &ctx)
{
    if (!ctx.usage.reported && ctx.chat && ctx.usage.promptTokens == 0)
        ctx.usage.promptTokens = ctx.chat->estimatedPromptTokens;
    // Price by the catalog id we routed to; the upstream may report a dated variant of it.
    const ModelInfo info = m_catalog.model(ctx.served.model);
    ctx.costUsd = info.cost(ctx.usage.promptTokens, ctx.usage.completionTokens, ctx.usage.cachedTokens,
        ctx.usage.cacheWriteTokens);
}
