// SPDX-License-Identifier: MIT
#pragma once

#include "keys/budgetspec.h"
#include "keys/ratelimits.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

/**
 * @brief A virtual key (`sy-...`) as Switchyard keeps it: never the key itself, only its SHA-256
 * and a masked form for lists, plus who it is for and what it may do.
 *
 * The key is shown once, when created (generate()); afterwards a presented key is recognised by
 * its hash. Keys are 256-bit random strings, so a fast hash is enough: nobody can brute-force
 * one from its hash.
 */
struct VirtualKey
{
    QString id; ///< "key_" + 16 hex digits; public, appears in logs
    QString name;
    QByteArray hash; ///< SHA-256 of the key, hex
    QString mask; ///< "sy-AbCd...wxYz"
    qint64 createdMs = 0;
    qint64 expiresMs = 0; ///< 0: never
    qint64 lastUsedMs = 0;
    bool revoked = false;
    BudgetSpec budget;
    RateLimits limits;
    QStringList allowedModels; ///< glob patterns; empty: any model
    double maxPricePer1M = -1; ///< < 0: no limit
    QString strategy; ///< default routing strategy; empty: the global one

    [[nodiscard]] bool isExpired(qint64 nowMs) const { return expiresMs > 0 && nowMs >= expiresMs; }
    /// "active", "revoked" or "expired".
    [[nodiscard]] QString status(qint64 nowMs) const;

    /// A new key: fills id, hash, mask and createdMs and returns the key text (shown once).
    QString generate(qint64 nowMs);
    static QByteArray hashOf(QByteArrayView key);
    static bool looksLikeKey(QByteArrayView presented) { return presented.startsWith("sy-"); }

    /**
     * Applies the admin API fields of @p body (create: "name" required; update: absent fields
     * unchanged, null clears). On error returns false with @p error and the offending @p param.
     */
    bool apply(const QJsonObject &body, bool creating, qint64 nowMs, QString *error, QString *param);
    /// The admin API shape (masked key, no spend).
    [[nodiscard]] QJsonObject toJson(qint64 nowMs) const;
    /// What is persisted besides the indexed columns (budget, limits, IAM, strategy).
    [[nodiscard]] QJsonObject rulesJson() const;
    void setRules(const QJsonObject &rules);

    static QString isoTime(qint64 ms);
};
