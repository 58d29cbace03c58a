// SPDX-License-Identifier: MIT
#include "protocol/chatrequest.h"

#include "protocol/tokenestimate.h"

#include <QJsonArray>
#include <QJsonDocument>

std::optional<QJsonDocument> parseJsonBody(const QByteArray &json, GatewayError *error)
{
    if (json.trimmed().isEmpty()) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("The request body is empty; expected a JSON object."));
        return std::nullopt;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("The request body is not valid JSON: %1 at offset %2.")
                .arg(pe.errorString())
                .arg(pe.offset),
            {}, QStringLiteral("invalid_json"));
        return std::nullopt;
    }
    return doc;
}

std::optional<QJsonObject> parseJsonObjectBody(const QByteArray &json, GatewayError *error)
{
    const auto doc = parseJsonBody(json, error);
    if (!doc)
        return std::nullopt;
    if (!doc->isObject()) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("The request body must be a JSON object."), {}, QStringLiteral("invalid_json"));
        return std::nullopt;
    }
    return doc->object();
}

namespace {

GatewayError missing(const QString &param)
{
    return GatewayError::invalidRequest(QStringLiteral("Missing required parameter: '%1'.").arg(param), param,
        QStringLiteral("missing_required_parameter"));
}

GatewayError wrongType(const QString &param, const QString &expected)
{
    return GatewayError::invalidRequest(
        QStringLiteral("Invalid type for '%1': expected %2.").arg(param, expected), param,
        QStringLiteral("invalid_type"));
}

bool validateMessages(const QJsonValue &value, ChatRequest &r, GatewayError *error)
{
    if (value.isUndefined()) {
        *error = missing(QStringLiteral("messages"));
        return false;
    }
    if (!value.isArray()) {
        *error = wrongType(QStringLiteral("messages"), QStringLiteral("an array"));
        return false;
    }
    const QJsonArray messages = value.toArray();
    if (messages.isEmpty()) {
        *error = GatewayError::invalidRequest(QStringLiteral("'messages' must contain at least one message."),
            QStringLiteral("messages"), QStringLiteral("empty_array"));
        return false;
    }
    static const QStringList roles
        = {QStringLiteral("system"), QStringLiteral("developer"), QStringLiteral("user"),
            QStringLiteral("assistant"), QStringLiteral("tool"), QStringLiteral("function")};
    for (qsizetype i = 0; i < messages.size(); ++i) {
        // Only an error needs the name: built then (a QString::arg per message was per request).
        const auto at = [i] { return QStringLiteral("messages[%1]").arg(i); };
        if (!messages.at(i).isObject()) {
            *error = wrongType(at(), QStringLiteral("an object"));
            return false;
        }
        const QJsonObject m = messages.at(i).toObject();
        const QJsonValue role = m.value(QLatin1String("role"));
        if (role.isUndefined()) {
            *error = missing(at() + QStringLiteral(".role"));
            return false;
        }
        if (!role.isString() || !roles.contains(role.toString())) {
            *error = GatewayError::invalidRequest(
                QStringLiteral("Invalid value for '%1.role': expected one of %2.")
                    .arg(at(), roles.join(u", ")),
                at() + QStringLiteral(".role"), QStringLiteral("invalid_value"));
            return false;
        }
        const QJsonValue content = m.value(QLatin1String("content"));
        if (!content.isUndefined() && !content.isNull() && !content.isString() && !content.isArray()) {
            *error = wrongType(
                at() + QStringLiteral(".content"), QStringLiteral("a string or an array of content parts"));
            return false;
        }
        if (content.isArray()) {
            const QJsonArray parts = content.toArray();
            for (qsizetype p = 0; p < parts.size(); ++p) {
                const QJsonObject part = parts.at(p).toObject();
                if (!parts.at(p).isObject() || !part.value(QLatin1String("type")).isString()) {
                    *error = GatewayError::invalidRequest(
                        QStringLiteral(
                            "Invalid content part '%1.content[%2]': expected an object with a 'type'.")
                            .arg(at())
                            .arg(p),
                        QStringLiteral("%1.content[%2]").arg(at()).arg(p), QStringLiteral("invalid_value"));
                    return false;
                }
                if (part.value(QLatin1String("type")).toString() == QLatin1String("image_url"))
                    r.hasImages = true;
            }
        }
    }
    return true;
}

} // namespace

std::optional<ChatRequest> ChatRequest::fromOpenAI(const QByteArray &json, GatewayError *error)
{
    auto body = parseJsonObjectBody(json, error);
    if (!body)
        return std::nullopt;
    auto request = fromOpenAIObject(std::move(*body), error);
    if (request)
        request->source = RawJson(json, request->body);
    return request;
}

