// SPDX-License-Identifier: MIT
#include "store/store.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QVariant>

#include <atomic>

namespace {

/// Each migration takes the schema from version index to index + 1, in one transaction.
const char *const Migrations[] = {
    // 0 -> 1: the request log.
    "CREATE TABLE request_log ("
    " id TEXT PRIMARY KEY,"
    " time_ms INTEGER NOT NULL,"
    " key_id TEXT NOT NULL DEFAULT '',"
    " endpoint TEXT NOT NULL DEFAULT '',"
    " model_requested TEXT NOT NULL DEFAULT '',"
    " model_served TEXT NOT NULL DEFAULT '',"
    " provider TEXT NOT NULL DEFAULT '',"
    " status INTEGER NOT NULL,"
    " prompt_tokens INTEGER NOT NULL DEFAULT 0,"
    " completion_tokens INTEGER NOT NULL DEFAULT 0,"
    " cached_tokens INTEGER NOT NULL DEFAULT 0,"
    " cost_usd REAL NOT NULL DEFAULT 0,"
    " latency_ms REAL NOT NULL DEFAULT 0,"
    " ttft_ms REAL NOT NULL DEFAULT -1,"
    " overhead_ms REAL NOT NULL DEFAULT 0,"
    " streamed INTEGER NOT NULL DEFAULT 0,"
    " error TEXT NOT NULL DEFAULT '',"
    " routing TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX request_log_time ON request_log(time_ms);",
    // 1 -> 2: the classification of scored (virtual-model) requests, for the routing what-if replay.
    "ALTER TABLE request_log ADD COLUMN route_profile TEXT NOT NULL DEFAULT '';",
};
static_assert(std::size(Migrations) == Store::SchemaVersion, "one migration per schema version");

const char *const Columns = "id, time_ms, key_id, endpoint, model_requested, model_served, provider, status,"
                            " prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms, ttft_ms,"
                            " overhead_ms, streamed, error, routing, route_profile";

/// A null QString binds as SQL NULL, which the NOT NULL text columns refuse: bind "" instead.
QVariant text(const QString &s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}

QString sqlError(const QString &what, const QSqlError &e)
{
    return QStringLiteral("%1: %2").arg(what, e.text());
}

} // namespace

/** @brief Owns the QSqlDatabase connection; lives in the store thread only. */
class StoreWorker : public QObject
{
public:
    explicit StoreWorker(QString connectionName)
        : m_connection(std::move(connectionName))
    { }

    bool open(const QString &path, QString *error)
    {
        const QFileInfo info(path);
        if (!QDir().mkpath(info.absolutePath())) {
            *error = QStringLiteral("cannot create the data directory %1").arg(info.absolutePath());
            return false;
        }
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        m_db.setDatabaseName(path);
        if (!m_db.open()) {
            *error = sqlError(QStringLiteral("cannot open %1").arg(path), m_db.lastError());
            return false;
        }
        QSqlQuery q(m_db);
        for (const char *pragma :
            {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000"}) {
            if (!q.exec(QLatin1String(pragma))) {
                *error = sqlError(QStringLiteral("cannot configure %1").arg(path), q.lastError());
                return false;
            }
        }
        if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
            *error = sqlError(QStringLiteral("%1 is not a Switchyard database").arg(path), q.lastError());
            return false;
        }
        const int version = q.value(0).toInt();
        q.finish();
        if (version > Store::SchemaVersion) {
            *error = QStringLiteral("%1 has schema version %2, newer than this build supports (%3); "
                                    "upgrade Switchyard or use another --data-dir")
                         .arg(path)
                         .arg(version)
                         .arg(Store::SchemaVersion);
            return false;
        }
        for (int v = version; v < Store::SchemaVersion; ++v) {
            if (!migrate(v, error))
                return false;
        }
        q.exec(QStringLiteral("SELECT COUNT(*) FROM request_log"));
        m_committed = q.next() ? q.value(0).toULongLong() : 0;
        return true;
    }

