// SPDX-License-Identifier: MIT
#include "routing/catalog.h"

#include <QTest>

class TestCatalog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtInCatalogLoads()
    {
        Catalog c;
        QString error;
        QVERIFY2(c.load({}, &error), qPrintable(error));
        // Every preset of the foundation issue has a base URL; the hosted ones list models.
        for (const char *name :
            {"openai", "groq", "together", "mistral", "deepseek", "openrouter", "lmstudio", "ollama"}) {
            const ProviderPreset *p = c.preset(QLatin1String(name));
            QVERIFY2(p, name);
            QVERIFY2(p->baseUrl.startsWith(QLatin1String("http")), name);
        }
        for (const char *name : {"openai", "groq", "together", "mistral", "deepseek", "openrouter"}) {
            const ProviderPreset *p = c.preset(QLatin1String(name));
            QVERIFY2(!p->models.isEmpty(), name);
            for (const QString &m : p->models)
                QVERIFY2(c.contains(m),
                    qPrintable(QStringLiteral("%1 lists %2, which has no catalog entry")
                                   .arg(QLatin1String(name), m)));
        }
        QVERIFY(c.preset(QStringLiteral("lmstudio"))->local);
        QVERIFY(!c.preset(QStringLiteral("mistral"))->streamUsage);
        const ModelInfo mini = c.model(QStringLiteral("gpt-4o-mini"));
        QVERIFY(mini.known);
        QCOMPARE(mini.inputPer1M, 0.15);
        QCOMPARE(mini.outputPer1M, 0.6);
        QCOMPARE(mini.cachedInputPer1M, 0.075);
        QCOMPARE(mini.contextWindow, 128000);
        QVERIFY(mini.has(QStringLiteral("tools")));
        QVERIFY(c.model(QStringLiteral("mock-fast")).quality < c.model(QStringLiteral("mock-smart")).quality);
        QVERIFY(c.model(QStringLiteral("mock-fast")).outputPer1M
            < c.model(QStringLiteral("mock-smart")).outputPer1M);
    }

    void cachedTokensAtTheirOwnPrice()
    {
        Catalog c;
        QString error;
        QVERIFY(c.load({}, &error));
        const ModelInfo mini = c.model(QStringLiteral("gpt-4o-mini"));
        // 1M prompt tokens of which 400k cached, 100k completion:
        // 600k * 0.15 + 400k * 0.075 + 100k * 0.6 = 0.09 + 0.03 + 0.06 = 0.18 USD.
        QCOMPARE(qRound64(mini.cost(1000000, 100000, 400000) * 1e6), qint64(180000));
        // Without a cache price, cached tokens cost the input price.
        ModelInfo noCache = mini;
        noCache.cachedInputPer1M = -1;
        QCOMPARE(qRound64(noCache.cost(1000000, 0, 400000) * 1e6), qint64(150000));
        // Cached tokens beyond the prompt are clamped, never negative.
        QVERIFY(mini.cost(10, 0, 50) >= 0);
    }

    void unknownModelIsFreeAndMarked()
    {
        Catalog c;
        QString error;
        QVERIFY(c.load({}, &error));
        const ModelInfo m = c.model(QStringLiteral("my-local-llama"));
        QVERIFY(!m.known);
        QCOMPARE(m.cost(1000, 1000), 0.0);
    }

    void configOverridesOnlyWhatItSets()
    {
        ModelConfig o;
        o.id = QStringLiteral("gpt-4o-mini");
        o.outputPer1M = 0.5;
        ModelConfig added;
        added.id = QStringLiteral("my-model");
        added.inputPer1M = 1;
        added.capabilities = QStringList {QStringLiteral("vision")};
        Catalog c;
        QString error;
        QVERIFY(c.load({o, added}, &error));
        QCOMPARE(c.model(QStringLiteral("gpt-4o-mini")).outputPer1M, 0.5);
        QCOMPARE(c.model(QStringLiteral("gpt-4o-mini")).inputPer1M, 0.15);
        QVERIFY(c.model(QStringLiteral("my-model")).known);
        QVERIFY(c.model(QStringLiteral("my-model")).has(QStringLiteral("vision")));
    }

    void brokenCatalogIsAnError()
    {
        Catalog c;
        QString error;
        QVERIFY(!c.loadFrom("{", {}, &error));
        QVERIFY(error.startsWith(QStringLiteral("model catalog:")));
        QVERIFY(!c.loadFrom(R"({"models":[{"inputPer1M":1}]})", {}, &error));
        QVERIFY(error.contains(QStringLiteral("no id")));
    }
};

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
