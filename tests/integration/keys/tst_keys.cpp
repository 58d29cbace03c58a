// SPDX-License-Identifier: MIT
// Virtual keys, budgets, limits and IAM end to end through real sockets: a client -> switchyard
// (in-process Engine) -> fake OpenAI-compatible upstreams.
#include "engine/engine.h"
#include "fakeupstream.h"
#include "keys/accesscontrol.h"
#include "keys/budgetalert.h"
#include "testclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using Headers = QList<QPair<QByteArray, QByteArray>>;

namespace {
const QByteArray AdminKey = "admin-test-key-0123456789";
}

class TestKeys : public QObject
{
    Q_OBJECT

    FakeUpstream m_up; ///< provider "fake": fake-model ($1000 per 1M tokens in and out: $0.001 a token)
    FakeUpstream m_backup; ///< provider "backup": backup-model
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<TestClient> m_client;
    qint64 m_clock = 0; ///< fake time for the keys module (0: the real clock)

    bool start(const QString &extra = {}, QString *error = nullptr);

    std::shared_ptr<TestResponse> admin(
        const QByteArray &method, const QByteArray &path, const QByteArray &body = {});

    /// Creates a key; returns {id, key}.
    QPair<QString, QByteArray> createKey(const QByteArray &body);

    static QByteArray chatBody(const QString &model, int maxTokens = -1, bool stream = false);

    std::shared_ptr<TestResponse> chat(const QByteArray &key, const QByteArray &body, Headers headers = {});

    static QString code(const std::shared_ptr<TestResponse> &r);

    int upstreamChats(const FakeUpstream &up) const;

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void adminApiShapes();
    void adminApiNeedsTheAdminKey();
    void hundredConcurrentRequestsAgainstABudgetForTen();
    void rpmExactOverTheWindow();
    void revocationMidTraffic();
    void expiry();
    void iamDenials();
    void requireApiKey();
    void anonymousLocalKeyHasItsOwnBudget();
    void globalBudgetAlerts();
    void nonLoopbackRefusesToStartWithoutKeys();
    void originHostAndCors();
    void redactionOnRequestsAndLogs();
    void settingsApplyLiveAndSave();
    void anthropicIngressGetsItsOwnEnvelope();
    void everyIngressCarriesTheKeysRateHeaders();
};

QPair<QString, QByteArray> TestKeys::createKey(const QByteArray &body)
{
    auto r = admin("POST", "/api/admin/keys", body);
    if (r->status != 201)
        qWarning("key not created: %d %s", r->status, r->body.constData());
    return {r->json().value(QLatin1String("id")).toString(),
        r->json().value(QLatin1String("key")).toString().toLatin1()};
}

QByteArray TestKeys::chatBody(const QString &model, int maxTokens, bool stream)
{
    QJsonObject body {{QLatin1String("model"), model},
        {QLatin1String("messages"),
            QJsonArray {QJsonObject {{QLatin1String("role"), QStringLiteral("user")},
                {QLatin1String("content"), QStringLiteral("hi")}}}}};
    if (maxTokens >= 0)
        body.insert(QLatin1String("max_tokens"), maxTokens);
    if (stream)
        body.insert(QLatin1String("stream"), true);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QString TestKeys::code(const std::shared_ptr<TestResponse> &r)
{
    return r->json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString();
}

int TestKeys::upstreamChats(const FakeUpstream &up) const
{
    int n = 0;
    for (const FakeRequest &r : up.requests())
        n += r.path().endsWith("/chat/completions") ? 1 : 0;
    return n;
}

bool TestKeys::start(const QString &extra, QString *error)
{
    m_client.reset();
    m_engine.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    const QByteArray config = QStringLiteral(R"({
        "server": { "adminKey": "%3", "allowedOrigins": ["http://localhost:5173"] %4 },
        "providers": [
          { "id": "mock", "type": "mock", "paceMs": 0 },
          { "id": "fake", "type": "openai", "baseUrl": "%1", "apiKey": "sk-upstream", "models": ["fake-model", "fake-cheap"] },
          { "id": "backup", "type": "openai", "baseUrl": "%2", "models": ["backup-model"] }
        ],
        "models": [
          { "id": "fake-model", "inputPer1M": 1000, "outputPer1M": 1000, "contextWindow": 4000 },
          { "id": "fake-cheap", "inputPer1M": 0.1, "outputPer1M": 0.4, "contextWindow": 4000 },
          { "id": "backup-model", "inputPer1M": 1, "outputPer1M": 2, "contextWindow": 4000 }
        ],
        "routing": { "fallbacks": { "fake-model": ["backup-model"] } }
        %5
    })")
                                  .arg(m_up.baseUrl(), m_backup.baseUrl(), QString::fromLatin1(AdminKey),
                                      extra.section(u'|', 0, 0), extra.section(u'|', 1))
                                  .toUtf8();
    QString err;
    auto parsed = Config::parse(config, &err);
    if (!parsed) {
        qWarning("bad test config: %s", qPrintable(err));
        return false;
    }
    EngineOptions options;
    options.config = *parsed;
    options.config.server.port = 0;
    options.dataDir = m_dir->path();
    m_engine = std::make_unique<Engine>(options);
    m_clock = 0;
    m_engine->access().setClock([this] { return m_clock ? m_clock : QDateTime::currentMSecsSinceEpoch(); });
    if (!m_engine->start(error ? error : &err)) {
        if (!error)
            qWarning("engine did not start: %s", qPrintable(err));
        return false;
    }
    m_client = std::make_unique<TestClient>(m_engine->port());
    return true;
}

