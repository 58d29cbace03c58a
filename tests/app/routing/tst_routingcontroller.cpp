// SPDX-License-Identifier: MIT
// RoutingController against the real engine (mock provider, models mock-fast and mock-smart):
// weights that re-normalise, the live preview following a slider, apply through ConfigEditor
// (persisted, routes the next auto request, shown on the Overview), the what-if over logged
// requests, constraints, fallback chains, admin-side changes followed.
#include "apptestenv.h"
#include "core/enginehost.h"
#include "engine/configeditor.h"
#include "engine/engine.h"
#include "overview/overviewcontroller.h"
#include "routing/routingcontroller.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

class TestRoutingController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void loadsTheAppliedSettings();
    void weightsAlwaysSumToOne();
    void previewFollowsASlider();
    void sliderAppliedMovesTheNextAutoRequestAndTheOverviewShowsIt();
    void whatIfReplaysTheLoggedRequests();
    void constraintsAreValidated();
    void fallbackChainsAreEditedAndSaved();
    void adminChangesAreFollowedUnlessEdited();

private:
    struct Rig
    {
        Rig()
            : host(env.options())
            , routing(&host)
            , overview(nullptr)
        {
            QObject::connect(&host, &EngineHost::routingChanged, &routing, &RoutingController::setApplied);
            QObject::connect(&host, &EngineHost::modelsChanged, &routing, &RoutingController::setModels);
            QObject::connect(
                &host, &EngineHost::snapshotReady, &overview, &OverviewController::applySnapshot);
            host.start();
        }
        AppTestEnvironment env;
        EngineHost host;
        RoutingController routing;
        OverviewController overview;
    };
    /// Sends one `auto` chat through the engine and returns its x-gateway object.
    static QJsonObject sendAuto(EngineHost &host, const QString &prompt);
    static QJsonObject configRouting(const AppTestEnvironment &env);
    static int rowOf(const PreviewModel &model, const QString &label);
};

// A simple prompt: all cost goes to mock-fast, all quality to mock-smart (a hard prompt would stay
// on mock-smart even by cost: mock-fast falls short of the quality it needs).
static const QString kSmallTalk = QStringLiteral("Hi! How are you today?");

QJsonObject TestRoutingController::sendAuto(EngineHost &host, const QString &prompt)
{
    return chatThroughHost(host, QStringLiteral("auto"), prompt);
}

QJsonObject TestRoutingController::configRouting(const AppTestEnvironment &env)
{
    QFile f(env.configPath());
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object().value(QLatin1String("routing")).toObject();
}

int TestRoutingController::rowOf(const PreviewModel &model, const QString &label)
{
    for (int i = 0; i < model.rowCount(); ++i) {
        if (model.data(model.index(i), PreviewModel::LabelRole).toString() == label)
            return i;
    }
    return -1;
}

void TestRoutingController::loadsTheAppliedSettings()
{
    Rig rig;
    QTRY_VERIFY_WITH_TIMEOUT(rig.routing.loaded(), 10000);
    QCOMPARE(rig.routing.strategy(), QStringLiteral("balanced"));
    QVERIFY(!rig.routing.dirty());
    const double sum = rig.routing.costWeight() + rig.routing.qualityWeight() + rig.routing.latencyWeight();
    QCOMPARE(std::round(sum * 1e9) / 1e9, 1.0);
    QVERIFY(rig.routing.preferLocal());
    QCOMPARE(rig.routing.maxPriceText(), QString());
    QTRY_VERIFY_WITH_TIMEOUT(rig.routing.modelIds().contains(QStringLiteral("mock-smart")), 10000);
    QVERIFY(!rig.routing.modelIds().contains(QStringLiteral("auto"))); // fallbacks name real models
    // The preview lists the sample prompts, no typed row yet.
    QTRY_COMPARE_WITH_TIMEOUT(rig.routing.preview()->rowCount(), 8, 10000);
    QCOMPARE(rig.routing.preview()->moved(), 0); // the draft is the applied settings
}

