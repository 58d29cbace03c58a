// SPDX-License-Identifier: MIT
#pragma once

#include "protocol/openaiformat.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>

/** @brief One Anthropic stream event: its name and data. */
struct AnthropicEvent
{
    QByteArray type;
    QJsonObject data;
    /// `event: <type>\ndata: <json>\n\n`
    [[nodiscard]] QByteArray sse() const;
};

/**
 * @brief Translates canonical chat.completion.chunk objects into Anthropic Messages stream events,
 * chunk by chunk, in Anthropic's order: message_start, then per content block
 * content_block_start / content_block_delta... / content_block_stop (a ping after the first
 * block starts, as Anthropic sends it), and at the end message_delta (stop_reason and the final
 * usage) and message_stop.
 *
 * Text becomes text blocks, tool-call chunks tool_use blocks whose arguments stream as
 * input_json_delta. Reasoning text of OpenAI-compatible models is not turned into thinking
 * blocks: without Anthropic's signature a client replaying them to Claude would be refused.
 */
class AnthropicStreamWriter
{
public:
    /// @p estimatedInputTokens goes in message_start (the real count only comes at the end).
    AnthropicStreamWriter(QString model, qint64 estimatedInputTokens);

    QList<AnthropicEvent> feed(const QJsonObject &chunk);
    /// The closing events: the open block's stop, message_delta with @p usage, message_stop.
    QList<AnthropicEvent> finish(const Usage &usage);

    [[nodiscard]] bool started() const { return m_started; }

private:
    void start(const QJsonObject &chunk, QList<AnthropicEvent> &out);
    int openBlock(const QJsonObject &contentBlock, QList<AnthropicEvent> &out);
    void closeBlock(QList<AnthropicEvent> &out);

    QString m_model;
    qint64 m_estimatedInput = 0;
    bool m_started = false;
    bool m_pinged = false;
    int m_blocks = 0; ///< content blocks started so far
    int m_open = -1; ///< index of the open block, -1 when none
    bool m_openIsText = false;
    QHash<int, int> m_toolBlock; ///< OpenAI tool_calls index -> content block index
    QString m_stopReason;
};