std::shared_ptr<TestResponse> TestKeys::chat(const QByteArray &key, const QByteArray &body, Headers headers)
{
    if (!key.isEmpty())
        headers.append({"Authorization", "Bearer " + key});
    auto r = m_client->post("/v1/chat/completions", body, headers);
    TestClient::wait(r, 20000);
    return r;
}

std::shared_ptr<TestResponse> TestKeys::admin(
    const QByteArray &method, const QByteArray &path, const QByteArray &body)
{
    auto r = m_client->send(
        method, path, body, {{"Authorization", "Bearer " + AdminKey}, {"Content-Type", "application/json"}});
    TestClient::wait(r);
    return r;
}

void TestKeys::initTestCase()
{
    QVERIFY(m_up.listen());
    QVERIFY(m_backup.listen());
}

void TestKeys::init()
{
    m_up.reset();
    m_backup.reset();
    m_up.setHandler({});
    QVERIFY(start());
}

void TestKeys::cleanup()
{
    m_client.reset();
    m_engine.reset();
}

void TestKeys::adminApiShapes()
{
    auto created = admin("POST", "/api/admin/keys",
        R"({"name":"ci-bot","expiresAt":"2099-01-01T00:00:00Z","budget":{"usd":5,"period":"week","hard":true},
            "limits":{"rpm":60,"tpm":100000,"parallel":4},"allowedModels":["fake-*"],"maxPricePer1M":2000,
            "strategy":"cost"})");
    QCOMPARE(created->status, 201);
    const QJsonObject k = created->json();
    const QString secret = k.value(QLatin1String("key")).toString();
    const QString id = k.value(QLatin1String("id")).toString();
    QVERIFY(secret.startsWith(QLatin1String("sy-")));
    QVERIFY(id.startsWith(QLatin1String("key_")));
    QCOMPARE(k.value(QLatin1String("name")).toString(), QStringLiteral("ci-bot"));
    QCOMPARE(k.value(QLatin1String("status")).toString(), QStringLiteral("active"));
    QCOMPARE(k.value(QLatin1String("expiresAt")).toString(), QStringLiteral("2099-01-01T00:00:00.000Z"));
    QCOMPARE(k.value(QLatin1String("budget")).toObject().value(QLatin1String("period")).toString(),
        QStringLiteral("week"));
    QCOMPARE(k.value(QLatin1String("limits")).toObject().value(QLatin1String("rpm")).toInt(), 60);
    QCOMPARE(k.value(QLatin1String("allowedModels")).toArray().first().toString(), QStringLiteral("fake-*"));
    QCOMPARE(k.value(QLatin1String("strategy")).toString(), QStringLiteral("cost"));
    QCOMPARE(k.value(QLatin1String("spend")).toObject().value(QLatin1String("usd")).toDouble(), 0.0);

    // Listed masked, never again in full.
    auto list = admin("GET", "/api/admin/keys");
    QCOMPARE(list->status, 200);
    QVERIFY(!list->body.contains(secret.toLatin1()));
    const QJsonObject listed = list->json().value(QLatin1String("data")).toArray().first().toObject();
    QCOMPARE(listed.value(QLatin1String("id")).toString(), id);
    QCOMPARE(listed.value(QLatin1String("key")).toString(),
        secret.left(7) + QStringLiteral("...") + secret.right(4));

    // The key works; its spend shows.
    auto r = chat(secret.toLatin1(), chatBody(QStringLiteral("fake-model"), 20));
    QCOMPARE(r->status, 200);
    QCOMPARE(r->header("x-ratelimit-limit-requests"), QByteArray("60"));
    QCOMPARE(r->header("x-ratelimit-remaining-requests"), QByteArray("59"));
    auto one = admin("GET", "/api/admin/keys/" + id.toLatin1());
    QCOMPARE(one->status, 200);
    const QJsonObject spend = one->json().value(QLatin1String("spend")).toObject();
    QCOMPARE(spend.value(QLatin1String("requests")).toInt(), 1);
    QCOMPARE(spend.value(QLatin1String("usd")).toDouble(),
        r->json().value(QLatin1String("x-gateway")).toObject().value(QLatin1String("cost_usd")).toDouble());
    QVERIFY(!one->json().value(QLatin1String("lastUsedAt")).isNull());
    auto usage = admin("GET", "/api/admin/keys/" + id.toLatin1() + "/usage?days=7");
    QCOMPARE(usage->status, 200);
    const QJsonArray days = usage->json().value(QLatin1String("data")).toArray();
    QCOMPARE(days.size(), 7);
    QCOMPARE(days.last().toObject().value(QLatin1String("requests")).toInt(), 1);

    // PATCH changes what it names; bad input is a 400 naming the field.
    auto patched
        = admin("PATCH", "/api/admin/keys/" + id.toLatin1(), R"({"name":"renamed","limits":{"rpm":1}})");
    QCOMPARE(patched->status, 200);
    QCOMPARE(patched->json().value(QLatin1String("name")).toString(), QStringLiteral("renamed"));
    QCOMPARE(patched->json().value(QLatin1String("strategy")).toString(), QStringLiteral("cost"));
    auto bad = admin("PATCH", "/api/admin/keys/" + id.toLatin1(), R"({"budget":{"period":"fortnight"}})");
    QCOMPARE(bad->status, 400);
    QCOMPARE(bad->json().value(QLatin1String("error")).toObject().value(QLatin1String("param")).toString(),
        QStringLiteral("budget"));
    QCOMPARE(admin("POST", "/api/admin/keys", R"({"limits":{}})")->status, 400);
    QCOMPARE(admin("POST", "/api/admin/keys", "not json")->status, 400);
    QCOMPARE(admin("GET", "/api/admin/keys/key_nope")->status, 404);

    // DELETE: gone, and its key no longer works.
    auto deleted = admin("DELETE", "/api/admin/keys/" + id.toLatin1());
    QCOMPARE(deleted->status, 200);
    QCOMPARE(deleted->json().value(QLatin1String("deleted")).toBool(), true);
    QCOMPARE(admin("GET", "/api/admin/keys/" + id.toLatin1())->status, 404);
    QCOMPARE(admin("DELETE", "/api/admin/keys/" + id.toLatin1())->status, 404);
    auto after = chat(secret.toLatin1(), chatBody(QStringLiteral("fake-model"), 20));
    QCOMPARE(after->status, 401);
    QCOMPARE(code(after), QStringLiteral("invalid_api_key"));
}