void TestRoutingController::weightsAlwaysSumToOne()
{
    Rig rig;
    RoutingController &r = rig.routing;
    QTRY_VERIFY_WITH_TIMEOUT(r.loaded(), 10000);
    const double quality = r.qualityWeight();
    const double latency = r.latencyWeight();
    QSignalSpy changed(&r, &RoutingController::draftChanged);
    r.setCostWeight(0.7);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(r.strategy(), QStringLiteral("custom"));
    QVERIFY(qAbs(r.costWeight() - 0.7) < 1e-9);
    QVERIFY(qAbs(r.qualityWeight() + r.latencyWeight() - 0.3) < 1e-9);
    // The other two keep their proportion.
    QVERIFY(qAbs(r.qualityWeight() / r.latencyWeight() - quality / latency) < 1e-6);
    QVERIFY(r.dirty());
    r.setLatencyWeight(1.0);
    QVERIFY(qAbs(r.latencyWeight() - 1.0) < 1e-9);
    QVERIFY(r.costWeight() < 1e-9 && r.qualityWeight() < 1e-9);
    // From a single weight, the rest is shared equally.
    r.setLatencyWeight(0.5);
    QVERIFY(qAbs(r.costWeight() - 0.25) < 1e-9);
    QVERIFY(qAbs(r.qualityWeight() - 0.25) < 1e-9);
    r.setCostWeight(7); // clamped
    QVERIFY(qAbs(r.costWeight() - 1.0) < 1e-9);
    // A preset strategy shows its own weights; the custom ones stay in the draft.
    r.setStrategy(QStringLiteral("quality"));
    QVERIFY(r.qualityWeight() > r.costWeight());
    QCOMPARE(r.draft().costWeight, 1.0);
    const int before = int(changed.count());
    r.setStrategy(QStringLiteral("quality")); // no-op
    r.setStrategy(QStringLiteral("nonsense")); // refused
    QCOMPARE(changed.count(), before);
    r.revert();
    QCOMPARE(r.strategy(), QStringLiteral("balanced"));
    QVERIFY(!r.dirty());
}

void TestRoutingController::previewFollowsASlider()
{
    Rig rig;
    RoutingController &r = rig.routing;
    QTRY_COMPARE_WITH_TIMEOUT(r.preview()->rowCount(), 8, 10000);
    QSignalSpy updated(&r, &RoutingController::previewUpdated);
    r.setCostWeight(1.0);
    QVERIFY(updated.wait(5000));
    const int row = rowOf(*r.preview(), QStringLiteral("Small talk"));
    QVERIFY(row >= 0);
    const QModelIndex i = r.preview()->index(row);
    QCOMPARE(r.preview()->data(i, PreviewModel::ModelRole).toString(), QStringLiteral("mock-fast"));
    QVERIFY(r.preview()->data(i, PreviewModel::ReasonRole).toString().contains(QStringLiteral("custom")));
    r.setQualityWeight(1.0);
    QVERIFY(updated.wait(5000));
    QCOMPARE(r.preview()->data(i, PreviewModel::ModelRole).toString(), QStringLiteral("mock-smart"));
    QVERIFY(!r.preview()->data(i, PreviewModel::RunnerUpRole).toString().isEmpty());
    // A typed prompt gets its own row on top, planned with the same draft.
    r.setTypedPrompt(QStringLiteral("Prove that the square root of 2 is irrational, step by step."));
    QVERIFY(updated.wait(5000));
    QCOMPARE(r.preview()->rowCount(), 9);
    QVERIFY(r.preview()->data(r.preview()->index(0), PreviewModel::TypedRole).toBool());
    QCOMPARE(r.preview()->data(r.preview()->index(0), PreviewModel::ModelRole).toString(),
        QStringLiteral("mock-smart"));
    QVERIFY(!r.preview()->data(r.preview()->index(0), PreviewModel::ClassificationRole).toString().isEmpty());
    r.setTypedPrompt(QString());
    QVERIFY(updated.wait(5000));
    QCOMPARE(r.preview()->rowCount(), 8);
    // Nothing was applied: the engine still routes with the balanced settings.
    QCOMPARE(configRouting(rig.env).value(QLatin1String("strategy")).toString(), QString());
}

