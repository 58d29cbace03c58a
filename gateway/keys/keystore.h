// SPDX-License-Identifier: MIT
#pragma once

#include "http/gatewayerror.h"
#include "keys/virtualkey.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

class KeyRepository;

/**
 * @brief The virtual keys, in memory in the engine thread, persisted through the KeyRepository.
 *
 * A presented key is found by its SHA-256 (the key itself is never kept) and the stored hash is
 * compared in constant time. Changes (create, edit, revoke, delete) apply to the next request at
 * once; the callback of each runs once the change is committed, so an answered admin call
 * survives a kill -9.
 */
class KeyStore : public QObject
{
    Q_OBJECT
public:
    using KeyPtr = std::shared_ptr<const VirtualKey>;
    using Persisted = std::function<void(const QString &error)>;

    explicit KeyStore(KeyRepository *repository = nullptr, QObject *parent = nullptr);

    void setRepository(KeyRepository *repository) { m_repository = repository; }
    void load(const QList<VirtualKey> &keys);
    /// The key the client presented, or null when no key has that hash.
    [[nodiscard]] KeyPtr find(QByteArrayView presented) const;
    [[nodiscard]] KeyPtr byId(const QString &id) const;
    /// All keys, oldest first.
    [[nodiscard]] QList<KeyPtr> keys() const;
    [[nodiscard]] qsizetype size() const { return m_order.size(); }

    struct Created
    {
        KeyPtr key;
        QString secret; ///< the only time the key text exists outside the client
    };
    /// Creates a key from the admin API body; nullopt with @p error (400) when a field is wrong.
    std::optional<Created> create(
        const QJsonObject &body, qint64 nowMs, GatewayError *error, Persisted done = {});
    /// Applies @p patch; null with @p error (400, or 404 for an unknown id).
    KeyPtr update(
        const QString &id, const QJsonObject &patch, qint64 nowMs, GatewayError *error, Persisted done = {});
    bool remove(const QString &id, Persisted done = {});
    /// Notes a use of @p id (persisted at most every TouchIntervalMs per key).
    void touch(const QString &id, qint64 nowMs);

    static constexpr qint64 TouchIntervalMs = 10000;

Q_SIGNALS:
    void keyAdded(const QString &id);
    void keyChanged(const QString &id);
    void keyRemoved(const QString &id);

private:
    KeyRepository *m_repository;
    QHash<QString, std::shared_ptr<VirtualKey>> m_byId;
    QHash<QByteArray, QString> m_idByHash;
    QStringList m_order;
    QHash<QString, qint64> m_persistedUse;
};
