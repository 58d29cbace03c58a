// SPDX-License-Identifier: MIT
#pragma once

#include "protocol/openaiformat.h"

#include <QJsonValue>
#include <QString>

/**
 * @brief Token counts when a provider reports none: an estimate, not a tokenizer.
 *
 * About 4 characters per token for English text (OpenAI's rule of thumb) plus a small overhead per
 * message; used for mock usage, budgets' worst case and providers that omit usage.
 */
namespace TokenEstimate {
qint64 text(QStringView text);
/// The same estimate for @p count characters of text (a stream counted as it passes).
qint64 characters(qint64 count);
/// A chat `messages` array (strings, content parts, tool calls).
qint64 messages(const QJsonValue &messages);
/// A canonical request's prompt: its messages plus its tool definitions.
qint64 prompt(const QJsonObject &chatBody);
/// The usage of a chat.completion whose provider reported none: @p promptTokens and its text counted.
Usage completionUsage(qint64 promptTokens, const QJsonObject &completion);
} // namespace TokenEstimate