void TestKeys::adminApiNeedsTheAdminKey()
{
    auto none = m_client->get("/api/admin/keys");
    QVERIFY(TestClient::wait(none));
    QCOMPARE(none->status, 401);
    auto wrong = m_client->get("/api/budget", {{"Authorization", "Bearer not-the-admin-key"}});
    QVERIFY(TestClient::wait(wrong));
    QCOMPARE(wrong->status, 401);
    QVERIFY(!wrong->body.contains(AdminKey));
    // A virtual key is not an admin key.
    const auto key = createKey(R"({"name":"x"})");
    auto virt = m_client->get("/api/admin/keys", {{"Authorization", "Bearer " + key.second}});
    QVERIFY(TestClient::wait(virt));
    QCOMPARE(virt->status, 401);
}

void TestKeys::hundredConcurrentRequestsAgainstABudgetForTen()
{
    // Every call may cost up to prompt + max_tokens (90) tokens at $0.001 a token; the upstream
    // answers after 300 ms with 60 completion tokens, so all 100 are in flight at once.
    const QByteArray body = chatBody(QStringLiteral("fake-model"), 90);
    GatewayError e;
    const qint64 prompt = ChatRequest::fromOpenAI(body, &e)->estimatedPromptTokens;
    const double worst = (prompt + 90) * 0.001;
    const double budget = 1.0;
    const int fits = int(budget / worst + 1e-9);
    m_up.setHandler([](const FakeRequest &req) {
        FakeReply reply = FakeReply::json(200,
            FakeUpstream::completion(
                req.json().value(QLatin1String("model")).toString(), QStringLiteral("ok"), 9, 60));
        reply.delayMs = 300;
        return reply;
    });
    const auto key = createKey(R"({"name":"burst","budget":{"usd":1.0,"period":"day"}})");
    QList<std::shared_ptr<TestResponse>> all;
    for (int i = 0; i < 100; ++i)
        all << m_client->post("/v1/chat/completions", body, {{"Authorization", "Bearer " + key.second}});
    for (const auto &r : std::as_const(all))
        QVERIFY(TestClient::wait(r, 20000));
    int ok = 0, refused = 0;
    for (const auto &r : std::as_const(all)) {
        if (r->status == 200) {
            ++ok;
        } else {
            QCOMPARE(r->status, 429);
            QCOMPARE(code(r), QStringLiteral("budget_exceeded"));
            QCOMPARE(
                r->json().value(QLatin1String("error")).toObject().value(QLatin1String("type")).toString(),
                QStringLiteral("insufficient_quota"));
            QVERIFY(!r->header("Retry-After").isEmpty());
            ++refused;
        }
    }
    const QJsonObject spend = admin("GET", "/api/admin/keys/" + key.first.toLatin1())
                                  ->json()
                                  .value(QLatin1String("spend"))
                                  .toObject();
    const double spent = spend.value(QLatin1String("usd")).toDouble();
    const double realEach = (9 + 60) * 0.001;
    qInfo("100 concurrent requests, budget $%.2f, worst case $%.3f each (fits %d): %d admitted, %d refused "
          "(429 budget_exceeded), upstream saw %d, spent $%.3f, over budget by $%.3f (bound: one "
          "reservation, $%.3f)",
        budget, worst, fits, ok, refused, upstreamChats(m_up), spent, qMax(0.0, spent - budget), worst);
    QCOMPARE(ok, fits);
    QCOMPARE(refused, 100 - fits);
    QCOMPARE(upstreamChats(m_up), fits);
    QVERIFY(spent <= budget);
    QVERIFY(qAbs(spent - fits * realEach) < 1e-9);
    QCOMPARE(spend.value(QLatin1String("reservedUsd")).toDouble(), 0.0);

    // What the reconciliation gave back is usable; then the budget is spent and stays so.
    int more = 0;
    std::shared_ptr<TestResponse> last;
    for (int i = 0; i < 20; ++i) {
        last = chat(key.second, body);
        if (last->status != 200)
            break;
        ++more;
    }
    const double finalSpend = admin("GET", "/api/admin/keys/" + key.first.toLatin1())
                                  ->json()
                                  .value(QLatin1String("spend"))
                                  .toObject()
                                  .value(QLatin1String("usd"))
                                  .toDouble();
    qInfo("then %d more one at a time until refused; final spend $%.3f of $%.2f", more, finalSpend, budget);
    QVERIFY(more > 0);
    QCOMPARE(last->status, 429);
    QVERIFY(finalSpend <= budget);
    QVERIFY(budget - finalSpend < worst); // refused only because the worst case no longer fits
}

