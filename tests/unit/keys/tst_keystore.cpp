// SPDX-License-Identifier: MIT
// Keys and spend through the real store: hashed at rest, persisted, migrated, reloaded.
#include "keys/accesscontrol.h"
#include "keys/admission.h"
#include "store/keyrepository.h"
#include "store/store.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

class TestKeyStore : public QObject
{
    Q_OBJECT

    static QJsonObject json(const char *text) { return QJsonDocument::fromJson(text).object(); }

    /// Every text value of every table, as another process reading the file would see it.
    static QByteArray dump(const QString &path)
    {
        QByteArray all;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("dump"));
            db.setDatabaseName(path);
            if (db.open()) {
                QSqlQuery tables(db);
                tables.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type='table'"));
                QStringList names;
                while (tables.next())
                    names << tables.value(0).toString();
                for (const QString &t : names) {
                    QSqlQuery q(db);
                    q.exec(QStringLiteral("SELECT * FROM %1").arg(t));
                    while (q.next()) {
                        for (int i = 0; i < q.record().count(); ++i)
                            all += q.value(i).toString().toUtf8() + '\n';
                    }
                }
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("dump"));
        return all;
    }

private Q_SLOTS:
    void keysPersistHashedAndReload();
    void spendSurvivesARestartWithReservationsCounted();
    void editsApplyAtOnceAndPersist();
    void version1DatabaseIsMigrated();
};

void TestKeyStore::keysPersistHashedAndReload()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("switchyard.db"));
    QString secret, id;
    {
        Store store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        AccessControl access;
        QVERIFY2(access.open(&store, &error), qPrintable(error));
        GatewayError e;
        bool persisted = false;
        auto created
            = access.keys().create(json(R"({"name":"ci","limits":{"rpm":5},"allowedModels":["mock-*"]})"),
                access.nowMs(), &e, [&persisted](const QString &err) { persisted = err.isEmpty(); });
        QVERIFY(created);
        QTRY_VERIFY(persisted); // the answer waits for the commit
        secret = created->secret;
        id = created->key->id;
        QCOMPARE(access.keys().find(secret.toLatin1())->id, id);
        QVERIFY(!access.keys().find(QByteArray("sy-" + secret.toLatin1().mid(3, 20))));
        QVERIFY(!access.keys().find("not-a-key"));
        store.flushAndWait();
        const QByteArray onDisk = dump(path);
        QVERIFY(onDisk.contains(VirtualKey::hashOf(secret.toLatin1())));
        QVERIFY2(!onDisk.contains(secret.toLatin1()), "the key itself reached the database");
        QVERIFY(!onDisk.contains(secret.toLatin1().mid(7, 20)));
    }
    Store store;
    QString error;
    QVERIFY(store.open(path, &error));
    AccessControl access;
    QVERIFY(access.open(&store, &error));
    const auto key = access.keys().find(secret.toLatin1());
    QVERIFY(key);
    QCOMPARE(key->id, id);
    QCOMPARE(key->name, QStringLiteral("ci"));
    QCOMPARE(key->limits.rpm, 5);
    QCOMPARE(key->allowedModels, QStringList {QStringLiteral("mock-*")});
}

void TestKeyStore::spendSurvivesARestartWithReservationsCounted()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("switchyard.db"));
    BudgetsConfig budgets;
    budgets.global.usd = 100;
    budgets.timeZone = QStringLiteral("UTC");
    {
        Store store;
        QString error;
        QVERIFY(store.open(path, &error));
        AccessControl access;
        access.configure(ServerConfig(), budgets);
        QVERIFY(access.open(&store, &error));
        // Two settled requests and one still in flight when the process dies.
        for (double cost : {0.25, 0.5}) {
            Admission a;
            a.scope = AccessControl::localScope();
            a.global = access.ledger().reserve(AccessControl::globalScope(), 1.0, 100, access.nowMs());
            access.settle(a, cost, 10);
        }
        BudgetTicket inFlight
            = access.ledger().reserve(AccessControl::globalScope(), 2.0, 500, access.nowMs());
        Q_UNUSED(inFlight)
        access.flush();
        store.flushAndWait(); // what the store thread commits right away; no settle follows
    }
    Store store;
    QString error;
    QVERIFY(store.open(path, &error));
    AccessControl access;
    access.configure(ServerConfig(), budgets);
    QVERIFY(access.open(&store, &error));
    const QJsonObject spend = access.spendJson(AccessControl::globalScope());
    QCOMPARE(spend.value(QLatin1String("usd")).toDouble(), 2.75); // 0.25 + 0.5 + the 2.0 reserved
    QCOMPARE(spend.value(QLatin1String("tokens")).toInteger(), 520);
    QCOMPARE(spend.value(QLatin1String("requests")).toInteger(), 3);
    QCOMPARE(access.spendJson(AccessControl::localScope()).value(QLatin1String("usd")).toDouble(), 0.75);
}

