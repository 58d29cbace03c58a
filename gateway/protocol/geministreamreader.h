// SPDX-License-Identifier: MIT
#pragma once

#include "protocol/openaiformat.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

/**
 * @brief Translates a Gemini streamGenerateContent (alt=sse) stream into canonical
 * chat.completion.chunk objects, one GenerateContentResponse at a time.
 *
 * Text parts become content deltas (thought parts reasoning_content), each functionCall part a
 * whole tool call (Gemini sends calls complete, never in fragments), a finishReason the finish
 * chunk; usageMetadata (repeated on every event) is kept and finish() turns the last one into the
 * usage chunk. The stream ends when the body ends: Gemini sends no terminator.
 */
class GeminiStreamReader
{
public:
    explicit GeminiStreamReader(QString model);

    QList<QJsonObject> feed(const QJsonObject &response);
    /// The usage chunk (after the body ended).
    QJsonObject finish() const;

    /// A finishReason was seen: the answer is complete.
    [[nodiscard]] bool finished() const { return m_finished; }
    [[nodiscard]] const Usage &usage() const { return m_usage; }

private:
    QJsonObject chunk(const QJsonArray &choices) const;

    QString m_id;
    QString m_model;
    qint64 m_created = 0;
    bool m_started = false;
    bool m_finished = false;
    Usage m_usage;
    QHash<int, int> m_calls; ///< candidate index -> tool calls sent so far
};
