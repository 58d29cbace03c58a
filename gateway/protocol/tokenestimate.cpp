// SPDX-License-Identifier: MIT
#include "protocol/tokenestimate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace TokenEstimate {

qint64 characters(qint64 count)
{
    if (count <= 0)
        return 0;
    return qMax<qint64>(1, (count + 3) / 4);
}

qint64 text(QStringView text)
{
    return characters(text.size());
}

static qint64 content(const QJsonValue &value)
{
    if (value.isString())
        return text(value.toString());
    qint64 n = 0;
    if (value.isArray()) {
        for (const QJsonValue &part : value.toArray()) {
            const QJsonObject p = part.toObject();
            const QString type = p.value(QLatin1String("type")).toString();
            if (type == QLatin1String("text"))
                n += text(p.value(QLatin1String("text")).toString());
            else if (type == QLatin1String("image_url") || type == QLatin1String("input_image"))
                n += 765; // OpenAI's price of a 512x512 high-detail tile set; a fair middle estimate
            else
                n += text(QString::fromUtf8(QJsonDocument(p).toJson(QJsonDocument::Compact)));
        }
    }
    return n;
}

qint64 messages(const QJsonValue &messages)
{
    qint64 n = 3; // every reply is primed with <|start|>assistant<|message|>
    for (const QJsonValue &m : messages.toArray()) {
        const QJsonObject o = m.toObject();
        n += 4 + content(o.value(QLatin1String("content")));
        const QJsonValue calls = o.value(QLatin1String("tool_calls"));
        if (calls.isArray())
            n += text(QString::fromUtf8(QJsonDocument(calls.toArray()).toJson(QJsonDocument::Compact)));
    }
    return n;
}

qint64 prompt(const QJsonObject &chatBody)
{
    qint64 n = messages(chatBody.value(QLatin1String("messages")));
    const QJsonArray tools = chatBody.value(QLatin1String("tools")).toArray();
    if (!tools.isEmpty())
        n += text(QString::fromUtf8(QJsonDocument(tools).toJson(QJsonDocument::Compact)));
    return n;
}

Usage completionUsage(qint64 promptTokens, const QJsonObject &completion)
{
    Usage u;
    u.promptTokens = promptTokens;
    for (const QJsonValue &c : completion.value(QLatin1String("choices")).toArray()) {
        const QJsonObject message = c.toObject().value(QLatin1String("message")).toObject();
        u.completionTokens += text(OpenAIFormat::textOf(message.value(QLatin1String("content"))));
        const QJsonValue calls = message.value(QLatin1String("tool_calls"));
        if (calls.isArray())
            u.completionTokens
                += text(QString::fromUtf8(QJsonDocument(calls.toArray()).toJson(QJsonDocument::Compact)));
    }
    return u;
}

} // namespace TokenEstimate
