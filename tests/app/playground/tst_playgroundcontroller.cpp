// SPDX-License-Identifier: MIT
// PlaygroundController and PlaygroundSession against the real engine (mock provider): send,
// stream, stats from the gateway, side-by-side compare, stop midway, validation.
#include "apptestenv.h"
#include "core/enginehost.h"
#include "playground/playgroundcontroller.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

class TestPlaygroundController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsPickVirtualAndRealModels();
    void requestBodyAndValidation();
    void sendStreamsAndReportsTheGateway();
    void compareRunsBothModels();
    void stopKeepsThePartialAnswer();
    void unknownModelFails();

private:
    struct Rig
    {
        explicit Rig(int paceMs = -1)
            : env(0, paceMs)
            , host(env.options())
            , playground(&host)
        {
            QObject::connect(
                &host, &EngineHost::modelsChanged, &playground, &PlaygroundController::setModels);
            host.start();
        }
        AppTestEnvironment env;
        EngineHost host;
        PlaygroundController playground;
    };
};

void TestPlaygroundController::defaultsPickVirtualAndRealModels()
{
    Rig rig;
    QTRY_VERIFY_WITH_TIMEOUT(rig.playground.models()->rowCount() > 4, 10000);
    QCOMPARE(rig.playground.primary()->model(), QStringLiteral("auto"));
    QCOMPARE(rig.playground.secondary()->model(), QStringLiteral("mock-fast")); // first real model
    QVERIFY(rig.playground.models()->indexOf(QStringLiteral("mock-smart")) > 0);
}

void TestPlaygroundController::requestBodyAndValidation()
{
    Rig rig;
    PlaygroundController &pg = rig.playground;
    QTRY_VERIFY_WITH_TIMEOUT(!pg.primary()->model().isEmpty(), 10000);
    QVERIFY(!pg.canSend());
    QSignalSpy canSend(&pg, &PlaygroundController::canSendChanged);
    pg.setMessage(QStringLiteral("   "));
    QVERIFY(!pg.canSend());
    pg.setMessage(QStringLiteral("Hello"));
    QVERIFY(pg.canSend());
    QCOMPARE(canSend.count(), 1);
    QJsonObject body = pg.requestBody();
    QCOMPARE(body.value(QLatin1String("messages")).toArray().size(), 1);
    pg.setSystemPrompt(QStringLiteral("Be brief."));
    body = pg.requestBody();
    const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).toObject().value(QLatin1String("role")).toString(), QStringLiteral("system"));
    QCOMPARE(messages.at(1).toObject().value(QLatin1String("content")).toString(), QStringLiteral("Hello"));
    QSignalSpy temperature(&pg, &PlaygroundController::temperatureChanged);
    pg.setTemperature(5);
    QCOMPARE(pg.temperature(), 2.0);
    pg.setTemperature(2.001);
    QCOMPARE(temperature.count(), 1);
    pg.setMaxTokens(0);
    QCOMPARE(pg.maxTokens(), 1);
    body = pg.requestBody();
    QCOMPARE(body.value(QLatin1String("temperature")).toDouble(), 2.0);
    QCOMPARE(body.value(QLatin1String("max_tokens")).toInt(), 1);
}

