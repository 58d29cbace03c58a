// SPDX-License-Identifier: MIT
#include "pipeline/recordstage.h"

#include "http/httprequest.h"
#include "providers/provider.h"
#include "telemetry/requestlogrow.h"

RequestLogRow RecordStage::toRow(const RequestContext &ctx, qint64 nowNs)
{
    RequestLogRow row;
    row.id = QString::fromLatin1(ctx.requestId);
    row.timeMs = ctx.timeMs;
    row.keyId = ctx.key.id;
    row.endpoint = ctx.endpoint;
    row.modelRequested = ctx.plan.requested;
    row.modelServed = ctx.servedModel.isEmpty() ? ctx.served.model : ctx.servedModel;
    row.provider = ctx.served.provider ? ctx.served.provider->id() : QString();
    row.status = ctx.status;
    row.promptTokens = ctx.usage.promptTokens;
    row.completionTokens = ctx.usage.completionTokens;
    row.cachedTokens = ctx.usage.cachedTokens;
    row.costUsd = ctx.costUsd;
    row.latencyMs = ctx.latencyMs(nowNs);
    row.ttftMs = ctx.firstTokenNs ? double(ctx.firstTokenNs - ctx.receivedNs) / 1e6 : -1;
    row.overheadMs = ctx.overheadMs(nowNs);
    row.streamed = ctx.streamed;
    row.error = ctx.errorCode;
    row.routingDecision = ctx.served.reason;
    if (ctx.plan.scored)
        row.routeProfile = ctx.plan.profile.toCompact() + QStringLiteral(";g=") + ctx.plan.strategySource
            + QStringLiteral(";d=") + row.provider + u'/' + ctx.served.model;
    return row;
}

void RecordStage::after(RequestContext &ctx)
{
    if (m_sink)
        m_sink(toRow(ctx, HttpClock::nowNs()));
}