void TestRoutingController::sliderAppliedMovesTheNextAutoRequestAndTheOverviewShowsIt()
{
    Rig rig;
    RoutingController &r = rig.routing;
    QTRY_VERIFY_WITH_TIMEOUT(r.loaded(), 10000);
    RecentRequestsModel &recent = *rig.overview.recentRequests();

    r.setQualityWeight(1.0);
    r.apply();
    QTRY_VERIFY_WITH_TIMEOUT(!r.dirty() && !r.applying(), 5000);
    QVERIFY2(!r.messageIsError(), qPrintable(r.message()));
    QJsonObject routing = configRouting(rig.env);
    QCOMPARE(routing.value(QLatin1String("strategy")).toString(), QStringLiteral("custom"));
    QCOMPARE(
        routing.value(QLatin1String("weights")).toObject().value(QLatin1String("quality")).toDouble(), 1.0);
    QJsonObject meta = sendAuto(rig.host, kSmallTalk);
    QCOMPARE(meta.value(QLatin1String("model")).toString(), QStringLiteral("mock-smart"));
    QTRY_VERIFY_WITH_TIMEOUT(recent.rowCount() == 1, 5000);
    QCOMPARE(recent.row(0).modelServed, QStringLiteral("mock-smart"));
    QVERIFY2(recent.row(0).routingDecision.contains(QStringLiteral("-> mock-smart")),
        qPrintable(recent.row(0).routingDecision));
    QCOMPARE(recent.data(recent.index(0), RecentRequestsModel::RoutingDecisionRole).toString(),
        recent.row(0).routingDecision);

    // Cost to the top: the very next request goes to the cheap model, and the Overview says why.
    r.setCostWeight(1.0);
    r.apply();
    QTRY_VERIFY_WITH_TIMEOUT(!r.dirty() && !r.applying(), 5000);
    meta = sendAuto(rig.host, kSmallTalk);
    QCOMPARE(meta.value(QLatin1String("model")).toString(), QStringLiteral("mock-fast"));
    QTRY_VERIFY_WITH_TIMEOUT(recent.rowCount() == 2, 5000);
    QCOMPARE(recent.row(0).modelServed, QStringLiteral("mock-fast"));
    QVERIFY2(recent.row(0).routingDecision.contains(QStringLiteral("-> mock-fast")),
        qPrintable(recent.row(0).routingDecision));
    QVERIFY(recent.row(0).routingDecision.contains(QStringLiteral("custom")));
    QCOMPARE(recent.row(1).modelServed, QStringLiteral("mock-smart"));
    routing = configRouting(rig.env);
    QCOMPARE(routing.value(QLatin1String("weights")).toObject().value(QLatin1String("cost")).toDouble(), 1.0);
}

void TestRoutingController::whatIfReplaysTheLoggedRequests()
{
    Rig rig;
    RoutingController &r = rig.routing;
    QTRY_VERIFY_WITH_TIMEOUT(r.loaded(), 10000);
    r.setQualityWeight(1.0);
    r.apply();
    QTRY_VERIFY_WITH_TIMEOUT(!r.dirty() && !r.applying(), 5000);
    double loggedCost = 0;
    for (int i = 0; i < 3; ++i) {
        const QJsonObject meta = sendAuto(rig.host, kSmallTalk);
        QCOMPARE(meta.value(QLatin1String("model")).toString(), QStringLiteral("mock-smart"));
        loggedCost += meta.value(QLatin1String("cost_usd")).toDouble();
    }
    QVERIFY(loggedCost > 0);

    QSignalSpy whatIf(&r, &RoutingController::whatIfChanged);
    r.setCostWeight(1.0);
    QTRY_VERIFY_WITH_TIMEOUT(r.whatIfReady() && !r.whatIfRunning() && r.whatIf().replayed == 3, 10000);
    const WhatIfSummary &w = r.whatIf();
    QCOMPARE(w.considered, 3);
    QCOMPARE(w.changed, 3);
    // "Before" is what the log says these requests cost; "after" the cheap model's price for them.
    QVERIFY2(
        qAbs(w.costBeforeUsd - loggedCost) < 1e-7, qPrintable(QString::number(w.costBeforeUsd, 'g', 10)));
    QVERIFY(w.costAfterUsd < w.costBeforeUsd);
    QVERIFY(w.qualityAfter < w.qualityBefore);
    QCOMPARE(r.whatIfTones().at(0), QStringLiteral("ok")); // cheaper
    QCOMPARE(r.whatIfTones().at(3), QStringLiteral("warning")); // lower quality
    QVERIFY(r.whatIfChange().at(0).startsWith(u'-'));
    QCOMPARE(r.whatIfMoves().size(), 1);
    QVERIFY(r.whatIfMoves().first().contains(QStringLiteral("mock-smart")));
    QVERIFY(r.whatIfMoves().first().contains(QStringLiteral("mock-fast")));
    QVERIFY(r.whatIfSummary().contains(QStringLiteral("3 would go elsewhere")));
    // Only the last request.
    r.setWhatIfLast(1);
    QTRY_VERIFY_WITH_TIMEOUT(!r.whatIfRunning() && r.whatIf().considered == 1, 10000);
    QCOMPARE(r.whatIf().replayed, 1);
    // The applied settings replayed change nothing.
    r.revert();
    QTRY_VERIFY_WITH_TIMEOUT(!r.whatIfRunning() && r.whatIf().changed == 0, 10000);
    QCOMPARE(r.whatIf().replayed, 1);
    QCOMPARE(r.whatIfTones().at(0), QStringLiteral("neutral"));
}

