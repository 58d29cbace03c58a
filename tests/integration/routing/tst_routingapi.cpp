// SPDX-License-Identifier: MIT
// The routing endpoints through real sockets: /api/route/explain, preview and what-if, the admin
// API for routing and providers (auth, persistence to the config file, bad input), /api/providers
// and /api/circuit-breakers, and x-gateway's routing decision on live auto requests.
#include "engine/engine.h"
#include "engine/options.h"
#include "fakeupstream.h"
#include "reliability/providermonitor.h"
#include "testclient.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using Headers = QList<QPair<QByteArray, QByteArray>>;

namespace {

const QByteArray AdminKey = "test-admin-key-0123456789";

QByteArray chatBody(
    const QString &model, const QString &text = QStringLiteral("Hi there!"), const QJsonObject &extra = {})
{
    QJsonObject body {{QLatin1String("model"), model},
        {QLatin1String("messages"),
            QJsonArray {QJsonObject {
                {QLatin1String("role"), QStringLiteral("user")}, {QLatin1String("content"), text}}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QByteArray json(const QJsonValue &v)
{
    return v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                       : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
}

} // namespace

class TestRoutingApi : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_configPath;
    FakeUpstream m_up; ///< provider "up": thrifty, premium
    FakeUpstream m_second;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<TestClient> m_client;

    std::shared_ptr<TestResponse> send(const QByteArray &method, const QByteArray &path,
        const QByteArray &body = {}, Headers headers = {{"Authorization", "Bearer " + AdminKey}})
    {
        if (!body.isEmpty())
            headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        auto r = m_client->send(method, path, body, headers);
        if (!TestClient::wait(r))
            qWarning("request timed out");
        return r;
    }

    QJsonObject fileRoot() const
    {
        QFile f(m_configPath);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }

    QString autoWinner(const QString &text = QStringLiteral("Hi there!"))
    {
        auto r = send("POST", "/v1/chat/completions", chatBody(QStringLiteral("auto"), text), {});
        return r->json()
            .value(QLatin1String("x-gateway"))
            .toObject()
            .value(QLatin1String("model"))
            .toString();
    }

    static QString errorCode(const std::shared_ptr<TestResponse> &r)
    {
        return r->json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString();
    }

private Q_SLOTS:
    void initTestCase();
    void init();
    void explainReturnsThePlanWithoutCallingAnyone();
    void explainWhenNothingFits();
    void explainBadInput();
    void liveAutoRequestsCarryTheDecision();
    void adminNeedsTheKey();
    void adminRoutingRoundTripAppliesAndPersists();
    void adminRoutingRefusesBadInput();
    void adminProvidersRoundTripKeepsSecrets();
    void adminProvidersAddAndRefuse();
    void testProviderProbesWithoutSaving();
    void providersAndCircuitBreakers();
    void previewPlansEditedSettingsWithoutApplying();
    void whatIfReplaysLoggedRequests();
};

void TestRoutingApi::initTestCase()
{
    QVERIFY(m_up.listen());
    QVERIFY(m_second.listen());
    qputenv("SY_TEST_ROUTING_REFERER", "https://example.test");
    m_configPath = m_dir.filePath(QStringLiteral("config.json"));
    const QByteArray config = QStringLiteral(R"({
        "server": { "adminKey": "%1" },
        "providers": [
          { "id": "mock", "type": "mock", "paceMs": 0 },
          { "id": "up", "type": "openai", "baseUrl": "%2", "apiKey": "sk-literal-secret-1234",
            "models": ["thrifty", "premium"], "headers": { "HTTP-Referer": "${SY_TEST_ROUTING_REFERER}" } }
        ],
        "models": [
          { "id": "thrifty", "inputPer1M": 0.1, "outputPer1M": 0.2, "quality": 70, "contextWindow": 64000,
            "capabilities": ["tools"], "typicalTtftMs": 100 },
          { "id": "premium", "inputPer1M": 5, "outputPer1M": 20, "quality": 95, "contextWindow": 200000,
            "capabilities": ["tools", "vision"], "typicalTtftMs": 900 }
        ],
        "routing": { "strategy": "balanced", "healthCheckIntervalMs": 0 }
    })")
                                  .arg(QString::fromLatin1(AdminKey), m_up.baseUrl())
                                  .toUtf8();
    QFile f(m_configPath);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(config);
    f.close();
    QString error;
    auto loaded = Config::load(m_configPath, false, &error);
    QVERIFY2(loaded, qPrintable(error));
    EngineOptions options;
    options.config = *loaded;
    options.config.server.port = 0;
    options.configPath = m_configPath;
    options.dataDir = m_dir.path();
    m_engine = std::make_unique<Engine>(options);
    QVERIFY2(m_engine->start(&error), qPrintable(error));
    m_client = std::make_unique<TestClient>(m_engine->port());
}

void TestRoutingApi::init()
{
    m_up.reset();
    m_engine->monitor().resetAll();
}

void TestRoutingApi::explainReturnsThePlanWithoutCallingAnyone()
{
    auto r = send("POST", "/api/route/explain",
        R"({"messages":[{"role":"user","content":"Prove that there are infinitely many primes, step by step."}]})",
        {});
    QCOMPARE(r->status, 200);
    const QJsonObject plan = r->json();
    QCOMPARE(plan.value(QLatin1String("object")).toString(), QStringLiteral("route.plan"));
    QCOMPARE(plan.value(QLatin1String("routable")).toBool(), true);
    QCOMPARE(plan.value(QLatin1String("requested_model")).toString(), QStringLiteral("auto"));
    QCOMPARE(plan.value(QLatin1String("strategy")).toString(), QStringLiteral("balanced"));
    QVERIFY(plan.value(QLatin1String("traits")).toArray().contains(QStringLiteral("math")));
    const QJsonArray candidates = plan.value(QLatin1String("candidates")).toArray();
    QCOMPARE(candidates.size(), 2);
    // Balanced: the cheap quick model is close enough to the math target to win on price and speed.
    QCOMPARE(
        candidates.first().toObject().value(QLatin1String("model")).toString(), QStringLiteral("thrifty"));
    QVERIFY(!plan.value(QLatin1String("decision")).toString().isEmpty());
    for (const QJsonValue &c : candidates)
        QVERIFY(c.toObject().value(QLatin1String("reason")).toString().contains(QStringLiteral("cost")));
    bool mockExcluded = false;
    for (const QJsonValue &e : plan.value(QLatin1String("excluded")).toArray())
        mockExcluded |= e.toObject().value(QLatin1String("provider")).toString() == QLatin1String("mock");
    QVERIFY(mockExcluded);
    QCOMPARE(m_up.requests().size(), 0); // nobody was called

    // The request's own strategy, as a header or a body field.
    r = send("POST", "/api/route/explain", chatBody(QStringLiteral("auto")),
        {{"x-switchyard-routing-strategy", "quality"}});
    QCOMPARE(r->json().value(QLatin1String("strategy_source")).toString(), QStringLiteral("request"));
    QCOMPARE(r->json().value(QLatin1String("winner")).toObject().value(QLatin1String("model")).toString(),
        QStringLiteral("premium"));
    r = send("POST", "/api/route/explain",
        chatBody(QStringLiteral("auto"), QStringLiteral("Hi"),
            {{QLatin1String("x-routing-strategy"), QStringLiteral("cost")}}),
        {});
    QCOMPARE(r->json().value(QLatin1String("winner")).toObject().value(QLatin1String("model")).toString(),
        QStringLiteral("thrifty"));
    // An explicit model explains too (no scoring).
    r = send("POST", "/api/route/explain", chatBody(QStringLiteral("premium")), {});
    QCOMPARE(r->status, 200);
    QCOMPARE(r->json().value(QLatin1String("scored")).toBool(), false);
    QCOMPARE(r->json()
                 .value(QLatin1String("candidates"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("provider"))
                 .toString(),
        QStringLiteral("up"));
    QCOMPARE(m_up.requests().size(), 0);
}

void TestRoutingApi::explainWhenNothingFits()
{
    // No context window holds 500k tokens of answer (the mock's neither, so it cannot stand in).
    const QJsonObject huge {{QLatin1String("max_tokens"), 500000}};
    auto r = send("POST", "/api/route/explain",
        chatBody(QStringLiteral("auto"), QStringLiteral("List three colours."), huge), {});
    QCOMPARE(r->status, 200);
    const QJsonObject plan = r->json();
    QCOMPARE(plan.value(QLatin1String("routable")).toBool(), false);
    QCOMPARE(plan.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
        QStringLiteral("no_model_fits"));
    QVERIFY(plan.value(QLatin1String("candidates")).toArray().isEmpty());
    const QJsonArray excluded = plan.value(QLatin1String("excluded")).toArray();
    QVERIFY(excluded.size() >= 2);
    for (const QJsonValue &e : excluded) {
        if (e.toObject().value(QLatin1String("provider")).toString() == QLatin1String("up"))
            QVERIFY(e.toObject()
                        .value(QLatin1String("reason"))
                        .toString()
                        .contains(QStringLiteral("context window")));
    }
    // The live request gets the 400 with the same reasons.
    r = send("POST", "/v1/chat/completions",
        chatBody(QStringLiteral("auto"), QStringLiteral("List three colours."), huge), {});
    QCOMPARE(r->status, 400);
    QCOMPARE(errorCode(r), QStringLiteral("no_model_fits"));
    QVERIFY(r->json()
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .contains(QStringLiteral("too small a context window")));
}

void TestRoutingApi::explainBadInput()
{
    auto r = send("POST", "/api/route/explain", "{not json", {});
    QCOMPARE(r->status, 400);
    QCOMPARE(errorCode(r), QStringLiteral("invalid_json"));
    r = send("POST", "/api/route/explain", chatBody(QStringLiteral("gpt-9")), {});
    QCOMPARE(r->status, 404);
    QCOMPARE(errorCode(r), QStringLiteral("model_not_found"));
    r = send("POST", "/api/route/explain", chatBody(QStringLiteral("auto")),
        {{"x-switchyard-routing-strategy", "yolo"}});
    QCOMPARE(r->status, 400);
    QCOMPARE(errorCode(r), QStringLiteral("invalid_routing_strategy"));
    r = send("POST", "/api/route/explain", R"({"model":"auto","messages":"hi"})", {});
    QCOMPARE(r->status, 400);
    r = send("GET", "/api/route/explain", {}, {});
    QCOMPARE(r->status, 405);
}

void TestRoutingApi::liveAutoRequestsCarryTheDecision()
{
    auto r = send("POST", "/v1/chat/completions", chatBody(QStringLiteral("auto")), {});
    QCOMPARE(r->status, 200);
    const QJsonObject gw = r->json().value(QLatin1String("x-gateway")).toObject();
    QCOMPARE(gw.value(QLatin1String("model")).toString(), QStringLiteral("thrifty"));
    QCOMPARE(gw.value(QLatin1String("strategy")).toString(), QStringLiteral("balanced"));
    QVERIFY(gw.value(QLatin1String("score")).toDouble() > 0);
    QVERIFY(gw.value(QLatin1String("routing_decision"))
                .toString()
                .contains(QStringLiteral("best balanced score")));
    const QJsonObject route = gw.value(QLatin1String("route")).toObject();
    QCOMPARE(route.value(QLatin1String("winner")).toObject().value(QLatin1String("model")).toString(),
        QStringLiteral("thrifty"));
    QCOMPARE(route.value(QLatin1String("runner_up")).toObject().value(QLatin1String("model")).toString(),
        QStringLiteral("premium"));
    QVERIFY(route.value(QLatin1String("runner_up")).toObject().value(QLatin1String("score")).toDouble()
        < route.value(QLatin1String("winner")).toObject().value(QLatin1String("score")).toDouble());
    QVERIFY(route.value(QLatin1String("classification")).toString().contains(QStringLiteral("simple")));
    QCOMPARE(
        m_up.requests().first().json().value(QLatin1String("model")).toString(), QStringLiteral("thrifty"));
    // Streams carry it in the last chunk.
    QJsonObject stream {{QLatin1String("stream"), true}};
    r = send(
        "POST", "/v1/chat/completions", chatBody(QStringLiteral("auto"), QStringLiteral("Hi"), stream), {});
    QCOMPARE(r->events.last(), QByteArray("[DONE]"));
    const QJsonObject last = QJsonDocument::fromJson(r->events.at(r->events.size() - 2)).object();
    QVERIFY(last.value(QLatin1String("x-gateway"))
                .toObject()
                .value(QLatin1String("route"))
                .toObject()
                .contains(QLatin1String("winner")));
}

void TestRoutingApi::adminNeedsTheKey()
{
    auto r = send("GET", "/api/admin/routing", {}, {});
    QCOMPARE(r->status, 401);
    QCOMPARE(errorCode(r), QStringLiteral("invalid_admin_key"));
    r = send("PUT", "/api/admin/routing", R"({"strategy":"cost"})", {{"Authorization", "Bearer wrong"}});
    QCOMPARE(r->status, 401);
    r = send("GET", "/api/admin/providers", {}, {{"Authorization", "Bearer wrong"}});
    QCOMPARE(r->status, 401);
    QVERIFY(!r->body.contains("sk-literal"));
    QCOMPARE(
        fileRoot().value(QLatin1String("routing")).toObject().value(QLatin1String("strategy")).toString(),
        QStringLiteral("balanced"));
}

void TestRoutingApi::adminRoutingRoundTripAppliesAndPersists()
{
    auto r = send("GET", "/api/admin/routing");
    QCOMPARE(r->status, 200);
    QJsonObject routing = r->json();
    QCOMPARE(routing.value(QLatin1String("strategy")).toString(), QStringLiteral("balanced"));
    QVERIFY(routing.contains(QLatin1String("circuitBreaker")));
    QCOMPARE(autoWinner(), QStringLiteral("thrifty"));
    // Quality-only weights: the very next request goes elsewhere.
    routing.insert(QLatin1String("strategy"), QStringLiteral("custom"));
    routing.insert(QLatin1String("weights"),
        QJsonObject {
            {QLatin1String("cost"), 0}, {QLatin1String("quality"), 1}, {QLatin1String("latency"), 0}});
    r = send("PUT", "/api/admin/routing", json(routing));
    QCOMPARE(r->status, 200);
    QCOMPARE(r->json().value(QLatin1String("strategy")).toString(), QStringLiteral("custom"));
    QCOMPARE(autoWinner(), QStringLiteral("premium"));
    // Saved as written: the file has the new routing, and the rest is untouched (the ${ENV}
    // reference stays a reference; the literal key is still the literal key).
    const QJsonObject file = fileRoot();
    QCOMPARE(file.value(QLatin1String("routing")).toObject().value(QLatin1String("strategy")).toString(),
        QStringLiteral("custom"));
    QVERIFY(QFile(m_configPath).open(QIODevice::ReadOnly));
    QFile raw(m_configPath);
    QVERIFY(raw.open(QIODevice::ReadOnly));
    const QByteArray text = raw.readAll();
    QVERIFY(text.contains("${SY_TEST_ROUTING_REFERER}"));
    QVERIFY(!text.contains("https://example.test"));
    // What is on disk is what a restart would load.
    QString error;
    auto reloaded = Config::load(m_configPath, false, &error);
    QVERIFY2(reloaded, qPrintable(error));
    QCOMPARE(reloaded->routing.qualityWeight, 1.0);
    // Back to cost: back to the cheap model.
    r = send("PUT", "/api/admin/routing", R"({"strategy":"cost","healthCheckIntervalMs":0})");
    QCOMPARE(r->status, 200);
    QCOMPARE(autoWinner(), QStringLiteral("thrifty"));
    QCOMPARE(r->json().value(QLatin1String("retry")).toObject().value(QLatin1String("retries")).toInt(),
        1); // defaults
}

void TestRoutingApi::adminRoutingRefusesBadInput()
{
    const QByteArray before = [this] {
        QFile f(m_configPath);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    auto r = send("PUT", "/api/admin/routing", "{nope");
    QCOMPARE(r->status, 400);
    QCOMPARE(errorCode(r), QStringLiteral("invalid_json"));
    r = send("PUT", "/api/admin/routing", "[1,2]");
    QCOMPARE(r->status, 400);
    QCOMPARE(errorCode(r), QStringLiteral("invalid_config"));
    r = send("PUT", "/api/admin/routing", R"({"strategy":"random"})");
    QCOMPARE(r->status, 400);
    QCOMPARE(errorCode(r), QStringLiteral("invalid_config"));
    QVERIFY(r->json()
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .startsWith(QStringLiteral("routing.strategy")));
    r = send("PUT", "/api/admin/routing", R"({"circuitBreaker":{"cooldownMs":"soon"}})");
    QCOMPARE(r->status, 400);
    QVERIFY(r->json()
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .contains(QStringLiteral("routing.circuitBreaker.cooldownMs")));
    QFile f(m_configPath);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before); // a refused change leaves the file as it was
    r = send("GET", "/api/admin/routing");
    QVERIFY(r->json().value(QLatin1String("strategy")).toString() != QLatin1String("random"));
}

void TestRoutingApi::adminProvidersRoundTripKeepsSecrets()
{
    auto r = send("GET", "/api/admin/providers");
    QCOMPARE(r->status, 200);
    QVERIFY(!r->body.contains("sk-literal-secret-1234"));
    const QJsonArray providers = QJsonDocument::fromJson(r->body).array();
    QCOMPARE(providers.size(), 2);
    const QJsonObject up = providers.at(1).toObject();
    QCOMPARE(up.value(QLatin1String("apiKey")).toString(), QStringLiteral("sk-...1234"));
    QCOMPARE(up.value(QLatin1String("headers")).toObject().value(QLatin1String("HTTP-Referer")).toString(),
        QStringLiteral("${SY_TEST_ROUTING_REFERER}"));
    // PUT back what GET gave (masked key): the stored key stays.
    r = send("PUT", "/api/admin/providers", json(providers));
    QCOMPARE(r->status, 200);
    QFile f(m_configPath);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(text.contains("sk-literal-secret-1234"));
    QVERIFY(!text.contains("sk-...1234"));
    // ...and the upstream still gets the real key.
    send("POST", "/v1/chat/completions", chatBody(QStringLiteral("thrifty")), {});
    QCOMPARE(m_up.requests().last().header("Authorization"), QByteArray("Bearer sk-literal-secret-1234"));
}

void TestRoutingApi::adminProvidersAddAndRefuse()
{
    auto r = send("GET", "/api/admin/providers");
    QJsonArray providers = QJsonDocument::fromJson(r->body).array();
    providers.append(QJsonObject {{QLatin1String("id"), QStringLiteral("second")},
        {QLatin1String("type"), QStringLiteral("openai")}, {QLatin1String("baseUrl"), m_second.baseUrl()},
        {QLatin1String("models"), QJsonArray {QStringLiteral("extra-model")}}});
    r = send("PUT", "/api/admin/providers", json(providers));
    QCOMPARE(r->status, 200);
    // The next request can use it, with no restart.
    r = send("POST", "/v1/chat/completions", chatBody(QStringLiteral("extra-model")), {});
    QCOMPARE(r->status, 200);
    QCOMPARE(
        r->json().value(QLatin1String("x-gateway")).toObject().value(QLatin1String("provider")).toString(),
        QStringLiteral("second"));
    QCOMPARE(m_second.requests().size(), 1);
    // Bad input names the JSON path; nothing changes.
    QJsonArray dup = providers;
    dup.append(providers.at(0));
    r = send("PUT", "/api/admin/providers", json(dup));
    QCOMPARE(r->status, 400);
    QVERIFY(r->json()
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .contains(QStringLiteral("duplicate provider id")));
    QJsonArray badUrl = providers;
    QJsonObject second = badUrl.at(2).toObject();
    second.insert(QLatin1String("baseUrl"), QStringLiteral("ftp://nowhere"));
    badUrl.replace(2, second);
    r = send("PUT", "/api/admin/providers", json(badUrl));
    QCOMPARE(r->status, 400);
    QVERIFY(r->json()
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .startsWith(QStringLiteral("providers[2].baseUrl")));
    r = send("PUT", "/api/admin/providers", R"({"id":"x"})");
    QCOMPARE(r->status, 400);
    r = send("POST", "/v1/chat/completions", chatBody(QStringLiteral("extra-model")), {});
    QCOMPARE(r->status, 200); // the refused changes changed nothing
    // Disable it again: the model is gone at once.
    second = providers.at(2).toObject();
    second.insert(QLatin1String("enabled"), false);
    providers.replace(2, second);
    r = send("PUT", "/api/admin/providers", json(providers));
    QCOMPARE(r->status, 200);
    r = send("POST", "/v1/chat/completions", chatBody(QStringLiteral("extra-model")), {});
    QCOMPARE(r->status, 404);
}

void TestRoutingApi::testProviderProbesWithoutSaving()
{
    const QByteArray before = [this] {
        QFile f(m_configPath);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    auto r = send("POST", "/api/admin/providers/test",
        json(QJsonObject {{QLatin1String("id"), QStringLiteral("candidate")},
            {QLatin1String("type"), QStringLiteral("openai")},
            {QLatin1String("baseUrl"), m_second.baseUrl()}}));
    QCOMPARE(r->status, 200);
    QCOMPARE(r->json().value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(r->json().value(QLatin1String("status")).toInt(), 200);
    QVERIFY(r->json()
                .value(QLatin1String("models"))
                .toArray()
                .contains(QStringLiteral("fake-model"))); // discovered
    r = send("POST", "/api/admin/providers/test",
        json(QJsonObject {{QLatin1String("id"), QStringLiteral("nowhere")},
            {QLatin1String("type"), QStringLiteral("openai")},
            {QLatin1String("baseUrl"), QStringLiteral("http://127.0.0.1:1/v1")},
            {QLatin1String("connectTimeoutMs"), 1000}}));
    QCOMPARE(r->status, 200);
    QCOMPARE(r->json().value(QLatin1String("ok")).toBool(), false);
    QCOMPARE(r->json().value(QLatin1String("reachable")).toBool(), false);
    QVERIFY(r->json().value(QLatin1String("message")).toString().contains(QStringLiteral("Cannot reach")));
    // The stored key is used when the masked one comes back.
    m_up.reset();
    r = send("POST", "/api/admin/providers/test",
        json(QJsonObject {{QLatin1String("id"), QStringLiteral("up")},
            {QLatin1String("type"), QStringLiteral("openai")}, {QLatin1String("baseUrl"), m_up.baseUrl()},
            {QLatin1String("apiKey"), QStringLiteral("sk-...1234")}}));
    QCOMPARE(r->json().value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(m_up.requests().last().header("Authorization"), QByteArray("Bearer sk-literal-secret-1234"));
    r = send("POST", "/api/admin/providers/test", R"({"id":"x","type":"teleport"})");
    QCOMPARE(r->status, 400);
    QFile f(m_configPath);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
}

void TestRoutingApi::providersAndCircuitBreakers()
{
    send("POST", "/v1/chat/completions", chatBody(QStringLiteral("thrifty")), {});
    auto r = send("GET", "/api/providers", {}, {});
    QCOMPARE(r->status, 200);
    QVERIFY(!r->body.contains("sk-literal"));
    QJsonObject up;
    for (const QJsonValue &v : r->json().value(QLatin1String("data")).toArray()) {
        if (v.toObject().value(QLatin1String("id")).toString() == QLatin1String("up"))
            up = v.toObject();
    }
    QVERIFY(!up.isEmpty());
    QCOMPARE(up.value(QLatin1String("circuit")).toObject().value(QLatin1String("state")).toString(),
        QStringLiteral("closed"));
    QCOMPARE(up.value(QLatin1String("calls")).toInt(), 1);
    QCOMPARE(up.value(QLatin1String("latency")).toObject().value(QLatin1String("samples")).toInt(), 1);
    QVERIFY(up.value(QLatin1String("latency")).toObject().value(QLatin1String("p50_ms")).toDouble() > 0);
    QVERIFY(up.value(QLatin1String("models")).toArray().contains(QStringLiteral("premium")));
    QCOMPARE(up.value(QLatin1String("error_rate")).toDouble(), 0.0);
    QVERIFY(up.contains(QLatin1String("sparkline")));
    r = send("GET", "/api/circuit-breakers", {}, {});
    QCOMPARE(r->status, 200);
    const QJsonArray circuits = r->json().value(QLatin1String("data")).toArray();
    QVERIFY(circuits.size() >= 2);
    for (const QJsonValue &c : circuits) {
        QCOMPARE(c.toObject().value(QLatin1String("state")).toString(), QStringLiteral("closed"));
        QVERIFY(c.toObject().contains(QLatin1String("failure_threshold")));
    }
}

void TestRoutingApi::previewPlansEditedSettingsWithoutApplying()
{
    auto r = send("POST", "/api/route/preview", {}, {});
    QCOMPARE(r->status, 200);
    const QJsonArray rows = r->json().value(QLatin1String("data")).toArray();
    QCOMPARE(rows.size(), 8);
    QString smallTalk;
    for (const QJsonValue &v : rows) {
        const QJsonObject row = v.toObject();
        if (row.value(QLatin1String("label")).toString() == QLatin1String("Small talk"))
            smallTalk = row.value(QLatin1String("model")).toString();
        if (row.value(QLatin1String("label")).toString() == QLatin1String("Image"))
            QCOMPARE(
                row.value(QLatin1String("model")).toString(), QStringLiteral("premium")); // the vision model
    }
    QVERIFY(!smallTalk.isEmpty());
    const QString applied = autoWinner();
    QCOMPARE(smallTalk, applied);
    // Edited to quality-only: the preview moves, the live routing does not.
    r = send("POST", "/api/route/preview",
        R"({"routing":{"strategy":"custom","weights":{"cost":0,"quality":1,"latency":0}},"prompts":["Hi there!"]})",
        {});
    QCOMPARE(r->status, 200);
    const QJsonArray typed = r->json().value(QLatin1String("data")).toArray();
    QCOMPARE(typed.size(), 1);
    QCOMPARE(typed.first().toObject().value(QLatin1String("model")).toString(), QStringLiteral("premium"));
    QVERIFY(typed.first().toObject().contains(QLatin1String("runner_up")));
    QCOMPARE(autoWinner(), applied);
    r = send("POST", "/api/route/preview", R"({"routing":{"strategy":"nope"}})", {});
    QCOMPARE(r->status, 400);
    r = send("POST", "/api/route/preview", R"({"prompts":[1]})", {});
    QCOMPARE(r->status, 400);
    QCOMPARE(m_up.requests().size(), 2); // only the two live auto requests reached an upstream
}

void TestRoutingApi::whatIfReplaysLoggedRequests()
{
    // Five live auto requests under the applied (cost) routing, then an explicit one.
    send("PUT", "/api/admin/routing", R"({"strategy":"cost","healthCheckIntervalMs":0})");
    for (int i = 0; i < 5; ++i)
        QCOMPARE(autoWinner(), QStringLiteral("thrifty"));
    send("POST", "/v1/chat/completions", chatBody(QStringLiteral("thrifty")), {});
    auto r = send("POST", "/api/route/whatif",
        R"({"routing":{"strategy":"custom","weights":{"cost":0,"quality":1,"latency":0}},"last":6})", {});
    QCOMPARE(r->status, 200);
    const QJsonObject w = r->json();
    QCOMPARE(w.value(QLatin1String("object")).toString(), QStringLiteral("route.whatif"));
    QCOMPARE(w.value(QLatin1String("considered")).toInt(), 6);
    QCOMPARE(w.value(QLatin1String("replayed")).toInt(), 5);
    QCOMPARE(w.value(QLatin1String("skipped")).toInt(), 1); // the explicit model
    QCOMPARE(w.value(QLatin1String("changed")).toInt(), 5);
    // The fake upstream reports 9 prompt and 12 completion tokens: real cost at thrifty's prices,
    // predicted at premium's, for the same tokens.
    const double before = 5 * (9 * 0.1 + 12 * 0.2) / 1e6;
    const double after = 5 * (9 * 5.0 + 12 * 20.0) / 1e6;
    QVERIFY2(qAbs(w.value(QLatin1String("cost_before_usd")).toDouble() - before) < 1e-9,
        qPrintable(QString::number(w.value(QLatin1String("cost_before_usd")).toDouble(), 'g', 10)));
    QVERIFY(qAbs(w.value(QLatin1String("cost_after_usd")).toDouble() - after) < 1e-9);
    QCOMPARE(w.value(QLatin1String("quality_before")).toDouble(), 70.0);
    QCOMPARE(w.value(QLatin1String("quality_after")).toDouble(), 95.0);
    QVERIFY(w.value(QLatin1String("latency_after_ms")).toDouble()
        > w.value(QLatin1String("latency_before_ms")).toDouble());
    const QJsonObject move = w.value(QLatin1String("moves")).toArray().first().toObject();
    QCOMPARE(move.value(QLatin1String("from")).toString(), QStringLiteral("up/thrifty"));
    QCOMPARE(move.value(QLatin1String("to")).toString(), QStringLiteral("up/premium"));
    QCOMPARE(move.value(QLatin1String("requests")).toInt(), 5);
    // Unchanged settings predict no change.
    r = send("POST", "/api/route/whatif", R"({"last":6})", {});
    QCOMPARE(r->json().value(QLatin1String("changed")).toInt(), 0);
    QCOMPARE(r->json().value(QLatin1String("cost_after_usd")).toDouble(),
        r->json().value(QLatin1String("cost_before_usd")).toDouble());
    r = send("POST", "/api/route/whatif", R"({"last":0})", {});
    QCOMPARE(r->status, 400);
    r = send("POST", "/api/route/whatif", R"({"last":"all"})", {});
    QCOMPARE(r->status, 400);
}

QTEST_GUILESS_MAIN(TestRoutingApi)
#include "tst_routingapi.moc"
