// SPDX-License-Identifier: MIT
#include "engine/config.h"

#include <QJsonDocument>
#include <QTest>

class TestConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsParse()
    {
        QString error;
        auto config = Config::parse(Config::defaultDocument(), &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->server.host, QStringLiteral("127.0.0.1"));
        QCOMPARE(config->server.port, 4000);
        QCOMPARE(config->server.requireApiKey, false);
        QCOMPARE(config->storage.driver, QStringLiteral("sqlite"));
        QCOMPARE(config->providers.size(), 1);
        QCOMPARE(config->providers.first().type, QStringLiteral("mock"));
        QCOMPARE(config->routing.strategy, QStringLiteral("balanced"));
        QCOMPARE(config->routing.costWeight, 0.4);
    }

    void architectureExampleParses()
    {
        // The example of ARCHITECTURE §4 (URLs written \/ because moc 6.4 takes a double slash inside a
        // raw string for a comment and then skips the class): other tools write configs like it.
        const QByteArray json = R"({
          "server":    { "host": "127.0.0.1", "port": 4000, "requireApiKey": false,
                         "adminKey": "${SWITCHYARD_ADMIN_KEY}", "allowedOrigins": [] },
          "storage":   { "driver": "sqlite" },
          "providers": [
            { "id": "mock",   "type": "mock" },
            { "id": "openai", "type": "openai", "baseUrl": "https:\/\/api.openai.com\/v1",
              "apiKey": "keychain:openai", "models": ["gpt-4o-mini", "gpt-4o"] },
            { "id": "claude", "type": "anthropic", "apiKey": "${ANTHROPIC_API_KEY}" },
            { "id": "local",  "type": "ollama", "baseUrl": "http:\/\/127.0.0.1:11434" }
          ],
          "models":    [ { "id": "my-model", "provider": "openai", "inputPer1M": 0.15,
                           "outputPer1M": 0.6, "cachedInputPer1M": 0.075, "quality": 70,
                           "contextWindow": 128000, "capabilities": ["tools", "vision"] } ],
          "routing":   { "strategy": "balanced", "weights": { "cost": 0.4, "quality": 0.35, "latency": 0.25 },
                         "fallbacks": { "gpt-4o": ["claude-sonnet-4", "llama3.2"] } }
        })";
        QString error;
        auto config = Config::parse(json, &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->providers.size(), 4);
        QCOMPARE(config->providers.at(1).apiKey, QStringLiteral("keychain:openai"));
        QCOMPARE(config->providers.at(1).models,
            QStringList({QStringLiteral("gpt-4o-mini"), QStringLiteral("gpt-4o")}));
        QCOMPARE(config->models.first().cachedInputPer1M.value(), 0.075);
        QCOMPARE(config->models.first().capabilities->size(), 2);
        QCOMPARE(config->routing.fallbacks.value(QStringLiteral("gpt-4o")).size(), 2);
    }

    void environmentExpansion()
    {
        qputenv("SY_TEST_KEY", "sk-from-env");
        qunsetenv("SY_TEST_UNSET");
        QCOMPARE(Config::expandEnvironment(QStringLiteral("${SY_TEST_KEY}")), QStringLiteral("sk-from-env"));
        QCOMPARE(Config::expandEnvironment(QStringLiteral("a-${SY_TEST_KEY}-b")),
            QStringLiteral("a-sk-from-env-b"));
        QCOMPARE(Config::expandEnvironment(QStringLiteral("${SY_TEST_UNSET}")), QString());
        QCOMPARE(Config::expandEnvironment(QStringLiteral("no vars $HOME")), QStringLiteral("no vars $HOME"));
        QString error;
        auto config = Config::parse(
            R"({"providers":[{"id":"o","type":"openai","apiKey":"${SY_TEST_KEY}"}]})", &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->providers.first().apiKey, QStringLiteral("sk-from-env"));
    }

    void errorsNameTheJsonPath_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{\n  \"server\": {,}\n}")
                                  << QStringLiteral("invalid JSON at line 2");
        QTest::newRow("root array") << QByteArray("[]") << QStringLiteral("(root): expected an object");
        QTest::newRow("unknown root key")
            << QByteArray(R"({"sever":{}})") << QStringLiteral("sever: unknown key");
        QTest::newRow("unknown server key")
            << QByteArray(R"({"server":{"prot":1}})") << QStringLiteral("server.prot: unknown key");
        QTest::newRow("port type") << QByteArray(R"({"server":{"port":"4000"}})")
                                   << QStringLiteral("server.port: expected a whole number");
        QTest::newRow("port range") << QByteArray(R"({"server":{"port":70000}})")
                                    << QStringLiteral("server.port: must be between 0 and 65535");
        QTest::newRow("origins type") << QByteArray(R"({"server":{"allowedOrigins":[1]}})")
                                      << QStringLiteral("server.allowedOrigins[0]: expected a string");
        QTest::newRow("bool type") << QByteArray(R"({"server":{"requireApiKey":"yes"}})")
                                   << QStringLiteral("server.requireApiKey: expected true or false");
        QTest::newRow("driver") << QByteArray(R"({"storage":{"driver":"mysql"}})")
                                << QStringLiteral("storage.driver: unsupported driver");
        QTest::newRow("providers type")
            << QByteArray(R"({"providers":{}})") << QStringLiteral("providers: expected an array");
        QTest::newRow("provider id missing") << QByteArray(R"({"providers":[{"type":"mock"}]})")
                                             << QStringLiteral("providers[0].id: is required");
        QTest::newRow("provider type unknown")
            << QByteArray(R"({"providers":[{"id":"a","type":"mock"},{"id":"b","type":"azure"}]})")
            << QStringLiteral("providers[1].type: unknown provider type \"azure\"");
        QTest::newRow("baseUrl type")
            << QByteArray(R"({"providers":[{"id":"a","type":"openai","baseUrl":5}]})")
            << QStringLiteral("providers[0].baseUrl: expected a string");
        QTest::newRow("baseUrl scheme")
            << QByteArray(R"({"providers":[{"id":"a","type":"openai","baseUrl":"ftp:\/\/x"}]})")
            << QStringLiteral("providers[0].baseUrl: expected an http:// or https:// URL");
        QTest::newRow("duplicate id")
            << QByteArray(R"({"providers":[{"id":"a","type":"mock"},{"id":"a","type":"mock"}]})")
            << QStringLiteral("providers[1].id: duplicate provider id");
        QTest::newRow("provider unknown key")
            << QByteArray(R"({"providers":[{"id":"a","type":"mock","speed":1}]})")
            << QStringLiteral("providers[0].speed: unknown key");
        QTest::newRow("models price") << QByteArray(R"({"models":[{"id":"m","inputPer1M":"cheap"}]})")
                                      << QStringLiteral("models[0].inputPer1M: expected a number");
        QTest::newRow("models provider")
            << QByteArray(R"({"models":[{"id":"m","provider":"nope"}]})")
            << QStringLiteral("models[0].provider: no provider with id \"nope\"");
        QTest::newRow("strategy") << QByteArray(R"({"routing":{"strategy":"random"}})")
                                  << QStringLiteral("routing.strategy: unknown strategy");
        QTest::newRow("weight range") << QByteArray(R"({"routing":{"weights":{"cost":2}}})")
                                      << QStringLiteral("routing.weights.cost: must be between 0 and 1");
        QTest::newRow("fallbacks type")
            << QByteArray(R"({"routing":{"fallbacks":{"gpt-4o":"x"}}})")
            << QStringLiteral("routing.fallbacks.gpt-4o: expected an array of strings");
        QTest::newRow("all weights zero")
            << QByteArray(R"({"routing":{"weights":{"cost":0,"quality":0,"latency":0}}})")
            << QStringLiteral("routing.weights.cost: at least one weight");
        QTest::newRow("margin range") << QByteArray(R"({"routing":{"localMargin":1.5}})")
                                      << QStringLiteral("routing.localMargin: must be between 0 and 1");
        QTest::newRow("balancing") << QByteArray(R"({"routing":{"balancing":"random"}})")
                                   << QStringLiteral("routing.balancing: unknown balancing");
        QTest::newRow("constraint key") << QByteArray(R"({"routing":{"constraints":{"maxCost":1}}})")
                                        << QStringLiteral("routing.constraints.maxCost: unknown key");
        QTest::newRow("capability") << QByteArray(
            R"({"routing":{"constraints":{"requiredCapabilities":["telepathy"]}}})")
                                    << QStringLiteral(
                                           "routing.constraints.requiredCapabilities: unknown capability");
        QTest::newRow("retries range") << QByteArray(R"({"routing":{"retry":{"retries":99}}})")
                                       << QStringLiteral("routing.retry.retries: must be between 0 and 10");
        QTest::newRow("breaker threshold")
            << QByteArray(R"({"routing":{"circuitBreaker":{"failureThreshold":0}}})")
            << QStringLiteral("routing.circuitBreaker.failureThreshold: must be between");
        QTest::newRow("breaker cooldowns")
            << QByteArray(R"({"routing":{"circuitBreaker":{"cooldownMs":5000,"maxCooldownMs":1000}}})")
            << QStringLiteral("routing.circuitBreaker.maxCooldownMs: must not be below cooldownMs");
        QTest::newRow("probe interval")
            << QByteArray(R"({"routing":{"healthCheckIntervalMs":10}})")
            << QStringLiteral("routing.healthCheckIntervalMs: must be 0 (off) or at least 1000");
        QTest::newRow("max attempts") << QByteArray(R"({"routing":{"maxAttempts":0}})")
                                      << QStringLiteral("routing.maxAttempts: must be between 1 and 20");
        QTest::newRow("provider weight")
            << QByteArray(R"({"providers":[{"id":"a","type":"mock","weight":-1}]})")
            << QStringLiteral("providers[0].weight: must be between 0 and 1000");
    }

    void routingRoundTripsThroughJson()
    {
        const QByteArray json
            = R"({"routing": {"strategy": "custom", "weights": {"cost": 0.2, "quality": 0.7, "latency": 0.1},
            "preferLocal": false, "localMargin": 0.1, "autoFallback": true, "balancing": "weighted",
            "maxAttempts": 6, "deadlineMs": 60000, "healthCheckIntervalMs": 5000,
            "constraints": {"maxPricePer1M": 5, "maxP95LatencyMs": 2500, "requiredCapabilities": ["tools"]},
            "retry": {"retries": 2, "baseDelayMs": 50, "maxDelayMs": 800, "maxRetryAfterMs": 3000},
            "circuitBreaker": {"failureThreshold": 3, "cooldownMs": 2000, "maxCooldownMs": 9000, "halfOpenSuccesses": 2},
            "fallbacks": {"gpt-4o": ["mid"]}},
            "providers": [{"id": "a", "type": "mock", "weight": 3}],
            "models": [{"id": "m", "typicalTtftMs": 250}]})";
        QString error;
        auto c = Config::parse(json, &error);
        QVERIFY2(c, qPrintable(error));
        const RoutingConfig &r = c->routing;
        QCOMPARE(r.strategy, QStringLiteral("custom"));
        QCOMPARE(r.qualityWeight, 0.7);
        QVERIFY(!r.preferLocal);
        QCOMPARE(r.localMargin, 0.1);
        QVERIFY(r.autoFallback);
        QCOMPARE(r.balancing, QStringLiteral("weighted"));
        QCOMPARE(r.maxAttempts, 6);
        QCOMPARE(r.deadlineMs, 60000);
        QCOMPARE(r.healthCheckIntervalMs, 5000);
        QCOMPARE(r.constraints.maxPricePer1M, 5.0);
        QCOMPARE(r.constraints.maxP95LatencyMs, 2500.0);
        QCOMPARE(r.constraints.requiredCapabilities, QStringList {QStringLiteral("tools")});
        QCOMPARE(r.retry.retries, 2);
        QCOMPARE(r.retry.maxRetryAfterMs, 3000);
        QCOMPARE(r.circuitBreaker.failureThreshold, 3);
        QCOMPARE(r.circuitBreaker.halfOpenSuccesses, 2);
        QCOMPARE(c->providers.first().weight, 3);
        QCOMPARE(c->models.first().typicalTtftMs.value(), 250.0);
        // toJson writes what parse reads: the admin API's GET can be PUT back unchanged.
        const QByteArray again = QJsonDocument(QJsonObject {{QLatin1String("routing"), r.toJson()}}).toJson();
        auto back = Config::parse(again, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->routing.toJson(), r.toJson());
        QCOMPARE(back->routing.fallbacks, r.fallbacks);
        // Defaults round-trip too (no constraint limits written as -1).
        auto defaults = Config::parse(
            QJsonDocument(QJsonObject {{QLatin1String("routing"), RoutingConfig().toJson()}}).toJson(),
            &error);
        QVERIFY2(defaults, qPrintable(error));
        QCOMPARE(defaults->routing.constraints.maxPricePer1M, -1.0);
    }

    void errorsNameTheJsonPath()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!Config::parse(json, &error));
        QVERIFY2(error.startsWith(expected), qPrintable(QStringLiteral("got: ") + error));
        QVERIFY(!error.contains(u'\n'));
    }

    void loadCreatesDefaultsOnFirstRun()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/config.json"));
        QString error;
        auto config = Config::load(path, true, &error);
        QVERIFY2(config, qPrintable(error));
        QVERIFY(QFile::exists(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), Config::defaultDocument());
        QVERIFY(!Config::load(dir.filePath(QStringLiteral("missing.json")), false, &error));
        QVERIFY(error.contains(QStringLiteral("does not exist")));
    }

    void loadReportsFileAndPath()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"server":{"port":true}})");
        f.close();
        QString error;
        QVERIFY(!Config::load(path, false, &error));
        QCOMPARE(error, QStringLiteral("bad config %1: server.port: expected a whole number").arg(path));
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
