// SPDX-License-Identifier: MIT
#pragma once

#include "http/gatewayerror.h"
#include "protocol/openaiformat.h"

#include <QJsonObject>
#include <QString>

#include <optional>

/**
 * @brief Anthropic Messages API <-> canonical (OpenAI chat-completions) translation, both ways,
 * for requests, whole responses, usage, stop reasons and errors (docs/protocols.md has the
 * field-by-field table and every decision taken where the two APIs differ).
 *
 * Streams are translated by AnthropicStreamReader (Anthropic events -> chunks) and
 * AnthropicStreamWriter (chunks -> Anthropic events).
 */
namespace AnthropicMessages {

/// The Messages API version we speak when the client named none.
inline constexpr char kDefaultVersion[] = "2023-06-01";
/// max_tokens when neither the client nor the catalog gives one (Anthropic requires it).
inline constexpr qint64 kFallbackMaxTokens = 4096;

/**
 * Canonical request -> Anthropic Messages body for @p model. @p defaultMaxTokens is used when the
 * client set no max_tokens. Fails (400) for what Anthropic cannot do (n > 1, audio input).
 */
std::optional<QJsonObject> requestFromOpenAI(
    const QJsonObject &openai, const QString &model, qint64 defaultMaxTokens, GatewayError *error);

/**
 * Anthropic Messages body (as a client sent it) -> canonical request. Validates what the Messages
 * API requires (model, max_tokens, messages, roles, block types); errors name the field the
 * Anthropic way ("messages.0.content.1.type").
 */
std::optional<QJsonObject> requestToOpenAI(const QJsonObject &anthropic, GatewayError *error);

/**
 * A client's Messages body as api.anthropic.com takes it: `role: "system"` entries inside
 * `messages` (Claude Code sends them, even last, when the model name is not a Claude one) are
 * moved, in order, to the end of `system`; everything else is left as sent.
 */
QJsonObject withSystemMessagesFolded(QJsonObject body);

/// Validates an Anthropic body as /v1/messages/count_tokens takes it (max_tokens not required).
std::optional<QJsonObject> countRequestToOpenAI(const QJsonObject &anthropic, GatewayError *error);

/// Anthropic `message` -> `chat.completion`.
QJsonObject responseToOpenAI(const QJsonObject &message);
/// `chat.completion` -> Anthropic `message`.
QJsonObject responseFromOpenAI(const QJsonObject &completion);

/// Anthropic usage (input excludes cache reads and writes) -> Usage (prompt includes them).
Usage usageFromAnthropic(const QJsonObject &usage);
/// Usage -> Anthropic usage object.
QJsonObject usageToAnthropic(const Usage &usage);

/// Anthropic stop_reason -> OpenAI finish_reason.
QString finishReasonFor(const QString &stopReason);
/// OpenAI finish_reason -> Anthropic stop_reason.
QString stopReasonFor(const QString &finishReason);

/// A tool id Anthropic accepts (^[a-zA-Z0-9_-]+$): other characters become '_', the same way on
/// every turn, so a tool_use and its tool_result still match.
QString toolId(const QString &id);

/// A new message id ("msg_...").
QString newMessageId();

} // namespace AnthropicMessages
