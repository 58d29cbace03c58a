// SPDX-License-Identifier: MIT
#include "keys/virtualkey.h"

#include "engine/config.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QRandomGenerator>

namespace {

QString randomToken(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), bytes / 4);
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool fail(QString *error, QString *param, const QString &field, const QString &message)
{
    *error = message;
    *param = field;
    return false;
}

} // namespace

QString VirtualKey::status(qint64 nowMs) const
{
    if (revoked)
        return QStringLiteral("revoked");
    if (isExpired(nowMs))
        return QStringLiteral("expired");
    return QStringLiteral("active");
}

QByteArray VirtualKey::hashOf(QByteArrayView key)
{
    return QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex();
}

QString VirtualKey::generate(qint64 nowMs)
{
    const QString secret = QStringLiteral("sy-") + randomToken(32);
    QByteArray idBytes(8, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(idBytes.data()), 2);
    id = QStringLiteral("key_") + QString::fromLatin1(idBytes.toHex());
    hash = hashOf(secret.toLatin1());
    mask = secret.left(7) + QStringLiteral("...") + secret.right(4);
    createdMs = nowMs;
    return secret;
}

QString VirtualKey::isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

bool VirtualKey::apply(const QJsonObject &body, bool creating, qint64 nowMs, QString *error, QString *param)
{
    static const QStringList known = {QStringLiteral("name"), QStringLiteral("expiresAt"),
        QStringLiteral("budget"), QStringLiteral("limits"), QStringLiteral("allowedModels"),
        QStringLiteral("maxPricePer1M"), QStringLiteral("strategy"), QStringLiteral("status")};
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (!known.contains(it.key()))
            return fail(error, param, it.key(),
                QStringLiteral("Unknown field '%1' (expected one of: %2).")
                    .arg(it.key(), known.join(QLatin1String(", "))));
    }
    VirtualKey next = *this;
    if (body.contains(QLatin1String("name")) || creating) {
        const QJsonValue v = body.value(QLatin1String("name"));
        const QString name = v.toString().trimmed();
        if (!v.isString() || name.isEmpty() || name.size() > 200)
            return fail(error, param, QStringLiteral("name"),
                QStringLiteral(
                    "'name' is required: a string of 1 to 200 characters naming who uses the key."));
        next.name = name;
    }
    if (body.contains(QLatin1String("expiresAt"))) {
        const QJsonValue v = body.value(QLatin1String("expiresAt"));
        if (v.isNull()) {
            next.expiresMs = 0;
        } else {
            const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
            if (!v.isString() || !t.isValid())
                return fail(error, param, QStringLiteral("expiresAt"),
                    QStringLiteral("'expiresAt' must be an ISO 8601 time such as \"2027-01-31T18:00:00Z\", "
                                   "or null for a key that never expires."));
            next.expiresMs = t.toMSecsSinceEpoch();
        }
    }
    QString specError;
    if (body.contains(QLatin1String("budget"))) {
        auto spec
            = BudgetSpec::fromJson(body.value(QLatin1String("budget")), QStringLiteral("budget"), &specError);
        if (!spec)
            return fail(error, param, QStringLiteral("budget"), specError);
        next.budget = *spec;
    }
    if (body.contains(QLatin1String("limits"))) {
        auto limits
            = RateLimits::fromJson(body.value(QLatin1String("limits")), QStringLiteral("limits"), &specError);
        if (!limits)
            return fail(error, param, QStringLiteral("limits"), specError);
        next.limits = *limits;
    }
    if (body.contains(QLatin1String("allowedModels"))) {
        const QJsonValue v = body.value(QLatin1String("allowedModels"));
        QStringList patterns;
        if (!v.isNull()) {
            if (!v.isArray())
                return fail(error, param, QStringLiteral("allowedModels"),
                    QStringLiteral(
                        "'allowedModels' must be an array of model patterns such as \"gpt-4o*\"."));
            for (const QJsonValue &p : v.toArray()) {
                const QString pattern = p.toString().trimmed();
                if (!p.isString() || pattern.isEmpty() || pattern.size() > 200)
                    return fail(error, param, QStringLiteral("allowedModels"),
                        QStringLiteral(
                            "'allowedModels' entries must be non-empty strings (globs: * and ?)."));
                patterns << pattern;
            }
        }
        next.allowedModels = patterns;
    }
    if (body.contains(QLatin1String("maxPricePer1M"))) {
        const QJsonValue v = body.value(QLatin1String("maxPricePer1M"));
        if (v.isNull())
            next.maxPricePer1M = -1;
        else if (!v.isDouble() || v.toDouble() < 0)
            return fail(error, param, QStringLiteral("maxPricePer1M"),
                QStringLiteral("'maxPricePer1M' must be a price in USD per 1M tokens (>= 0), or null."));
        else
            next.maxPricePer1M = v.toDouble();
    }
    if (body.contains(QLatin1String("strategy"))) {
        const QJsonValue v = body.value(QLatin1String("strategy"));
        if (v.isNull()) {
            next.strategy.clear();
        } else if (!v.isString() || !RoutingConfig::strategies().contains(v.toString())) {
            return fail(error, param, QStringLiteral("strategy"),
                QStringLiteral("'strategy' must be one of: %1 (or null for the global one).")
                    .arg(RoutingConfig::strategies().join(QLatin1String(", "))));
        } else {
            next.strategy = v.toString();
        }
    }
    if (body.contains(QLatin1String("status"))) {
        const QString s = body.value(QLatin1String("status")).toString();
        if (s != QLatin1String("active") && s != QLatin1String("revoked"))
            return fail(error, param, QStringLiteral("status"),
                QStringLiteral("'status' must be \"active\" or \"revoked\"."));
        next.revoked = s == QLatin1String("revoked");
    }
    if (creating && next.expiresMs > 0 && next.expiresMs <= nowMs)
        return fail(error, param, QStringLiteral("expiresAt"), QStringLiteral("'expiresAt' is in the past."));
    *this = next;
    return true;
}

