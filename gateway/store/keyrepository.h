// SPDX-License-Identifier: MIT
#pragma once

#include "keys/budgetalert.h"
#include "keys/spendrow.h"
#include "keys/virtualkey.h"

#include <QHash>
#include <QObject>
#include <QPair>
#include <QTimer>

#include <functional>

class QSqlQuery;
class Store;

/**
 * @brief The keys' tables (virtual_keys, spend_daily, budget_alerts) over the Store.
 *
 * Loads are blocking (startup only). Writes are queued to the store thread in order: a key
 * saved before a spend delta is committed before it. Spend deltas of a budgeted scope are
 * coalesced within one event-loop turn and handed over at once, so a kill -9 loses at most what
 * the store thread had not committed yet; deltas that no budget depends on (and last-used times)
 * wait for the request log's 100 ms tick, which keeps the store thread's work per request small.
 */
class KeyRepository : public QObject
{
    Q_OBJECT
public:
    explicit KeyRepository(Store &store, QObject *parent = nullptr);
    ~KeyRepository() override;

    [[nodiscard]] QList<VirtualKey> loadKeys(QString *error);
    [[nodiscard]] QList<SpendRow> loadSpend(QDate since, QString *error);
    [[nodiscard]] QList<BudgetAlert> loadAlerts(QDate since, QString *error);

    using Done = std::function<void(const QString &error)>;
    void saveKey(const VirtualKey &key, Done done = {});
    void deleteKey(const QString &id, Done done = {});
    /// @p urgent: a budget depends on it (handed over this turn); else within FlushIntervalMs.
    void addSpend(const SpendRow &delta, bool urgent = true);
    void saveAlert(const BudgetAlert &alert);
    void touchKey(const QString &id, qint64 lastUsedMs);
    /// Hands pending deltas to the store thread now (shutdown calls it before Store::flushAndWait).
    void flush();

    [[nodiscard]] QString lastError() const { return m_lastError; }

    static constexpr int FlushIntervalMs = 100;

Q_SIGNALS:
    void writeFailed(const QString &message);

private:
    /// Runs @p statements in one transaction in the store thread, after pending deltas.
    void write(std::function<bool(QSqlQuery &)> statements, Done done);
    void schedule(bool urgent);
    void reportError(const QString &error);

    Store &m_store;
    QHash<QPair<QString, QDate>, SpendRow> m_spend;
    QHash<QString, qint64> m_touched;
    QTimer *m_timer;
    QString m_lastError;
};
