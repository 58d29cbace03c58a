// SPDX-License-Identifier: MIT
#pragma once

#include "http/gatewayerror.h"
#include "protocol/openaiformat.h"

#include <QJsonObject>
#include <QString>

#include <optional>

/**
 * @brief Gemini API (generateContent) <-> canonical (OpenAI chat-completions) translation, both
 * ways, for requests, whole responses, usage, finish reasons and tool calls with their thought
 * signatures (docs/protocols.md has the field-by-field table).
 *
 * Gemini 3 refuses a function call replayed without the thought signature it came with; chat
 * clients only echo tool call ids, so the signature travels inside the id (base64url after
 * "__ts_"), and also as `extra_content.google.thought_signature` as Google's own
 * OpenAI-compatible endpoint sends it.
 *
 * Streams are translated by GeminiStreamReader (Gemini -> chunks) and GeminiStreamWriter
 * (chunks -> Gemini).
 */
namespace GeminiContent {

/// Google's documented stand-in for a signature a replayed call never had (history from another model).
inline constexpr char kDummySignature[] = "context_engineering_is_the_way_to_go";

/// Canonical request -> generateContent body (the model is part of the URL, not the body).
std::optional<QJsonObject> requestFromOpenAI(
    const QJsonObject &openai, const QString &model, GatewayError *error);
/// generateContent body as a Gemini client sends it -> canonical request for @p model.
std::optional<QJsonObject> requestToOpenAI(
    const QJsonObject &gemini, const QString &model, bool stream, GatewayError *error);

/// GenerateContentResponse -> chat.completion (@p model when the response names none).
QJsonObject responseToOpenAI(const QJsonObject &response, const QString &model);
/// chat.completion -> GenerateContentResponse.
QJsonObject responseFromOpenAI(const QJsonObject &completion);

/// usageMetadata -> Usage (prompt includes cached and tool-use prompt tokens; completion
/// includes thoughts).
Usage usageFromGemini(const QJsonObject &usageMetadata);
QJsonObject usageToGemini(const Usage &usage);

/// Gemini finishReason -> OpenAI finish_reason (STOP with function calls is "tool_calls").
QString finishReasonFor(const QString &finishReason, bool hadToolCalls);
/// OpenAI finish_reason -> Gemini finishReason.
QString geminiFinishReasonFor(const QString &finishReason);

/// An OpenAI tool call for a functionCall part (id carrying the part's thought signature).
QJsonObject toolCallFor(const QJsonObject &part, int index, bool withIndex);
/// @p base with @p signature appended ("__ts_" + base64url); @p base when there is none.
QString toolCallId(const QString &base, const QString &signature);
/// @p toolCallId without the thought signature it may carry (what a Gemini client sees as the id).
QString baseId(const QString &toolCallId);
/// The thought signature carried in a tool call id (standard base64), or empty.
QString signatureOf(const QString &toolCallId);

} // namespace GeminiContent