QJsonObject VirtualKey::rulesJson() const
{
    QJsonObject o;
    if (budget.isSet())
        o.insert(QLatin1String("budget"), budget.toJson());
    if (limits.isSet())
        o.insert(QLatin1String("limits"), limits.toJson());
    if (!allowedModels.isEmpty())
        o.insert(QLatin1String("allowedModels"), QJsonArray::fromStringList(allowedModels));
    if (maxPricePer1M >= 0)
        o.insert(QLatin1String("maxPricePer1M"), maxPricePer1M);
    if (!strategy.isEmpty())
        o.insert(QLatin1String("strategy"), strategy);
    return o;
}

void VirtualKey::setRules(const QJsonObject &rules)
{
    QString ignored;
    budget = BudgetSpec::fromJson(rules.value(QLatin1String("budget")), {}, &ignored).value_or(BudgetSpec());
    limits = RateLimits::fromJson(rules.value(QLatin1String("limits")), {}, &ignored).value_or(RateLimits());
    allowedModels.clear();
    for (const QJsonValue &p : rules.value(QLatin1String("allowedModels")).toArray())
        allowedModels << p.toString();
    maxPricePer1M = rules.value(QLatin1String("maxPricePer1M")).toDouble(-1);
    strategy = rules.value(QLatin1String("strategy")).toString();
}

QJsonObject VirtualKey::toJson(qint64 nowMs) const
{
    auto time = [](qint64 ms) { return ms > 0 ? QJsonValue(isoTime(ms)) : QJsonValue(); };
    return {{QLatin1String("id"), id}, {QLatin1String("object"), QStringLiteral("api_key")},
        {QLatin1String("name"), name}, {QLatin1String("key"), mask}, {QLatin1String("status"), status(nowMs)},
        {QLatin1String("createdAt"), time(createdMs)}, {QLatin1String("expiresAt"), time(expiresMs)},
        {QLatin1String("lastUsedAt"), time(lastUsedMs)},
        {QLatin1String("budget"), budget.isSet() ? QJsonValue(budget.toJson()) : QJsonValue()},
        {QLatin1String("limits"), limits.isSet() ? QJsonValue(limits.toJson()) : QJsonValue()},
        {QLatin1String("allowedModels"), QJsonArray::fromStringList(allowedModels)},
        {QLatin1String("maxPricePer1M"), maxPricePer1M >= 0 ? QJsonValue(maxPricePer1M) : QJsonValue()},
        {QLatin1String("strategy"), strategy.isEmpty() ? QJsonValue() : QJsonValue(strategy)}};
}
