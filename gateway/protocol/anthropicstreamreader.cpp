// SPDX-License-Identifier: MIT
#include "protocol/anthropicstreamreader.h"

#include "protocol/anthropicmessages.h"

#include <QDateTime>
#include <QJsonArray>

QJsonObject AnthropicStreamReader::chunk(const QJsonObject &delta, const QJsonValue &finishReason) const
{
    return OpenAIFormat::chunk(m_id, m_created, m_model, {OpenAIFormat::deltaChoice(delta, finishReason)});
}

void AnthropicStreamReader::readUsage(const QJsonObject &u)
{
    // message_delta's usage is cumulative; it may repeat the input counts or leave them out.
    if (u.contains(QLatin1String("input_tokens")) || u.contains(QLatin1String("cache_read_input_tokens"))
        || u.contains(QLatin1String("cache_creation_input_tokens"))) {
        const qint64 output = m_usage.completionTokens;
        m_usage = AnthropicMessages::usageFromAnthropic(u);
        if (!u.contains(QLatin1String("output_tokens")))
            m_usage.completionTokens = output;
    } else if (u.contains(QLatin1String("output_tokens"))) {
        m_usage.completionTokens = u.value(QLatin1String("output_tokens")).toInteger();
        m_usage.reported = true;
    }
}

QList<QJsonObject> AnthropicStreamReader::feed(const QByteArray &type, const QJsonObject &data)
{
    QList<QJsonObject> out;
    if (type == "message_start") {
        const QJsonObject message = data.value(QLatin1String("message")).toObject();
        m_id = message.value(QLatin1String("id")).toString();
        m_model = message.value(QLatin1String("model")).toString();
        m_created = QDateTime::currentSecsSinceEpoch();
        readUsage(message.value(QLatin1String("usage")).toObject());
        out << chunk(
            {{QLatin1String("role"), QStringLiteral("assistant")}, {QLatin1String("content"), QString()}});
    } else if (type == "content_block_start") {
        const int index = data.value(QLatin1String("index")).toInt();
        const QJsonObject block = data.value(QLatin1String("content_block")).toObject();
        const QString blockType = block.value(QLatin1String("type")).toString();
        if (blockType == QLatin1String("tool_use")) {
            const int tool = m_nextTool++;
            m_toolIndex.insert(index, tool);
            out << chunk({{QLatin1String("tool_calls"),
                QJsonArray {QJsonObject {{QLatin1String("index"), tool},
                    {QLatin1String("id"), block.value(QLatin1String("id"))},
                    {QLatin1String("type"), QStringLiteral("function")},
                    {QLatin1String("function"),
                        QJsonObject {{QLatin1String("name"), block.value(QLatin1String("name"))},
                            {QLatin1String("arguments"), QString()}}}}}}});
        } else if (blockType == QLatin1String("text")
            && !block.value(QLatin1String("text")).toString().isEmpty()) {
            out << chunk({{QLatin1String("content"), block.value(QLatin1String("text"))}});
        } else if (blockType == QLatin1String("thinking")
            && !block.value(QLatin1String("thinking")).toString().isEmpty()) {
            out << chunk({{QLatin1String("reasoning_content"), block.value(QLatin1String("thinking"))}});
        }
    } else if (type == "content_block_delta") {
        const QJsonObject delta = data.value(QLatin1String("delta")).toObject();
        const QString deltaType = delta.value(QLatin1String("type")).toString();
        if (deltaType == QLatin1String("text_delta")) {
            out << chunk({{QLatin1String("content"), delta.value(QLatin1String("text"))}});
        } else if (deltaType == QLatin1String("input_json_delta")) {
            const QString part = delta.value(QLatin1String("partial_json")).toString();
            const int index = data.value(QLatin1String("index")).toInt();
            if (!part.isEmpty() && m_toolIndex.contains(index))
                out << chunk({{QLatin1String("tool_calls"),
                    QJsonArray {QJsonObject {{QLatin1String("index"), m_toolIndex.value(index)},
                        {QLatin1String("function"), QJsonObject {{QLatin1String("arguments"), part}}}}}}});
        } else if (deltaType == QLatin1String("thinking_delta")) {
            out << chunk({{QLatin1String("reasoning_content"), delta.value(QLatin1String("thinking"))}});
        }
        // signature_delta and citations_delta have no chat-completions form.
    } else if (type == "message_delta") {
        readUsage(data.value(QLatin1String("usage")).toObject());
        const QString stop
            = data.value(QLatin1String("delta")).toObject().value(QLatin1String("stop_reason")).toString();
        if (!stop.isEmpty() && !m_finishSent) {
            m_finishSent = true;
            out << chunk({}, AnthropicMessages::finishReasonFor(stop));
        }
    } else if (type == "message_stop") {
        m_finished = true;
        if (!m_finishSent) {
            m_finishSent = true;
            out << chunk({}, QStringLiteral("stop"));
        }
        QJsonObject u = OpenAIFormat::chunk(m_id, m_created, m_model, QJsonArray());
        u.insert(QLatin1String("usage"), m_usage.toOpenAI());
        out << u;
    }
    return out;
}
