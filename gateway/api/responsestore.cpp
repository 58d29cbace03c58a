// SPDX-License-Identifier: MIT
#include "api/responsestore.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>

ResponseStore::ResponseStore(int maxEntries, qint64 maxBytes, qint64 maxAgeMs)
    : m_maxEntries(maxEntries)
    , m_maxBytes(maxBytes)
    , m_maxAgeMs(maxAgeMs)
{ }

QByteArray ResponseStore::ownerOf(const QByteArray &clientKey)
{
    const QByteArray salted = QByteArray("switchyard-response-owner:") + clientKey;
    return QCryptographicHash::hash(salted, QCryptographicHash::Sha256);
}

void ResponseStore::put(
    const QString &id, const QByteArray &owner, QJsonObject response, QJsonArray conversation)
{
    remove(id, owner);
    Entry e;
    e.owner = owner;
    e.storedAtMs = QDateTime::currentMSecsSinceEpoch();
    // What the entry holds, roughly: its JSON text.
    e.bytes = QJsonDocument(response).toJson(QJsonDocument::Compact).size()
        + QJsonDocument(conversation).toJson(QJsonDocument::Compact).size();
    e.response = std::move(response);
    e.conversation = std::move(conversation);
    if (e.bytes > m_maxBytes)
        return; // larger than the whole store: not kept (the client gets "not found" later)
    m_bytes += e.bytes;
    m_entries.insert(id, std::move(e));
    m_order.append(id);
    evict(QDateTime::currentMSecsSinceEpoch());
}

const ResponseStore::Entry *ResponseStore::find(
    const QString &id, const QByteArray &owner, qint64 nowMs) const
{
    const auto it = m_entries.constFind(id);
    if (it == m_entries.constEnd() || it->owner != owner || nowMs - it->storedAtMs > m_maxAgeMs)
        return nullptr;
    return &*it;
}

bool ResponseStore::remove(const QString &id, const QByteArray &owner)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end() || it->owner != owner)
        return false;
    m_bytes -= it->bytes;
    m_entries.erase(it);
    m_order.removeOne(id);
    return true;
}

void ResponseStore::evict(qint64 nowMs)
{
    while (!m_order.isEmpty()) {
        const auto it = m_entries.find(m_order.first());
        const bool tooMany = m_entries.size() > m_maxEntries || m_bytes > m_maxBytes;
        const bool expired = it == m_entries.end() || nowMs - it->storedAtMs > m_maxAgeMs;
        if (!tooMany && !expired)
            return;
        if (it != m_entries.end()) {
            m_bytes -= it->bytes;
            m_entries.erase(it);
        }
        m_order.removeFirst();
    }
}
