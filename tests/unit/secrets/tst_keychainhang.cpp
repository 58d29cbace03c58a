// SPDX-License-Identifier: MIT
// A keychain that never answers (its D-Bus socket accepts and stays silent, as a hung
// activation does): every job must end at its timeout, reported as unavailable.
#include "secrets/keychainsecretstore.h"

#include <QElapsedTimer>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTemporaryDir>
#include <QTest>

class TestKeychainHang : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QLocalServer m_silentBus;
    QList<QLocalSocket *> m_clients;

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("HOME", m_dir.path().toUtf8());
        QVERIFY(m_silentBus.listen(m_dir.filePath(QStringLiteral("bus"))));
        connect(&m_silentBus, &QLocalServer::newConnection, this, [this] {
            while (QLocalSocket *s = m_silentBus.nextPendingConnection())
                m_clients << s; // accepted, never answered
        });
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + m_silentBus.fullServerName().toUtf8());
    }

    void jobsEndAtTheirTimeout()
    {
        KeychainSecretStore store(400);
        QElapsedTimer t;
        t.start();
        std::optional<SecretResult> result;
        store.read(QStringLiteral("openai"), [&result](const SecretResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
        const qint64 elapsed = t.elapsed();
        qInfo("hung keychain reported after %lld ms: %s", elapsed, qPrintable(result->message));
        QCOMPARE(result->status, SecretResult::Status::Unavailable);
        QVERIFY2(result->message.contains(QLatin1String("did not answer within 400 ms")),
            qPrintable(result->message));
        QCOMPARE(store.state(), SecretStore::State::Unavailable);
        // A late answer (if the job ever ends) must not call back a second time.
        int calls = 0;
        store.write(QStringLiteral("x"), QStringLiteral("y"), [&calls](const SecretResult &) { ++calls; });
        QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 10000);
        QTest::qWait(600);
        QCOMPARE(calls, 1);
    }
};

QTEST_GUILESS_MAIN(TestKeychainHang)
#include "tst_keychainhang.moc"
