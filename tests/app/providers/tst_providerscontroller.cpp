// SPDX-License-Identifier: MIT
// ProvidersController against the real engine: the list with live state, add / edit / disable /
// remove through ConfigEditor (saved to the config file, applied at once), typed keys kept in the
// secret store (the config only names them; a refusing keychain saves nothing), test connection
// and model discovery against a fake OpenAI server and a refused port, editor validation.
#include "apptestenv.h"
#include "core/enginehost.h"
#include "engine/engine.h"
#include "fakeupstream.h"
#include "providers/providerscontroller.h"
#include "secrets/memorysecretstore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

class TestProvidersController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsProvidersWithLiveState();
    void addEditDisableRemove();
    void typedKeysGoToTheSecretStore();
    void refusingKeychainSavesNothing();
    void testConnectionDiscoversModels();
    void testConnectionReportsFailures();
    void editorValidates();

private:
    struct Rig
    {
        Rig()
            : host(env.options())
            , providers(&host)
        {
            QObject::connect(
                &host, &EngineHost::providersChanged, &providers, &ProvidersController::setConfigs);
            QObject::connect(
                &host, &EngineHost::snapshotReady, &providers, &ProvidersController::applySnapshot);
            // The OS keychain's stand-in (tests/unit/secrets and the keychain label test the real one).
            host.setSecretStoreFactory([] { return std::make_unique<MemorySecretStore>(); });
            host.start();
        }
        /// Runs @p work on the engine's secret store in the engine thread and waits for its answer.
        SecretResult onSecrets(const std::function<void(MemorySecretStore &, SecretStore::Callback)> &work);
        AppTestEnvironment env;
        EngineHost host;
        ProvidersController providers;
    };
    static QJsonArray configProviders(const AppTestEnvironment &env);
    static QByteArray configText(const AppTestEnvironment &env);
    static QByteArray lastAuthorization(const FakeUpstream &upstream, const QByteArray &pathSuffix);
    static QVariant role(const ProviderListModel &m, const QString &id, int role);
};

QJsonArray TestProvidersController::configProviders(const AppTestEnvironment &env)
{
    QFile f(env.configPath());
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object().value(QLatin1String("providers")).toArray();
}

