// SPDX-License-Identifier: MIT
#pragma once

#include "fakeupstream.h"

#include <QJsonArray>

#include <optional>

/**
 * @brief The Anthropic Messages API as the fake upstream speaks it (POST /v1/messages), checked
 * the way api.anthropic.com checks a request, so a translation that sends something Anthropic
 * refuses fails the test instead of passing against a lenient fake.
 *
 * Checks: `x-api-key` (401 authentication_error), `anthropic-version` (400), a JSON body with
 * `model`, integer `max_tokens`, `messages` of user/assistant turns, no unknown top-level field
 * ("Extra inputs are not permitted"), temperature in 0-1 and not together with top_p, tool_result
 * blocks answering a tool_use of the previous turn, and thinking blocks replayed with the signature
 * this fake issued ("Invalid signature in thinking block").
 *
 * Answers: text; with tools and no tool result yet, a sentence then a tool_use of the first tool;
 * after a tool result, an answer quoting it; with `thinking` enabled, a signed thinking block
 * first. Streams follow Anthropic's event order (message_start, content_block_start, ping, deltas,
 * content_block_stop, message_delta with cumulative usage, message_stop), tool input in several
 * input_json_delta fragments. Models named for a script: `fail-NNN` answers that status with
 * Anthropic's error body (529 overloaded_error, 429 rate_limit_error with retry-after),
 * `*-cached` reports cache reads and writes, `cut-stream` drops the connection mid-answer,
 * `slow-stream` streams 20 deltas 50 ms apart, `overloaded-stream` sends an overloaded_error event
 * after the first delta.
 */
namespace FakeAnthropic {

inline constexpr char kSignature[] = "EqQBCgIYAhIMfakeSignatureForTests==";

FakeReply defaultReply(const FakeRequest &request);
/// The refusal api.anthropic.com would answer @p request with (the checks above), if any.
std::optional<FakeReply> check(const FakeRequest &request);

/// A `message` object.
QJsonObject message(
    const QString &model, const QJsonArray &content, const QString &stopReason, const QJsonObject &usage);
QJsonObject usage(int input, int output, int cacheRead = 0, int cacheWrite = 0);
/// Anthropic's error body for @p status.
FakeReply error(int status, const QString &type, const QString &message);
/// SSE of (event name, data) pairs, each after @p paceMs.
FakeReply events(const QList<QPair<QByteArray, QJsonObject>> &events, int paceMs = 0);
/// The event sequence that streams @p message (text, thinking and tool_use blocks).
QList<QPair<QByteArray, QJsonObject>> streamOf(const QJsonObject &message);

} // namespace FakeAnthropic
