// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

/** @brief Token usage of one call, in OpenAI terms (cached tokens are part of prompt tokens). */
struct Usage
{
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    qint64 cachedTokens = 0; ///< prompt tokens read from the provider's prompt cache
    qint64 cacheWriteTokens = 0; ///< prompt tokens written to the cache (Anthropic prices them apart)
    bool reported = false; ///< false: estimated by the gateway

    [[nodiscard]] qint64 total() const { return promptTokens + completionTokens; }
    [[nodiscard]] QJsonObject toOpenAI() const;
    /// Reads an OpenAI `usage` object; returns false if @p usage is not one.
    bool readOpenAI(const QJsonValue &usage);
};

/** @brief Builders and readers for OpenAI chat-completions objects (the canonical shape). */
namespace OpenAIFormat {
QString newCompletionId();
QString newToolCallId();
QJsonObject chunk(const QString &id, qint64 created, const QString &model, const QJsonArray &choices);
QJsonObject deltaChoice(
    const QJsonObject &delta, const QJsonValue &finishReason = QJsonValue::Null, int index = 0);
QJsonObject completion(const QString &id, qint64 created, const QString &model, const QJsonObject &message,
    const QString &finishReason, const Usage &usage);
/// True when any choice of @p chunk carries a non-null finish_reason.
bool hasFinishReason(const QJsonObject &chunk);
/// True when @p chunk has no choices and a usage object (the include_usage chunk).
bool isUsageOnly(const QJsonObject &chunk);
/// Concatenated text content of a message's `content` (string or parts).
QString textOf(const QJsonValue &content);
} // namespace OpenAIFormat
