// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

/**
 * @brief A failure travelling to the edge as a value.
 *
 * Every stage and provider reports failures as a GatewayError; only the http/api edge renders it,
 * in the ingress protocol's envelope (OpenAI or Anthropic). No exceptions cross the event loop.
 */
struct GatewayError
{
    int status = 500; ///< HTTP status to answer with
    QString type; ///< OpenAI error type: invalid_request_error, api_error, ...
    QString code; ///< machine code: model_not_found, upstream_timeout, ...
    QString message; ///< one clear sentence for a human; never contains a secret
    QString param; ///< the offending request field, if any
    int retryAfterSeconds = -1; ///< >= 0: sent as Retry-After
    QList<QPair<QByteArray, QByteArray>> headers; ///< sent with the error (x-ratelimit-*)

    [[nodiscard]] bool isRetryable() const
    {
        return status == 408 || status == 429 || status == 529 || status >= 500;
    }

    static GatewayError invalidRequest(
        const QString &message, const QString &param = {}, const QString &code = {})
    {
        return {400, QStringLiteral("invalid_request_error"), code, message, param, -1};
    }
    /// 403 permission_error: the caller's key may not do this (param "model").
    static GatewayError forbidden(const QString &message, const QString &code)
    {
        return {403, QStringLiteral("permission_error"), code, message, QStringLiteral("model"), -1};
    }
    static GatewayError notFound(const QString &message, const QString &code = QStringLiteral("not_found"))
    {
        return {404, QStringLiteral("invalid_request_error"), code, message, {}, -1};
    }
    static GatewayError upstream(int status, const QString &code, const QString &message)
    {
        return {status, QStringLiteral("api_error"), code, message, {}, -1};
    }
    static GatewayError internal(const QString &message)
    {
        return {500, QStringLiteral("api_error"), QStringLiteral("internal_error"), message, {}, -1};
    }
};