void TestPlaygroundController::sendStreamsAndReportsTheGateway()
{
    Rig rig;
    PlaygroundController &pg = rig.playground;
    QTRY_VERIFY_WITH_TIMEOUT(!pg.primary()->model().isEmpty(), 10000);
    PlaygroundSession *s = pg.primary();
    pg.setMessage(QStringLiteral("Write a haiku about trains."));
    QSignalSpy phases(s, &PlaygroundSession::phaseChanged);
    QSignalSpy running(&pg, &PlaygroundController::runningChanged);
    QSignalSpy finished(s, &PlaygroundSession::finished);
    pg.send();
    QCOMPARE(s->phase(), PlaygroundSession::Waiting);
    QVERIFY(pg.running());
    QVERIFY(!pg.canSend());
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(s->phase(), PlaygroundSession::Done);
    QCOMPARE(phases.count(), 3); // Waiting, Streaming, Done
    QCOMPARE(running.count(), 2);
    // auto is scored: a creative prompt goes to the careful model under the balanced strategy.
    QVERIFY(s->answer().contains(QStringLiteral("You asked: \"Write a haiku about trains.\"")));
    QVERIFY(s->hasStats());
    QCOMPARE(s->servedModel(), QStringLiteral("mock-smart"));
    QCOMPARE(s->provider(), QStringLiteral("mock"));
    QVERIFY(s->routingDecision().contains(QStringLiteral("-> mock-smart")));
    QVERIFY(s->tokens().contains(QStringLiteral(" in · ")));
    QVERIFY(!s->tokens().startsWith(QStringLiteral("0 in")));
    QVERIFY(s->cost().startsWith(u'$'));
    QVERIFY(s->latency().endsWith(QStringLiteral("ms")) || s->latency().endsWith(QStringLiteral(" s")));
    QVERIFY(s->ttft() != QStringLiteral("–"));
    QVERIFY(pg.canSend());
}

void TestPlaygroundController::compareRunsBothModels()
{
    Rig rig;
    PlaygroundController &pg = rig.playground;
    QTRY_VERIFY_WITH_TIMEOUT(!pg.secondary()->model().isEmpty(), 10000);
    pg.setCompare(true);
    pg.secondary()->setModel(QStringLiteral("mock-smart"));
    pg.setMessage(QStringLiteral("Compare us"));
    pg.send();
    QVERIFY(pg.primary()->running());
    QVERIFY(pg.secondary()->running());
    QTRY_VERIFY_WITH_TIMEOUT(!pg.running(), 15000);
    QCOMPARE(pg.primary()->phase(), PlaygroundSession::Done);
    QCOMPARE(pg.secondary()->phase(), PlaygroundSession::Done);
    QCOMPARE(pg.secondary()->servedModel(), QStringLiteral("mock-smart"));
    QVERIFY(pg.secondary()->answer().contains(QStringLiteral("mock-smart")));
    QVERIFY(pg.primary()->answer() != pg.secondary()->answer());
}

void TestPlaygroundController::stopKeepsThePartialAnswer()
{
    Rig rig(150);
    PlaygroundController &pg = rig.playground;
    QTRY_VERIFY_WITH_TIMEOUT(!pg.primary()->model().isEmpty(), 10000);
    PlaygroundSession *s = pg.primary();
    pg.setMessage(QStringLiteral("Tell me a long story"));
    pg.send();
    QTRY_COMPARE_WITH_TIMEOUT(s->phase(), PlaygroundSession::Streaming, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(s->answer().count(u' ') >= 2, 10000);
    QSignalSpy finished(s, &PlaygroundSession::finished);
    pg.stop();
    QCOMPARE(s->phase(), PlaygroundSession::Stopped);
    QCOMPARE(finished.count(), 1);
    const QString partial = s->answer();
    QVERIFY(!partial.isEmpty());
    QVERIFY(s->hasStats()); // measured by the pane itself
    QVERIFY(s->ttft() != QStringLiteral("–"));
    QTest::qWait(500); // more words would have come by now
    QCOMPARE(s->answer(), partial);
    QCOMPARE(s->phase(), PlaygroundSession::Stopped);
    QCOMPARE(finished.count(), 1);
}

void TestPlaygroundController::unknownModelFails()
{
    Rig rig;
    PlaygroundController &pg = rig.playground;
    QTRY_VERIFY_WITH_TIMEOUT(!pg.primary()->model().isEmpty(), 10000);
    pg.primary()->setModel(QStringLiteral("no-such-model"));
    pg.setMessage(QStringLiteral("Hello"));
    QSignalSpy finished(pg.primary(), &PlaygroundSession::finished);
    pg.send();
    QVERIFY(finished.wait(10000));
    QCOMPARE(pg.primary()->phase(), PlaygroundSession::Failed);
    QVERIFY(pg.primary()->errorText().contains(QStringLiteral("no-such-model")));
    QCOMPARE(finished.count(), 1);
}

QTEST_MAIN(TestPlaygroundController)
#include "tst_playgroundcontroller.moc"
