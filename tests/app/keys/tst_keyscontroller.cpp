// SPDX-License-Identifier: MIT
// KeysController against the real engine thread: keys made from the dialog's draft work over
// HTTP at once, show their spend and rate use, revoke on the next request; usage over time;
// settings apply to the next request and are saved to the config file; budget alerts arrive.
#include "apptestenv.h"
#include "core/enginehost.h"
#include "engine/configfile.h"
#include "engine/engine.h"
#include "keys/accesscontrol.h"
#include "keys/budgetalert.h"
#include "keys/keyscontroller.h"
#include "testclient.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

class TestKeysController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createdKeyShownOnceStoredMasked();
    void wrongDraftNeverReachesTheEngine();
    void spendRateAndUsageFollowTraffic();
    void revokeAppliesToTheNextRequest();
    void requireApiKeyAppliesAndIsSaved();
    void allowedOriginsAreValidatedAndSaved();
    void redactionRulesApplyAndAreSaved();
    void budgetAlertReachesTheScreen();
    void keysChangedThroughTheEngineRefresh();

private:
    struct Rig
    {
        Rig()
            : host(env.options())
            , keys(&host)
        {
            QObject::connect(
                &host, &EngineHost::started, &host, [this](const QUrl &url) { port = quint16(url.port()); });
            QObject::connect(&host, &EngineHost::budgetAlert, &keys, &KeysController::noteAlert);
            host.start();
        }
        bool waitReady()
        {
            QSignalSpy refreshed(&keys, &KeysController::refreshed); // the refresh on started()
            return QTest::qWaitFor([this] { return port != 0; }, 10000)
                && (!refreshed.isEmpty() || refreshed.wait(5000));
        }
        /// Runs keys.refresh() and waits for its answer.
        bool refresh()
        {
            QSignalSpy refreshed(&keys, &KeysController::refreshed);
            keys.refresh();
            return refreshed.wait(5000);
        }
        /// Creates a key from @p fields of the draft; returns the key shown once.
        QString create(const QVariantMap &fields)
        {
            for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
                keys.draft()->setProperty(it.key().toLatin1().constData(), it.value());
            QSignalSpy created(&keys, &KeysController::keyCreated);
            keys.createKey();
            if (!created.wait(5000))
                return {};
            const QString secret = keys.createdKey();
            refresh();
            return secret;
        }
        std::shared_ptr<TestResponse> chat(const QString &key, const QByteArray &content = "Hello there")
        {
            TestClient client(port);
            QList<QPair<QByteArray, QByteArray>> headers;
            if (!key.isEmpty())
                headers.append({"authorization", "Bearer " + key.toLatin1()});
            auto r = client.post("/v1/chat/completions",
                R"({"model":"mock-fast","max_tokens":20,"messages":[{"role":"user","content":")" + content
                    + R"("}]})",
                headers);
            TestClient::wait(r);
            return r;
        }
        AppTestEnvironment env;
        EngineHost host;
        KeysController keys;
        quint16 port = 0;
    };

    static QString role(KeysController &keys, int role, int row = 0)
    {
        return keys.keys()->data(keys.keys()->index(row), role).toString();
    }
};

