// SPDX-License-Identifier: MIT
#pragma once

#include "http/gatewayerror.h"
#include "protocol/rawjson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <optional>

/**
 * @brief A chat request in canonical form.
 *
 * The canonical form is the OpenAI chat-completions body (every field the client sent is kept,
 * so fields Switchyard does not interpret pass through untouched) plus the fields the pipeline
 * reads, extracted and validated once at the edge.
 */
struct ChatRequest
{
    QJsonObject body; ///< as received, validated
    RawJson source; ///< the client's bytes: relayed as sent while body is unchanged (none when translated)
    QString model; ///< as asked by the client
    bool stream = false;
    bool includeUsage = false; ///< client asked stream_options.include_usage
    qint64 maxTokens = -1; ///< max_completion_tokens or max_tokens; -1 when absent
    bool hasTools = false;
    bool hasImages = false;
    qint64 estimatedPromptTokens = 0;

    /// Parses and validates an OpenAI chat-completions body; 400 errors name the field.
    static std::optional<ChatRequest> fromOpenAI(const QByteArray &json, GatewayError *error);
    /// The same, from an already parsed body (translated ingress protocols).
    static std::optional<ChatRequest> fromOpenAIObject(QJsonObject body, GatewayError *error);
};

/** @brief An embeddings request (OpenAI form), validated. */
struct EmbeddingsRequest
{
    QJsonObject body;
    QString model;
    QStringList inputs; ///< text inputs (token-id inputs are kept in body and counted roughly)
    qint64 estimatedTokens = 0;

    static std::optional<EmbeddingsRequest> fromOpenAI(const QByteArray &json, GatewayError *error);
};

/// Parses a JSON body, with 400 errors for malformed JSON.
std::optional<QJsonDocument> parseJsonBody(const QByteArray &json, GatewayError *error);
/// Parses a JSON object body, with 400 errors for malformed JSON or a non-object document.
std::optional<QJsonObject> parseJsonObjectBody(const QByteArray &json, GatewayError *error);
