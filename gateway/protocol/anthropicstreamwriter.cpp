// SPDX-License-Identifier: MIT
#include "protocol/anthropicstreamwriter.h"

#include "protocol/anthropicmessages.h"
#include "protocol/sseparser.h"

#include <QJsonArray>
#include <QJsonDocument>

QByteArray AnthropicEvent::sse() const
{
    return Sse::event(type, QJsonDocument(data).toJson(QJsonDocument::Compact));
}

AnthropicStreamWriter::AnthropicStreamWriter(QString model, qint64 estimatedInputTokens)
    : m_model(std::move(model))
    , m_estimatedInput(estimatedInputTokens)
{ }

void AnthropicStreamWriter::start(const QJsonObject &chunk, QList<AnthropicEvent> &out)
{
    m_started = true;
    const QString model = chunk.value(QLatin1String("model")).toString();
    if (!model.isEmpty())
        m_model = model;
    Usage estimate;
    estimate.promptTokens = m_estimatedInput;
    const QJsonObject message {{QLatin1String("id"), AnthropicMessages::newMessageId()},
        {QLatin1String("type"), QStringLiteral("message")},
        {QLatin1String("role"), QStringLiteral("assistant")}, {QLatin1String("model"), m_model},
        {QLatin1String("content"), QJsonArray()}, {QLatin1String("stop_reason"), QJsonValue::Null},
        {QLatin1String("stop_sequence"), QJsonValue::Null},
        {QLatin1String("usage"), AnthropicMessages::usageToAnthropic(estimate)}};
    out.append({"message_start",
        {{QLatin1String("type"), QStringLiteral("message_start")}, {QLatin1String("message"), message}}});
}

int AnthropicStreamWriter::openBlock(const QJsonObject &contentBlock, QList<AnthropicEvent> &out)
{
    closeBlock(out);
    m_open = m_blocks++;
    m_openIsText = contentBlock.value(QLatin1String("type")).toString() == QLatin1String("text");
    out.append({"content_block_start",
        {{QLatin1String("type"), QStringLiteral("content_block_start")}, {QLatin1String("index"), m_open},
            {QLatin1String("content_block"), contentBlock}}});
    if (!m_pinged) {
        m_pinged = true;
        out.append({"ping", {{QLatin1String("type"), QStringLiteral("ping")}}});
    }
    return m_open;
}

void AnthropicStreamWriter::closeBlock(QList<AnthropicEvent> &out)
{
    if (m_open < 0)
        return;
    out.append({"content_block_stop",
        {{QLatin1String("type"), QStringLiteral("content_block_stop")}, {QLatin1String("index"), m_open}}});
    m_open = -1;
    m_openIsText = false;
}

static AnthropicEvent blockDelta(int index, const QJsonObject &delta)
{
    return {"content_block_delta",
        {{QLatin1String("type"), QStringLiteral("content_block_delta")}, {QLatin1String("index"), index},
            {QLatin1String("delta"), delta}}};
}

QList<AnthropicEvent> AnthropicStreamWriter::feed(const QJsonObject &chunk)
{
    QList<AnthropicEvent> out;
    const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
    if (choices.isEmpty())
        return out; // the usage chunk: its numbers come with finish()
    if (!m_started)
        start(chunk, out);
    const QJsonObject choice = choices.first().toObject();
    if (choice.value(QLatin1String("index")).toInt() != 0)
        return out; // n > 1 has no Messages form; only the first choice is an Anthropic message
    const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
    const QString text = delta.value(QLatin1String("content")).toString();
    if (!text.isEmpty()) {
        if (!m_openIsText)
            openBlock(
                {{QLatin1String("type"), QStringLiteral("text")}, {QLatin1String("text"), QString()}}, out);
        out.append(blockDelta(
            m_open, {{QLatin1String("type"), QStringLiteral("text_delta")}, {QLatin1String("text"), text}}));
    }
    for (const QJsonValue &v : delta.value(QLatin1String("tool_calls")).toArray()) {
        const QJsonObject call = v.toObject();
        const int toolIndex = call.value(QLatin1String("index")).toInt();
        const QJsonObject fn = call.value(QLatin1String("function")).toObject();
        int block = m_toolBlock.value(toolIndex, -1);
        if (block < 0) {
            QString id = call.value(QLatin1String("id")).toString();
            if (id.isEmpty())
                id = OpenAIFormat::newToolCallId();
            block = openBlock({{QLatin1String("type"), QStringLiteral("tool_use")},
                                  {QLatin1String("id"), AnthropicMessages::toolId(id)},
                                  {QLatin1String("name"), fn.value(QLatin1String("name")).toString()},
                                  {QLatin1String("input"), QJsonObject()}},
                out);
            m_toolBlock.insert(toolIndex, block);
        }
        // An upstream that interleaves parallel calls' arguments still lands each fragment on its
        // own block: clients assemble blocks by index.
        const QString args = fn.value(QLatin1String("arguments")).toString();
        if (!args.isEmpty())
            out.append(blockDelta(block,
                {{QLatin1String("type"), QStringLiteral("input_json_delta")},
                    {QLatin1String("partial_json"), args}}));
    }
    const QJsonValue finish = choice.value(QLatin1String("finish_reason"));
    if (finish.isString() && !finish.toString().isEmpty()) {
        closeBlock(out);
        m_stopReason = AnthropicMessages::stopReasonFor(finish.toString());
    }
    return out;
}

QList<AnthropicEvent> AnthropicStreamWriter::finish(const Usage &usage)
{
    QList<AnthropicEvent> out;
    if (!m_started)
        start({}, out);
    closeBlock(out);
    const QJsonObject delta {
        {QLatin1String("stop_reason"), m_stopReason.isEmpty() ? QStringLiteral("end_turn") : m_stopReason},
        {QLatin1String("stop_sequence"), QJsonValue::Null}};
    out.append({"message_delta",
        {{QLatin1String("type"), QStringLiteral("message_delta")}, {QLatin1String("delta"), delta},
            {QLatin1String("usage"), AnthropicMessages::usageToAnthropic(usage)}}});
    out.append({"message_stop", {{QLatin1String("type"), QStringLiteral("message_stop")}}});
    return out;
}
