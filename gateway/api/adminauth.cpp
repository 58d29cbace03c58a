// SPDX-License-Identifier: MIT
#include "api/adminauth.h"

namespace AdminAuth {

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    // Length leaks, content does not: every byte of the longer input is visited.
    const qsizetype n = qMax(a.size(), b.size());
    unsigned diff = unsigned(a.size() ^ b.size());
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned x = i < a.size() ? uchar(a[i]) : 0u;
        const unsigned y = i < b.size() ? uchar(b[i]) : 0u;
        diff |= x ^ y;
    }
    return diff == 0;
}

std::optional<GatewayError> check(const HttpRequest &request, const QString &adminKey)
{
    if (adminKey.isEmpty()) {
        return GatewayError {403, QStringLiteral("permission_error"), QStringLiteral("admin_api_disabled"),
            QStringLiteral("The admin API is off: set server.adminKey (or SWITCHYARD_ADMIN_KEY) to use it."),
            {}, -1};
    }
    const QByteArray auth = request.header("authorization");
    const bool bearer = auth.size() > 7 && auth.left(7).compare("Bearer ", Qt::CaseInsensitive) == 0;
    if (!bearer || !constantTimeEquals(auth.mid(7).trimmed(), adminKey.toUtf8())) {
        return GatewayError {401, QStringLiteral("authentication_error"), QStringLiteral("invalid_admin_key"),
            bearer ? QStringLiteral("The admin key is not valid.")
                   : QStringLiteral("The admin API needs 'Authorization: Bearer <admin key>'."),
            {}, -1};
    }
    return std::nullopt;
}

} // namespace AdminAuth
