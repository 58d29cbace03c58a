// SPDX-License-Identifier: MIT
// The OS keychain for real: a round trip through QtKeychain and the Secret Service, and a
// provider whose apiKey is keychain:NAME calling its upstream with the stored key. Run by
// installer/test.sh inside dbus-run-session with an unlocked gnome-keyring.
#include "engine/engine.h"
#include "fakeupstream.h"
#include "secrets/keychainsecretstore.h"
#include "testclient.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

class TestKeychain : public QObject
{
    Q_OBJECT

    static SecretResult wait(const std::function<void(SecretStore::Callback)> &start)
    {
        std::optional<SecretResult> result;
        start([&result](const SecretResult &r) { result = r; });
        (void)QTest::qWaitFor([&result] { return result.has_value(); }, 15000);
        return result.value_or(
            SecretResult {SecretResult::Status::Failed, {}, QStringLiteral("no answer in 15 s")});
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("SWITCHYARD_KEYCHAIN_SESSION"))
            QSKIP("needs an unlocked keyring session: installer/test.sh runs this test inside one");
    }

    void roundTrip()
    {
        KeychainSecretStore store;
        const QString name = QStringLiteral("switchyard-test-%1").arg(QCoreApplication::applicationPid());
        QVERIFY(wait([&](auto done) { store.probe(done); }).ok());
        QCOMPARE(store.state(), SecretStore::State::Ready);
        const SecretResult w
            = wait([&](auto done) { store.write(name, QStringLiteral("sk-roundtrip-é-42"), done); });
        QVERIFY2(w.ok(), qPrintable(w.message));
        const SecretResult r = wait([&](auto done) { store.read(name, done); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.value, QStringLiteral("sk-roundtrip-é-42"));
        QVERIFY(wait([&](auto done) { store.remove(name, done); }).ok());
        QCOMPARE(wait([&](auto done) { store.read(name, done); }).status, SecretResult::Status::NotFound);
        qInfo("keychain round trip (probe, write, read, delete, read) through the Secret Service: ok");
    }

    void providerKeyComesFromTheKeychain()
    {
        const QString secret
            = QStringLiteral("sk-keychain-provider-%1").arg(QCoreApplication::applicationPid());
        {
            KeychainSecretStore store;
            QVERIFY(
                wait([&](auto done) { store.write(QStringLiteral("fake-provider"), secret, done); }).ok());
        }
        FakeUpstream upstream;
        QVERIFY(upstream.listen());
        QTemporaryDir dir;
        QString error;
        auto config
            = Config::parse(QStringLiteral(R"({"providers":[{"id":"fake","type":"openai","baseUrl":"%1",
            "apiKey":"keychain:fake-provider","models":["fake-model"]}]})")
                                .arg(upstream.baseUrl())
                                .toUtf8(),
                &error);
        QVERIFY2(config, qPrintable(error));
        EngineOptions options;
        options.config = *config;
        options.config.server.port = 0;
        options.dataDir = dir.path();
        Engine engine(options);
        QVERIFY2(engine.start(&error), qPrintable(error));
        TestClient client(engine.port());
        std::shared_ptr<TestResponse> r;
        // The key is read asynchronously at start; the first answers may say it is pending.
        QTRY_VERIFY_WITH_TIMEOUT(
            (r = client.post("/v1/chat/completions",
                 R"({"model":"fake-model","messages":[{"role":"user","content":"hi"}]})"),
                TestClient::wait(r) && r->status == 200),
            10000);
        QCOMPARE(upstream.requests().last().header("authorization"), "Bearer " + secret.toUtf8());
        auto health = client.get("/health");
        QVERIFY(TestClient::wait(health));
        const QJsonObject secrets = health->json().value(QLatin1String("secrets")).toObject();
        QCOMPARE(secrets.value(QLatin1String("backend")).toString(), QStringLiteral("keychain"));
        QCOMPARE(secrets.value(QLatin1String("status")).toString(), QStringLiteral("ready"));
        QVERIFY(!health->body.contains(secret.toUtf8()));
        KeychainSecretStore store;
        QVERIFY(wait([&](auto done) { store.remove(QStringLiteral("fake-provider"), done); }).ok());
    }
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
