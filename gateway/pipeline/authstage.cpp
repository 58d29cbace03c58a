// SPDX-License-Identifier: MIT
#include "pipeline/authstage.h"

#include "keys/accesscontrol.h"

namespace {

GatewayError unauthorized(const QString &code, const QString &message)
{
    return {401, QStringLiteral("invalid_request_error"), code, message, {}, -1};
}

} // namespace

std::optional<GatewayError> AuthStage::before(RequestContext &ctx)
{
    ctx.key = KeyContext(); // the anonymous local key
    if (!m_access)
        return std::nullopt;
    const QByteArray &presented = ctx.clientKey;
    if (VirtualKey::looksLikeKey(presented)) {
        const KeyStore::KeyPtr key = m_access->keys().find(presented);
        if (!key)
            return unauthorized(QStringLiteral("invalid_api_key"),
                QStringLiteral("Incorrect API key provided: no Switchyard key matches it."));
        const qint64 now = m_access->nowMs();
        if (key->revoked)
            return unauthorized(QStringLiteral("key_revoked"),
                QStringLiteral("This API key ('%1') was revoked.").arg(key->name));
        if (key->isExpired(now))
            return unauthorized(QStringLiteral("key_expired"),
                QStringLiteral("This API key ('%1') expired at %2.")
                    .arg(key->name, VirtualKey::isoTime(key->expiresMs)));
        ctx.key.id = key->id;
        ctx.key.name = key->name;
        ctx.key.anonymous = false;
        ctx.key.allowedModels = key->allowedModels;
        ctx.key.maxPricePer1M = key->maxPricePer1M;
        ctx.key.strategy = key->strategy;
        m_access->keys().touch(key->id, now);
        return std::nullopt;
    }
    if (m_access->requireApiKey() && !ctx.trusted) {
        if (presented.isEmpty())
            return unauthorized(QStringLiteral("missing_api_key"),
                QStringLiteral("This gateway requires an API key (server.requireApiKey): send "
                               "'Authorization: Bearer sy-...' or 'x-api-key: sy-...'."));
        return unauthorized(QStringLiteral("invalid_api_key"),
            QStringLiteral("Incorrect API key provided: Switchyard keys start with 'sy-'."));
    }
    ctx.key.name = QStringLiteral("local");
    return std::nullopt;
}

void AuthStage::setAccess(AccessControl *access)
{
    m_access = access;
}
