// SPDX-License-Identifier: MIT
// The secret stores without a keychain: the in-memory fake, the environment, and a keychain
// that is not there (no D-Bus session), which must be reported, never replaced by a file.
#include "secrets/environmentsecretstore.h"
#include "secrets/keychainsecretstore.h"
#include "secrets/memorysecretstore.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestSecretStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    static SecretResult wait(
        const std::function<void(SecretStore::Callback)> &start, bool *synchronous = nullptr)
    {
        std::optional<SecretResult> result;
        start([&result](const SecretResult &r) { result = r; });
        if (synchronous)
            *synchronous = result.has_value();
        (void)QTest::qWaitFor([&result] { return result.has_value(); }, 15000);
        return result.value_or(
            SecretResult {SecretResult::Status::Failed, {}, QStringLiteral("no answer in 15 s")});
    }

    QStringList filesUnderHome() const
    {
        QStringList files;
        QDirIterator it(m_home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        return files;
    }

private Q_SLOTS:
    void initTestCase();
    void memoryRoundTripIsAsynchronous();
    void memoryPlaysAFailingKeychain();
    void environmentReadsOnly();
    void referenceNames();
    void missingKeychainIsReportedNotReplaced();
};

void TestSecretStore::initTestCase()
{
    // No session bus here: the keychain must be reported missing. HOME is a temp dir so a
    // plain-text fallback, were one ever written, would be found.
    qputenv("HOME", m_home.path().toUtf8());
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + m_home.filePath(QStringLiteral("no-bus")).toUtf8());
    qunsetenv("DISPLAY");
    qunsetenv("WAYLAND_DISPLAY");
}

void TestSecretStore::memoryRoundTripIsAsynchronous()
{
    MemorySecretStore store;
    QCOMPARE(store.state(), SecretStore::State::Ready);
    bool sync = true;
    QCOMPARE(
        wait([&](auto done) { store.write(QStringLiteral("openai"), QStringLiteral("sk-1"), done); }, &sync)
            .status,
        SecretResult::Status::Ok);
    QVERIFY(!sync); // callbacks never run inside the call
    const SecretResult read = wait([&](auto done) { store.read(QStringLiteral("openai"), done); });
    QVERIFY(read.ok());
    QCOMPARE(read.value, QStringLiteral("sk-1"));
    QVERIFY(wait([&](auto done) { store.remove(QStringLiteral("openai"), done); }).ok());
    QCOMPARE(wait([&](auto done) { store.read(QStringLiteral("openai"), done); }).status,
        SecretResult::Status::NotFound);
}

void TestSecretStore::memoryPlaysAFailingKeychain()
{
    MemorySecretStore store;
    QSignalSpy changed(&store, &SecretStore::stateChanged);
    store.setFailure(SecretResult::Status::Locked, QStringLiteral("collection is locked"));
    const SecretResult r = wait([&](auto done) { store.read(QStringLiteral("x"), done); });
    QCOMPARE(r.status, SecretResult::Status::Locked);
    QCOMPARE(store.state(), SecretStore::State::Locked);
    QCOMPARE(store.health().value(QLatin1String("status")).toString(), QStringLiteral("locked"));
    QCOMPARE(
        store.health().value(QLatin1String("message")).toString(), QStringLiteral("collection is locked"));
    QCOMPARE(changed.count(), 1);
    store.setFailure(SecretResult::Status::Ok);
    QCOMPARE(store.state(), SecretStore::State::Ready);
}

void TestSecretStore::environmentReadsOnly()
{
    EnvironmentSecretStore store;
    QCOMPARE(EnvironmentSecretStore::variableFor(QStringLiteral("open-ai.prod")),
        QStringLiteral("SWITCHYARD_SECRET_OPEN_AI_PROD"));
    qputenv("SWITCHYARD_SECRET_OPENAI", "sk-from-env");
    const SecretResult r = wait([&](auto done) { store.read(QStringLiteral("openai"), done); });
    QVERIFY(r.ok());
    QCOMPARE(r.value, QStringLiteral("sk-from-env"));
    const SecretResult missing = wait([&](auto done) { store.read(QStringLiteral("groq"), done); });
    QCOMPARE(missing.status, SecretResult::Status::NotFound);
    QVERIFY(missing.message.contains(QLatin1String("SWITCHYARD_SECRET_GROQ")));
    const SecretResult w
        = wait([&](auto done) { store.write(QStringLiteral("groq"), QStringLiteral("v"), done); });
    QCOMPARE(w.status, SecretResult::Status::ReadOnly);
    QVERIFY(!w.message.contains(QLatin1String("v\"")));
}

void TestSecretStore::referenceNames()
{
    QCOMPARE(SecretStore::referenceName(QStringLiteral("keychain:openai")), QStringLiteral("openai"));
    QCOMPARE(SecretStore::referenceName(QStringLiteral("sk-literal")), QString());
    QCOMPARE(SecretStore::referenceName(QStringLiteral("${OPENAI_API_KEY}")), QString());
}

void TestSecretStore::missingKeychainIsReportedNotReplaced()
{
    KeychainSecretStore store(3000);
    QCOMPARE(store.state(), SecretStore::State::Unknown);
    QElapsedTimer t;
    t.start();
    const SecretResult w
        = wait([&](auto done) { store.write(QStringLiteral("openai"), QStringLiteral("sk-x"), done); });
    qInfo("missing keychain reported in %lld ms: %s", t.elapsed(), qPrintable(w.message));
    QCOMPARE(w.status, SecretResult::Status::Unavailable);
    QVERIFY(!w.message.isEmpty());
    QVERIFY(!w.message.contains(QLatin1String("sk-x")));
    QCOMPARE(store.state(), SecretStore::State::Unavailable);
    QCOMPARE(store.health().value(QLatin1String("status")).toString(), QStringLiteral("unavailable"));
    const SecretResult r = wait([&](auto done) { store.read(QStringLiteral("openai"), done); });
    QVERIFY(!r.ok());
    QVERIFY(r.value.isEmpty());
    const SecretResult probe = wait([&](auto done) { store.probe(done); });
    QCOMPARE(probe.status, SecretResult::Status::Unavailable);
    // Never silently replaced by a plain-text file.
    QVERIFY2(filesUnderHome().isEmpty(), qPrintable(filesUnderHome().join(u'\n')));
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
