// SPDX-License-Identifier: MIT
#include "pipeline/requestcontext.h"

#include "protocol/jsonwriter.h"
#include "providers/provider.h"

#include <QJsonDocument>

#include <cmath>

double RequestContext::overheadMs(qint64 nowNs) const
{
    if (upstreamStartNs == 0)
        return latencyMs(nowNs);
    // Before the upstream call, plus after its last byte (or, mid-stream, after its first).
    qint64 waited = 0;
    if (upstreamEndNs)
        waited = upstreamEndNs - upstreamStartNs;
    else if (upstreamFirstNs)
        waited = upstreamFirstNs - upstreamStartNs;
    else
        waited = nowNs - upstreamStartNs;
    return qMax(0.0, double(nowNs - receivedNs - waited) / 1e6);
}

QByteArray RequestContext::gatewayMetaJson(qint64 nowNs) const
{
    // Keys in sorted order, as QJsonDocument would write them.
    JsonWriter w;
    w.add(QLatin1String("attempts"), attempts)
        .add(QLatin1String("cache_hit"), cacheHit)
        .add(QLatin1String("cost_usd"), std::round(costUsd * 1e8) / 1e8)
        .add(QLatin1String("fallback_used"), fallbackUsed)
        .addMilliseconds(QLatin1String("latency_ms"), latencyMs(nowNs))
        .add(QLatin1String("model"), servedModel.isEmpty() ? served.model : servedModel)
        .addMilliseconds(QLatin1String("overhead_ms"), overheadMs(nowNs))
        .add(QLatin1String("provider"), served.provider ? served.provider->id() : QString())
        .add(QLatin1String("request_id"), QString::fromLatin1(requestId))
        .add(QLatin1String("requested_model"), plan.requested);
    if (plan.scored)
        w.addRaw(QLatin1String("route"), plan.summaryJsonBytes());
    w.add(QLatin1String("routing_decision"), served.reason)
        .add(QLatin1String("score"), served.score)
        .add(QLatin1String("strategy"), plan.strategy);
    if (firstTokenNs)
        w.addMilliseconds(QLatin1String("ttft_ms"), double(firstTokenNs - receivedNs) / 1e6);
    w.add(QLatin1String("usage_estimated"), !usage.reported);
    return w.take();
}

QJsonObject RequestContext::gatewayMeta(qint64 nowNs) const
{
    return QJsonDocument::fromJson(gatewayMetaJson(nowNs)).object();
}
