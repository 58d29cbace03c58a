// SPDX-License-Identifier: MIT
#include "keys/keystore.h"

#include "api/adminauth.h"
#include "store/keyrepository.h"

#include <QTimer>

KeyStore::KeyStore(KeyRepository *repository, QObject *parent)
    : QObject(parent)
    , m_repository(repository)
{ }

void KeyStore::load(const QList<VirtualKey> &keys)
{
    m_byId.clear();
    m_idByHash.clear();
    m_order.clear();
    for (const VirtualKey &k : keys) {
        m_byId.insert(k.id, std::make_shared<VirtualKey>(k));
        m_idByHash.insert(k.hash, k.id);
        m_order.append(k.id);
        m_persistedUse.insert(k.id, k.lastUsedMs);
    }
}

KeyStore::KeyPtr KeyStore::find(QByteArrayView presented) const
{
    if (!VirtualKey::looksLikeKey(presented))
        return nullptr;
    const QByteArray hash = VirtualKey::hashOf(presented);
    auto id = m_idByHash.constFind(hash);
    if (id == m_idByHash.constEnd())
        return nullptr;
    KeyPtr key = m_byId.value(*id);
    if (!key || !AdminAuth::constantTimeEquals(key->hash, hash))
        return nullptr;
    return key;
}

KeyStore::KeyPtr KeyStore::byId(const QString &id) const
{
    return m_byId.value(id);
}

QList<KeyStore::KeyPtr> KeyStore::keys() const
{
    QList<KeyPtr> out;
    out.reserve(m_order.size());
    for (const QString &id : m_order)
        out.append(m_byId.value(id));
    return out;
}

std::optional<KeyStore::Created> KeyStore::create(
    const QJsonObject &body, qint64 nowMs, GatewayError *error, Persisted done)
{
    auto key = std::make_shared<VirtualKey>();
    QString message, param;
    if (!key->apply(body, true, nowMs, &message, &param)) {
        *error = GatewayError::invalidRequest(message, param, QStringLiteral("invalid_key_field"));
        return std::nullopt;
    }
    Created created;
    do {
        created.secret = key->generate(nowMs);
    } while (m_byId.contains(key->id) || m_idByHash.contains(key->hash));
    m_byId.insert(key->id, key);
    m_idByHash.insert(key->hash, key->id);
    m_order.append(key->id);
    created.key = key;
    if (m_repository)
        m_repository->saveKey(*key, std::move(done));
    else if (done)
        QTimer::singleShot(0, this, [done = std::move(done)] { done({}); });
    Q_EMIT keyAdded(key->id);
    return created;
}

KeyStore::KeyPtr KeyStore::update(
    const QString &id, const QJsonObject &patch, qint64 nowMs, GatewayError *error, Persisted done)
{
    auto it = m_byId.find(id);
    if (it == m_byId.end()) {
        *error = GatewayError::notFound(
            QStringLiteral("No key with id '%1'.").arg(id), QStringLiteral("key_not_found"));
        return nullptr;
    }
    // Copy on write: a request holding the old record keeps a consistent view of it.
    auto next = std::make_shared<VirtualKey>(**it);
    QString message, param;
    if (!next->apply(patch, false, nowMs, &message, &param)) {
        *error = GatewayError::invalidRequest(message, param, QStringLiteral("invalid_key_field"));
        return nullptr;
    }
    *it = next;
    if (m_repository)
        m_repository->saveKey(*next, std::move(done));
    else if (done)
        QTimer::singleShot(0, this, [done = std::move(done)] { done({}); });
    Q_EMIT keyChanged(id);
    return next;
}

bool KeyStore::remove(const QString &id, Persisted done)
{
    auto key = m_byId.take(id);
    if (!key)
        return false;
    m_idByHash.remove(key->hash);
    m_order.removeOne(id);
    m_persistedUse.remove(id);
    if (m_repository)
        m_repository->deleteKey(id, std::move(done));
    else if (done)
        QTimer::singleShot(0, this, [done = std::move(done)] { done({}); });
    Q_EMIT keyRemoved(id);
    return true;
}

void KeyStore::touch(const QString &id, qint64 nowMs)
{
    auto it = m_byId.find(id);
    if (it == m_byId.end())
        return;
    (*it)->lastUsedMs = nowMs; // the one field changed in place: nobody decides anything on it
    qint64 &persisted = m_persistedUse[id];
    if (nowMs - persisted >= TouchIntervalMs) {
        persisted = nowMs;
        if (m_repository)
            m_repository->touchKey(id, nowMs);
        Q_EMIT keyChanged(id);
    }
}
