// SPDX-License-Identifier: MIT
#include "http/errorenvelope.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace ErrorEnvelope {

QByteArray openAI(const GatewayError &error)
{
    QJsonObject e {{QLatin1String("message"), error.message},
        {QLatin1String("type"), error.type.isEmpty() ? QStringLiteral("api_error") : error.type},
        {QLatin1String("param"), error.param.isEmpty() ? QJsonValue() : QJsonValue(error.param)},
        {QLatin1String("code"), error.code.isEmpty() ? QJsonValue() : QJsonValue(error.code)}};
    return QJsonDocument(QJsonObject {{QLatin1String("error"), e}}).toJson(QJsonDocument::Compact);
}

QString anthropicType(int status)
{
    switch (status) {
    case 400:
        return QStringLiteral("invalid_request_error");
    case 401:
        return QStringLiteral("authentication_error");
    case 402:
        return QStringLiteral("billing_error");
    case 403:
        return QStringLiteral("permission_error");
    case 404:
        return QStringLiteral("not_found_error");
    case 413:
        return QStringLiteral("request_too_large");
    case 429:
        return QStringLiteral("rate_limit_error");
    case 504:
        return QStringLiteral("timeout_error");
    case 529:
        return QStringLiteral("overloaded_error");
    default:
        return status >= 400 && status < 500 ? QStringLiteral("invalid_request_error")
                                             : QStringLiteral("api_error");
    }
}

QByteArray anthropic(const GatewayError &error)
{
    QJsonObject e {
        {QLatin1String("type"), anthropicType(error.status)}, {QLatin1String("message"), error.message}};
    return QJsonDocument(
        QJsonObject {{QLatin1String("type"), QStringLiteral("error")}, {QLatin1String("error"), e}})
        .toJson(QJsonDocument::Compact);
}

QString geminiStatus(int status)
{
    switch (status) {
    case 400:
        return QStringLiteral("INVALID_ARGUMENT");
    case 401:
        return QStringLiteral("UNAUTHENTICATED");
    case 403:
        return QStringLiteral("PERMISSION_DENIED");
    case 404:
        return QStringLiteral("NOT_FOUND");
    case 409:
        return QStringLiteral("ABORTED");
    case 413:
        return QStringLiteral("INVALID_ARGUMENT");
    case 429:
        return QStringLiteral("RESOURCE_EXHAUSTED");
    case 499:
        return QStringLiteral("CANCELLED");
    case 501:
        return QStringLiteral("UNIMPLEMENTED");
    case 502:
    case 503:
    case 529:
        return QStringLiteral("UNAVAILABLE");
    case 504:
        return QStringLiteral("DEADLINE_EXCEEDED");
    default:
        return status >= 400 && status < 500 ? QStringLiteral("FAILED_PRECONDITION")
                                             : QStringLiteral("INTERNAL");
    }
}

QByteArray gemini(const GatewayError &error)
{
    QJsonObject e {{QLatin1String("code"), error.status}, {QLatin1String("message"), error.message},
        {QLatin1String("status"), geminiStatus(error.status)}};
    return QJsonDocument(QJsonObject {{QLatin1String("error"), e}}).toJson(QJsonDocument::Compact);
}

HttpExchange::Headers headers(const GatewayError &error)
{
    HttpExchange::Headers h;
    if (error.retryAfterSeconds >= 0)
        h.append({"Retry-After", QByteArray::number(error.retryAfterSeconds)});
    return h;
}

void respondOpenAI(HttpExchange &exchange, const GatewayError &error)
{
    exchange.respond(error.status, "application/json", openAI(error), headers(error));
}

void respondAnthropic(HttpExchange &exchange, const GatewayError &error)
{
    exchange.respond(error.status, "application/json", anthropic(error), headers(error));
}

void respondGemini(HttpExchange &exchange, const GatewayError &error)
{
    exchange.respond(error.status, "application/json", gemini(error), headers(error));
}

void respondForPath(HttpExchange &exchange, const GatewayError &error)
{
    if (exchange.request().path.startsWith(QLatin1String("/v1/messages")))
        respondAnthropic(exchange, error);
    else if (exchange.request().path.startsWith(QLatin1String("/v1beta/")))
        respondGemini(exchange, error);
    else
        respondOpenAI(exchange, error);
}

} // namespace ErrorEnvelope