void TestKeys::rpmExactOverTheWindow()
{
    m_clock = QDateTime::fromString(QStringLiteral("2026-12-10T10:00:00Z"), Qt::ISODate).toMSecsSinceEpoch();
    const auto key = createKey(R"({"name":"rpm","limits":{"rpm":5}})");
    const QByteArray body = chatBody(QStringLiteral("fake-cheap"), 5);
    int admitted = 0;
    std::shared_ptr<TestResponse> refused;
    for (int i = 0; i < 12; ++i) {
        m_clock += 1000; // one a second
        auto r = chat(key.second, body);
        if (r->status == 200) {
            ++admitted;
            QCOMPARE(r->header("x-ratelimit-remaining-requests"), QByteArray::number(5 - admitted));
        } else if (!refused) {
            refused = r;
        }
    }
    QCOMPARE(admitted, 5);
    QVERIFY(refused);
    QCOMPARE(refused->status, 429);
    QCOMPARE(code(refused), QStringLiteral("rate_limit_exceeded"));
    QCOMPARE(
        refused->header("Retry-After"), QByteArray("55")); // first at +1 s leaves at +61 s; asked at +6 s
    QCOMPARE(refused->header("x-ratelimit-limit-requests"), QByteArray("5"));
    QCOMPARE(refused->header("x-ratelimit-remaining-requests"), QByteArray("0"));
    const qint64 start = m_clock - 12'000;
    // 1 ms before the first admitted request leaves the window: still refused; at the edge: admitted.
    m_clock = start + 1000 + 60'000 - 1;
    QCOMPARE(chat(key.second, body)->status, 429);
    m_clock = start + 1000 + 60'000;
    QCOMPARE(chat(key.second, body)->status, 200);
    QCOMPARE(chat(key.second, body)->status, 429); // the second leaves one second later
    m_clock += 1000;
    QCOMPARE(chat(key.second, body)->status, 200);
    qInfo("RPM 5 over real sockets: 5 of 12 admitted in 12 s, Retry-After 55 s; refused 1 ms before the "
          "first left the window, admitted at the edge");
}

void TestKeys::revocationMidTraffic()
{
    // Streams in flight when the key is revoked finish; every request sent after the revocation
    // was answered is refused.
    m_up.setHandler([](const FakeRequest &req) {
        const QString model = req.json().value(QLatin1String("model")).toString();
        QList<QByteArray> events;
        for (int i = 0; i < 5; ++i)
            events << FakeUpstream::chunk(
                model, QJsonObject {{QLatin1String("content"), QStringLiteral("w ")}});
        events << FakeUpstream::chunk(model, QJsonObject(), QStringLiteral("stop"));
        return FakeReply::sse(events, 40);
    });
    const auto key = createKey(R"({"name":"revoke-me"})");
    const QByteArray body = chatBody(QStringLiteral("fake-cheap"), 10, true);
    QList<std::shared_ptr<TestResponse>> before;
    for (int i = 0; i < 5; ++i)
        before << m_client->post("/v1/chat/completions", body, {{"Authorization", "Bearer " + key.second}});
    QTRY_VERIFY(
        std::all_of(before.cbegin(), before.cend(), [](const auto &r) { return !r->events.isEmpty(); }));
    auto revoked = admin("PATCH", "/api/admin/keys/" + key.first.toLatin1(), R"({"status":"revoked"})");
    QCOMPARE(revoked->status, 200);
    QCOMPARE(revoked->json().value(QLatin1String("status")).toString(), QStringLiteral("revoked"));
    int refusedAfter = 0;
    for (int i = 0; i < 10; ++i) {
        auto r = chat(key.second, body);
        QCOMPARE(r->status, 401);
        QCOMPARE(code(r), QStringLiteral("key_revoked"));
        ++refusedAfter;
    }
    for (const auto &r : std::as_const(before)) {
        QVERIFY(TestClient::wait(r));
        QCOMPARE(r->status, 200);
        QCOMPARE(r->events.last(), QByteArray("[DONE]"));
    }
    // Reactivated: works again on the next request.
    QCOMPARE(
        admin("PATCH", "/api/admin/keys/" + key.first.toLatin1(), R"({"status":"active"})")->status, 200);
    QCOMPARE(chat(key.second, body)->status, 200);
    qInfo("revocation mid-traffic: 5 streams in flight finished, %d requests after the revocation refused "
          "(401)",
        refusedAfter);
}

void TestKeys::expiry()
{
    m_clock = QDateTime::fromString(QStringLiteral("2026-12-10T10:00:00Z"), Qt::ISODate).toMSecsSinceEpoch();
    const auto key = createKey(R"({"name":"temp","expiresAt":"2026-12-10T11:00:00Z"})");
    QCOMPARE(chat(key.second, chatBody(QStringLiteral("fake-cheap"), 5))->status, 200);
    m_clock += 3600'000 - 1;
    QCOMPARE(chat(key.second, chatBody(QStringLiteral("fake-cheap"), 5))->status, 200);
    m_clock += 1;
    auto r = chat(key.second, chatBody(QStringLiteral("fake-cheap"), 5));
    QCOMPARE(r->status, 401);
    QCOMPARE(code(r), QStringLiteral("key_expired"));
    QVERIFY(r->json()
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .contains(QLatin1String("2026-12-10T11:00:00")));
    QCOMPARE(admin("GET", "/api/admin/keys/" + key.first.toLatin1())
                 ->json()
                 .value(QLatin1String("status"))
                 .toString(),
        QStringLiteral("expired"));
}

