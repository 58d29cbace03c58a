// SPDX-License-Identifier: MIT
#include "protocol/openaiformat.h"

#include <QJsonDocument>
#include <QRandomGenerator>

QJsonObject Usage::toOpenAI() const
{
    QJsonObject u {{QLatin1String("prompt_tokens"), promptTokens},
        {QLatin1String("completion_tokens"), completionTokens}, {QLatin1String("total_tokens"), total()}};
    QJsonObject prompt {{QLatin1String("cached_tokens"), cachedTokens}};
    if (cacheWriteTokens > 0)
        prompt.insert(QLatin1String("cache_write_tokens"), cacheWriteTokens);
    u.insert(QLatin1String("prompt_tokens_details"), prompt);
    if (reasoningTokens > 0)
        u.insert(QLatin1String("completion_tokens_details"),
            QJsonObject {{QLatin1String("reasoning_tokens"), reasoningTokens}});
    return u;
}

bool Usage::readOpenAI(const QJsonValue &value)
{
    if (!value.isObject())
        return false;
    const QJsonObject u = value.toObject();
    promptTokens = u.value(QLatin1String("prompt_tokens")).toInteger();
    completionTokens = u.value(QLatin1String("completion_tokens")).toInteger();
    const QJsonObject prompt = u.value(QLatin1String("prompt_tokens_details")).toObject();
    cachedTokens = prompt.value(QLatin1String("cached_tokens")).toInteger();
    cacheWriteTokens = prompt.value(QLatin1String("cache_write_tokens")).toInteger();
    reasoningTokens = u.value(QLatin1String("completion_tokens_details"))
                          .toObject()
                          .value(QLatin1String("reasoning_tokens"))
                          .toInteger();
    reported = true;
    return true;
}

namespace OpenAIFormat {

static QString randomSuffix(int length)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString s(length, Qt::Uninitialized);
    auto *rng = QRandomGenerator::global();
    for (int i = 0; i < length; ++i)
        s[i] = QLatin1Char(alphabet[rng->bounded(62)]);
    return s;
}

QString newCompletionId()
{
    return QStringLiteral("chatcmpl-") + randomSuffix(24);
}

QString newToolCallId()
{
    return QStringLiteral("call_") + randomSuffix(24);
}

QJsonObject chunk(const QString &id, qint64 created, const QString &model, const QJsonArray &choices)
{
    return {{QLatin1String("id"), id}, {QLatin1String("object"), QStringLiteral("chat.completion.chunk")},
        {QLatin1String("created"), created}, {QLatin1String("model"), model},
        {QLatin1String("system_fingerprint"), QJsonValue::Null}, {QLatin1String("choices"), choices}};
}

QJsonObject deltaChoice(const QJsonObject &delta, const QJsonValue &finishReason, int index)
{
    return {{QLatin1String("index"), index}, {QLatin1String("delta"), delta},
        {QLatin1String("logprobs"), QJsonValue::Null}, {QLatin1String("finish_reason"), finishReason}};
}

QJsonObject completion(const QString &id, qint64 created, const QString &model, const QJsonObject &message,
    const QString &finishReason, const Usage &usage)
{
    const QJsonObject choice {{QLatin1String("index"), 0}, {QLatin1String("message"), message},
        {QLatin1String("logprobs"), QJsonValue::Null}, {QLatin1String("finish_reason"), finishReason}};
    return {{QLatin1String("id"), id}, {QLatin1String("object"), QStringLiteral("chat.completion")},
        {QLatin1String("created"), created}, {QLatin1String("model"), model},
        {QLatin1String("system_fingerprint"), QJsonValue::Null},
        {QLatin1String("choices"), QJsonArray {choice}}, {QLatin1String("usage"), usage.toOpenAI()}};
}

bool hasFinishReason(const QJsonObject &chunk)
{
    const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
    for (const QJsonValue &c : choices) {
        const QJsonValue f = c.toObject().value(QLatin1String("finish_reason"));
        if (f.isString() && !f.toString().isEmpty())
            return true;
    }
    return false;
}