void TestKeysController::createdKeyShownOnceStoredMasked()
{
    Rig rig;
    QVERIFY(rig.waitReady());
    QCOMPARE(rig.keys.keys()->rowCount(), 0);
    QSignalSpy shown(&rig.keys, &KeysController::createdKeyChanged);
    QSignalSpy busy(&rig.keys, &KeysController::busyChanged);
    const QString secret = rig.create({{QStringLiteral("name"), QStringLiteral("ci-bot")},
        {QStringLiteral("expiresInDays"), 30}, {QStringLiteral("budgetTokens"), QStringLiteral("100000")},
        {QStringLiteral("period"), QStringLiteral("day")}, {QStringLiteral("rpm"), QStringLiteral("5")},
        {QStringLiteral("allowedModels"), QStringLiteral("mock-*")},
        {QStringLiteral("strategy"), QStringLiteral("cost")}});
    QVERIFY2(secret.startsWith(QLatin1String("sy-")) && secret.size() > 40, qPrintable(secret));
    QCOMPARE(shown.count(), 1);
    QCOMPARE(busy.count(), 2); // on, then off
    QCOMPARE(rig.keys.createdName(), QStringLiteral("ci-bot"));
    QCOMPARE(rig.keys.draft()->property("name").toString(), QString()); // the form is cleared
    QCOMPARE(rig.keys.keys()->rowCount(), 1);
    QCOMPARE(role(rig.keys, KeyListModel::NameRole), QStringLiteral("ci-bot"));
    QCOMPARE(
        role(rig.keys, KeyListModel::MaskRole), secret.left(7) + QStringLiteral("...") + secret.right(4));
    QCOMPARE(role(rig.keys, KeyListModel::StatusRole), QStringLiteral("active"));
    QCOMPARE(role(rig.keys, KeyListModel::RulesTextRole), QStringLiteral("Models: mock-* · strategy: cost"));
    QVERIFY(role(rig.keys, KeyListModel::DatesRole).contains(QLatin1String("expires")));
    QCOMPARE(role(rig.keys, KeyListModel::SpendTextRole), QStringLiteral("0 of 100k tokens today"));
    QCOMPARE(
        role(rig.keys, KeyListModel::LimitTextRole), QStringLiteral("0 of 5 requests in the last minute"));

    // The key works at once, and nothing on disk holds it.
    QCOMPARE(rig.chat(secret)->status, 200);
    rig.keys.forgetCreatedKey();
    QCOMPARE(rig.keys.createdKey(), QString());
    QCOMPARE(shown.count(), 2);
    QSignalSpy stopped(&rig.host, &EngineHost::stopped);
    rig.host.stop();
    QVERIFY(stopped.wait(15000));
    QDirIterator files(rig.env.path(QString()), QDir::Files, QDirIterator::Subdirectories);
    int scanned = 0;
    while (files.hasNext()) {
        QFile f(files.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(secret.toLatin1()), qPrintable(f.fileName()));
        ++scanned;
    }
    QVERIFY(scanned >= 2); // the config and the database at least
}

void TestKeysController::wrongDraftNeverReachesTheEngine()
{
    Rig rig;
    QVERIFY(rig.waitReady());
    QSignalSpy error(&rig.keys, &KeysController::errorChanged);
    QSignalSpy busy(&rig.keys, &KeysController::busyChanged);
    rig.keys.createKey(); // no name
    QCOMPARE(error.count(), 1);
    QVERIFY2(rig.keys.error().startsWith(QLatin1String("Give the key a name")), qPrintable(rig.keys.error()));
    rig.keys.draft()->setProperty("name", QStringLiteral("x"));
    rig.keys.draft()->setProperty("budgetUsd", QStringLiteral("ten dollars"));
    rig.keys.createKey();
    QCOMPARE(error.count(), 2);
    QVERIFY2(rig.keys.error().startsWith(QLatin1String("Budget (USD) must be a number")),
        qPrintable(rig.keys.error()));
    QCOMPARE(busy.count(), 0);
    QVERIFY(rig.refresh());
    QCOMPARE(rig.keys.keys()->rowCount(), 0);
    rig.keys.clearError();
    QCOMPARE(rig.keys.error(), QString());
}

