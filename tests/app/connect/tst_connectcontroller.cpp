// SPDX-License-Identifier: MIT
// ConnectController: the Connect a tool screen's state (the gateway's address, the model picked)
// over the connect-tools.json built into the app.
// Expected lists read best as plain strings: the product code's cast guard is lifted here.
#undef QT_NO_CAST_FROM_ASCII
#include "connect/connectcontroller.h"

#include <QFile>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

class TestConnectController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theAppShipsTheTestedFile();
    void followsTheGatewayAddress();
    void pickedModelFillsEveryTool();
    void aBrokenFileSaysWhy();
};

void TestConnectController::theAppShipsTheTestedFile()
{
    QFile source(qEnvironmentVariable("SWITCHYARD_TEST_RESOURCES") + QStringLiteral("/connect-tools.json"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QCOMPARE(ConnectController::builtInTools(), source.readAll());
    ConnectController c(ConnectController::builtInTools());
    QCOMPARE(c.loadError(), QString());
    QCOMPARE(c.toolNames(), QStringList({"Claude Code", "Codex", "Qwen Code", "Continue CLI", "Gemini CLI"}));
    QCOMPARE(c.key(), QStringLiteral("switchyard"));
}

void TestConnectController::followsTheGatewayAddress()
{
    ConnectController c(ConnectController::builtInTools());
    c.setApiUrl(QStringLiteral("http://127.0.0.1:4555/v1"));
    ConnectToolsModel *tools = c.tools();
    // Claude Code and Gemini CLI take the origin, the OpenAI-style tools the /v1 base URL.
    QVERIFY(tools->data(tools->index(0), ConnectToolsModel::EnvRole)
                .toString()
                .contains(QStringLiteral("ANTHROPIC_BASE_URL=http://127.0.0.1:4555\n")));
    QVERIFY(tools->data(tools->index(2), ConnectToolsModel::EnvRole)
                .toString()
                .contains(QStringLiteral("OPENAI_BASE_URL=http://127.0.0.1:4555/v1\n")));
    QVERIFY(tools->data(tools->index(4), ConnectToolsModel::EnvRole)
                .toString()
                .contains(QStringLiteral("GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:4555\n")));
}

void TestConnectController::pickedModelFillsEveryTool()
{
    ConnectController c(ConnectController::builtInTools());
    QSignalSpy changed(&c, &ConnectController::modelChanged);
    c.setModels({QJsonObject {{QStringLiteral("id"), QStringLiteral("mock-fast")}}});
    QCOMPARE(c.models()->rowCount(), 1);
    c.setModel(QStringLiteral("mock-fast"));
    c.setModel(QStringLiteral("mock-fast"));
    QCOMPARE(changed.count(), 1);
    for (int i = 0; i < c.tools()->rowCount(); ++i)
        QCOMPARE(c.tools()->data(c.tools()->index(i), ConnectToolsModel::ModelRole).toString(),
            QStringLiteral("mock-fast"));
    c.setModel(QString());
    QCOMPARE(changed.count(), 2);
    QCOMPARE(c.tools()->data(c.tools()->index(0), ConnectToolsModel::ModelRole).toString(),
        QStringLiteral("claude-sonnet-4-5"));
}

void TestConnectController::aBrokenFileSaysWhy()
{
    ConnectController c(QByteArray("not json"));
    QVERIFY(!c.loadError().isEmpty());
    QCOMPARE(c.tools()->rowCount(), 0);
    QCOMPARE(c.toolNames(), QStringList());
}

QTEST_GUILESS_MAIN(TestConnectController)
#include "tst_connectcontroller.moc"
