// SPDX-License-Identifier: MIT
#pragma once

#include "http/gatewayerror.h"
#include "protocol/openairesponses.h"

#include <QJsonObject>
#include <QList>
#include <QMap>

/**
 * @brief Translates canonical chat.completion.chunk objects into the Responses API's typed stream
 * events, chunk by chunk, in OpenAI's documented order.
 *
 * start() sends response.created and response.in_progress. Then per output item, each with its
 * output_index in order: response.output_item.added; for a message, response.content_part.added,
 * response.output_text.delta... (refusals: response.refusal.delta...), response.output_text.done,
 * response.content_part.done; for reasoning text the same with reasoning_text parts; for a function
 * call response.function_call_arguments.delta... and .done (custom tools: one
 * response.custom_tool_call_input.done, their input being one JSON string argument); then
 * response.output_item.done. finish() closes what is open and sends response.completed (or
 * response.incomplete when the answer was cut by max_output_tokens or a content filter) with the
 * whole response and its usage; fail() sends response.failed with the error. Every event carries
 * its sequence_number. Nothing is held back: each delta goes out with the chunk that brought it.
 */
class ResponsesStreamWriter
{
public:
    /// @p shell is the response object as OpenAIResponses::responseShell made it.
    ResponsesStreamWriter(QJsonObject shell, OpenAIResponses::ToolNames tools);

    QList<QJsonObject> start();
    QList<QJsonObject> feed(const QJsonObject &chunk);
    /// The last events; @p extra members (x-gateway) are added to the final response object.
    QList<QJsonObject> finish(const Usage &usage, const QJsonObject &extra = {});
    QList<QJsonObject> fail(const GatewayError &error);

    /// The response as the last event carried it (for the response store).
    [[nodiscard]] const QJsonObject &response() const { return m_shell; }

private:
    enum class Kind { None, Reasoning, Message, Call };
    struct Call
    {
        QString itemId;
        QString callId;
        QString name; ///< canonical
        QString arguments;
        int outputIndex = -1;
        bool open = false;
    };

    QJsonObject event(const char *type, QJsonObject data);
    void openItem(Kind kind, QList<QJsonObject> &out);
    void closeOpen(QList<QJsonObject> &out);
    void openPart(const QString &type, QList<QJsonObject> &out);
    void closePart(QList<QJsonObject> &out);
    void closeCall(Call &call, QList<QJsonObject> &out);

    QJsonObject m_shell;
    OpenAIResponses::ToolNames m_tools;
    int m_sequence = 0;
    QJsonArray m_output; ///< finished output items, by output_index
    // The open message or reasoning item.
    Kind m_kind = Kind::None;
    QString m_itemId;
    int m_outputIndex = -1;
    QJsonArray m_parts; ///< finished content parts of the open item
    QString m_partType; ///< output_text, refusal or reasoning_text; empty when no part is open
    QString m_partText;
    QMap<int, Call> m_calls; ///< chat tool_calls index -> call
    QString m_finishReason;
};