bool isUsageOnly(const QJsonObject &chunk)
{
    return chunk.value(QLatin1String("choices")).toArray().isEmpty()
        && chunk.value(QLatin1String("usage")).isObject();
}

QString textOf(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QString out;
    for (const QJsonValue &part : content.toArray()) {
        const QJsonObject p = part.toObject();
        if (p.value(QLatin1String("type")).toString() == QLatin1String("text")) {
            if (!out.isEmpty())
                out += u'\n';
            out += p.value(QLatin1String("text")).toString();
        }
    }
    return out;
}

bool parseDataUrl(const QString &url, QString *mimeType, QString *base64)
{
    if (!url.startsWith(QLatin1String("data:")))
        return false;
    const qsizetype comma = url.indexOf(u',');
    if (comma < 0)
        return false;
    const QStringView meta = QStringView(url).sliced(5, comma - 5);
    if (!meta.endsWith(QLatin1String(";base64")))
        return false;
    *mimeType = meta.chopped(7).toString();
    *base64 = url.mid(comma + 1);
    return true;
}

QString dataUrl(const QString &mimeType, const QString &base64)
{
    return QStringLiteral("data:") + mimeType + QStringLiteral(";base64,") + base64;
}

QJsonObject argumentsObject(const QString &arguments)
{
    if (arguments.trimmed().isEmpty())
        return {};
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(arguments.toUtf8(), &pe);
    if (pe.error == QJsonParseError::NoError && doc.isObject())
        return doc.object();
    return {{QLatin1String("_raw"), arguments}};
}

QString compactJson(const QJsonObject &value)
{
    return QString::fromUtf8(QJsonDocument(value).toJson(QJsonDocument::Compact));
}

QJsonObject toolCall(const QString &id, const QString &name, const QString &arguments)
{
    return {{QLatin1String("id"), id}, {QLatin1String("type"), QStringLiteral("function")},
        {QLatin1String("function"),
            QJsonObject {{QLatin1String("name"), name}, {QLatin1String("arguments"), arguments}}}};
}

QJsonObject assistantMessage(
    const QString &text, const QJsonArray &toolCalls, const QString &reasoning, bool inResponse)
{
    QJsonObject msg {{QLatin1String("role"), QStringLiteral("assistant")},
        {QLatin1String("content"), text.isEmpty() && !toolCalls.isEmpty() ? QJsonValue() : QJsonValue(text)}};
    if (inResponse)
        msg.insert(QLatin1String("refusal"), QJsonValue::Null);
    if (!toolCalls.isEmpty())
        msg.insert(QLatin1String("tool_calls"), toolCalls);
    if (!reasoning.isEmpty())
        msg.insert(QLatin1String("reasoning_content"), reasoning);
    return msg;
}

GatewayError unsupportedPart(const QString &at, qsizetype index, const QString &type, const QString &target)
{
    return GatewayError::invalidRequest(
        QStringLiteral("%1.content[%2]: content parts of type '%3' cannot be sent to %4 model.")
            .arg(at)
            .arg(index)
            .arg(type, target),
        QStringLiteral("%1.content[%2].type").arg(at).arg(index), QStringLiteral("invalid_request"));
}

void appendTurn(QJsonArray &turns, const QString &role, QLatin1String itemsKey, const QJsonArray &items)
{
    if (items.isEmpty())
        return;
    if (!turns.isEmpty()) {
        QJsonObject last = turns.last().toObject();
        if (last.value(QLatin1String("role")).toString() == role) {
            QJsonArray merged = last.value(itemsKey).toArray();
            for (const QJsonValue &i : items)
                merged.append(i);
            last.insert(itemsKey, merged);
            turns[turns.size() - 1] = last;
            return;
        }
    }
    turns.append(QJsonObject {{QLatin1String("role"), role}, {itemsKey, items}});
}

} // namespace OpenAIFormat