void TestKeysController::spendRateAndUsageFollowTraffic()
{
    Rig rig;
    QVERIFY(rig.waitReady());
    const QString secret = rig.create({{QStringLiteral("name"), QStringLiteral("alice")},
        {QStringLiteral("budgetTokens"), QStringLiteral("100000")},
        {QStringLiteral("rpm"), QStringLiteral("4")}, {QStringLiteral("parallel"), QStringLiteral("2")}});
    QVERIFY(!secret.isEmpty());
    const QString id = rig.keys.keys()->data(rig.keys.keys()->index(0), KeyListModel::KeyIdRole).toString();
    QCOMPARE(rig.chat(secret)->status, 200);
    QCOMPARE(rig.chat(secret)->status, 200);
    QVERIFY(rig.refresh());
    QCOMPARE(
        rig.keys.keys()->data(rig.keys.keys()->index(0), KeyListModel::LimitFractionRole).toDouble(), 0.5);
    QCOMPARE(role(rig.keys, KeyListModel::LimitTextRole),
        QStringLiteral("2 of 4 requests in the last minute · 0 of 2 in flight"));
    const double spent
        = rig.keys.keys()->data(rig.keys.keys()->index(0), KeyListModel::SpendFractionRole).toDouble();
    QVERIFY2(spent > 0 && spent < 0.01, qPrintable(QString::number(spent)));
    QCOMPARE(rig.keys.keys()->data(rig.keys.keys()->index(0), KeyListModel::RequestsRole).toLongLong(), 2);
    QVERIFY(role(rig.keys, KeyListModel::DatesRole).contains(QLatin1String("last used")));

    // Usage over time: 30 days, today's bar holds both requests.
    QSignalSpy selected(&rig.keys, &KeysController::selectedChanged);
    QSignalSpy refreshed(&rig.keys, &KeysController::refreshed);
    rig.keys.select(id);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(rig.keys.selectedName(), QStringLiteral("alice"));
    QVERIFY(refreshed.wait(5000));
    KeyUsageModel *usage = rig.keys.usage();
    QCOMPARE(usage->rowCount(), KeysController::UsageDays);
    QCOMPARE(
        usage->data(usage->index(KeysController::UsageDays - 1), KeyUsageModel::RequestsRole).toInt(), 2);
    QCOMPARE(usage->data(usage->index(KeysController::UsageDays - 1), KeyUsageModel::FractionRole).toDouble(),
        1.0);
    QCOMPARE(usage->data(usage->index(0), KeyUsageModel::RequestsRole).toInt(), 0);
    QVERIFY2(usage->summary().contains(QLatin1String("2 requests in the last 30 days")),
        qPrintable(usage->summary()));
    rig.keys.select(QString());
    QCOMPARE(selected.count(), 2);
    QCOMPARE(usage->rowCount(), 0);
}

void TestKeysController::revokeAppliesToTheNextRequest()
{
    Rig rig;
    QVERIFY(rig.waitReady());
    const QString secret = rig.create({{QStringLiteral("name"), QStringLiteral("bob")}});
    const QString id = rig.keys.keys()->data(rig.keys.keys()->index(0), KeyListModel::KeyIdRole).toString();
    QCOMPARE(rig.chat(secret)->status, 200);
    QSignalSpy refreshed(&rig.keys, &KeysController::refreshed);
    rig.keys.revoke(id);
    QVERIFY(refreshed.wait(5000));
    QTRY_COMPARE_WITH_TIMEOUT(role(rig.keys, KeyListModel::StatusRole), QStringLiteral("revoked"), 5000);
    QCOMPARE(rig.keys.keys()->activeCount(), 0);
    auto refused = rig.chat(secret);
    QCOMPARE(refused->status, 401);
    QVERIFY2(refused->body.contains("revoked"), refused->body.constData());
    rig.keys.activate(id);
    QTRY_COMPARE_WITH_TIMEOUT(role(rig.keys, KeyListModel::StatusRole), QStringLiteral("active"), 5000);
    QCOMPARE(rig.chat(secret)->status, 200);
    rig.keys.remove(id);
    QTRY_COMPARE_WITH_TIMEOUT(rig.keys.keys()->rowCount(), 0, 5000);
    QCOMPARE(rig.chat(secret)->status, 401);
    rig.keys.revoke(id); // gone: the engine's own message
    QTRY_VERIFY_WITH_TIMEOUT(rig.keys.error().contains(QLatin1String("No key with id")), 5000);
}

void TestKeysController::requireApiKeyAppliesAndIsSaved()
{
    Rig rig;
    QVERIFY(rig.waitReady());
    QCOMPARE(rig.keys.requireApiKey(), false);
    QCOMPARE(rig.keys.reachable(), false);
    QCOMPARE(rig.chat(QString())->status, 200); // keyless on localhost
    QSignalSpy settings(&rig.keys, &KeysController::settingsChanged);
    rig.keys.setRequireApiKey(true);
    QVERIFY(settings.wait(5000));
    QCOMPARE(settings.count(), 1);
    QCOMPARE(rig.keys.requireApiKey(), true);
    QString error;
    QCOMPARE(ConfigFile::get(
                 rig.env.configPath(), {QStringLiteral("server"), QStringLiteral("requireApiKey")}, &error),
        QJsonValue(true));
    QCOMPARE(rig.chat(QString())->status, 401);
    rig.keys.setRequireApiKey(false);
    QVERIFY(settings.wait(5000));
    QCOMPARE(rig.chat(QString())->status, 200);
    QCOMPARE(ConfigFile::get(
                 rig.env.configPath(), {QStringLiteral("server"), QStringLiteral("requireApiKey")}, &error),
        QJsonValue(false));
}

