// SPDX-License-Identifier: MIT
#include "store/keyrepository.h"

#include "store/store.h"

#include <QJsonDocument>
#include <QPointer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QVariant>

namespace {

QString dayText(QDate d)
{
    return d.toString(Qt::ISODate);
}

/// Runs @p statements in one transaction; returns an error text or an empty string.
QString inTransaction(QSqlDatabase &db, const std::function<bool(QSqlQuery &, QString *)> &body)
{
    if (!db.isOpen())
        return QStringLiteral("the database is not open");
    if (!db.transaction())
        return db.lastError().text();
    QSqlQuery q(db);
    QString error;
    if (!body(q, &error)) {
        q.finish();
        db.rollback();
        return error.isEmpty() ? q.lastError().text() : error;
    }
    q.finish();
    if (!db.commit()) {
        const QString e = db.lastError().text();
        db.rollback();
        return e;
    }
    return {};
}

} // namespace

KeyRepository::KeyRepository(Store &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &KeyRepository::flush);
}

KeyRepository::~KeyRepository()
{
    flush();
}

QList<VirtualKey> KeyRepository::loadKeys(QString *error)
{
    QList<VirtualKey> keys;
    m_store.runAndWait([&](QSqlDatabase &db) {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT id, name, key_hash, key_mask, created_ms, expires_ms, revoked, "
                                   "last_used_ms, rules FROM virtual_keys ORDER BY created_ms, id"))) {
            *error = q.lastError().text();
            return;
        }
        while (q.next()) {
            VirtualKey k;
            k.id = q.value(0).toString();
            k.name = q.value(1).toString();
            k.hash = q.value(2).toString().toLatin1();
            k.mask = q.value(3).toString();
            k.createdMs = q.value(4).toLongLong();
            k.expiresMs = q.value(5).toLongLong();
            k.revoked = q.value(6).toInt() != 0;
            k.lastUsedMs = q.value(7).toLongLong();
            k.setRules(QJsonDocument::fromJson(q.value(8).toString().toUtf8()).object());
            keys.append(std::move(k));
        }
    });
    return keys;
}

QList<SpendRow> KeyRepository::loadSpend(QDate since, QString *error)
{
    QList<SpendRow> rows;
    m_store.runAndWait([&](QSqlDatabase &db) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT scope, day, usd, tokens, requests FROM spend_daily WHERE day >= ?"));
        q.bindValue(0, dayText(since));
        if (!q.exec()) {
            *error = q.lastError().text();
            return;
        }
        while (q.next())
            rows.append({q.value(0).toString(), QDate::fromString(q.value(1).toString(), Qt::ISODate),
                q.value(2).toDouble(), q.value(3).toLongLong(), q.value(4).toLongLong()});
    });
    return rows;
}

QList<BudgetAlert> KeyRepository::loadAlerts(QDate since, QString *error)
{
    QList<BudgetAlert> alerts;
    m_store.runAndWait([&](QSqlDatabase &db) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT scope, period_start, threshold, time_ms, message FROM budget_alerts "
                                 "WHERE period_start >= ? ORDER BY time_ms"));
        q.bindValue(0, dayText(since));
        if (!q.exec()) {
            *error = q.lastError().text();
            return;
        }
        while (q.next())
            alerts.append({q.value(0).toString(), QDate::fromString(q.value(1).toString(), Qt::ISODate),
                q.value(2).toInt(), q.value(3).toLongLong(), q.value(4).toString()});
    });
    return alerts;
}

void KeyRepository::write(std::function<bool(QSqlQuery &)> statements, Done done)
{
    flush(); // deltas queued before this change are committed before it
    auto error = std::make_shared<QString>();
    QPointer<KeyRepository> self(this);
    m_store.run(
        [statements = std::move(statements), error](QSqlDatabase &db) {
            *error = inTransaction(db, [&](QSqlQuery &q, QString *) { return statements(q); });
        },
        [self, error, done = std::move(done)] {
            if (self)
                self->reportError(*error);
            if (done)
                done(*error);
        });
}

void KeyRepository::saveKey(const VirtualKey &key, Done done)
{
    write(
        [key](QSqlQuery &q) {
            q.prepare(QStringLiteral(
                "INSERT INTO virtual_keys (id, name, key_hash, key_mask, created_ms, expires_ms, revoked, "
                "last_used_ms, rules) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
                "name = excluded.name, expires_ms = excluded.expires_ms, revoked = excluded.revoked, "
                "last_used_ms = MAX(last_used_ms, excluded.last_used_ms), rules = excluded.rules"));
            q.bindValue(0, key.id);
            q.bindValue(1, key.name);
            q.bindValue(2, QString::fromLatin1(key.hash));
            q.bindValue(3, key.mask);
            q.bindValue(4, key.createdMs);
            q.bindValue(5, key.expiresMs);
            q.bindValue(6, key.revoked ? 1 : 0);
            q.bindValue(7, key.lastUsedMs);
            q.bindValue(8, QString::fromUtf8(QJsonDocument(key.rulesJson()).toJson(QJsonDocument::Compact)));
            return q.exec();
        },
        std::move(done));
}