void TestRoutingController::constraintsAreValidated()
{
    Rig rig;
    RoutingController &r = rig.routing;
    QTRY_VERIFY_WITH_TIMEOUT(r.loaded(), 10000);
    r.setMaxPriceText(QStringLiteral("cheap please"));
    QVERIFY(!r.constraintError().isEmpty());
    r.apply();
    QVERIFY(r.messageIsError());
    QVERIFY(!configRouting(rig.env).contains(QLatin1String("constraints")));
    r.setMaxPriceText(QStringLiteral("0.5"));
    QVERIFY(r.constraintError().isEmpty());
    QCOMPARE(r.draft().constraints.maxPricePer1M, 0.5);
    r.setCapabilityRequired(QStringLiteral("vision"), true);
    r.setCapabilityRequired(QStringLiteral("teleportation"), true); // not a capability
    QCOMPARE(r.requiredCapabilities(), QStringList {QStringLiteral("vision")});
    // Under $0.5 per 1M only mock-fast fits, and it has no vision: no model fits.
    QSignalSpy updated(&r, &RoutingController::previewUpdated);
    QVERIFY(updated.wait(5000));
    QVERIFY(!r.preview()->data(r.preview()->index(0), PreviewModel::ErrorRole).toString().isEmpty());
    r.setCapabilityRequired(QStringLiteral("vision"), false);
    QVERIFY(updated.wait(5000));
    QCOMPARE(r.preview()->data(r.preview()->index(0), PreviewModel::ModelRole).toString(),
        QStringLiteral("mock-fast"));
    r.setLocalMargin(3);
    QCOMPARE(r.localMargin(), 0.5);
    r.apply();
    QTRY_VERIFY_WITH_TIMEOUT(!r.dirty() && !r.applying(), 5000);
    const QJsonObject saved = configRouting(rig.env);
    QCOMPARE(
        saved.value(QLatin1String("constraints")).toObject().value(QLatin1String("maxPricePer1M")).toDouble(),
        0.5);
    QCOMPARE(saved.value(QLatin1String("localMargin")).toDouble(), 0.5);
    QCOMPARE(r.maxPriceText(), QStringLiteral("0.5"));
}

void TestRoutingController::fallbackChainsAreEditedAndSaved()
{
    Rig rig;
    RoutingController &r = rig.routing;
    QTRY_VERIFY_WITH_TIMEOUT(r.loaded(), 10000);
    QVERIFY(r.addFallbackChain(QStringLiteral("mock-smart")));
    QVERIFY(!r.addFallbackChain(QStringLiteral("mock-smart")));
    QVERIFY(r.addFallbackStep(0, QStringLiteral("mock-fast")));
    QVERIFY(!r.addFallbackStep(0, QStringLiteral("mock-smart"))); // itself
    QVERIFY(r.addFallbackStep(0, QStringLiteral("gpt-4o-mini")));
    r.moveFallbackStep(0, 1, -1);
    QCOMPARE(r.draft().fallbacks.value(QStringLiteral("mock-smart")),
        (QStringList {QStringLiteral("gpt-4o-mini"), QStringLiteral("mock-fast")}));
    r.apply();
    QTRY_VERIFY_WITH_TIMEOUT(!r.dirty() && !r.applying(), 5000);
    const QJsonObject chains = configRouting(rig.env).value(QLatin1String("fallbacks")).toObject();
    QCOMPARE(chains.value(QLatin1String("mock-smart")).toArray(),
        (QJsonArray {QStringLiteral("gpt-4o-mini"), QStringLiteral("mock-fast")}));
    r.removeFallbackChain(0);
    QVERIFY(r.dirty());
    QVERIFY(r.draft().fallbacks.isEmpty());
}

void TestRoutingController::adminChangesAreFollowedUnlessEdited()
{
    Rig rig;
    RoutingController &r = rig.routing;
    QTRY_VERIFY_WITH_TIMEOUT(r.loaded(), 10000);
    auto setFromAdmin = [&rig](const QString &strategy) {
        QObject receiver;
        bool done = false;
        rig.host.withEngine(&receiver, [strategy, &done](Engine *engine, const EngineHost::ToGui &toGui) {
            QJsonObject routing = engine->configEditor().routing();
            routing.insert(QLatin1String("strategy"), strategy);
            QString error;
            engine->configEditor().setRouting(routing, &error);
            toGui([&done] { done = true; });
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
    };
    QSignalSpy applied(&rig.host, &EngineHost::routingChanged);
    // The same ConfigEditor the admin API uses: the screen follows it.
    setFromAdmin(QStringLiteral("latency"));
    QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 1, 5000);
    QCOMPARE(r.strategy(), QStringLiteral("latency"));
    QVERIFY(!r.dirty());
    // With edits of its own, the draft stays; it is now dirty against the new applied settings.
    r.setPreferLocal(false);
    setFromAdmin(QStringLiteral("cost"));
    QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 2, 5000);
    QVERIFY(r.dirty());
    QCOMPARE(r.strategy(), QStringLiteral("latency"));
    QVERIFY(!r.preferLocal());
    r.revert();
    QCOMPARE(r.strategy(), QStringLiteral("cost"));
}

QTEST_MAIN(TestRoutingController)
#include "tst_routingcontroller.moc"