void TestKeysController::allowedOriginsAreValidatedAndSaved()
{
    Rig rig;
    QVERIFY(rig.waitReady());
    QSignalSpy added(&rig.keys, &KeysController::originAdded);
    QSignalSpy settingsError(&rig.keys, &KeysController::settingsErrorChanged);
    rig.keys.addOrigin(QStringLiteral(" http://localhost:5173/ "));
    QVERIFY(added.wait(5000));
    QCOMPARE(rig.keys.allowedOrigins(), QStringList {QStringLiteral("http://localhost:5173")});
    QString error;
    QCOMPARE(ConfigFile::get(
                 rig.env.configPath(), {QStringLiteral("server"), QStringLiteral("allowedOrigins")}, &error),
        QJsonValue(QJsonArray {QStringLiteral("http://localhost:5173")}));
    TestClient client(rig.port);
    auto allowed = client.post("/v1/chat/completions",
        R"({"model":"mock-fast","messages":[{"role":"user","content":"hi"}]})",
        {{"origin", "http://localhost:5173"}});
    QVERIFY(TestClient::wait(allowed));
    QCOMPARE(allowed->status, 200);
    QCOMPARE(allowed->header("access-control-allow-origin"), QByteArray("http://localhost:5173"));

    rig.keys.addOrigin(QStringLiteral("localhost:5173/app"));
    QVERIFY(settingsError.wait(5000));
    QVERIFY2(rig.keys.settingsError().contains(QLatin1String("is not an origin")),
        qPrintable(rig.keys.settingsError()));
    QCOMPARE(rig.keys.allowedOrigins().size(), 1);
    QCOMPARE(added.count(), 1);

    rig.keys.removeOrigin(QStringLiteral("http://localhost:5173"));
    QTRY_COMPARE_WITH_TIMEOUT(rig.keys.allowedOrigins().size(), 0, 5000);
    QCOMPARE(rig.keys.settingsError(), QString()); // a change that worked clears the last error
    auto refused = client.post("/v1/chat/completions",
        R"({"model":"mock-fast","messages":[{"role":"user","content":"hi"}]})",
        {{"origin", "http://localhost:5173"}});
    QVERIFY(TestClient::wait(refused));
    QCOMPARE(refused->status, 403);
}