void KeyRepository::deleteKey(const QString &id, Done done)
{
    write(
        [id](QSqlQuery &q) {
            q.prepare(QStringLiteral("DELETE FROM virtual_keys WHERE id = ?"));
            q.bindValue(0, id);
            return q.exec();
        },
        std::move(done));
}

void KeyRepository::addSpend(const SpendRow &delta, bool urgent)
{
    SpendRow &row = m_spend[{delta.scope, delta.day}];
    if (row.scope.isEmpty()) {
        row.scope = delta.scope;
        row.day = delta.day;
    }
    row.usd += delta.usd;
    row.tokens += delta.tokens;
    row.requests += delta.requests;
    schedule(urgent);
}

void KeyRepository::saveAlert(const BudgetAlert &alert)
{
    write(
        [alert](QSqlQuery &q) {
            q.prepare(QStringLiteral("INSERT OR IGNORE INTO budget_alerts (scope, period_start, threshold, "
                                     "time_ms, message) VALUES (?,?,?,?,?)"));
            q.bindValue(0, alert.scope);
            q.bindValue(1, dayText(alert.periodStart));
            q.bindValue(2, alert.threshold);
            q.bindValue(3, alert.timeMs);
            q.bindValue(4, alert.message);
            return q.exec();
        },
        {});
}

void KeyRepository::touchKey(const QString &id, qint64 lastUsedMs)
{
    m_touched.insert(id, lastUsedMs);
    schedule(false);
}

void KeyRepository::schedule(bool urgent)
{
    const int delay = urgent ? 0 : FlushIntervalMs;
    if (m_timer->isActive() && m_timer->remainingTime() <= delay)
        return;
    m_timer->start(delay);
}

void KeyRepository::flush()
{
    m_timer->stop();
    if (m_spend.isEmpty() && m_touched.isEmpty())
        return;
    QList<SpendRow> spend = m_spend.values();
    QHash<QString, qint64> touched;
    touched.swap(m_touched);
    m_spend.clear();
    auto error = std::make_shared<QString>();
    auto failed = std::make_shared<QList<SpendRow>>();
    QPointer<KeyRepository> self(this);
    m_store.run(
        [spend, touched, error, failed](QSqlDatabase &db) {
            *error = inTransaction(db, [&](QSqlQuery &q, QString *) {
                q.prepare(QStringLiteral(
                    "INSERT INTO spend_daily (scope, day, usd, tokens, requests) VALUES (?,?,?,?,?) "
                    "ON CONFLICT(scope, day) DO UPDATE SET usd = usd + excluded.usd, "
                    "tokens = tokens + excluded.tokens, requests = requests + excluded.requests"));
                for (const SpendRow &r : spend) {
                    q.bindValue(0, r.scope);
                    q.bindValue(1, dayText(r.day));
                    q.bindValue(2, r.usd);
                    q.bindValue(3, r.tokens);
                    q.bindValue(4, r.requests);
                    if (!q.exec())
                        return false;
                }
                q.prepare(QStringLiteral(
                    "UPDATE virtual_keys SET last_used_ms = MAX(last_used_ms, ?) WHERE id = ?"));
                for (auto it = touched.constBegin(); it != touched.constEnd(); ++it) {
                    q.bindValue(0, it.value());
                    q.bindValue(1, it.key());
                    if (!q.exec())
                        return false;
                }
                return true;
            });
            if (!error->isEmpty())
                *failed = spend;
        },
        [self, error, failed] {
            if (!self)
                return;
            self->reportError(*error);
            if (failed->isEmpty())
                return;
            // A failed write (disk full, locked) keeps its deltas and tries again a second later.
            for (const SpendRow &r : std::as_const(*failed)) {
                SpendRow &row = self->m_spend[{r.scope, r.day}];
                row.scope = r.scope;
                row.day = r.day;
                row.usd += r.usd;
                row.tokens += r.tokens;
                row.requests += r.requests;
            }
            if (!self->m_timer->isActive())
                self->m_timer->start(1000);
        });
}

void KeyRepository::reportError(const QString &error)
{
    if (error.isEmpty())
        return;
    m_lastError = error;
    Q_EMIT writeFailed(error);
}