void TestKeys::iamDenials()
{
    const auto onlyFake = createKey(R"({"name":"fake only","allowedModels":["fake-*"]})");
    // A model it may not use, asked for directly.
    auto direct = chat(onlyFake.second, chatBody(QStringLiteral("backup-model"), 5));
    QCOMPARE(direct->status, 403);
    QCOMPARE(code(direct), QStringLiteral("model_not_allowed"));
    QCOMPARE(direct->json().value(QLatin1String("error")).toObject().value(QLatin1String("type")).toString(),
        QStringLiteral("permission_error"));
    // Through provider/model.
    QCOMPARE(chat(onlyFake.second, chatBody(QStringLiteral("backup/backup-model"), 5))->status, 403);
    QCOMPARE(chat(onlyFake.second, chatBody(QStringLiteral("fake/fake-cheap"), 5))->status, 200);
    // A virtual model is routed among the models the key may use, and only those.
    auto virtualModel = chat(onlyFake.second, chatBody(QStringLiteral("auto"), 5));
    QCOMPARE(virtualModel->status, 200);
    QVERIFY2(virtualModel->json().value(QLatin1String("model")).toString().startsWith(QLatin1String("fake-")),
        virtualModel->body.constData());
    // With none of them able to serve it, it is refused: the key's permission (403), not a bad
    // request, since served models would take it.
    const auto noneFits = createKey(R"({"name":"none fits","allowedModels":["no-such-model*"]})");
    auto refusedVirtual = chat(noneFits.second, chatBody(QStringLiteral("auto"), 5));
    QCOMPARE(refusedVirtual->status, 403);
    QCOMPARE(code(refusedVirtual), QStringLiteral("model_not_allowed"));
    const QJsonObject refusal = refusedVirtual->json().value(QLatin1String("error")).toObject();
    QCOMPARE(refusal.value(QLatin1String("type")).toString(), QStringLiteral("permission_error"));
    QVERIFY2(refusal.value(QLatin1String("message")).toString().contains(QStringLiteral("no-such-model*")),
        refusedVirtual->body.constData());
    QVERIFY2(refusal.value(QLatin1String("message"))
                 .toString()
                 .contains(QStringLiteral("not allowed for this key")),
        refusedVirtual->body.constData());
    // Its allowed model fails (and its retry): the configured fallback (backup-model) is not
    // allowed, never tried.
    m_up.enqueue(FakeReply::json(500, QByteArray(R"({"error":{"message":"boom"}})")));
    m_up.enqueue(FakeReply::json(500, QByteArray(R"({"error":{"message":"boom"}})")));
    auto failed = chat(onlyFake.second, chatBody(QStringLiteral("fake-model"), 5));
    QCOMPARE(failed->status, 502);
    QCOMPARE(upstreamChats(m_backup), 0);
    // Without the restriction the same failure falls back.
    m_up.enqueue(FakeReply::json(500, QByteArray(R"({"error":{"message":"boom"}})")));
    const auto any = createKey(R"({"name":"any"})");
    QCOMPARE(chat(any.second, chatBody(QStringLiteral("fake-model"), 5))->status, 200);
    QCOMPARE(upstreamChats(m_backup), 1);
    // Price ceiling: fake-model costs $1000 per 1M blended.
    const auto cheapOnly = createKey(R"({"name":"cheap","maxPricePer1M":1})");
    auto pricey = chat(cheapOnly.second, chatBody(QStringLiteral("fake-model"), 5));
    QCOMPARE(pricey->status, 403);
    QCOMPARE(code(pricey), QStringLiteral("model_price_not_allowed"));
    QCOMPARE(chat(cheapOnly.second, chatBody(QStringLiteral("fake-cheap"), 5))->status, 200);
    // The plan the policy admitted is the one executed: x-gateway names an allowed model.
    auto served = chat(onlyFake.second, chatBody(QStringLiteral("fake-cheap"), 5));
    QCOMPARE(served->json()
                 .value(QLatin1String("x-gateway"))
                 .toObject()
                 .value(QLatin1String("provider"))
                 .toString(),
        QStringLiteral("fake"));
}

void TestKeys::requireApiKey()
{
    QVERIFY(start(QStringLiteral(R"(, "requireApiKey": true|)")));
    auto missing = chat({}, chatBody(QStringLiteral("mock-fast")));
    QCOMPARE(missing->status, 401);
    QCOMPARE(code(missing), QStringLiteral("missing_api_key"));
    auto other = chat("sk-anything", chatBody(QStringLiteral("mock-fast")));
    QCOMPARE(other->status, 401);
    QCOMPARE(code(other), QStringLiteral("invalid_api_key"));
    QVERIFY(!other->body.contains("sk-anything"));
    const auto key = createKey(R"({"name":"ok"})");
    QCOMPARE(chat(key.second, chatBody(QStringLiteral("mock-fast")))->status, 200);
    // The gateway's read endpoints describe everyone's traffic: the admin key only.
    auto logs = m_client->get("/api/logs", {{"Authorization", "Bearer " + key.second}});
    QVERIFY(TestClient::wait(logs));
    QCOMPARE(logs->status, 401);
    QCOMPARE(admin("GET", "/api/logs")->status, 200);
    // x-api-key works as well as Bearer.
    auto xApiKey = m_client->post(
        "/v1/chat/completions", chatBody(QStringLiteral("mock-fast")), {{"x-api-key", key.second}});
    QVERIFY(TestClient::wait(xApiKey));
    QCOMPARE(xApiKey->status, 200);
    // The desktop app's own requests (in process) need no key.
    bool finished = false;
    ChatCallbacks cb;
    cb.onResponse = [](const QJsonObject &) {};
    cb.onError
        = [](const GatewayError &e, bool) { qWarning("in-process chat refused: %s", qPrintable(e.message)); };
    m_engine->chat(
        chatBody(QStringLiteral("mock-fast")), cb, [&finished](const QJsonObject &) { finished = true; });
    QTRY_VERIFY(finished);
}

