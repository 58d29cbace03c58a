// SPDX-License-Identifier: MIT
#include "engine/options.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestOptions : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_config;

    EngineOptions::Outcome parse(const QStringList &args, EngineOptions *o, QString *message, int *code)
    {
        return EngineOptions::parse(QStringList {QStringLiteral("switchyard-gateway")} + args,
            QStringLiteral("switchyard-gateway"), QStringLiteral("test"), o, message, code);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_config = m_dir.filePath(QStringLiteral("config.json"));
        QFile f(m_config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"server":{"host":"127.0.0.1","port":4100}})");
    }
    void cleanup()
    {
        for (const char *v : {"SWITCHYARD_CONFIG", "SWITCHYARD_HOST", "SWITCHYARD_PORT",
                 "SWITCHYARD_DATA_DIR", "SWITCHYARD_ADMIN_KEY"})
            qunsetenv(v);
    }

    void fileValuesWithoutOverrides()
    {
        EngineOptions o;
        QString msg;
        int code = -1;
        QCOMPARE(parse({QStringLiteral("--config"), m_config}, &o, &msg, &code), EngineOptions::Outcome::Run);
        QCOMPARE(o.config.server.port, 4100);
        QCOMPARE(o.configPath, m_config);
    }

    void environmentBeatsFile()
    {
        qputenv("SWITCHYARD_CONFIG", m_config.toUtf8());
        qputenv("SWITCHYARD_PORT", "4200");
        qputenv("SWITCHYARD_HOST", "::1");
        qputenv("SWITCHYARD_DATA_DIR", "/tmp/sy-data");
        qputenv("SWITCHYARD_ADMIN_KEY", "admin-from-env");
        EngineOptions o;
        QString msg;
        int code = -1;
        QCOMPARE(parse({}, &o, &msg, &code), EngineOptions::Outcome::Run);
        QCOMPARE(o.config.server.port, 4200);
        QCOMPARE(o.config.server.host, QStringLiteral("::1"));
        QCOMPARE(o.dataDir, QStringLiteral("/tmp/sy-data"));
        QCOMPARE(o.config.server.adminKey, QStringLiteral("admin-from-env"));
        QCOMPARE(o.databasePath(), QStringLiteral("/tmp/sy-data/switchyard.db"));
    }

    void flagsBeatEnvironment()
    {
        qputenv("SWITCHYARD_PORT", "4200");
        qputenv("SWITCHYARD_HOST", "::1");
        EngineOptions o;
        QString msg;
        int code = -1;
        QCOMPARE(parse({QStringLiteral("--config"), m_config, QStringLiteral("--port"),
                           QStringLiteral("4300"), QStringLiteral("--host"), QStringLiteral("127.0.0.2"),
                           QStringLiteral("--data-dir"), QStringLiteral("/tmp/flag-data")},
                     &o, &msg, &code),
            EngineOptions::Outcome::Run);
        QCOMPARE(o.config.server.port, 4300);
        QCOMPARE(o.config.server.host, QStringLiteral("127.0.0.2"));
        QCOMPARE(o.dataDir, QStringLiteral("/tmp/flag-data"));
    }

    void errorsExitNonZero_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bad port") << QStringList {QStringLiteral("--port"), QStringLiteral("http")}
                                  << QStringLiteral("invalid port 'http'");
        QTest::newRow("port range") << QStringList {QStringLiteral("--port"), QStringLiteral("70000")}
                                    << QStringLiteral("invalid port '70000'");
        QTest::newRow("bad host") << QStringList {QStringLiteral("--host"), QStringLiteral("not an address")}
                                  << QStringLiteral("invalid --host");
        QTest::newRow("unknown flag") << QStringList {QStringLiteral("--prot"), QStringLiteral("1")}
                                      << QStringLiteral("Unknown option 'prot'");
        QTest::newRow("missing named config")
            << QStringList {QStringLiteral("--config"), QStringLiteral("/nonexistent/c.json")}
            << QStringLiteral("config file /nonexistent/c.json does not exist");
        QTest::newRow("stray argument")
            << QStringList {QStringLiteral("serve")} << QStringLiteral("unexpected argument 'serve'");
    }
    void errorsExitNonZero()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        if (!args.contains(QStringLiteral("--config")))
            args << QStringLiteral("--config") << m_config;
        EngineOptions o;
        QString msg;
        int code = 0;
        QCOMPARE(parse(args, &o, &msg, &code), EngineOptions::Outcome::Exit);
        QCOMPARE(code, 2);
        QVERIFY2(msg.contains(expected), qPrintable(msg));
    }

    void helpAndVersionExitZero()
    {
        EngineOptions o;
        QString msg;
        int code = -1;
        QCOMPARE(parse({QStringLiteral("--version")}, &o, &msg, &code), EngineOptions::Outcome::Exit);
        QCOMPARE(code, 0);
        QCOMPARE(msg, QStringLiteral("switchyard-gateway " SWITCHYARD_VERSION "\n"));
        QCOMPARE(parse({QStringLiteral("--help")}, &o, &msg, &code), EngineOptions::Outcome::Exit);
        QCOMPARE(code, 0);
        for (const char *flag : {"--config", "--host", "--port", "--data-dir", "--version", "--help"})
            QVERIFY2(msg.contains(QLatin1String(flag)), flag);
    }
};

QTEST_GUILESS_MAIN(TestOptions)
#include "tst_options.moc"
