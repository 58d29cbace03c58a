// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

/**
 * @brief The responses a Responses API client asked Switchyard to keep (`store`, true by default
 * as at OpenAI), so `previous_response_id` can continue a conversation and GET /v1/responses/{id}
 * can read one back.
 *
 * Kept in memory only, in the engine thread: a bounded number of responses and bytes, oldest
 * evicted first, each for at most maxAgeMs; a restart forgets them (the client then gets a clear
 * "not found"). A response belongs to the key that created it: it is filed under a hash of the
 * client's key (never the key itself) and another key cannot read it. `store: false` responses
 * never reach it.
 */
class ResponseStore
{
public:
    struct Entry
    {
        QJsonObject response; ///< the response object as answered
        QJsonArray conversation; ///< input items so far plus the response's output items
        QByteArray owner; ///< hash of the client key
        qint64 storedAtMs = 0;
        qint64 bytes = 0;
    };

    explicit ResponseStore(
        int maxEntries = 1000, qint64 maxBytes = 64LL * 1024 * 1024, qint64 maxAgeMs = 6LL * 3600 * 1000);

    /// The owner id of @p clientKey (a hash: the store never holds a key).
    static QByteArray ownerOf(const QByteArray &clientKey);

    void put(const QString &id, const QByteArray &owner, QJsonObject response, QJsonArray conversation);
    /// The entry, or nullptr when unknown, expired or owned by another key.
    [[nodiscard]] const Entry *find(const QString &id, const QByteArray &owner, qint64 nowMs) const;
    bool remove(const QString &id, const QByteArray &owner);
    [[nodiscard]] int size() const { return int(m_entries.size()); }
    [[nodiscard]] qint64 bytes() const { return m_bytes; }

private:
    void evict(qint64 nowMs);

    int m_maxEntries;
    qint64 m_maxBytes;
    qint64 m_maxAgeMs;
    QHash<QString, Entry> m_entries;
    QList<QString> m_order; ///< ids, oldest first
    qint64 m_bytes = 0;
};
