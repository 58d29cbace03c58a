// SPDX-License-Identifier: MIT
#pragma once

#include "protocol/openaiformat.h"

#include <QJsonObject>
#include <QList>
#include <QMap>

/**
 * @brief Translates canonical chat.completion.chunk objects into Gemini streamGenerateContent
 * responses (the Gemini ingress streams with it).
 *
 * Text deltas go out as they come. Gemini has no argument fragments: a functionCall part is whole,
 * so each tool call's arguments are gathered until the call is complete (the next call starts or
 * the answer finishes) — only that call is held, never the answer. finish() sends the last
 * response with finishReason and usageMetadata.
 */
class GeminiStreamWriter
{
public:
    explicit GeminiStreamWriter(QString model);

    QList<QJsonObject> feed(const QJsonObject &chunk);
    QList<QJsonObject> finish(const Usage &usage);

private:
    struct PendingCall
    {
        QString id;
        QString name;
        QString arguments;
    };
    QJsonObject response(const QJsonArray &parts, const QString &finishReason = {}) const;
    void flushCalls(QList<QJsonObject> &out);

    QString m_model;
    QString m_responseId;
    QMap<int, PendingCall> m_calls; ///< OpenAI tool_calls index -> call being gathered
    QString m_finishReason;
};
