// SPDX-License-Identifier: MIT
#include "http/originpolicy.h"

OriginPolicy::OriginPolicy(QStringList allowedOrigins, bool boundToLoopback)
    : m_allowedOrigins(std::move(allowedOrigins))
    , m_boundToLoopback(boundToLoopback)
{
    for (QString &o : m_allowedOrigins) {
        while (o.endsWith(u'/'))
            o.chop(1);
    }
}

bool OriginPolicy::isLoopbackHost(QByteArrayView host)
{
    host = host.trimmed();
    // Strip the port: "[::1]:4000", "localhost:4000".
    if (host.startsWith('[')) {
        const qsizetype close = host.indexOf(']');
        if (close < 0)
            return false;
        return host.sliced(1, close - 1) == "::1";
    }
    const qsizetype colon = host.lastIndexOf(':');
    if (colon >= 0)
        host = host.first(colon);
    if (host.compare("localhost", Qt::CaseInsensitive) == 0)
        return true;
    if (host.size() > 10 && QByteArrayView(host).last(10).compare(".localhost", Qt::CaseInsensitive) == 0)
        return true;
    if (host.startsWith("127.")) {
        int dots = 0;
        for (char c : host) {
            if (c == '.')
                ++dots;
            else if (c < '0' || c > '9')
                return false;
        }
        return dots == 3;
    }
    return false;
}

bool OriginPolicy::isAllowedOrigin(const QByteArray &origin) const
{
    if (origin.isEmpty())
        return false;
    const QString o = QString::fromUtf8(origin);
    for (const QString &allowed : m_allowedOrigins) {
        if (allowed == QLatin1String("*") || allowed.compare(o, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

std::optional<GatewayError> OriginPolicy::check(const HttpRequest &request) const
{
    if (m_boundToLoopback && request.hasHeader("host") && !isLoopbackHost(request.header("host"))) {
        return GatewayError {403, QStringLiteral("permission_error"), QStringLiteral("host_not_allowed"),
            QStringLiteral("Host header is not a loopback name; Switchyard is bound to loopback and "
                           "refuses it (DNS-rebinding protection)."),
            {}, -1};
    }
    const QByteArray origin = request.header("origin");
    const QByteArray site = request.header("sec-fetch-site");
    if (origin.isEmpty() && (site == "cross-site" || site == "same-site")) {
        return GatewayError {403, QStringLiteral("permission_error"), QStringLiteral("origin_not_allowed"),
            QStringLiteral("Requests from another web site are not allowed (Sec-Fetch-Site: %1).")
                .arg(QString::fromLatin1(site)),
            {}, -1};
    }
    if (!origin.isEmpty() && !isAllowedOrigin(origin)) {
        return GatewayError {403, QStringLiteral("permission_error"), QStringLiteral("origin_not_allowed"),
            QStringLiteral("Requests from origin %1 are not allowed; add it to server.allowedOrigins "
                           "to let that web page use the gateway.")
                .arg(QString::fromUtf8(origin).left(200)),
            {}, -1};
    }
    return std::nullopt;
}

QList<QPair<QByteArray, QByteArray>> OriginPolicy::corsHeaders(const QByteArray &origin, bool preflight) const
{
    QList<QPair<QByteArray, QByteArray>> h {{"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"}};
    if (preflight) {
        h.emplaceBack("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
        h.emplaceBack("Access-Control-Allow-Headers",
            "Authorization, Content-Type, X-Api-Key, Anthropic-Version, Anthropic-Beta, "
            "X-Switchyard-Routing-Strategy, "
            "X-Switchyard-Prefer-Provider, X-Switchyard-Cache, X-Switchyard-Budget-Key, OpenAI-Organization, "
            "OpenAI-Project, "
            "X-Stainless-Lang, X-Stainless-Package-Version, X-Stainless-OS, X-Stainless-Arch, "
            "X-Stainless-Runtime, "
            "X-Stainless-Runtime-Version, X-Stainless-Retry-Count, X-Stainless-Timeout");
        h.emplaceBack("Access-Control-Max-Age", "600");
    } else {
        h.emplaceBack("Access-Control-Expose-Headers",
            "X-Request-ID, X-Response-Time, X-Gateway-Overhead-Ms, Retry-After, x-ratelimit-limit-requests, "
            "x-ratelimit-remaining-requests, x-ratelimit-reset-requests, x-ratelimit-limit-tokens, "
            "x-ratelimit-remaining-tokens, x-ratelimit-reset-tokens, x-switchyard-budget-remaining-usd, "
            "x-switchyard-budget-warning");
    }
    return h;
}

QList<QPair<QByteArray, QByteArray>> OriginPolicy::preflightHeaders(const HttpRequest &request) const
{
    QList<QPair<QByteArray, QByteArray>> h = corsHeaders(request.header("origin"), true);
    const QByteArray asked = request.header("access-control-request-headers").trimmed();
    if (!asked.isEmpty()) {
        // The origin is trusted: let it send what its SDK sends (anthropic-dangerous-direct-
        // browser-access, x-goog-api-key, x-stainless-*...), not only what we thought of.
        for (auto &header : h) {
            if (header.first == "Access-Control-Allow-Headers")
                header.second = asked;
        }
        h.emplaceBack("Vary", "Access-Control-Request-Headers");
    }
    if (request.header("access-control-request-private-network").compare("true", Qt::CaseInsensitive) == 0)
        h.emplaceBack("Access-Control-Allow-Private-Network", "true");
    return h;
}