void TestKeyStore::editsApplyAtOnceAndPersist()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("switchyard.db"));
    Store store;
    QString error;
    QVERIFY(store.open(path, &error));
    AccessControl access;
    QVERIFY(access.open(&store, &error));
    QSignalSpy added(&access.keys(), &KeyStore::keyAdded);
    QSignalSpy changed(&access.keys(), &KeyStore::keyChanged);
    QSignalSpy removed(&access.keys(), &KeyStore::keyRemoved);
    GatewayError e;
    auto a = access.keys().create(json(R"({"name":"a"})"), 0, &e);
    auto b = access.keys().create(json(R"({"name":"b"})"), 0, &e);
    QVERIFY(a && b);
    QCOMPARE(added.count(), 2);
    bool done = false;
    QVERIFY(access.keys().update(
        a->key->id, json(R"({"status":"revoked"})"), 0, &e, [&done](const QString &) { done = true; }));
    QVERIFY(access.keys().byId(a->key->id)->revoked); // at once, before the commit
    QTRY_VERIFY(done);
    QCOMPARE(changed.count(), 1);
    QVERIFY(!access.keys().update(QStringLiteral("key_missing"), json(R"({"name":"x"})"), 0, &e));
    QCOMPARE(e.status, 404);
    QVERIFY(!access.keys().update(b->key->id, json(R"({"limits":{"rpm":"x"}})"), 0, &e));
    QCOMPARE(e.status, 400);
    QCOMPARE(e.param, QStringLiteral("limits"));
    done = false;
    QVERIFY(access.keys().remove(b->key->id, [&done](const QString &) { done = true; }));
    QVERIFY(!access.keys().find(b->secret.toLatin1()));
    QTRY_VERIFY(done);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(changed.count(), 1);

    KeyRepository reader(store);
    const QList<VirtualKey> keys = reader.loadKeys(&error);
    QCOMPARE(keys.size(), 1);
    QCOMPARE(keys[0].id, a->key->id);
    QVERIFY(keys[0].revoked);
}

void TestKeyStore::version1DatabaseIsMigrated()
{
    // A database written by the first release: the request log only, schema version 1.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("switchyard.db"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral(
            "CREATE TABLE request_log (id TEXT PRIMARY KEY, time_ms INTEGER NOT NULL, key_id TEXT NOT NULL "
            "DEFAULT '', endpoint TEXT NOT NULL DEFAULT '', model_requested TEXT NOT NULL DEFAULT '', "
            "model_served TEXT NOT NULL DEFAULT '', provider TEXT NOT NULL DEFAULT '', status INTEGER NOT "
            "NULL, "
            "prompt_tokens INTEGER NOT NULL DEFAULT 0, completion_tokens INTEGER NOT NULL DEFAULT 0, "
            "cached_tokens INTEGER NOT NULL DEFAULT 0, cost_usd REAL NOT NULL DEFAULT 0, latency_ms REAL NOT "
            "NULL DEFAULT 0, ttft_ms REAL NOT NULL DEFAULT -1, overhead_ms REAL NOT NULL DEFAULT 0, streamed "
            "INTEGER NOT NULL DEFAULT 0, error TEXT NOT NULL DEFAULT '', routing TEXT NOT NULL DEFAULT "
            "'')")));
        QVERIFY(q.exec(
            QStringLiteral("INSERT INTO request_log (id, time_ms, status) VALUES ('req_old', 5, 200)")));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=1")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));
    Store store;
    QString error;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    QCOMPARE(store.committedRows(), quint64(1));
    AccessControl access;
    QVERIFY2(access.open(&store, &error), qPrintable(error));
    GatewayError e;
    QVERIFY(access.keys().create(json(R"({"name":"after migration"})"), 0, &e));
    bool listed = false;
    store.recentLogs(10, 0, [&listed](const QList<RequestLogRow> &rows, qint64) {
        listed = rows.size() == 1 && rows[0].id == QLatin1String("req_old") && rows[0].message.isEmpty();
    });
    QTRY_VERIFY(listed);
    int version = 0;
    store.runAndWait([&version](QSqlDatabase &db) {
        QSqlQuery q(db);
        if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
            version = q.value(0).toInt();
    });
    QCOMPARE(version, Store::SchemaVersion);
}

QTEST_GUILESS_MAIN(TestKeyStore)
#include "tst_keystore.moc"
