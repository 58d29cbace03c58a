// SPDX-License-Identifier: MIT
#include "protocol/geministreamwriter.h"

#include "protocol/geminicontent.h"

#include <QJsonArray>

GeminiStreamWriter::GeminiStreamWriter(QString model)
    : m_model(std::move(model))
    , m_responseId(OpenAIFormat::newCompletionId().mid(9))
{ }

QJsonObject GeminiStreamWriter::response(const QJsonArray &parts, const QString &finishReason) const
{
    QJsonObject cand {
        {QLatin1String("content"),
            QJsonObject {{QLatin1String("role"), QStringLiteral("model")}, {QLatin1String("parts"), parts}}},
        {QLatin1String("index"), 0}};
    if (!finishReason.isEmpty())
        cand.insert(QLatin1String("finishReason"), finishReason);
    return {{QLatin1String("candidates"), QJsonArray {cand}}, {QLatin1String("modelVersion"), m_model},
        {QLatin1String("responseId"), m_responseId}};
}

void GeminiStreamWriter::flushCalls(QList<QJsonObject> &out)
{
    if (m_calls.isEmpty())
        return;
    QJsonArray parts;
    for (const PendingCall &c : std::as_const(m_calls)) {
        // The call's id goes along (Gemini's FunctionCall has one): the client answers with it,
        // and the upstream gets back the id it issued.
        QJsonObject call {{QLatin1String("name"), c.name},
            {QLatin1String("args"), OpenAIFormat::argumentsObject(c.arguments)}};
        if (!c.id.isEmpty())
            call.insert(QLatin1String("id"), GeminiContent::baseId(c.id));
        QJsonObject part {{QLatin1String("functionCall"), call}};
        const QString signature = GeminiContent::signatureOf(c.id);
        if (!signature.isEmpty())
            part.insert(QLatin1String("thoughtSignature"), signature);
        parts.append(part);
    }
    m_calls.clear();
    out << response(parts);
}

QList<QJsonObject> GeminiStreamWriter::feed(const QJsonObject &chunk)
{
    QList<QJsonObject> out;
    const QString model = chunk.value(QLatin1String("model")).toString();
    if (!model.isEmpty())
        m_model = model;
    const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
    if (choices.isEmpty())
        return out;
    const QJsonObject choice = choices.first().toObject();
    if (choice.value(QLatin1String("index")).toInt() != 0)
        return out;
    const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
    const QString text = delta.value(QLatin1String("content")).toString();
    if (!text.isEmpty()) {
        flushCalls(out);
        out << response({QJsonObject {{QLatin1String("text"), text}}});
    }
    for (const QJsonValue &v : delta.value(QLatin1String("tool_calls")).toArray()) {
        const QJsonObject call = v.toObject();
        const int index = call.value(QLatin1String("index")).toInt();
        const QJsonObject fn = call.value(QLatin1String("function")).toObject();
        if (!m_calls.contains(index) && !call.value(QLatin1String("id")).toString().isEmpty()
            && !m_calls.isEmpty() && m_calls.lastKey() < index) {
            // A new call starts after complete ones: those can go now, as Gemini would send them.
            flushCalls(out);
        }
        PendingCall &pending = m_calls[index];
        if (call.contains(QLatin1String("id")))
            pending.id = call.value(QLatin1String("id")).toString();
        if (fn.contains(QLatin1String("name")))
            pending.name = fn.value(QLatin1String("name")).toString();
        pending.arguments += fn.value(QLatin1String("arguments")).toString();
    }
    const QString finish = choice.value(QLatin1String("finish_reason")).toString();
    if (!finish.isEmpty()) {
        flushCalls(out);
        m_finishReason = GeminiContent::geminiFinishReasonFor(finish);
    }
    return out;
}

QList<QJsonObject> GeminiStreamWriter::finish(const Usage &usage)
{
    QList<QJsonObject> out;
    flushCalls(out);
    QJsonObject last = response({QJsonObject {{QLatin1String("text"), QString()}}},
        m_finishReason.isEmpty() ? QStringLiteral("STOP") : m_finishReason);
    last.insert(QLatin1String("usageMetadata"), GeminiContent::usageToGemini(usage));
    out << last;
    return out;
}