void TestKeys::anonymousLocalKeyHasItsOwnBudget()
{
    QVERIFY(start(QStringLiteral(R"(|, "budgets": { "local": { "usd": 0.2, "period": "day" } })")));
    const QByteArray body = chatBody(QStringLiteral("fake-model"), 40);
    int ok = 0;
    std::shared_ptr<TestResponse> r;
    for (int i = 0; i < 20 && (r = chat("anything", body))->status == 200; ++i)
        ++ok;
    QCOMPARE(r->status, 429);
    QVERIFY(r->json()
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .contains(QLatin1String("anonymous local key")));
    QVERIFY(ok >= 1);
    // A virtual key is not bound by the anonymous key's budget.
    const auto key = createKey(R"({"name":"own budget"})");
    QCOMPARE(chat(key.second, body)->status, 200);
    // A sy- key that does not exist never falls back to anonymous.
    QCOMPARE(chat("sy-doesnotexistdoesnotexistdoesnotexist000", body)->status, 401);
}

void TestKeys::globalBudgetAlerts()
{
    QVERIFY(start(QStringLiteral(
        R"(|, "budgets": { "global": { "usd": 0.1, "period": "month" }, "alerts": [50, 80, 100] })")));
    QSignalSpy alerts(m_engine.get(), &Engine::budgetAlert);
    // 9 prompt + 12 completion tokens at $0.001: $0.021 a request.
    const QByteArray body = chatBody(QStringLiteral("fake-model"), 20);
    std::shared_ptr<TestResponse> r;
    int ok = 0;
    while ((r = chat("anything", body))->status == 200 && ok < 20)
        ++ok;
    QCOMPARE(r->status, 429);
    QCOMPARE(code(r), QStringLiteral("global_budget_exceeded"));
    QList<int> thresholds;
    for (const QList<QVariant> &a : std::as_const(alerts))
        thresholds << a.at(0).value<BudgetAlert>().threshold;
    QCOMPARE(thresholds, (QList<int> {50, 80, 100}));
    auto budget = admin("GET", "/api/budget");
    QCOMPARE(budget->status, 200);
    const QJsonObject global = budget->json().value(QLatin1String("global")).toObject();
    QCOMPARE(global.value(QLatin1String("budget")).toObject().value(QLatin1String("usd")).toDouble(), 0.1);
    QCOMPARE(global.value(QLatin1String("alerts")).toArray().size(), 3);
    QVERIFY(global.value(QLatin1String("spend")).toObject().value(QLatin1String("usd")).toDouble() <= 0.1);
    QCOMPARE(global.value(QLatin1String("spend")).toObject().value(QLatin1String("requests")).toInt(), ok);
    // Raising the budget through the admin API applies to the next request.
    auto raised = admin("PUT", "/api/admin/budget", R"({"global":{"usd":10,"period":"month"}})");
    QCOMPARE(raised->status, 200);
    QCOMPARE(chat("anything", body)->status, 200);
    QCOMPARE(admin("PUT", "/api/admin/budget", R"({"global":{"usd":"lots"}})")->status, 400);
    qInfo("global budget $0.10: %d requests, alerts at 50/80/100%%, then 429 global_budget_exceeded", ok);
}

void TestKeys::nonLoopbackRefusesToStartWithoutKeys()
{
    m_client.reset();
    m_engine.reset();
    QTemporaryDir dir;
    EngineOptions options;
    options.config.server.host = QStringLiteral("0.0.0.0");
    options.config.server.port = 0;
    options.dataDir = dir.path();
    Engine engine(options);
    QString error;
    QVERIFY(!engine.start(&error));
    QVERIFY2(error.contains(QLatin1String("server.requireApiKey")), qPrintable(error));
    QVERIFY(error.contains(QLatin1String("0.0.0.0")));
    QVERIFY(!engine.isRunning());
}

