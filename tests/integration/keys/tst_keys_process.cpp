// SPDX-License-Identifier: MIT
// The real switchyard-gateway binary: no secret (provider key, virtual key, admin key) reaches
// the data dir, the config file, the logs or an error message; spend survives kill -9; a
// non-loopback address without required keys is refused at start.
#include "fakeupstream.h"
#include "gatewayprocess.h"
#include "protocol/chatrequest.h"
#include "testclient.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

using Headers = QList<QPair<QByteArray, QByteArray>>;

class TestKeysProcess : public QObject
{
    Q_OBJECT

    QString m_bin = qEnvironmentVariable("SWITCHYARD_GATEWAY_BIN");
    QTemporaryDir m_dir;

    int start(QProcess &p, const QStringList &args, const QProcessEnvironment &env);
    static bool finished(QProcess &p, int timeoutMs);
    static std::shared_ptr<TestResponse> call(TestClient &client, const QByteArray &method,
        const QByteArray &path, const QByteArray &body, const Headers &headers);
    QString writeConfig(const QString &name, const QByteArray &json);

private Q_SLOTS:
    void initTestCase();
    void noSecretReachesDiskLogsOrMessages();
    void killDashNineKeepsSpendAndReservations();
    void nonLoopbackWithoutKeysRefusesToStart();
};

int TestKeysProcess::start(QProcess &p, const QStringList &args, const QProcessEnvironment &env)
{
    return GatewayProcess::start(p, m_bin, args, env);
}

bool TestKeysProcess::finished(QProcess &p, int timeoutMs)
{
    return GatewayProcess::finished(p, timeoutMs);
}

std::shared_ptr<TestResponse> TestKeysProcess::call(TestClient &client, const QByteArray &method,
    const QByteArray &path, const QByteArray &body, const Headers &headers)
{
    Headers h = headers;
    h.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    auto r = client.send(method, path, body, h);
    TestClient::wait(r, 15000);
    return r;
}

QString TestKeysProcess::writeConfig(const QString &name, const QByteArray &json)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(json);
    return path;
}

void TestKeysProcess::initTestCase()
{
    QVERIFY2(QFile::exists(m_bin), "SWITCHYARD_GATEWAY_BIN must point at switchyard-gateway");
}

