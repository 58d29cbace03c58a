// SPDX-License-Identifier: MIT
#pragma once

#include "fakeupstream.h"

#include <QJsonArray>

#include <optional>

/**
 * @brief The Gemini API as the fake upstream speaks it: POST
 * /v1beta/models/{model}:generateContent, :streamGenerateContent?alt=sse (CRLF-framed events,
 * as Google sends them) and :batchEmbedContents, checked the way Google checks them.
 *
 * Checks: `x-goog-api-key` (403 PERMISSION_DENIED; the key `bad-key` is a 400 API_KEY_INVALID
 * as Google answers it), unknown fields ("Invalid JSON payload received. Unknown name"),
 * non-empty `contents` of user/model turns, `parameters` and `parametersJsonSchema` not both,
 * and for gemini-3 models a model turn's first functionCall carrying a thought signature this fake
 * issued (or Google's documented stand-in) — a 400 otherwise, as Gemini 3 does.
 *
 * Answers: text; with function declarations and no function response yet, a functionCall of the
 * first one (with a thoughtSignature) and finishReason STOP; after a function response, a text
 * quoting it; a responseMimeType of application/json gets a JSON text. usageMetadata on every
 * event (thoughtsTokenCount for *-thinking models, cachedContentTokenCount for *-cached ones).
 * Models named for a script: `fail-NNN` (429 RESOURCE_EXHAUSTED with a RetryInfo of 7s, 503
 * UNAVAILABLE, ...), `cut-stream`, `slow-stream`.
 */
namespace FakeGemini {

/// base64 of "fake-gemini-thought-signature".
inline constexpr char kSignature[] = "ZmFrZS1nZW1pbmktdGhvdWdodC1zaWduYXR1cmU=";

FakeReply defaultReply(const FakeRequest &request);
/// The refusal Google would answer a generateContent / streamGenerateContent @p request with (the
/// checks above), if any.
std::optional<FakeReply> check(const FakeRequest &request);
/// The model named in the request's path (`/v1beta/models/{model}:method`).
QString modelOf(const FakeRequest &request);
/// A GenerateContentResponse with @p parts, @p finish (may be empty) and usage for @p candidates tokens.
QJsonObject response(const QString &model, const QJsonArray &parts, const QString &finish, int candidates);
/// Google's error body.
FakeReply error(int status, const QString &rpcStatus, const QString &message, const QJsonArray &details = {});
/// alt=sse stream of @p responses, each after @p paceMs.
FakeReply sse(const QList<QJsonObject> &responses, int paceMs = 0);

} // namespace FakeGemini