void TestKeys::originHostAndCors()
{
    const QByteArray body = chatBody(QStringLiteral("fake-cheap"), 5);
    auto send = [this](const QByteArray &method, const QByteArray &payload, const Headers &headers) {
        auto r = m_client->send(method, "/v1/chat/completions", payload, headers);
        TestClient::wait(r);
        return r;
    };
    const Headers json {{"Content-Type", "application/json"}};
    // A foreign page: refused before anything runs.
    auto foreign = send("POST", body, json + Headers {{"Origin", "http://127.0.0.1:8081"}});
    QCOMPARE(foreign->status, 403);
    QCOMPARE(code(foreign), QStringLiteral("origin_not_allowed"));
    QVERIFY(foreign->header("Access-Control-Allow-Origin").isEmpty());
    // A simple (unpreflighted) text/plain POST from a page: refused as well.
    auto simple = send("POST", body, {{"Content-Type", "text/plain"}, {"Origin", "https://evil.example"}});
    QCOMPARE(simple->status, 403);
    QCOMPARE(upstreamChats(m_up), 0);
    // An allowed origin gets its answer with CORS headers the browser needs to read it.
    auto allowed = send("POST", body, json + Headers {{"Origin", "http://localhost:5173"}});
    QCOMPARE(allowed->status, 200);
    QCOMPARE(allowed->header("Access-Control-Allow-Origin"), QByteArray("http://localhost:5173"));
    QVERIFY(allowed->header("Access-Control-Expose-Headers").contains("X-Request-ID"));
    // Preflights: only for allowed origins, answering what they ask for.
    auto preflight = send("OPTIONS", {},
        {{"Origin", "http://localhost:5173"}, {"Access-Control-Request-Method", "POST"},
            {"Access-Control-Request-Headers", "authorization,content-type,x-stainless-os"}});
    QCOMPARE(preflight->status, 204);
    QCOMPARE(preflight->header("Access-Control-Allow-Origin"), QByteArray("http://localhost:5173"));
    QCOMPARE(preflight->header("Access-Control-Allow-Headers"),
        QByteArray("authorization,content-type,x-stainless-os"));
    auto refusedPreflight
        = send("OPTIONS", {}, {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}});
    QCOMPARE(refusedPreflight->status, 403);
    QVERIFY(refusedPreflight->header("Access-Control-Allow-Origin").isEmpty());
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host.
    auto rebinding = send("POST", body, json + Headers {{"Host", "evil.example:4000"}});
    QCOMPARE(rebinding->status, 403);
    QCOMPARE(code(rebinding), QStringLiteral("host_not_allowed"));
    auto localhostHost = send("POST", body, json + Headers {{"Host", "localhost:4000"}});
    QCOMPARE(localhostHost->status, 200);
    // A no-cors request a browser marks cross-site carries no Origin: still refused.
    auto noCors
        = m_client->get("/api/logs", {{"Sec-Fetch-Site", "cross-site"}, {"Sec-Fetch-Mode", "no-cors"}});
    QVERIFY(TestClient::wait(noCors));
    QCOMPARE(noCors->status, 403);
    QCOMPARE(upstreamChats(m_up), 2); // only the allowed ones reached the provider
}

void TestKeys::redactionOnRequestsAndLogs()
{
    QVERIFY(start(QStringLiteral(
        R"(|, "guardrails": { "redaction": { "rules": ["email", "creditCard"], "applyTo": ["requests"] } })")));
    const QByteArray body = QJsonDocument(
        QJsonObject {{QLatin1String("model"), QStringLiteral("fake-cheap")},
            {QLatin1String("messages"),
                QJsonArray {QJsonObject {{QLatin1String("role"), QStringLiteral("user")},
                    {QLatin1String("content"),
                        QStringLiteral("I am ann@corp.example, card 4111 1111 1111 1111")}}}}})
                                .toJson(QJsonDocument::Compact);
    QCOMPARE(chat({}, body)->status, 200);
    const QByteArray sent = m_up.requests().last().body;
    QVERIFY2(!sent.contains("ann@corp.example") && !sent.contains("4111"), sent.constData());
    QVERIFY(sent.contains("I am [EMAIL], card [CREDIT_CARD]"));
}

void TestKeys::settingsApplyLiveAndSave()
{
    // The API Keys screen's settings: live on the next request, saved as written, refusals change nothing.
    cleanup();
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("config.json"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral(R"({"server":{"adminKey":"${SWITCHYARD_TEST_UNSET}"},
        "providers":[{"id":"fake","type":"openai","baseUrl":"%1","models":["fake-cheap"]}],
        "models":[{"id":"fake-cheap","inputPer1M":0.1,"outputPer1M":0.4}]})")
                .arg(m_up.baseUrl())
                .toUtf8());
    f.close();
    QString error;
    auto config = Config::load(file, false, &error);
    QVERIFY2(config, qPrintable(error));
    EngineOptions options;
    options.configPath = file;
    options.config = *config;
    options.config.server.port = 0;
    options.dataDir = dir.filePath(QStringLiteral("data"));
    Engine engine(options);
    QVERIFY2(engine.start(&error), qPrintable(error));
    TestClient client(engine.port());
    auto post = [&client](const Headers &h) {
        auto r = client.post("/v1/chat/completions", chatBody(QStringLiteral("fake-cheap"), 5), h);
        TestClient::wait(r);
        return r->status;
    };
    QCOMPARE(post({}), 200);
    QVERIFY2(engine.setRequireApiKey(true, &error), qPrintable(error));
    QCOMPARE(post({}), 401);
    QCOMPARE(post({{"Origin", "http://localhost:3000"}}), 403);
    QVERIFY(!engine.setAllowedOrigins({QStringLiteral("localhost:3000/path")}, &error));
    QVERIFY(error.contains(QLatin1String("not an origin")));
    QVERIFY2(engine.setAllowedOrigins({QStringLiteral("http://localhost:3000")}, &error), qPrintable(error));
    QVERIFY(engine.setRequireApiKey(false, &error));
    QCOMPARE(post({{"Origin", "http://localhost:3000"}}), 200);
    QVERIFY(!engine.setGuardrails(
        QJsonDocument::fromJson(R"({"redaction":{"rules":["ssn"]}})").object(), &error));
    QVERIFY2(error.contains(QLatin1String("guardrails.redaction.rules")), qPrintable(error));
    QVERIFY(!engine.setGuardrails(
        QJsonDocument::fromJson("{\"redaction\":{\"custom\":[{\"name\":\"x\",\"pattern\":\"(unclosed\"}]}}")
            .object(),
        &error));
    QVERIFY(engine.setGuardrails(
        QJsonDocument::fromJson(R"({"redaction":{"rules":["email"]}})").object(), &error));
    auto r = client.post("/v1/chat/completions",
        R"({"model":"fake-cheap","messages":[{"role":"user","content":"to bo@x.io"}]})");
    QVERIFY(TestClient::wait(r));
    QVERIFY(m_up.requests().last().body.contains("to [EMAIL]"));
    QFile saved(file);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QJsonObject doc = QJsonDocument::fromJson(saved.readAll()).object();
    QCOMPARE(doc.value(QLatin1String("server")).toObject().value(QLatin1String("requireApiKey")).toBool(true),
        false);
    QCOMPARE(doc.value(QLatin1String("server"))
                 .toObject()
                 .value(QLatin1String("allowedOrigins"))
                 .toArray()
                 .first()
                 .toString(),
        QStringLiteral("http://localhost:3000"));
    QCOMPARE(doc.value(QLatin1String("server")).toObject().value(QLatin1String("adminKey")).toString(),
        QStringLiteral("${SWITCHYARD_TEST_UNSET}")); // references stay references
    QCOMPARE(doc.value(QLatin1String("guardrails"))
                 .toObject()
                 .value(QLatin1String("redaction"))
                 .toObject()
                 .value(QLatin1String("rules"))
                 .toArray()
                 .size(),
        1);
}

