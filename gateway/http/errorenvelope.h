// SPDX-License-Identifier: MIT
#pragma once

#include "http/gatewayerror.h"
#include "http/httpexchange.h"

/** @brief Renders a GatewayError in each ingress protocol's error envelope. */
namespace ErrorEnvelope {
/// `{"error":{"message","type","param","code"}}`
QByteArray openAI(const GatewayError &error);
/// `{"type":"error","error":{"type","message"}}`
QByteArray anthropic(const GatewayError &error);
/// The Anthropic error type of an HTTP status (overloaded_error for 529, ...).
QString anthropicType(int status);
/// `{"error":{"code","message","status"}}` as Google's APIs answer.
QByteArray gemini(const GatewayError &error);
/// The google.rpc status name of an HTTP status (INVALID_ARGUMENT for 400, ...).
QString geminiStatus(int status);
/// Headers that go with an error (Retry-After).
HttpExchange::Headers headers(const GatewayError &error);
/// Answers @p exchange with @p error as an OpenAI error.
void respondOpenAI(HttpExchange &exchange, const GatewayError &error);
/// Answers @p exchange with @p error as an Anthropic error.
void respondAnthropic(HttpExchange &exchange, const GatewayError &error);
/// Answers @p exchange with @p error as a Gemini API error.
void respondGemini(HttpExchange &exchange, const GatewayError &error);
/// Answers in the envelope of the protocol the request's path belongs to (/v1/messages: Anthropic,
/// /v1beta/: Gemini).
void respondForPath(HttpExchange &exchange, const GatewayError &error);
} // namespace ErrorEnvelope