void TestKeysProcess::noSecretReachesDiskLogsOrMessages()
{
    const QByteArray providerKey
        = "sk-provider-secret-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    const QByteArray vaultKey
        = "sk-vault-secret-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    const QByteArray echoKey
        = "sk-echoed-secret-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    const QByteArray adminKey
        = "admin-secret-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    FakeUpstream up;
    QVERIFY(up.listen());
    // The upstream refuses keys it does not know, echoing them the way OpenAI's 401 does.
    up.setHandler([&](const FakeRequest &req) {
        const QByteArray auth = req.header("authorization");
        const QString model = req.json().value(QLatin1String("model")).toString();
        if (model == QLatin1String("echo-model"))
            return FakeReply::json(401,
                QByteArray(R"({"error":{"message":"Incorrect API key provided: )") + auth.mid(7)
                    + R"(. You can find your API key at https://example.test.","type":"invalid_request_error","code":"invalid_api_key"}})");
        if (auth != "Bearer " + providerKey && auth != "Bearer " + vaultKey)
            return FakeReply::json(401, QByteArray(R"({"error":{"message":"bad key"}})"));
        return FakeUpstream::openAIDefault(req);
    });
    const QString config = writeConfig(QStringLiteral("secrets.json"),
        QStringLiteral(R"({
          "server": { "adminKey": "${SWITCHYARD_ADMIN_KEY}" },
          "secrets": { "store": "environment" },
          "providers": [
            { "id": "fake", "type": "openai", "baseUrl": "%1", "apiKey": "${TEST_PROVIDER_KEY}", "models": ["fake-model"] },
            { "id": "vault", "type": "openai", "baseUrl": "%1", "apiKey": "keychain:vault", "models": ["vault-model"] },
            { "id": "echo", "type": "openai", "baseUrl": "%1", "apiKey": "${TEST_ECHO_KEY}", "models": ["echo-model"] }
          ],
          "budgets": { "global": { "usd": 100 } }
        })")
            .arg(up.baseUrl())
            .toUtf8());
    const QString dataDir = m_dir.filePath(QStringLiteral("secrets-data"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TEST_PROVIDER_KEY"), QString::fromLatin1(providerKey));
    env.insert(QStringLiteral("SWITCHYARD_SECRET_VAULT"), QString::fromLatin1(vaultKey));
    env.insert(QStringLiteral("TEST_ECHO_KEY"), QString::fromLatin1(echoKey));
    env.insert(QStringLiteral("SWITCHYARD_ADMIN_KEY"), QString::fromLatin1(adminKey));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("switchyard.*.debug=true"));
    QProcess p;
    const int port = start(p,
        {QStringLiteral("--config"), config, QStringLiteral("--port"), QStringLiteral("0"),
            QStringLiteral("--data-dir"), dataDir},
        env);
    if (port <= 0) // (QVERIFY2 would read stderr even on success, and the log check needs it)
        QFAIL(p.readAllStandardError().constData());
    TestClient client {quint16(port)};
    const Headers admin {{"Authorization", "Bearer " + adminKey}};
    QList<std::shared_ptr<TestResponse>> answers; // every answer but the one that shows the new key

    auto created
        = call(client, "POST", "/api/admin/keys", R"({"name":"leak-check","budget":{"usd":5}})", admin);
    QCOMPARE(created->status, 201);
    const QByteArray virtualKey = created->json().value(QLatin1String("key")).toString().toLatin1();
    const QByteArray keyId = created->json().value(QLatin1String("id")).toString().toLatin1();
    QVERIFY(virtualKey.startsWith("sy-"));
    const Headers user {{"Authorization", "Bearer " + virtualKey}};
    auto chatWith = [](const char *model, bool stream) {
        return QStringLiteral(R"({"model":"%1","stream":%2,"messages":[{"role":"user","content":"hello"}]})")
            .arg(QLatin1String(model), stream ? QStringLiteral("true") : QStringLiteral("false"))
            .toUtf8();
    };
    answers << call(client, "POST", "/v1/chat/completions", chatWith("fake-model", false), user);
    QCOMPARE(answers.last()->status, 200);
    answers << call(client, "POST", "/v1/chat/completions", chatWith("fake-model", true), user);
    QCOMPARE(answers.last()->status, 200);
    // The keychain: reference (here from the environment) resolves asynchronously at start.
    QTRY_VERIFY_WITH_TIMEOUT(
        (answers << call(client, "POST", "/v1/chat/completions", chatWith("vault-model", false), user),
            answers.last()->status == 200),
        5000);
    auto echoed = call(client, "POST", "/v1/chat/completions", chatWith("echo-model", false), user);
    answers << echoed;
    QCOMPARE(echoed->status, 502);
    QVERIFY2(echoed->body.contains("Incorrect API key provided"), echoed->body.constData());
    answers << call(client, "POST", "/v1/chat/completions", chatWith("fake-model", false),
        {{"Authorization", "Bearer " + virtualKey.left(20) + "XXXXXXXXXXXXXXXXXXXXXXXX"}});
    QCOMPARE(answers.last()->status, 401);
    answers << call(client, "GET", "/api/admin/keys", {}, {{"Authorization", "Bearer " + adminKey.left(8)}});
    QCOMPARE(answers.last()->status, 401);
    answers << call(client, "GET", "/api/admin/keys", {}, admin);
    answers << call(client, "PATCH", "/api/admin/keys/" + keyId, R"({"limits":{"rpm":100}})", admin);
    answers << call(client, "PUT", "/api/admin/budget", R"({"global":{"usd":50,"period":"week"}})", admin);
    QCOMPARE(answers.last()->status, 200);
    answers << call(client, "GET", "/api/budget", {}, admin);
    answers << call(client, "GET", "/api/logs?limit=100", {}, {});
    answers << call(client, "GET", "/health", {}, {});
    // The keys were really used upstream.
    QSet<QByteArray> presented;
    for (const FakeRequest &r : up.requests())
        presented.insert(r.header("authorization"));
    QVERIFY(presented.contains("Bearer " + providerKey));
    QVERIFY(presented.contains("Bearer " + vaultKey));
    QVERIFY(presented.contains("Bearer " + echoKey));

    ::kill(pid_t(p.processId()), SIGTERM);
    QVERIFY(finished(p, 15000));
    QCOMPARE(p.exitCode(), 0);
    const QByteArray logs = p.readAllStandardOutput() + p.readAllStandardError();
    QVERIFY2(logs.contains("switchyard.engine"), logs.constData()); // the logs were captured

    struct Place
    {
        QString name;
        QByteArray bytes;
    };
    QList<Place> places {{QStringLiteral("stdout+stderr"), logs}};
    QFile cfg(config);
    QVERIFY(cfg.open(QIODevice::ReadOnly));
    places.append({config, cfg.readAll()});
    QVERIFY(places.last().bytes.contains("${SWITCHYARD_ADMIN_KEY}")); // the PUT kept references as written
    QVERIFY(places.last().bytes.contains("\"week\""));
    QDirIterator files(dataDir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    int fileCount = 0;
    while (files.hasNext()) {
        QFile f(files.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        places.append({f.fileName(), f.readAll()});
        ++fileCount;
    }
    QVERIFY(fileCount >= 1);
    for (qsizetype i = 0; i < answers.size(); ++i) {
        QByteArray text;
        for (const auto &h : answers.at(i)->head.headers)
            text += h.first + ": " + h.second + '\n';
        places.append({QStringLiteral("answer %1").arg(i), text + answers.at(i)->body});
    }
    places.append({QStringLiteral("creation answer"), created->body.replace(virtualKey, "<shown once>")});
    const QList<QPair<const char *, QByteArray>> secrets {{"provider key", providerKey},
        {"keychain key", vaultKey}, {"echoed provider key", echoKey}, {"virtual key", virtualKey},
        {"admin key", adminKey}};
    int checked = 0;
    for (const Place &place : std::as_const(places)) {
        for (const auto &secret : secrets) {
            ++checked;
            QVERIFY2(!place.bytes.contains(secret.second),
                qPrintable(
                    QStringLiteral("the %1 appears in %2").arg(QLatin1String(secret.first), place.name)));
            // Half of a key is still too much.
            QVERIFY2(
                !place.bytes.contains(secret.second.mid(secret.second.size() / 4, secret.second.size() / 2)),
                qPrintable(QStringLiteral("part of the %1 appears in %2")
                               .arg(QLatin1String(secret.first), place.name)));
        }
    }
    qInfo("secrets grep: %d secrets x %lld places (%d data files, config, logs, %lld answers): none found",
        int(secrets.size()), qint64(places.size()), fileCount, qint64(answers.size()) + 1);
    Q_UNUSED(checked)
}

void TestKeysProcess::killDashNineKeepsSpendAndReservations()
{
    FakeUpstream up;
    QVERIFY(up.listen());
    up.setHandler([](const FakeRequest &req) {
        FakeReply r = FakeReply::json(200,
            FakeUpstream::completion(
                req.json().value(QLatin1String("model")).toString(), QStringLiteral("ok"), 10, 20));
        if (req.json()
                .value(QLatin1String("messages"))
                .toArray()
                .first()
                .toObject()
                .value(QLatin1String("content"))
                .toString()
            == QLatin1String("slow"))
            r.hang = true; // still in flight when the gateway dies
        return r;
    });
    const QString config = writeConfig(QStringLiteral("kill9.json"),
        QStringLiteral(R"({
          "server": { "adminKey": "kill9-admin" },
          "providers": [ { "id": "fake", "type": "openai", "baseUrl": "%1", "models": ["priced"] } ],
          "models": [ { "id": "priced", "inputPer1M": 1000, "outputPer1M": 1000, "contextWindow": 100000 } ]
        })")
            .arg(up.baseUrl())
            .toUtf8());
    const QString dataDir = m_dir.filePath(QStringLiteral("kill9-data"));
    const QStringList args {QStringLiteral("--config"), config, QStringLiteral("--port"), QStringLiteral("0"),
        QStringLiteral("--data-dir"), dataDir};
    const Headers admin {{"Authorization", "Bearer kill9-admin"}};
    QProcess p;
    const int port = start(p, args, QProcessEnvironment::systemEnvironment());
    if (port <= 0) // (QVERIFY2 would read stderr even on success, and the log check needs it)
        QFAIL(p.readAllStandardError().constData());
    TestClient client {quint16(port)};
    auto created = call(
        client, "POST", "/api/admin/keys", R"({"name":"k9","budget":{"usd":100,"period":"month"}})", admin);
    QCOMPARE(created->status, 201);
    const QByteArray key = created->json().value(QLatin1String("key")).toString().toLatin1();
    const QByteArray id = created->json().value(QLatin1String("id")).toString().toLatin1();
    const Headers user {{"Authorization", "Bearer " + key}};
    for (int i = 0; i < 5; ++i)
        QCOMPARE(
            call(client, "POST", "/v1/chat/completions",
                R"({"model":"priced","max_tokens":50,"messages":[{"role":"user","content":"quick"}]})", user)
                ->status,
            200);
    const QJsonObject before = call(client, "GET", "/api/admin/keys/" + id, {}, admin)
                                   ->json()
                                   .value(QLatin1String("spend"))
                                   .toObject();
    QCOMPARE(before.value(QLatin1String("requests")).toInt(), 5);
    QVERIFY(qAbs(before.value(QLatin1String("usd")).toDouble() - 5 * 30 * 0.001) < 1e-9);
    // One more, still waiting on the upstream when the process is killed.
    const QByteArray slow
        = R"({"model":"priced","max_tokens":500,"messages":[{"role":"user","content":"slow"}]})";
    GatewayError e;
    const double reserved = (ChatRequest::fromOpenAI(slow, &e)->estimatedPromptTokens + 500) * 0.001;
    const int seen = int(up.requests().size());
    auto inFlight = client.post("/v1/chat/completions", slow, user);
    QTRY_VERIFY_WITH_TIMEOUT(up.requests().size() > seen, 5000);
    const QJsonObject during = call(client, "GET", "/api/admin/keys/" + id, {}, admin)
                                   ->json()
                                   .value(QLatin1String("spend"))
                                   .toObject();
    QVERIFY(qAbs(during.value(QLatin1String("reservedUsd")).toDouble() - reserved) < 1e-9);
    QTest::qWait(50); // the reservation is handed to the store thread at once; let it commit
    ::kill(pid_t(p.processId()), SIGKILL);
    QVERIFY(finished(p, 5000));
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);

    QProcess again;
    const int port2 = start(again, args, QProcessEnvironment::systemEnvironment());
    if (port2 <= 0)
        QFAIL(again.readAllStandardError().constData());
    TestClient client2 {quint16(port2)};
    auto listed = call(client2, "GET", "/api/admin/keys/" + id, {}, admin);
    QCOMPARE(listed->status, 200);
    const QJsonObject after = listed->json().value(QLatin1String("spend")).toObject();
    const double spentBefore = before.value(QLatin1String("usd")).toDouble();
    const double spentAfter = after.value(QLatin1String("usd")).toDouble();
    qInfo("kill -9: spend before $%.4f (5 requests) + $%.4f reserved in flight -> after restart $%.4f, %d "
          "requests",
        spentBefore, reserved, spentAfter, after.value(QLatin1String("requests")).toInt());
    QVERIFY(qAbs(spentAfter - (spentBefore + reserved)) < 1e-9); // nothing forgotten, worst case kept
    QCOMPARE(after.value(QLatin1String("requests")).toInt(), 6);
    QCOMPARE(after.value(QLatin1String("reservedUsd")).toDouble(), 0.0);
    // The key still works after the restart.
    up.setHandler({});
    QCOMPARE(call(client2, "POST", "/v1/chat/completions",
                 R"({"model":"priced","max_tokens":50,"messages":[{"role":"user","content":"again"}]})", user)
                 ->status,
        200);
    ::kill(pid_t(again.processId()), SIGTERM);
    QVERIFY(finished(again, 15000));
}

void TestKeysProcess::nonLoopbackWithoutKeysRefusesToStart()
{
    const QString config
        = writeConfig(QStringLiteral("open.json"), R"({"providers":[{"id":"mock","type":"mock"}]})");
    QProcess p;
    p.start(m_bin,
        {QStringLiteral("--config"), config, QStringLiteral("--host"), QStringLiteral("0.0.0.0"),
            QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data-dir"),
            m_dir.filePath(QStringLiteral("open-data"))});
    QVERIFY(finished(p, 10000));
    QVERIFY(p.exitCode() != 0);
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(err.startsWith("switchyard-gateway: refusing to listen on 0.0.0.0"), err.constData());
    QVERIFY(err.contains("server.requireApiKey"));
    QCOMPARE(err.count('\n'), 1); // one clear line
    QVERIFY(p.readAllStandardOutput().isEmpty()); // never said it was listening
}

QTEST_GUILESS_MAIN(TestKeysProcess)
#include "tst_keys_process.moc"
