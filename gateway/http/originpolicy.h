// SPDX-License-Identifier: MIT
#pragma once

#include "http/gatewayerror.h"
#include "http/httprequest.h"

#include <QStringList>

#include <optional>

/**
 * @brief ARCHITECTURE §3 step 1: who may talk to the gateway from a browser, and under what Host.
 *
 * A request carrying an `Origin` that is not in server.allowedOrigins is refused (a web page must
 * not spend the user's money). When the gateway is bound to loopback, a `Host` that is not a
 * loopback name is refused too: that is what a DNS-rebinding attack sends. A request a browser
 * marks as coming from another site (`Sec-Fetch-Site: cross-site|same-site`) without an Origin
 * (a no-cors GET) is refused like a foreign origin. Requests without these browser headers
 * (SDKs, curl, editors) are not affected.
 */
class OriginPolicy
{
public:
    OriginPolicy() = default;
    OriginPolicy(QStringList allowedOrigins, bool boundToLoopback);

    /// nullopt when the request may proceed; otherwise a 403 error.
    [[nodiscard]] std::optional<GatewayError> check(const HttpRequest &request) const;
    /// True when @p origin may make cross-origin requests (CORS preflight answers only for these).
    [[nodiscard]] bool isAllowedOrigin(const QByteArray &origin) const;
    /// Headers answering a CORS preflight or a cross-origin request from an allowed origin.
    [[nodiscard]] QList<QPair<QByteArray, QByteArray>> corsHeaders(
        const QByteArray &origin, bool preflight) const;
    /// The answer to an allowed origin's preflight @p request: the headers it asks for
    /// (Access-Control-Request-Headers) and, for Chrome's Private Network Access, the private
    /// network permission.
    [[nodiscard]] QList<QPair<QByteArray, QByteArray>> preflightHeaders(const HttpRequest &request) const;

    static bool isLoopbackHost(QByteArrayView hostHeader);

private:
    QStringList m_allowedOrigins;
    bool m_boundToLoopback = true;
};
