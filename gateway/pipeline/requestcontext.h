// SPDX-License-Identifier: MIT
#pragma once

#include "http/gatewayerror.h"
#include "protocol/chatrequest.h"
#include "protocol/openaiformat.h"
#include "providers/provider.h"
#include "routing/router.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>

/**
 * @brief Who is calling: a virtual key, or the anonymous local key. Filled by the auth stage
 * (keys/); the constraints are honoured by the route stage when it builds the plan (a virtual
 * model never routes to a model the key may not use) and checked again by the policy stage.
 */
struct KeyContext
{
    QString id = QStringLiteral("local");
    QString name;
    bool anonymous = true;
    QStringList allowedModels; ///< glob patterns ("gpt-4o*"); empty = any model
    double maxPricePer1M = -1; ///< < 0: no limit (blended input+output price per 1M tokens)
    QString strategy; ///< the key's default routing strategy; empty = the global one
};

/**
 * @brief Everything one request carries through the pipeline (ARCHITECTURE §3).
 *
 * Created by the api layer, filled in by the stages in order, read by the renderer and the
 * recorder. Timestamps are HttpClock nanoseconds.
 */
struct RequestContext
{
    QByteArray requestId;
    QString endpoint; ///< "/v1/chat/completions"
    qint64 receivedNs = 0; ///< request complete, processing starts
    qint64 timeMs = 0; ///< wall clock at start, for the log
    QByteArray clientKey; ///< the key the client sent (Bearer or x-api-key); never logged
    QHash<QByteArray, QByteArray> extensions; ///< x-switchyard-* headers / x- body fields, lower-case names

    std::shared_ptr<const ChatRequest> chat;
    std::shared_ptr<const NativeRequest> native; ///< the client's own request when it is not OpenAI-shaped
    qint64 embeddingTokens = -1; ///< >= 0: an embeddings request of about that many tokens
    KeyContext key;

    RoutePlan plan;
    int attempts = 0;
    RouteCandidate served; ///< the candidate that answered (or the last one tried)
    bool fallbackUsed = false;
    bool cacheHit = false;

    qint64 upstreamStartNs = 0; ///< first attempt sent
    qint64 upstreamFirstNs = 0; ///< first byte/chunk from the serving upstream
    qint64 upstreamEndNs = 0; ///< serving upstream finished
    qint64 firstTokenNs = 0; ///< first streamed chunk relayed to the client
    Usage usage;
    double costUsd = 0;
    QString servedModel; ///< as reported by the upstream (may differ from the asked id)
    bool streamed = false;

    int status = 0;
    QString errorCode;
    QString errorMessage;

    /// Gateway's own time so far: everything except waiting for the upstream.
    [[nodiscard]] double overheadMs(qint64 nowNs) const;
    [[nodiscard]] double latencyMs(qint64 nowNs) const { return double(nowNs - receivedNs) / 1e6; }
    /// The `x-gateway` object of OpenAI-style bodies.
    [[nodiscard]] QJsonObject gatewayMeta(qint64 nowNs) const;
    /// The same, as compact JSON bytes (the hot path: no QJsonObject is built).
    [[nodiscard]] QByteArray gatewayMetaJson(qint64 nowNs) const;
};

using ContextPtr = std::shared_ptr<RequestContext>;
