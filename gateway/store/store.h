// SPDX-License-Identifier: MIT
#pragma once

#include "telemetry/requestlogrow.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QThread>

#include <functional>
#include <memory>

class StoreWorker;

/**
 * @brief The database, owned by its own thread (ARCHITECTURE §2).
 *
 * Store lives in the caller's (engine) thread and is the only way in: it forwards work to a
 * StoreWorker in a dedicated QThread that owns the QSqlDatabase connection. Request-log rows are
 * buffered by the caller side and handed over in batches (every 100 ms or 500 rows) that the
 * worker commits in one transaction. SQLite runs in WAL mode with synchronous=NORMAL: a kill -9
 * loses at most the rows not yet handed over, and never corrupts the file.
 *
 * Schema versions are tracked with PRAGMA user_version; each migration runs in one transaction; a
 * database with a newer schema than this build knows is refused (open() fails with a clear
 * message).
 */
class Store : public QObject
{
    Q_OBJECT
public:
    explicit Store(QObject *parent = nullptr);
    ~Store() override; ///< flushes pending rows and stops the thread

    /// Opens (creating if needed) the SQLite database at @p path and migrates it. Blocks the
    /// caller until the store thread has answered (startup only). Returns false with @p error set.
    bool open(const QString &path, QString *error);
    [[nodiscard]] bool isOpen() const;
    [[nodiscard]] QString path() const;

    /// Queues a row; cheap (no lock, no I/O on the caller's thread).
    void append(RequestLogRow row);
    /// Hands buffered rows to the store thread now. @p done (optional) runs in the caller's thread
    /// once they are committed.
    void flush(std::function<void()> done = {});
    /// Blocking: hand over and commit everything, for shutdown and tests.
    void flushAndWait();

    /// Newest first. @p done runs in the caller's thread. @p beforeMs: only rows older than it
    /// (0 = no bound); used for paging.
    void recentLogs(int limit, int offset, std::function<void(QList<RequestLogRow>, qint64 total)> done);

    /// Requests, tokens (prompt + completion) and cost of the rows logged at or after @p sinceMs
    /// (the Overview's "today" after a restart). @p done runs in the caller's thread.
    void totalsSince(
        qint64 sinceMs, std::function<void(qint64 requests, qint64 tokens, double costUsd)> done);

    /// Rows committed so far (for tests and /health).
    [[nodiscard]] quint64 committedRows() const;
    [[nodiscard]] QString lastError() const;

    static constexpr int SchemaVersion = 2;
    static constexpr int FlushIntervalMs = 100;
    static constexpr int FlushRows = 500;

Q_SIGNALS:
    /// Emitted in the caller's thread after each committed batch.
    void rowsCommitted(int count);
    /// A write failed (disk full, locked...). The rows are kept and retried on the next flush.
    void storeError(const QString &message);

private:
    struct Private;
    std::unique_ptr<Private> d;
};
