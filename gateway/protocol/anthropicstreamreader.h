// SPDX-License-Identifier: MIT
#pragma once

#include "protocol/openaiformat.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

/**
 * @brief Translates an Anthropic Messages event stream into canonical chat.completion.chunk
 * objects, one event at a time (nothing is buffered beyond the current event).
 *
 * message_start gives the role chunk, text/thinking/input_json deltas give content,
 * reasoning_content and tool-call argument chunks as they come, message_delta gives the
 * finish_reason chunk and message_stop the usage chunk (cache reads and writes included).
 * `ping` and unknown events yield nothing; `error` events are the caller's to handle.
 */
class AnthropicStreamReader
{
public:
    /// The chunks one event yields (often none).
    QList<QJsonObject> feed(const QByteArray &type, const QJsonObject &data);

    /// message_stop was seen: the answer is complete.
    [[nodiscard]] bool finished() const { return m_finished; }
    /// Usage so far (message_start's input, message_delta's output).
    [[nodiscard]] const Usage &usage() const { return m_usage; }

private:
    QJsonObject chunk(const QJsonObject &delta, const QJsonValue &finishReason = QJsonValue::Null) const;
    void readUsage(const QJsonObject &usage);

    QString m_id;
    QString m_model;
    qint64 m_created = 0;
    Usage m_usage;
    QHash<int, int> m_toolIndex; ///< content block index -> OpenAI tool_calls index
    int m_nextTool = 0;
    bool m_finishSent = false;
    bool m_finished = false;
};