std::optional<ChatRequest> ChatRequest::fromOpenAIObject(QJsonObject body, GatewayError *error)
{
    ChatRequest r;
    r.body = std::move(body);
    const QJsonValue model = r.body.value(QLatin1String("model"));
    if (model.isUndefined() || model.isNull()) {
        *error = missing(QStringLiteral("model"));
        return std::nullopt;
    }
    if (!model.isString() || model.toString().trimmed().isEmpty()) {
        *error = wrongType(QStringLiteral("model"), QStringLiteral("a non-empty string"));
        return std::nullopt;
    }
    r.model = model.toString();
    if (!validateMessages(r.body.value(QLatin1String("messages")), r, error))
        return std::nullopt;

    const QJsonValue stream = r.body.value(QLatin1String("stream"));
    if (!stream.isUndefined() && !stream.isNull() && !stream.isBool()) {
        *error = wrongType(QStringLiteral("stream"), QStringLiteral("a boolean"));
        return std::nullopt;
    }
    r.stream = stream.toBool();
    const QJsonValue streamOptions = r.body.value(QLatin1String("stream_options"));
    if (!streamOptions.isUndefined() && !streamOptions.isNull()) {
        if (!streamOptions.isObject()) {
            *error = wrongType(QStringLiteral("stream_options"), QStringLiteral("an object"));
            return std::nullopt;
        }
        if (!r.stream) {
            *error = GatewayError::invalidRequest(
                QStringLiteral("The 'stream_options' parameter is only allowed when 'stream' is enabled."),
                QStringLiteral("stream_options"), QStringLiteral("invalid_value"));
            return std::nullopt;
        }
        r.includeUsage = streamOptions.toObject().value(QLatin1String("include_usage")).toBool();
    }
    for (const QLatin1String key : {QLatin1String("max_completion_tokens"), QLatin1String("max_tokens")}) {
        const QJsonValue v = r.body.value(key);
        if (v.isUndefined() || v.isNull())
            continue;
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d != double(qint64(d)) || d < 1) {
            *error = GatewayError::invalidRequest(
                QStringLiteral("Invalid value for '%1': expected an integer >= 1.").arg(key), QString(key),
                QStringLiteral("invalid_value"));
            return std::nullopt;
        }
        if (r.maxTokens < 0)
            r.maxTokens = qint64(d);
    }
    const QJsonValue temperature = r.body.value(QLatin1String("temperature"));
    if (!temperature.isUndefined() && !temperature.isNull()
        && (!temperature.isDouble() || temperature.toDouble() < 0 || temperature.toDouble() > 2)) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("Invalid value for 'temperature': expected a number between 0 and 2."),
            QStringLiteral("temperature"), QStringLiteral("invalid_value"));
        return std::nullopt;
    }
    const QJsonValue tools = r.body.value(QLatin1String("tools"));
    if (!tools.isUndefined() && !tools.isNull()) {
        if (!tools.isArray()) {
            *error = wrongType(QStringLiteral("tools"), QStringLiteral("an array"));
            return std::nullopt;
        }
        const QJsonArray list = tools.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonObject t = list.at(i).toObject();
            const QJsonObject fn = t.value(QLatin1String("function")).toObject();
            if (t.value(QLatin1String("type")).toString() == QLatin1String("function")
                && !fn.value(QLatin1String("name")).isString()) {
                *error = missing(QStringLiteral("tools[%1].function.name").arg(i));
                return std::nullopt;
            }
        }
        r.hasTools = !list.isEmpty();
    }
    r.estimatedPromptTokens = TokenEstimate::messages(r.body.value(QLatin1String("messages")));
    return r;
}

std::optional<EmbeddingsRequest> EmbeddingsRequest::fromOpenAI(const QByteArray &json, GatewayError *error)
{
    auto body = parseJsonObjectBody(json, error);
    if (!body)
        return std::nullopt;
    EmbeddingsRequest r;
    r.body = std::move(*body);
    const QJsonValue model = r.body.value(QLatin1String("model"));
    if (model.isUndefined() || model.isNull()) {
        *error = missing(QStringLiteral("model"));
        return std::nullopt;
    }
    if (!model.isString() || model.toString().trimmed().isEmpty()) {
        *error = wrongType(QStringLiteral("model"), QStringLiteral("a non-empty string"));
        return std::nullopt;
    }
    r.model = model.toString();
    const QJsonValue input = r.body.value(QLatin1String("input"));
    if (input.isUndefined() || input.isNull()) {
        *error = missing(QStringLiteral("input"));
        return std::nullopt;
    }
    if (input.isString()) {
        r.inputs << input.toString();
    } else if (input.isArray() && !input.toArray().isEmpty()) {
        const QJsonArray a = input.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (a.at(i).isString()) {
                r.inputs << a.at(i).toString();
            } else if (a.at(i).isArray() || a.at(i).isDouble()) {
                r.estimatedTokens += a.at(i).isArray() ? a.at(i).toArray().size() : 1; // token ids
            } else {
                *error = wrongType(
                    QStringLiteral("input[%1]").arg(i), QStringLiteral("a string or an array of token ids"));
                return std::nullopt;
            }
        }
    } else {
        *error = wrongType(QStringLiteral("input"), QStringLiteral("a string or a non-empty array"));
        return std::nullopt;
    }
    for (const QString &s : std::as_const(r.inputs))
        r.estimatedTokens += TokenEstimate::text(s);
    return r;
}
