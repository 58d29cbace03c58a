// SPDX-License-Identifier: MIT
#include "protocol/geministreamreader.h"

#include "protocol/geminicontent.h"

#include <QDateTime>
#include <QJsonArray>

GeminiStreamReader::GeminiStreamReader(QString model)
    : m_model(std::move(model))
{ }

QJsonObject GeminiStreamReader::chunk(const QJsonArray &choices) const
{
    return OpenAIFormat::chunk(m_id, m_created, m_model, choices);
}

QList<QJsonObject> GeminiStreamReader::feed(const QJsonObject &response)
{
    QList<QJsonObject> out;
    if (!m_started) {
        m_started = true;
        const QString id = response.value(QLatin1String("responseId")).toString();
        m_id = id.isEmpty() ? OpenAIFormat::newCompletionId() : QStringLiteral("chatcmpl-") + id;
        const QString served = response.value(QLatin1String("modelVersion")).toString();
        if (!served.isEmpty())
            m_model = served;
        m_created = QDateTime::currentSecsSinceEpoch();
        out << chunk({OpenAIFormat::deltaChoice(
            {{QLatin1String("role"), QStringLiteral("assistant")}, {QLatin1String("content"), QString()}})});
    }
    if (response.contains(QLatin1String("usageMetadata")))
        m_usage = GeminiContent::usageFromGemini(response.value(QLatin1String("usageMetadata")).toObject());
    const QJsonArray candidates = response.value(QLatin1String("candidates")).toArray();
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        const QJsonObject cand = candidates.at(i).toObject();
        const int index = cand.value(QLatin1String("index")).toInt(int(i));
        QString text;
        QString reasoning;
        QJsonArray calls;
        for (const QJsonValue &pv :
            cand.value(QLatin1String("content")).toObject().value(QLatin1String("parts")).toArray()) {
            const QJsonObject part = pv.toObject();
            if (part.contains(QLatin1String("functionCall")))
                calls.append(GeminiContent::toolCallFor(part, m_calls[index]++, true));
            else if (part.value(QLatin1String("thought")).toBool())
                reasoning += part.value(QLatin1String("text")).toString();
            else
                text += part.value(QLatin1String("text")).toString();
        }
        if (!reasoning.isEmpty())
            out << chunk({OpenAIFormat::deltaChoice(
                {{QLatin1String("reasoning_content"), reasoning}}, QJsonValue::Null, index)});
        if (!text.isEmpty())
            out << chunk(
                {OpenAIFormat::deltaChoice({{QLatin1String("content"), text}}, QJsonValue::Null, index)});
        if (!calls.isEmpty())
            out << chunk(
                {OpenAIFormat::deltaChoice({{QLatin1String("tool_calls"), calls}}, QJsonValue::Null, index)});
        const QString reason = cand.value(QLatin1String("finishReason")).toString();
        if (!reason.isEmpty()) {
            m_finished = true;
            out << chunk({OpenAIFormat::deltaChoice(
                {}, GeminiContent::finishReasonFor(reason, m_calls.value(index) > 0), index)});
        }
    }
    if (candidates.isEmpty()
        && response.value(QLatin1String("promptFeedback"))
               .toObject()
               .contains(QLatin1String("blockReason"))) {
        m_finished = true;
        out << chunk({OpenAIFormat::deltaChoice({}, QStringLiteral("content_filter"))});
    }
    return out;
}

QJsonObject GeminiStreamReader::finish() const
{
    QJsonObject u = chunk(QJsonArray());
    u.insert(QLatin1String("usage"), m_usage.toOpenAI());
    return u;
}