void TestKeys::anthropicIngressGetsItsOwnEnvelope()
{
    // The same refusals through /v1/messages, in Anthropic's envelope, with their headers.
    const auto limited = createKey(R"({"name":"claude-code","limits":{"rpm":1},"allowedModels":["fake-*"]})");
    auto messages = [this](const QByteArray &key, const QString &model) {
        auto r = m_client->post("/v1/messages",
            QStringLiteral(R"({"model":"%1","max_tokens":16,"messages":[{"role":"user","content":"hi"}]})")
                .arg(model)
                .toUtf8(),
            {{"x-api-key", key}, {"anthropic-version", "2023-06-01"}});
        TestClient::wait(r);
        return r;
    };
    auto type = [](const std::shared_ptr<TestResponse> &r) {
        return r->json().value(QLatin1String("error")).toObject().value(QLatin1String("type")).toString();
    };
    auto ok = messages(limited.second, QStringLiteral("fake-cheap"));
    QCOMPARE(ok->status, 200);
    QCOMPARE(ok->header("x-ratelimit-remaining-requests"), QByteArray("0"));
    auto limitedAnswer = messages(limited.second, QStringLiteral("fake-cheap"));
    QCOMPARE(limitedAnswer->status, 429);
    QCOMPARE(limitedAnswer->json().value(QLatin1String("type")).toString(), QStringLiteral("error"));
    QCOMPARE(type(limitedAnswer), QStringLiteral("rate_limit_error"));
    QVERIFY(!limitedAnswer->header("Retry-After").isEmpty());
    QCOMPARE(limitedAnswer->header("x-ratelimit-limit-requests"), QByteArray("1"));
    auto forbidden = messages(limited.second, QStringLiteral("backup-model"));
    QCOMPARE(forbidden->status, 403);
    QCOMPARE(type(forbidden), QStringLiteral("permission_error"));
    auto unknown = messages("sy-unknownunknownunknownunknownunknown00000", QStringLiteral("fake-cheap"));
    QCOMPARE(unknown->status, 401);
    QCOMPARE(type(unknown), QStringLiteral("authentication_error"));
}

void TestKeys::everyIngressCarriesTheKeysRateHeaders()
{
    // The Responses and Gemini ingresses answer with the key's x-ratelimit-* headers too, streamed
    // or not, and a refusal in Google's envelope carries them as well.
    const auto key = createKey(R"({"name":"codex-and-gemini","limits":{"rpm":3}})");
    auto responses = [this, &key](bool stream) {
        auto r = m_client->post("/v1/responses",
            QStringLiteral(R"({"model":"fake-cheap","input":"hi","stream":%1})")
                .arg(stream ? QLatin1String("true") : QLatin1String("false"))
                .toUtf8(),
            {{"authorization", "Bearer " + key.second}});
        TestClient::wait(r);
        return r;
    };
    auto gemini = [this, &key] {
        auto r = m_client->post("/v1beta/models/fake-cheap:generateContent",
            R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}]})", {{"x-goog-api-key", key.second}});
        TestClient::wait(r);
        return r;
    };
    auto plain = responses(false);
    QCOMPARE(plain->status, 200);
    QCOMPARE(plain->header("x-ratelimit-limit-requests"), QByteArray("3"));
    QCOMPARE(plain->header("x-ratelimit-remaining-requests"), QByteArray("2"));
    auto streamed = responses(true);
    QCOMPARE(streamed->status, 200);
    QVERIFY(streamed->body.contains("response.completed"));
    QCOMPARE(streamed->header("x-ratelimit-remaining-requests"), QByteArray("1"));
    auto generated = gemini();
    QCOMPARE(generated->status, 200);
    QCOMPARE(generated->header("x-ratelimit-remaining-requests"), QByteArray("0"));
    auto refused = gemini();
    QCOMPARE(refused->status, 429);
    QCOMPARE(
        refused->json().value(QLatin1String("error")).toObject().value(QLatin1String("status")).toString(),
        QStringLiteral("RESOURCE_EXHAUSTED"));
    QCOMPARE(refused->header("x-ratelimit-limit-requests"), QByteArray("3"));
    QVERIFY(!refused->header("Retry-After").isEmpty());
}

QTEST_GUILESS_MAIN(TestKeys)
#include "tst_keys.moc"