QByteArray TestProvidersController::configText(const AppTestEnvironment &env)
{
    QFile f(env.configPath());
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray TestProvidersController::lastAuthorization(
    const FakeUpstream &upstream, const QByteArray &pathSuffix)
{
    QByteArray found;
    for (const FakeRequest &r : upstream.requests()) {
        if (r.path().endsWith(pathSuffix))
            found = r.header("authorization");
    }
    return found;
}

SecretResult TestProvidersController::Rig::onSecrets(
    const std::function<void(MemorySecretStore &, SecretStore::Callback)> &work)
{
    auto result = std::make_shared<std::optional<SecretResult>>();
    QObject receiver;
    host.withEngine(&receiver, [work, result](Engine *engine, const EngineHost::ToGui &toGui) {
        auto *store = engine ? qobject_cast<MemorySecretStore *>(&engine->secrets()) : nullptr;
        if (!store) {
            toGui([result] {
                *result = SecretResult {SecretResult::Status::Failed, {}, QStringLiteral("no engine")};
            });
            return;
        }
        work(*store, [result, toGui](const SecretResult &r) { toGui([result, r] { *result = r; }); });
    });
    if (!QTest::qWaitFor([&] { return result->has_value(); }, 5000))
        return {SecretResult::Status::Failed, {}, QStringLiteral("the secret store did not answer")};
    return **result;
}

QVariant TestProvidersController::role(const ProviderListModel &m, const QString &id, int role)
{
    const int row = m.indexOf(id);
    return row < 0 ? QVariant() : m.data(m.index(row), role);
}

void TestProvidersController::listsProvidersWithLiveState()
{
    Rig rig;
    ProviderListModel &list = *rig.providers.list();
    QTRY_COMPARE_WITH_TIMEOUT(list.rowCount(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(role(list, QStringLiteral("mock"), ProviderListModel::StatusRole).toString(),
        QStringLiteral("ok"), 5000);
    QCOMPARE(role(list, QStringLiteral("mock"), ProviderListModel::CircuitRole).toString(),
        QStringLiteral("closed"));
    QVERIFY(role(list, QStringLiteral("mock"), ProviderListModel::ModelListRole)
                .toString()
                .contains(QStringLiteral("mock-smart")));
    QTRY_VERIFY_WITH_TIMEOUT(!rig.providers.presets().isEmpty(), 5000);
    QVERIFY(rig.providers.presets().contains(QStringLiteral("groq")));
    QVERIFY(!rig.providers.presets().contains(QStringLiteral("anthropic"))); // a type of its own
    QCOMPARE(rig.providers.types(), ProviderConfig::types());
}

void TestProvidersController::addEditDisableRemove()
{
    Rig rig;
    ProvidersController &p = rig.providers;
    QTRY_COMPARE_WITH_TIMEOUT(p.list()->rowCount(), 1, 10000);
    QSignalSpy saved(&p, &ProvidersController::saved);
    p.beginAdd();
    QVERIFY(p.editorOpen());
    QVERIFY(!p.editingExisting());
    QCOMPARE(p.editId(), QStringLiteral("provider"));
    QCOMPARE(p.editType(), QStringLiteral("openai"));
    p.setEditId(QStringLiteral("mock2"));
    p.setEditType(QStringLiteral("mock"));
    QVERIFY(!p.presetApplies());
    QVERIFY(!p.keyApplies());
    QCOMPARE(p.editPreset(), QString()); // a mock has no preset
    p.save();
    QVERIFY(saved.wait(5000));
    QVERIFY(!p.editorOpen());
    QTRY_COMPARE_WITH_TIMEOUT(p.list()->rowCount(), 2, 5000);
    QCOMPARE(configProviders(rig.env).at(1).toObject(),
        (QJsonObject {{QLatin1String("id"), QStringLiteral("mock2")},
            {QLatin1String("type"), QStringLiteral("mock")}}));
    // It serves at once: its live state arrives.
    QTRY_COMPARE_WITH_TIMEOUT(
        role(*p.list(), QStringLiteral("mock2"), ProviderListModel::StatusRole).toString(),
        QStringLiteral("ok"), 5000);

    p.beginEdit(QStringLiteral("mock2"));
    QVERIFY(p.editingExisting());
    QCOMPARE(p.editType(), QStringLiteral("mock"));
    p.setEditModels(QStringLiteral("mock-fast, mock-smart\nmock-fast"));
    p.save();
    QVERIFY(saved.wait(5000));
    QCOMPARE(configProviders(rig.env).at(1).toObject().value(QLatin1String("models")).toArray().size(), 3);

    p.setEnabled(QStringLiteral("mock2"), false);
    QVERIFY(saved.wait(5000));
    QCOMPARE(configProviders(rig.env).at(1).toObject().value(QLatin1String("enabled")), QJsonValue(false));
    QTRY_COMPARE_WITH_TIMEOUT(
        role(*p.list(), QStringLiteral("mock2"), ProviderListModel::StatusRole).toString(),
        QStringLiteral("disabled"), 5000);
    p.setEnabled(QStringLiteral("mock2"), true);
    QVERIFY(saved.wait(5000));
    QVERIFY(!configProviders(rig.env).at(1).toObject().contains(QLatin1String("enabled")));

    p.remove(QStringLiteral("mock2"));
    QVERIFY(saved.wait(5000));
    QTRY_COMPARE_WITH_TIMEOUT(p.list()->rowCount(), 1, 5000);
    QCOMPARE(configProviders(rig.env).size(), 1);
    QVERIFY(p.message().contains(QStringLiteral("mock2")));
}

void TestProvidersController::typedKeysGoToTheSecretStore()
{
    FakeUpstream upstream;
    QVERIFY(upstream.listen());
    Rig rig;
    ProvidersController &p = rig.providers;
    QTRY_COMPARE_WITH_TIMEOUT(p.list()->rowCount(), 1, 10000);
    const QString key = QStringLiteral("sk-test-0123456789abcdef");
    const auto readKey = [&rig] {
        return rig.onSecrets([](MemorySecretStore &s, SecretStore::Callback done) {
            s.read(QStringLiteral("openai"), std::move(done));
        });
    };
    QSignalSpy saved(&p, &ProvidersController::saved);
    p.beginAdd();
    p.setEditId(QStringLiteral("openai"));
    p.setEditPreset(QString());
    p.setEditBaseUrl(upstream.baseUrl());
    p.setEditApiKey(key);
    p.setEditModels(QStringLiteral("gpt-4o-mini"));
    p.save();
    QVERIFY2(saved.wait(5000), qPrintable(p.editorError()));
    QTRY_COMPARE_WITH_TIMEOUT(p.list()->rowCount(), 2, 5000);
    // The config file names the key; the key itself is in the secret store, and nowhere on disk.
    QCOMPARE(configProviders(rig.env).at(1).toObject().value(QLatin1String("apiKey")).toString(),
        QStringLiteral("keychain:openai"));
    QVERIFY(!configText(rig.env).contains(key.toUtf8()));
    QCOMPARE(readKey().value, key);
    QCOMPARE(role(*p.list(), QStringLiteral("openai"), ProviderListModel::KeyRole).toString(),
        QStringLiteral("keychain:openai"));
    // Requests carry it: the provider read it back from the store.
    QTRY_COMPARE_WITH_TIMEOUT(
        chatThroughHost(rig.host, QStringLiteral("openai/gpt-4o-mini"), QStringLiteral("hi"))
            .value(QLatin1String("provider"))
            .toString(),
        QStringLiteral("openai"), 5000);
    QCOMPARE(lastAuthorization(upstream, "/chat/completions"), "Bearer " + key.toUtf8());

    // Editing something else sends the reference back as shown: the stored key stays.
    p.beginEdit(QStringLiteral("openai"));
    QCOMPARE(p.editApiKey(), QStringLiteral("keychain:openai"));
    p.setEditModels(QStringLiteral("gpt-4o-mini, gpt-4o"));
    p.save();
    QVERIFY(saved.wait(5000));
    QCOMPARE(configProviders(rig.env).at(1).toObject().value(QLatin1String("models")).toArray().size(), 2);
    QCOMPARE(readKey().value, key);

    // A new key typed for the same provider replaces the stored one; the entry (keychain:openai)
    // does not change, yet the next request uses the new key.
    const QString rotated = QStringLiteral("sk-rotated-fedcba9876543210");
    p.beginEdit(QStringLiteral("openai"));
    p.setEditApiKey(rotated);
    p.save();
    QVERIFY(saved.wait(5000));
    QCOMPARE(readKey().value, rotated);
    QCOMPARE(configProviders(rig.env).at(1).toObject().value(QLatin1String("apiKey")).toString(),
        QStringLiteral("keychain:openai"));
    QVERIFY(!configText(rig.env).contains(rotated.toUtf8()));
    QTRY_COMPARE_WITH_TIMEOUT((static_cast<void>(chatThroughHost(
                                   rig.host, QStringLiteral("openai/gpt-4o-mini"), QStringLiteral("hi"))),
                                  lastAuthorization(upstream, "/chat/completions")),
        "Bearer " + rotated.toUtf8(), 5000);
    // "Test connection" on the saved provider probes with the stored key, not the reference.
    p.beginEdit(QStringLiteral("openai"));
    p.testConnection();
    QTRY_VERIFY_WITH_TIMEOUT(p.tested(), 10000);
    QVERIFY2(p.testOk(), qPrintable(p.testMessage()));
    QCOMPARE(lastAuthorization(upstream, "/models"), "Bearer " + rotated.toUtf8());
    p.cancelEdit();

    // An environment reference is stored as written and shown as it is.
    p.beginEdit(QStringLiteral("openai"));
    p.setEditApiKey(QStringLiteral("${OPENAI_API_KEY}"));
    p.save();
    QVERIFY(saved.wait(5000));
    QCOMPARE(configProviders(rig.env).at(1).toObject().value(QLatin1String("apiKey")).toString(),
        QStringLiteral("${OPENAI_API_KEY}"));
    QTRY_COMPARE_WITH_TIMEOUT(
        role(*p.list(), QStringLiteral("openai"), ProviderListModel::KeyRole).toString(),
        QStringLiteral("${OPENAI_API_KEY}"), 5000);

    // Removing a provider whose key the screen stored deletes the keychain entry.
    p.beginEdit(QStringLiteral("openai"));
    p.setEditApiKey(key);
    p.save();
    QVERIFY(saved.wait(5000));
    QCOMPARE(readKey().value, key);
    p.remove(QStringLiteral("openai"));
    QVERIFY(saved.wait(5000));
    QTRY_COMPARE_WITH_TIMEOUT(readKey().status, SecretResult::Status::NotFound, 5000);
    QCOMPARE(configProviders(rig.env).size(), 1);
}

void TestProvidersController::refusingKeychainSavesNothing()
{
    Rig rig;
    ProvidersController &p = rig.providers;
    QTRY_COMPARE_WITH_TIMEOUT(p.list()->rowCount(), 1, 10000);
    const QByteArray before = configText(rig.env);
    QVERIFY(rig.onSecrets([](MemorySecretStore &s, SecretStore::Callback done) {
                   s.setFailure(SecretResult::Status::Locked, QStringLiteral("the login keyring is locked"));
                   s.probe(std::move(done));
               })
                .status
        == SecretResult::Status::Locked);
    const QString key = QStringLiteral("sk-test-0123456789abcdef");
    QSignalSpy saved(&p, &ProvidersController::saved);
    p.beginAdd();
    p.setEditId(QStringLiteral("openai"));
    p.setEditPreset(QStringLiteral("openai"));
    p.setEditApiKey(key);
    p.save();
    QTRY_VERIFY_WITH_TIMEOUT(!p.editorError().isEmpty(), 5000);
    QVERIFY2(p.editorError().contains(QStringLiteral("keychain")), qPrintable(p.editorError()));
    QVERIFY2(p.editorError().contains(QStringLiteral("locked")), qPrintable(p.editorError()));
    QVERIFY(!p.editorError().contains(key));
    QCOMPARE(saved.count(), 0);
    QVERIFY(p.editorOpen()); // the user can fix it without typing everything again
    QCOMPARE(configText(rig.env), before);
    QCOMPARE(p.list()->rowCount(), 1);
}

void TestProvidersController::testConnectionDiscoversModels()
{
    FakeUpstream upstream;
    QVERIFY(upstream.listen());
    Rig rig;
    ProvidersController &p = rig.providers;
    QTRY_COMPARE_WITH_TIMEOUT(p.list()->rowCount(), 1, 10000);
    p.beginAdd();
    p.setEditId(QStringLiteral("local"));
    p.setEditPreset(QString());
    p.setEditBaseUrl(upstream.baseUrl());
    p.setEditApiKey(QStringLiteral("sk-local"));
    QSignalSpy tested(&p, &ProvidersController::testChanged);
    p.testConnection();
    QVERIFY(p.testing());
    QTRY_VERIFY_WITH_TIMEOUT(p.tested(), 10000);
    QVERIFY2(p.testOk(), qPrintable(p.testMessage()));
    QVERIFY(p.testMessage().startsWith(QStringLiteral("Connected in")));
    QVERIFY(!p.discoveredModels().isEmpty());
    // The probe really asked the service, with the key.
    bool asked = false;
    for (const FakeRequest &r : upstream.requests())
        asked = asked || (r.method == "GET" && r.target.endsWith("/models"));
    QVERIFY(asked);
    p.useDiscoveredModels();
    QCOMPARE(p.editModels(), p.discoveredModels().join(QStringLiteral(", ")));
    // Testing added nothing.
    QCOMPARE(p.list()->rowCount(), 1);
    QCOMPARE(configProviders(rig.env).size(), 1);
}

void TestProvidersController::testConnectionReportsFailures()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close(); // nothing listens there now
    Rig rig;
    ProvidersController &p = rig.providers;
    QTRY_COMPARE_WITH_TIMEOUT(p.list()->rowCount(), 1, 10000);
    p.beginAdd();
    p.setEditPreset(QString());
    p.setEditBaseUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port));
    p.testConnection();
    QTRY_VERIFY_WITH_TIMEOUT(p.tested(), 15000);
    QVERIFY(!p.testOk());
    QVERIFY(!p.testMessage().isEmpty());
    // A 401 is a refused key, in words.
    FakeUpstream upstream;
    QVERIFY(upstream.listen());
    upstream.setHandler([](const FakeRequest &) {
        return FakeReply::json(
            401, QByteArray("{\"error\":{\"message\":\"bad key\",\"type\":\"invalid_request_error\"}}"));
    });
    p.setEditBaseUrl(upstream.baseUrl());
    p.testConnection();
    QTRY_VERIFY_WITH_TIMEOUT(p.tested(), 10000);
    QVERIFY(!p.testOk());
    QVERIFY2(p.testMessage().contains(QStringLiteral("401")), qPrintable(p.testMessage()));
    // Closing the editor drops a test still on its way.
    p.testConnection();
    p.cancelEdit();
    QVERIFY(!p.testing());
    QTest::qWait(200);
    QVERIFY(!p.tested());
}

void TestProvidersController::editorValidates()
{
    Rig rig;
    ProvidersController &p = rig.providers;
    QTRY_COMPARE_WITH_TIMEOUT(p.list()->rowCount(), 1, 10000);
    p.beginAdd();
    p.setEditId(QStringLiteral("has space"));
    p.save();
    QVERIFY(!p.editorError().isEmpty());
    QVERIFY(p.editorOpen());
    p.setEditId(QStringLiteral("mock")); // taken
    QVERIFY(p.editorError().isEmpty()); // an edit clears the old error
    p.save();
    QVERIFY(p.editorError().contains(QStringLiteral("already")));
    // What the engine refuses comes back as the editor's error, and nothing is saved.
    p.setEditId(QStringLiteral("bad"));
    p.setEditPreset(QString());
    p.setEditBaseUrl(QStringLiteral("ftp://example.com/v1")); // the config wants http(s)
    p.save();
    QTRY_VERIFY_WITH_TIMEOUT(!p.busy() && !p.editorError().isEmpty(), 5000);
    QVERIFY(p.editorOpen());
    QCOMPARE(configProviders(rig.env).size(), 1);
}

QTEST_MAIN(TestProvidersController)
#include "tst_providerscontroller.moc"
