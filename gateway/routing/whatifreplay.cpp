// SPDX-License-Identifier: MIT
#include "routing/whatifreplay.h"

#include "providers/provider.h"
#include "routing/catalog.h"
#include "routing/promptprofile.h"
#include "routing/router.h"
#include "store/store.h"
#include "telemetry/requestlogrow.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace {

/// A field of the compact profile the record stage appends ("g=config", "d=openai/gpt-4o").
QString field(const QString &compact, QLatin1String name)
{
    for (const QString &f : compact.split(u';')) {
        if (f.size() > name.size() && f.startsWith(name) && f.at(name.size()) == u'=')
            return f.mid(name.size() + 1);
    }
    return {};
}

double round(double v, double scale)
{
    return std::round(v * scale) / scale;
}

} // namespace

QJsonObject WhatIfSummary::toJson() const
{
    const double n = replayed > 0 ? double(replayed) : 1.0;
    QJsonArray list;
    for (const WhatIfMove &m : moves)
        list.append(QJsonObject {{QLatin1String("from"), m.from}, {QLatin1String("to"), m.to},
            {QLatin1String("requests"), m.requests}});
    return {{QLatin1String("considered"), considered}, {QLatin1String("replayed"), replayed},
        {QLatin1String("changed"), changed}, {QLatin1String("skipped"), skipped},
        {QLatin1String("unroutable"), unroutable},
        {QLatin1String("cost_before_usd"), round(costBeforeUsd, 1e8)},
        {QLatin1String("cost_after_usd"), round(costAfterUsd, 1e8)},
        {QLatin1String("cost_change_pct"),
            costBeforeUsd > 0 ? round((costAfterUsd - costBeforeUsd) / costBeforeUsd * 100, 10) : 0.0},
        {QLatin1String("latency_before_ms"), round(latencyBeforeMs, 10)},
        {QLatin1String("latency_after_ms"), round(latencyAfterMs, 10)},
        {QLatin1String("actual_latency_ms"), round(actualLatencyMs, 10)},
        {QLatin1String("quality_before"), round(qualityBefore, 10)},
        {QLatin1String("quality_after"), round(qualityAfter, 10)},
        {QLatin1String("cost_per_request_before_usd"), round(costBeforeUsd / n, 1e8)},
        {QLatin1String("cost_per_request_after_usd"), round(costAfterUsd / n, 1e8)},
        {QLatin1String("moves"), list}};
}

WhatIfSummary WhatIfReplay::run(
    const Router &router, const RoutingConfig &edited, const QList<RequestLogRow> &rows)
{
    WhatIfSummary s;
    QHash<QPair<QString, QString>, int> moves;
    double latencyBefore = 0, latencyAfter = 0, actual = 0, qualityBefore = 0, qualityAfter = 0;
    for (const RequestLogRow &row : rows) {
        if (s.considered >= MaxRows)
            break;
        ++s.considered;
        if (row.routeProfile.isEmpty() || row.status < 200 || row.status >= 300) {
            ++s.skipped;
            continue;
        }
        const QString source = field(row.routeProfile, QLatin1String("g"));
        const QString deployment = field(row.routeProfile, QLatin1String("d"));
        const auto profile = PromptProfile::fromCompact(row.routeProfile);
        const qsizetype slash = deployment.indexOf(u'/');
        if (!profile || slash <= 0 || source == QLatin1String("key") || source == QLatin1String("request")) {
            ++s.skipped;
            continue;
        }
        RouteRequest request;
        request.model = row.modelRequested;
        request.profile = &*profile;
        request.config = &edited;
        GatewayError error;
        const auto plan = router.plan(request, &error);
        if (!plan) {
            ++s.unroutable;
            continue;
        }
        const QString beforeProvider = deployment.left(slash);
        const QString beforeModel = deployment.mid(slash + 1);
        const RouteCandidate &after = plan->candidates.first();
        const QString afterId = after.provider->id() + u'/' + after.model;
        ++s.replayed;
        const ModelInfo afterInfo = router.catalog().model(after.model);
        s.costBeforeUsd += row.costUsd;
        s.costAfterUsd += afterInfo.cost(row.promptTokens, row.completionTokens, row.cachedTokens);
        const double before = router.expectedLatencyMs(beforeProvider, beforeModel, profile->streamed);
        latencyBefore += before >= 0 ? before : row.latencyMs;
        latencyAfter += after.expectedLatencyMs > 0
            ? after.expectedLatencyMs
            : qMax(0.0, router.expectedLatencyMs(after.provider->id(), after.model, profile->streamed));
        actual += row.latencyMs;
        qualityBefore += router.catalog().model(beforeModel).quality;
        qualityAfter += afterInfo.quality;
        if (afterId != deployment) {
            ++s.changed;
            ++moves[qMakePair(deployment, afterId)];
        }
    }
    if (s.replayed > 0) {
        s.latencyBeforeMs = latencyBefore / s.replayed;
        s.latencyAfterMs = latencyAfter / s.replayed;
        s.actualLatencyMs = actual / s.replayed;
        s.qualityBefore = qualityBefore / s.replayed;
        s.qualityAfter = qualityAfter / s.replayed;
    }
    for (auto it = moves.constBegin(); it != moves.constEnd(); ++it)
        s.moves.append({it.key().first, it.key().second, it.value()});
    std::sort(s.moves.begin(), s.moves.end(), [](const WhatIfMove &a, const WhatIfMove &b) {
        return a.requests != b.requests ? a.requests > b.requests : a.from + a.to < b.from + b.to;
    });
    if (s.moves.size() > 10)
        s.moves.resize(10);
    return s;
}

void WhatIfReplay::fromLog(Store &store, const Router &router, const RoutingConfig &edited, int lastRequests,
    std::function<void(const WhatIfSummary &)> done)
{
    const Router *r = &router;
    Store *s = &store;
    store.flush([s, r, edited, lastRequests, done] {
        s->recentLogs(qBound(1, lastRequests, MaxRows), 0,
            [r, edited, done](const QList<RequestLogRow> &rows, qint64) { done(run(*r, edited, rows)); });
    });
}
