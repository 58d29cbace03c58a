// SPDX-License-Identifier: MIT
#include "store/store.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TestStore : public QObject
{
    Q_OBJECT

    static RequestLogRow row(int i)
    {
        RequestLogRow r;
        r.id = QStringLiteral("req_%1").arg(i);
        r.timeMs = 1'700'000'000'000 + i;
        r.keyId = QStringLiteral("local");
        r.endpoint = QStringLiteral("/v1/chat/completions");
        r.modelRequested = QStringLiteral("auto");
        r.modelServed = QStringLiteral("mock-fast");
        r.provider = QStringLiteral("mock");
        r.status = 200;
        r.promptTokens = 10 + i;
        r.completionTokens = 20;
        r.cachedTokens = 3;
        r.costUsd = 0.25;
        r.latencyMs = 12.5;
        r.ttftMs = 4.5;
        r.overheadMs = 0.05;
        r.streamed = true;
        r.routingDecision = QStringLiteral("because");
        return r;
    }

    /// Reads the file with a separate connection, as another process would.
    static int countRows(const QString &path)
    {
        int n = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(path);
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec(QStringLiteral("SELECT COUNT(*) FROM request_log")) && q.next())
                    n = q.value(0).toInt();
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
        return n;
    }

private Q_SLOTS:
    void rowsRoundTripNewestFirst()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/switchyard.db"));
        Store store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        for (int i = 0; i < 3; ++i)
            store.append(row(i));
        store.flushAndWait();
        QCOMPARE(store.committedRows(), quint64(3));
        QCOMPARE(countRows(path), 3);

        QList<RequestLogRow> got;
        qint64 total = -1;
        bool called = false;
        store.recentLogs(2, 0, [&](QList<RequestLogRow> rows, qint64 t) {
            got = rows;
            total = t;
            called = true;
        });
        QTRY_VERIFY(called);
        QCOMPARE(total, 3);
        QCOMPARE(got.size(), 2);
        QCOMPARE(got.at(0).id, QStringLiteral("req_2"));
        QCOMPARE(got.at(1).id, QStringLiteral("req_1"));
        const RequestLogRow &r = got.at(0);
        const RequestLogRow e = row(2);
        QCOMPARE(r.timeMs, e.timeMs);
        QCOMPARE(r.keyId, e.keyId);
        QCOMPARE(r.endpoint, e.endpoint);
        QCOMPARE(r.modelRequested, e.modelRequested);
        QCOMPARE(r.modelServed, e.modelServed);
        QCOMPARE(r.provider, e.provider);
        QCOMPARE(r.status, e.status);
        QCOMPARE(r.promptTokens, e.promptTokens);
        QCOMPARE(r.completionTokens, e.completionTokens);
        QCOMPARE(r.cachedTokens, e.cachedTokens);
        QCOMPARE(r.costUsd, e.costUsd);
        QCOMPARE(r.latencyMs, e.latencyMs);
        QCOMPARE(r.ttftMs, e.ttftMs);
        QCOMPARE(r.overheadMs, e.overheadMs);
        QCOMPARE(r.streamed, e.streamed);
        QCOMPARE(r.routingDecision, e.routingDecision);

        // Paging: offset 2 gives the oldest.
        called = false;
        store.recentLogs(10, 2, [&](QList<RequestLogRow> rows, qint64) {
            got = rows;
            called = true;
        });
        QTRY_VERIFY(called);
        QCOMPARE(got.size(), 1);
        QCOMPARE(got.first().id, QStringLiteral("req_0"));
    }

    void totalsSinceCountsTheLog()
    {
        QTemporaryDir dir;
        Store store;
        QString error;
        QVERIFY(store.open(dir.filePath(QStringLiteral("switchyard.db")), &error));
        for (int i = 0; i < 5; ++i)
            store.append(row(i)); // time 1'700'000'000'000 + i, 30 + i tokens, $0.25 each
        qint64 requests = -1;
        qint64 tokens = -1;
        double cost = -1;
        store.totalsSince(1'700'000'000'002, [&](qint64 r, qint64 t, double c) {
            requests = r;
            tokens = t;
            cost = c;
        });
        QTRY_COMPARE(requests, qint64(3));
        QCOMPARE(tokens, qint64(32 + 33 + 34));
        QCOMPARE(cost, 0.75);
        requests = -1;
        store.totalsSince(1'800'000'000'000, [&](qint64 r, qint64 t, double c) {
            requests = r;
            tokens = t;
            cost = c;
        });
        QTRY_COMPARE(requests, qint64(0));
        QCOMPARE(tokens, qint64(0));
        QCOMPARE(cost, 0.0);
    }

    void batchesByTimeAndSize()
    {
        QTemporaryDir dir;
        Store store;
        QString error;
        QVERIFY2(store.open(dir.filePath(QStringLiteral("s.db")), &error), qPrintable(error));
        QSignalSpy committed(&store, &Store::rowsCommitted);
        store.append(row(1));
        store.append(row(2));
        QCOMPARE(committed.count(), 0); // nothing synchronous on the caller's thread
        QTRY_COMPARE_WITH_TIMEOUT(committed.count(), 1, 2000); // the 100 ms timer
        QCOMPARE(committed.at(0).at(0).toInt(), 2);

        committed.clear();
        // A full batch goes at once, without waiting for the timer: one row more than a batch,
        // appended in one turn of the event loop, commits as a full batch and then a single row
        // (a timer-only flush would commit all of them together). No wall-clock bound, so a loaded
        // machine cannot make it flaky.
        for (int i = 10; i < 10 + Store::FlushRows + 1; ++i)
            store.append(row(i));
        QTRY_COMPARE_WITH_TIMEOUT(committed.count(), 2, 5000);
        QCOMPARE(committed.at(0).at(0).toInt(), Store::FlushRows);
        QCOMPARE(committed.at(1).at(0).toInt(), 1);
        QCOMPARE(store.committedRows(), quint64(2 + Store::FlushRows + 1));
    }

    void reopenKeepsRowsAndSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.db"));
        {
            Store store;
            QString error;
            QVERIFY(store.open(path, &error));
            store.append(row(7)); // not flushed explicitly: the destructor must
        }
        Store again;
        QString error;
        QVERIFY2(again.open(path, &error), qPrintable(error));
        QCOMPARE(again.committedRows(), quint64(1));
    }

    void schemaOneMigratesAndKeepsItsRows()
    {
        // A database written by the first release (schema 1, no route_profile column).
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.db"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral(
                "CREATE TABLE request_log (id TEXT PRIMARY KEY, time_ms INTEGER NOT NULL, key_id TEXT NOT "
                "NULL "
                "DEFAULT '', endpoint TEXT NOT NULL DEFAULT '', model_requested TEXT NOT NULL DEFAULT '', "
                "model_served TEXT NOT NULL DEFAULT '', provider TEXT NOT NULL DEFAULT '', status INTEGER "
                "NOT NULL, "
                "prompt_tokens INTEGER NOT NULL DEFAULT 0, completion_tokens INTEGER NOT NULL DEFAULT 0, "
                "cached_tokens INTEGER NOT NULL DEFAULT 0, cost_usd REAL NOT NULL DEFAULT 0, latency_ms REAL "
                "NOT "
                "NULL DEFAULT 0, ttft_ms REAL NOT NULL DEFAULT -1, overhead_ms REAL NOT NULL DEFAULT 0, "
                "streamed "
                "INTEGER NOT NULL DEFAULT 0, error TEXT NOT NULL DEFAULT '', routing TEXT NOT NULL DEFAULT "
                "'')")));
            QVERIFY(
                q.exec(QStringLiteral("INSERT INTO request_log (id, time_ms, status, model_served) VALUES "
                                      "('old-1', 5, 200, 'gpt-4o')")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=1")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old"));
        Store store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        RequestLogRow r = row(2);
        r.routeProfile = QStringLiteral("v1;t=code;c=0.400");
        store.append(r);
        store.flushAndWait();
        QList<RequestLogRow> rows;
        store.recentLogs(10, 0, [&rows](QList<RequestLogRow> got, qint64) { rows = std::move(got); });
        QTRY_COMPARE(rows.size(), 2);
        QCOMPARE(rows.last().id, QStringLiteral("old-1"));
        QCOMPARE(rows.last().modelServed, QStringLiteral("gpt-4o"));
        QVERIFY(rows.last().routeProfile.isEmpty());
        QCOMPARE(rows.first().routeProfile, QStringLiteral("v1;t=code;c=0.400"));
    }

    void newerSchemaIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.db"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("future"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=%1").arg(Store::SchemaVersion + 1)));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("future"));
        Store store;
        QString error;
        QVERIFY(!store.open(path, &error));
        QVERIFY2(error.contains(QStringLiteral("newer than this build")), qPrintable(error));
        QVERIFY(!store.isOpen());
    }

    void unwritableLocationIsAClearError()
    {
        Store store;
        QString error;
        QVERIFY(!store.open(QStringLiteral("/proc/switchyard/s.db"), &error));
        QVERIFY2(error.contains(QStringLiteral("/proc/switchyard")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