void TestKeysController::redactionRulesApplyAndAreSaved()
{
    Rig rig;
    QVERIFY(rig.waitReady());
    RedactionRuleModel *rules = rig.keys.redactionRules();
    QCOMPARE(rules->rowCount(), 5);
    QCOMPARE(rules->data(rules->index(0), RedactionRuleModel::EnabledRole).toBool(), false);
    QVERIFY(
        rig.chat(QString(), "Mail alice@example.com")->body.contains("alice@example.com")); // the mock echoes

    QSignalSpy settings(&rig.keys, &KeysController::settingsChanged);
    QSignalSpy changed(rules, &QAbstractItemModel::dataChanged);
    rig.keys.setRuleEnabled(QStringLiteral("email"), true);
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 5000);
    QCOMPARE(rules->data(rules->index(0), RedactionRuleModel::EnabledRole).toBool(), true);
    auto redacted = rig.chat(QString(), "Mail alice@example.com");
    QVERIFY2(!redacted->body.contains("alice@example.com") && redacted->body.contains("[EMAIL]"),
        redacted->body.constData());

    QSignalSpy ruleAdded(&rig.keys, &KeysController::customRuleAdded);
    rig.keys.addCustomRule(QStringLiteral("employee"), QStringLiteral("EMP-\\d{6}"), QString());
    QVERIFY(ruleAdded.wait(5000));
    QCOMPARE(rules->rowCount(), 6);
    QVERIFY(rig.chat(QString(), "I am EMP-123456")->body.contains("[EMPLOYEE]"));

    QSignalSpy settingsError(&rig.keys, &KeysController::settingsErrorChanged);
    rig.keys.addCustomRule(QStringLiteral("broken"), QStringLiteral("(unclosed"), QString());
    QVERIFY(settingsError.wait(5000));
    QVERIFY2(rig.keys.settingsError().contains(QLatin1String("invalid regular expression")),
        qPrintable(rig.keys.settingsError()));
    QCOMPARE(rules->rowCount(), 6);
    QCOMPARE(ruleAdded.count(), 1);

    const int before = settings.count();
    rig.keys.setRedactionTarget(QStringLiteral("logs"), true);
    QTRY_VERIFY_WITH_TIMEOUT(rig.keys.redactLogs(), 5000);
    QCOMPARE(settings.count(), before + 1);
    QCOMPARE(rig.keys.redactRequests(), true);

    QString error;
    const QJsonObject saved = ConfigFile::get(
        rig.env.configPath(), {QStringLiteral("guardrails"), QStringLiteral("redaction")}, &error)
                                  .toObject();
    QCOMPARE(saved.value(QLatin1String("rules")).toArray(), QJsonArray {QStringLiteral("email")});
    QCOMPARE(saved.value(QLatin1String("custom")).toArray().size(), 1);
    QCOMPARE(saved.value(QLatin1String("applyTo")).toArray(),
        (QJsonArray {QStringLiteral("requests"), QStringLiteral("logs")}));

    rig.keys.removeCustomRule(QStringLiteral("employee"));
    QTRY_COMPARE_WITH_TIMEOUT(rules->rowCount(), 5, 5000);
    QVERIFY(rig.chat(QString(), "I am EMP-123456")->body.contains("EMP-123456"));
}

void TestKeysController::budgetAlertReachesTheScreen()
{
    Rig rig;
    QVERIFY(rig.waitReady());
    // A soft budget of 40 tokens: one request of the mock (prompt + answer) is past its half.
    const QString secret = rig.create({{QStringLiteral("name"), QStringLiteral("tight")},
        {QStringLiteral("budgetTokens"), QStringLiteral("40")}, {QStringLiteral("hardBudget"), false}});
    QSignalSpy alerts(&rig.host, &EngineHost::budgetAlert);
    QSignalSpy budget(&rig.keys, &KeysController::budgetChanged);
    QCOMPARE(rig.chat(secret)->status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(alerts.count() >= 1, 5000);
    const auto alert = alerts.first().at(0).value<BudgetAlert>();
    QCOMPARE(alert.threshold, 50);
    QVERIFY2(alert.message.contains(QLatin1String("key 'tight'")), qPrintable(alert.message));
    QTRY_VERIFY_WITH_TIMEOUT(!rig.keys.alerts().isEmpty(), 5000);
    QVERIFY(budget.count() >= 1);
    QVERIFY2(
        rig.keys.alerts().join(u'\n').contains(alert.message), qPrintable(rig.keys.alerts().join(u'\n')));
}

void TestKeysController::keysChangedThroughTheEngineRefresh()
{
    Rig rig;
    QVERIFY(rig.waitReady());
    // A key made elsewhere (the admin API's path, in the engine thread) shows up without a poll.
    QSignalSpy inserted(rig.keys.keys(), &QAbstractItemModel::rowsInserted);
    rig.host.call(
        &rig.keys,
        [](Engine &engine, const EngineHost::Reply &reply) {
            engine.access().createKey(QJsonObject {{QLatin1String("name"), QStringLiteral("from-admin-api")}},
                [reply](const std::optional<GatewayError> &, const QJsonObject &key) { reply(key); });
        },
        [](const QJsonObject &) {});
    QTRY_COMPARE_WITH_TIMEOUT(inserted.count(), 1, 5000);
    QCOMPARE(role(rig.keys, KeyListModel::NameRole), QStringLiteral("from-admin-api"));
    QCOMPARE(rig.keys.watching(), false); // no polling needed for it
}

QTEST_MAIN(TestKeysController)
#include "tst_keyscontroller.moc"
