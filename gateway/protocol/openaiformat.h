// SPDX-License-Identifier: MIT
#pragma once

#include "http/gatewayerror.h"

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
    qint64 reasoningTokens = 0; ///< completion tokens spent thinking (part of completionTokens)
    bool reported = false; ///< false: estimated by the gateway

    [[nodiscard]] qint64 total() const { return promptTokens + completionTokens; }
    /// OpenAI `usage`; cache writes ride as `prompt_tokens_details.cache_write_tokens` (OpenRouter's
    /// name for them: OpenAI has none) and reasoning as `completion_tokens_details.reasoning_tokens`.
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
/// Splits `data:<mime>;base64,<data>`; false when @p url is not a base64 data URL.
bool parseDataUrl(const QString &url, QString *mimeType, QString *base64);
/// `data:<mime>;base64,<data>`
QString dataUrl(const QString &mimeType, const QString &base64);
/// Parses a tool call's `arguments` string; an empty string is {}, anything not an object is
/// wrapped as {"_raw": text} so nothing the model wrote is lost.
QJsonObject argumentsObject(const QString &arguments);
/// Compact JSON text of @p value.
QString compactJson(const QJsonObject &value);
/// A function tool call `{id, type, function: {name, arguments}}`.
QJsonObject toolCall(const QString &id, const QString &name, const QString &arguments);
/// An assistant message: `content` (null when there are only tool calls), `tool_calls` and
/// `reasoning_content` when present; @p inResponse adds `refusal: null` as chat.completion has it.
QJsonObject assistantMessage(
    const QString &text, const QJsonArray &toolCalls, const QString &reasoning, bool inResponse);
/// The 400 for content part @p index of message @p at that @p target models cannot take.
GatewayError unsupportedPart(const QString &at, qsizetype index, const QString &type, const QString &target);
/// Appends @p items as a turn of @p role (`{role, <itemsKey>: items}`) to @p turns, merged into
/// the last turn when it has the same role: Anthropic and Gemini want one turn per role change
/// (parallel tool results are one user turn). Nothing is appended for no items.
void appendTurn(QJsonArray &turns, const QString &role, QLatin1String itemsKey, const QJsonArray &items);
} // namespace OpenAIFormat