    void close()
    {
        if (m_db.isValid()) {
            m_db.close();
            m_db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connection);
        }
    }

    /// Commits @p rows (plus any left over from a failed attempt). Returns rows committed; sets
    /// @p error and keeps the rows for the next attempt when the write fails.
    int write(QList<RequestLogRow> rows, QString *error)
    {
        m_pending += std::move(rows);
        if (m_pending.isEmpty() || !m_db.isOpen())
            return 0;
        if (!m_db.transaction()) {
            *error = sqlError(QStringLiteral("cannot start a transaction"), m_db.lastError());
            return 0;
        }
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO request_log (%1) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                                 " ON CONFLICT(id) DO NOTHING")
                      .arg(QLatin1String(Columns)));
        for (const RequestLogRow &r : std::as_const(m_pending)) {
            q.bindValue(0, text(r.id));
            q.bindValue(1, r.timeMs);
            q.bindValue(2, text(r.keyId));
            q.bindValue(3, text(r.endpoint));
            q.bindValue(4, text(r.modelRequested));
            q.bindValue(5, text(r.modelServed));
            q.bindValue(6, text(r.provider));
            q.bindValue(7, r.status);
            q.bindValue(8, r.promptTokens);
            q.bindValue(9, r.completionTokens);
            q.bindValue(10, r.cachedTokens);
            q.bindValue(11, r.costUsd);
            q.bindValue(12, r.latencyMs);
            q.bindValue(13, r.ttftMs);
            q.bindValue(14, r.overheadMs);
            q.bindValue(15, r.streamed ? 1 : 0);
            q.bindValue(16, text(r.error));
            q.bindValue(17, text(r.routingDecision));
            q.bindValue(18, text(r.routeProfile));
            if (!q.exec()) {
                *error = sqlError(QStringLiteral("cannot write the request log"), q.lastError());
                q.finish();
                m_db.rollback();
                return 0;
            }
        }
        q.finish();
        if (!m_db.commit()) {
            *error = sqlError(QStringLiteral("cannot commit the request log"), m_db.lastError());
            m_db.rollback();
            return 0;
        }
        const int n = int(m_pending.size());
        m_pending.clear();
        m_committed += n;
        return n;
    }

    QList<RequestLogRow> recent(int limit, int offset, qint64 *total)
    {
        QList<RequestLogRow> rows;
        *total = 0;
        if (!m_db.isOpen())
            return rows;
        QSqlQuery q(m_db);
        if (q.exec(QStringLiteral("SELECT COUNT(*) FROM request_log")) && q.next())
            *total = q.value(0).toLongLong();
        q.prepare(
            QStringLiteral("SELECT %1 FROM request_log ORDER BY time_ms DESC, rowid DESC LIMIT ? OFFSET ?")
                .arg(QLatin1String(Columns)));
        q.bindValue(0, limit);
        q.bindValue(1, offset);
        if (!q.exec())
            return rows;
        while (q.next()) {
            RequestLogRow r;
            r.id = q.value(0).toString();
            r.timeMs = q.value(1).toLongLong();
            r.keyId = q.value(2).toString();
            r.endpoint = q.value(3).toString();
            r.modelRequested = q.value(4).toString();
            r.modelServed = q.value(5).toString();
            r.provider = q.value(6).toString();
            r.status = q.value(7).toInt();
            r.promptTokens = q.value(8).toLongLong();
            r.completionTokens = q.value(9).toLongLong();
            r.cachedTokens = q.value(10).toLongLong();
            r.costUsd = q.value(11).toDouble();
            r.latencyMs = q.value(12).toDouble();
            r.ttftMs = q.value(13).toDouble();
            r.overheadMs = q.value(14).toDouble();
            r.streamed = q.value(15).toInt() != 0;
            r.error = q.value(16).toString();
            r.routingDecision = q.value(17).toString();
            r.routeProfile = q.value(18).toString();
            rows.append(std::move(r));
        }
        return rows;
    }

    void totals(qint64 sinceMs, qint64 *requests, qint64 *tokens, double *cost)
    {
        *requests = 0;
        *tokens = 0;
        *cost = 0;
        if (!m_db.isOpen())
            return;
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT COUNT(*), COALESCE(SUM(prompt_tokens + completion_tokens), 0), "
                                 "COALESCE(SUM(cost_usd), 0) FROM request_log WHERE time_ms >= ?"));
        q.bindValue(0, sinceMs);
        if (q.exec() && q.next()) {
            *requests = q.value(0).toLongLong();
            *tokens = q.value(1).toLongLong();
            *cost = q.value(2).toDouble();
        }
    }

    [[nodiscard]] quint64 committed() const { return m_committed; }

private:
    bool migrate(int from, QString *error)
    {
        if (!m_db.transaction()) {
            *error = sqlError(QStringLiteral("cannot migrate the database"), m_db.lastError());
            return false;
        }
        QSqlQuery q(m_db);
        const QStringList statements
            = QString::fromLatin1(Migrations[from]).split(QLatin1Char(';'), Qt::SkipEmptyParts);
        for (const QString &statement : statements) {
            if (statement.trimmed().isEmpty())
                continue;
            if (!q.exec(statement)) {
                *error
                    = sqlError(QStringLiteral("migration to schema %1 failed").arg(from + 1), q.lastError());
                m_db.rollback();
                return false;
            }
        }
        if (!q.exec(QStringLiteral("PRAGMA user_version=%1").arg(from + 1)) || !m_db.commit()) {
            *error
                = sqlError(QStringLiteral("migration to schema %1 failed").arg(from + 1), m_db.lastError());
            m_db.rollback();
            return false;
        }
        return true;
    }

    QString m_connection;
    QSqlDatabase m_db;
    QList<RequestLogRow> m_pending;
    quint64 m_committed = 0;
};

