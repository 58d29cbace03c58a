// SPDX-License-Identifier: MIT
#include "pipeline/requestcontext.h"

#include "providers/provider.h"

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

static double round3(double v)
{
    return std::round(v * 1000.0) / 1000.0;
}

QJsonObject RequestContext::gatewayMeta(qint64 nowNs) const
{
    QJsonObject meta {{QLatin1String("request_id"), QString::fromLatin1(requestId)},
        {QLatin1String("provider"), served.provider ? served.provider->id() : QString()},
        {QLatin1String("model"), servedModel.isEmpty() ? served.model : servedModel},
        {QLatin1String("requested_model"), plan.requested},
        {QLatin1String("routing_decision"), served.reason}, {QLatin1String("strategy"), plan.strategy},
        {QLatin1String("score"), served.score}, {QLatin1String("attempts"), attempts},
        {QLatin1String("fallback_used"), fallbackUsed}, {QLatin1String("cache_hit"), cacheHit},
        {QLatin1String("latency_ms"), round3(latencyMs(nowNs))},
        {QLatin1String("overhead_ms"), round3(overheadMs(nowNs))},
        {QLatin1String("cost_usd"), std::round(costUsd * 1e8) / 1e8},
        {QLatin1String("usage_estimated"), !usage.reported}};
    if (firstTokenNs)
        meta.insert(QLatin1String("ttft_ms"), round3(double(firstTokenNs - receivedNs) / 1e6));
    if (plan.scored)
        meta.insert(QLatin1String("route"), plan.summaryJson());
    return meta;
}
