// SPDX-License-Identifier: MIT
#include "keys/ratelimits.h"

#include <QJsonValue>
#include <QStringList>

QJsonObject RateLimits::toJson() const
{
    auto value = [](qint64 v) { return v > 0 ? QJsonValue(v) : QJsonValue(); };
    return {{QLatin1String("rpm"), value(rpm)}, {QLatin1String("tpm"), value(tpm)},
        {QLatin1String("parallel"), value(parallel)}};
}

std::optional<RateLimits> RateLimits::fromJson(const QJsonValue &value, const QString &path, QString *error)
{
    RateLimits limits;
    if (value.isNull() || value.isUndefined())
        return limits;
    if (!value.isObject()) {
        *error = path + QStringLiteral(": expected an object");
        return std::nullopt;
    }
    const QJsonObject o = value.toObject();
    static const QStringList allowed
        = {QStringLiteral("rpm"), QStringLiteral("tpm"), QStringLiteral("parallel")};
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (!allowed.contains(it.key())) {
            *error = QStringLiteral("%1.%2: unknown key (expected one of: %3)")
                         .arg(path, it.key(), allowed.join(QLatin1String(", ")));
            return std::nullopt;
        }
        if (it.value().isNull())
            continue;
        const double d = it.value().toDouble(-1);
        if (!it.value().isDouble() || d < 0 || d > 1e12 || d != double(qint64(d))) {
            *error = QStringLiteral("%1.%2: expected a whole number (0 or absent: no limit)")
                         .arg(path, it.key());
            return std::nullopt;
        }
        const qint64 n = qint64(d);
        if (it.key() == QLatin1String("rpm"))
            limits.rpm = n;
        else if (it.key() == QLatin1String("tpm"))
            limits.tpm = n;
        else
            limits.parallel = n;
    }
    return limits;
}