struct Store::Private
{
    QThread thread;
    StoreWorker *worker = nullptr;
    QString path;
    bool open = false;
    QList<RequestLogRow> buffer;
    QTimer flushTimer;
    std::atomic<quint64> committed {0};
    QString lastError;
};

Store::Store(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    static std::atomic<int> counter {0};
    d->worker = new StoreWorker(QStringLiteral("switchyard-store-%1").arg(++counter));
    d->worker->moveToThread(&d->thread);
    d->thread.setObjectName(QStringLiteral("switchyard-store"));
    d->thread.start();
    d->flushTimer.setSingleShot(true);
    d->flushTimer.setInterval(FlushIntervalMs);
    connect(&d->flushTimer, &QTimer::timeout, this, [this] { flush(); });
}

Store::~Store()
{
    if (d->open)
        flushAndWait();
    StoreWorker *worker = d->worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->close(); }, Qt::BlockingQueuedConnection);
    d->thread.quit();
    d->thread.wait();
    delete worker;
}

bool Store::open(const QString &path, QString *error)
{
    StoreWorker *worker = d->worker;
    bool ok = false;
    QString message;
    quint64 committed = 0;
    QMetaObject::invokeMethod(
        worker,
        [&] {
            ok = worker->open(path, &message);
            committed = worker->committed();
        },
        Qt::BlockingQueuedConnection);
    d->open = ok;
    d->path = path;
    d->committed = committed;
    if (!ok && error)
        *error = message;
    return ok;
}

bool Store::isOpen() const
{
    return d->open;
}

QString Store::path() const
{
    return d->path;
}

void Store::append(RequestLogRow row)
{
    d->buffer.append(std::move(row));
    if (d->buffer.size() >= FlushRows)
        flush();
    else if (!d->flushTimer.isActive())
        d->flushTimer.start();
}

void Store::flush(std::function<void()> done)
{
    d->flushTimer.stop();
    QList<RequestLogRow> rows;
    rows.swap(d->buffer);
    StoreWorker *worker = d->worker;
    QPointer<Store> self(this);
    QMetaObject::invokeMethod(
        worker,
        [worker, self, rows = std::move(rows), done = std::move(done)]() mutable {
            QString error;
            const int n = worker->write(std::move(rows), &error);
            const quint64 total = worker->committed();
            QMetaObject::invokeMethod(
                self.data(),
                [self, n, total, error, done = std::move(done)] {
                    if (!self)
                        return;
                    self->d->committed = total;
                    if (!error.isEmpty()) {
                        self->d->lastError = error;
                        Q_EMIT self->storeError(error);
                    } else if (n > 0) {
                        self->d->lastError.clear();
                    }
                    if (n > 0)
                        Q_EMIT self->rowsCommitted(n);
                    if (done)
                        done();
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void Store::flushAndWait()
{
    d->flushTimer.stop();
    QList<RequestLogRow> rows;
    rows.swap(d->buffer);
    StoreWorker *worker = d->worker;
    int n = 0;
    QString error;
    quint64 total = 0;
    QMetaObject::invokeMethod(
        worker,
        [&] {
            n = worker->write(std::move(rows), &error);
            total = worker->committed();
        },
        Qt::BlockingQueuedConnection);
    d->committed = total;
    if (!error.isEmpty()) {
        d->lastError = error;
        Q_EMIT storeError(error);
    } else if (n > 0) {
        d->lastError.clear();
    }
    if (n > 0)
        Q_EMIT rowsCommitted(n);
}

void Store::recentLogs(int limit, int offset, std::function<void(QList<RequestLogRow>, qint64)> done)
{
    flush(); // queued before the query, so the answer includes every row appended so far
    StoreWorker *worker = d->worker;
    QPointer<Store> self(this);
    QMetaObject::invokeMethod(
        worker,
        [worker, self, limit, offset, done = std::move(done)]() mutable {
            qint64 total = 0;
            QList<RequestLogRow> rows = worker->recent(limit, offset, &total);
            QMetaObject::invokeMethod(
                self.data(),
                [self, rows = std::move(rows), total, done = std::move(done)] {
                    if (self && done)
                        done(rows, total);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void Store::totalsSince(qint64 sinceMs, std::function<void(qint64, qint64, double)> done)
{
    flush(); // queued before the query, so the answer includes every row appended so far
    StoreWorker *worker = d->worker;
    QPointer<Store> self(this);
    QMetaObject::invokeMethod(
        worker,
        [worker, self, sinceMs, done = std::move(done)]() mutable {
            qint64 requests = 0;
            qint64 tokens = 0;
            double cost = 0;
            worker->totals(sinceMs, &requests, &tokens, &cost);
            QMetaObject::invokeMethod(
                self.data(),
                [self, requests, tokens, cost, done = std::move(done)] {
                    if (self && done)
                        done(requests, tokens, cost);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

quint64 Store::committedRows() const
{
    return d->committed;
}

QString Store::lastError() const
{
    return d->lastError;
}
