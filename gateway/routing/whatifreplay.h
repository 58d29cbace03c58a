// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

class Router;
class Store;
struct RequestLogRow;
struct RoutingConfig;

/** @brief Requests that would move from one deployment to another. */
struct WhatIfMove
{
    QString from; ///< "provider/model"
    QString to;
    int requests = 0;
};

/**
 * @brief What edited routing settings would have done to real past requests.
 *
 * Costs are in USD over the replayed requests: "before" is what they really cost (the log), "after"
 * what the newly chosen models charge for the same real token counts. Latency is routing's expected
 * time to first byte for the deployment before and after (the same estimator for both); quality is
 * the catalog's, averaged per request.
 */
struct WhatIfSummary
{
    int considered = 0; ///< log rows looked at
    int replayed = 0; ///< scored requests re-planned
    int changed = 0; ///< of those, now routed elsewhere
    int skipped = 0; ///< explicit models, or a strategy set by the key or the request
    int unroutable = 0; ///< would find no candidate under the edited settings
    double costBeforeUsd = 0;
    double costAfterUsd = 0;
    double latencyBeforeMs = 0; ///< mean expected
    double latencyAfterMs = 0;
    double actualLatencyMs = 0; ///< mean measured latency of the replayed requests
    double qualityBefore = 0; ///< mean
    double qualityAfter = 0;
    QList<WhatIfMove> moves; ///< the biggest moves first

    [[nodiscard]] QJsonObject toJson() const;
};

/**
 * @brief The Routing screen's what-if panel: re-plans the last logged requests that were routed by
 * score under edited (not applied) routing settings, from their stored classification
 * (RequestLogRow::routeProfile) and real token counts. Calls nobody.
 */
class WhatIfReplay
{
public:
    static WhatIfSummary run(
        const Router &router, const RoutingConfig &edited, const QList<RequestLogRow> &rows);
    /// Reads the last @p lastRequests rows of the request log (after flushing what is buffered)
    /// and replays them; @p done runs in the caller's thread.
    static void fromLog(Store &store, const Router &router, const RoutingConfig &edited, int lastRequests,
        std::function<void(const WhatIfSummary &)> done);
    static constexpr int MaxRows = 2000;
};
