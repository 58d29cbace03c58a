// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QString>
#include <QtGlobal>

/** @brief One row of the request log: what was asked, what served it, what it cost. */
struct RequestLogRow
{
    QString id; ///< request id (X-Request-ID)
    qint64 timeMs = 0; ///< start, ms since epoch (UTC)
    QString keyId; ///< virtual key id, "local" for the anonymous local key
    QString endpoint; ///< e.g. "/v1/chat/completions"
    QString modelRequested;
    QString modelServed;
    QString provider;
    int status = 0; ///< HTTP status answered to the client
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    qint64 cachedTokens = 0;
    double costUsd = 0;
    double latencyMs = 0; ///< total, request received -> last byte written
    double ttftMs = -1; ///< streams: first token; -1 when not streamed
    double overheadMs = 0; ///< gateway's own time (latency minus upstream time)
    bool streamed = false;
    QString error; ///< error code or message, empty on success
    QString routingDecision; ///< short text: why this provider/model
    /// Scored requests: the classification and strategy source ("v1;t=code;...;g=config"), which
    /// the routing what-if replays; empty for explicit models.
    QString routeProfile;
};
Q_DECLARE_METATYPE(RequestLogRow)
