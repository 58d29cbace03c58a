// SPDX-License-Identifier: MIT
// The executable contract of ARCHITECTURE §4, checked on the real switchyard-gateway binary.
#include "gatewayprocess.h"
#include "testclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

class TestCli : public QObject
{
    Q_OBJECT
private:
    QString m_bin = qEnvironmentVariable("SWITCHYARD_GATEWAY_BIN");
    QTemporaryDir m_dir;

    QString writeConfig(const QByteArray &json)
    {
        static int n = 0;
        const QString path = m_dir.filePath(QStringLiteral("config-%1.json").arg(++n));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write config");
        f.write(json);
        return path;
    }

    /// Starts the gateway and waits for its ready line; returns the port (0 on failure).
    int start(QProcess &p, const QStringList &args,
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        return GatewayProcess::start(p, m_bin, args, env);
    }

    static bool finished(QProcess &p, int timeoutMs) { return GatewayProcess::finished(p, timeoutMs); }

    static QByteArray httpGet(int port, const QByteArray &path)
    {
        QTcpSocket s;
        s.connectToHost(QStringLiteral("127.0.0.1"), quint16(port));
        if (!s.waitForConnected(3000))
            return {};
        s.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        QByteArray all;
        while (s.waitForReadyRead(3000))
            all += s.readAll();
        return all;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(m_bin), "SWITCHYARD_GATEWAY_BIN must point at switchyard-gateway");
    }

    void versionAndHelp()
    {
        QProcess p;
        p.start(m_bin, {QStringLiteral("--version")});
        QVERIFY(finished(p, 5000));
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(p.readAllStandardOutput(), QByteArray("switchyard-gateway " SWITCHYARD_VERSION "\n"));
        p.start(m_bin, {QStringLiteral("--help")});
        QVERIFY(finished(p, 5000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().contains("--data-dir"));
    }

    void readyLineServesAndDrainsOnSigterm()
    {
        const QString config = writeConfig(R"({"providers":[{"id":"mock","type":"mock","paceMs":5}]})");
        QProcess p;
        const int port = start(p,
            {QStringLiteral("--config"), config, QStringLiteral("--port"), QStringLiteral("0"),
                QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("data"))});
        QVERIFY2(port > 0, p.readAllStandardError().constData());
        QVERIFY(httpGet(port, "/health").startsWith("HTTP/1.1 200"));

        // A stream in flight when SIGTERM arrives still completes: drain, then exit 0.
        QTcpSocket client;
        client.connectToHost(QStringLiteral("127.0.0.1"), quint16(port));
        QVERIFY(client.waitForConnected(3000));
        const QByteArray body
            = R"({"model":"mock-fast","stream":true,"messages":[{"role":"user","content":"a long enough prompt to stream for a while"}]})";
        client.write("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                     "application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT((received += client.readAll()).contains("data: "), 5000);
        ::kill(pid_t(p.processId()), SIGTERM);
        QTRY_VERIFY_WITH_TIMEOUT((received += client.readAll()).contains("data: [DONE]"), 10000);
        QVERIFY(finished(p, 10000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        // SIGTERM arrived mid-stream (the drain was needed) and nothing went wrong on the way out.
        const QByteArray log = p.readAllStandardError();
        QVERIFY2(log.contains("draining in-flight requests: 1"), log.constData());
        QVERIFY2(!log.contains("rror") && !log.contains("arning"), log.constData());

        // The request was logged and flushed before exit.
        {
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("cli-check"));
            db.setDatabaseName(m_dir.filePath(QStringLiteral("data/switchyard.db")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral(
                "SELECT count(*) FROM request_log WHERE model_served = 'mock-fast' AND streamed = 1")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 1);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("cli-check"));
    }

    void busyPortIsOneLineAndNonZero()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        const QString config = writeConfig(R"({"providers":[{"id":"mock","type":"mock"}]})");
        QProcess p;
        p.start(m_bin,
            {QStringLiteral("--config"), config, QStringLiteral("--port"),
                QString::number(squatter.serverPort()), QStringLiteral("--data-dir"),
                m_dir.filePath(QStringLiteral("busy"))});
        QVERIFY(finished(p, 10000));
        QVERIFY(p.exitCode() != 0);
        const QByteArray err = p.readAllStandardError();
        QCOMPARE(err.count('\n'), 1);
        QVERIFY2(err.contains("already in use"), err.constData());
        QVERIFY(err.contains(QByteArray::number(squatter.serverPort())));
        QCOMPARE(p.readAllStandardOutput(), QByteArray());
    }

    void badConfigNamesThePath()
    {
        const QString config = writeConfig(R"({"providers":[{"id":"x","type":"openai","baseUrl":42}]})");
        QProcess p;
        p.start(m_bin, {QStringLiteral("--config"), config});
        QVERIFY(finished(p, 10000));
        QCOMPARE(p.exitCode(), 2);
        const QByteArray err = p.readAllStandardError();
        QCOMPARE(err,
            "switchyard-gateway: bad config " + config.toUtf8()
                + ": providers[0].baseUrl: expected a string\n");
    }

    void environmentConfiguresTheProcess()
    {
        const QString config
            = writeConfig(R"({"server":{"port":1},"providers":[{"id":"mock","type":"mock"}]})");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SWITCHYARD_CONFIG"), config);
        env.insert(QStringLiteral("SWITCHYARD_PORT"), QStringLiteral("0")); // beats the file's port 1
        env.insert(QStringLiteral("SWITCHYARD_DATA_DIR"), m_dir.filePath(QStringLiteral("envdata")));
        QProcess p;
        const int port = start(p, {}, env);
        QVERIFY2(port > 0, p.readAllStandardError().constData());
        QVERIFY(httpGet(port, "/v1/models").contains("mock-fast"));
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("envdata/switchyard.db"))));
        p.terminate();
        QVERIFY(finished(p, 10000));
        QCOMPARE(p.exitCode(), 0);
    }

    void firstRunWritesDefaultConfig()
    {
        // No --config and no SWITCHYARD_CONFIG: the default path is created with the defaults.
        QTemporaryDir home;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("SWITCHYARD_CONFIG"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        QProcess p;
        const int port = start(p, {QStringLiteral("--port"), QStringLiteral("0")}, env);
        QVERIFY2(port > 0, p.readAllStandardError().constData());
        QVERIFY(QFile::exists(home.filePath(QStringLiteral("config/switchyard/config.json"))));
        QVERIFY(QFile::exists(home.filePath(QStringLiteral("data/switchyard/switchyard.db"))));
        const QByteArray health = httpGet(port, "/health");
        QVERIFY(health.contains("\"status\":\"ok\""));
        p.terminate();
        QVERIFY(finished(p, 10000));
        QCOMPARE(p.exitCode(), 0);
    }

    void killDashNineUnderLoadLosesNoCommittedRow()
    {
        const QString config = writeConfig(R"({"providers":[{"id":"mock","type":"mock","paceMs":0}]})");
        const QString dataDir = m_dir.filePath(QStringLiteral("kill9"));
        QProcess p;
        const int port = start(p,
            {QStringLiteral("--config"), config, QStringLiteral("--port"), QStringLiteral("0"),
                QStringLiteral("--data-dir"), dataDir});
        QVERIFY2(port > 0, p.readAllStandardError().constData());
        TestClient client {quint16(port)};
        const QByteArray body = R"({"model":"mock-fast","messages":[{"role":"user","content":"hi"}]})";
        // Keep 16 requests in flight at all times; note what /health says is committed; kill -9.
        QList<std::shared_ptr<TestResponse>> inFlight;
        qint64 committedBeforeKill = 0;
        QElapsedTimer t;
        t.start();
        int answered = 0;
        while (t.elapsed() < 1500) {
            while (inFlight.size() < 16)
                inFlight << client.post("/v1/chat/completions", body);
            QTest::qWait(5);
            for (qsizetype i = inFlight.size() - 1; i >= 0; --i) {
                if (inFlight.at(i)->done) {
                    answered += inFlight.at(i)->status == 200 ? 1 : 0;
                    inFlight.removeAt(i);
                }
            }
            if (t.elapsed() > 1000 && committedBeforeKill == 0) {
                const QByteArray health = httpGet(port, "/health");
                const QJsonObject h
                    = QJsonDocument::fromJson(health.mid(health.indexOf("\r\n\r\n") + 4)).object();
                committedBeforeKill = h.value(QLatin1String("store"))
                                          .toObject()
                                          .value(QLatin1String("rows_committed"))
                                          .toInteger();
            }
        }
        QVERIFY2(committedBeforeKill > 50, qPrintable(QString::number(committedBeforeKill)));
        ::kill(pid_t(p.processId()), SIGKILL);
        QVERIFY(finished(p, 5000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);

        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("kill9"));
            db.setDatabaseName(dataDir + QStringLiteral("/switchyard.db"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
            QVERIFY(q.exec(QStringLiteral("SELECT count(*), count(DISTINCT id) FROM request_log")));
            QVERIFY(q.next());
            const qint64 rows = q.value(0).toLongLong();
            QCOMPARE(q.value(1).toLongLong(), rows);
            QVERIFY2(rows >= committedBeforeKill,
                qPrintable(QStringLiteral("%1 rows after kill -9, %2 reported committed before")
                               .arg(rows)
                               .arg(committedBeforeKill)));
            QVERIFY(rows <= answered + 16);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("kill9"));

        // And the gateway starts again on that database.
        QProcess again;
        const int port2 = start(again,
            {QStringLiteral("--config"), config, QStringLiteral("--port"), QStringLiteral("0"),
                QStringLiteral("--data-dir"), dataDir});
        QVERIFY2(port2 > 0, again.readAllStandardError().constData());
        again.terminate();
        QVERIFY(finished(again, 10000));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
