// SPDX-License-Identifier: MIT
// GatewayController: a busy port is shown with a free one to pick; the pick is saved to the
// config file; pause and resume.
#include "apptestenv.h"
#include "core/enginehost.h"
#include "core/gatewaycontroller.h"
#include "engine/configfile.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

class TestGatewayController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listensAndShowsTheAddress();
    void busyPortOffersAnotherAndSavesIt();
    void invalidPortIsRefused();
    void pauseAndResume();
};

void TestGatewayController::listensAndShowsTheAddress()
{
    AppTestEnvironment env;
    EngineHost host(env.options());
    GatewayController gateway(&host, env.configPath());
    QCOMPARE(gateway.state(), GatewayController::Starting);
    QSignalSpy state(&gateway, &GatewayController::stateChanged);
    QSignalSpy address(&gateway, &GatewayController::addressChanged);
    host.start();
    QVERIFY(state.wait(10000));
    QCOMPARE(state.count(), 1);
    QCOMPARE(gateway.state(), GatewayController::Listening);
    QCOMPARE(address.count(), 1);
    QVERIFY(gateway.port() > 0);
    QCOMPARE(gateway.apiUrl(), QStringLiteral("http://127.0.0.1:%1/v1").arg(gateway.port()));
    QCOMPARE(gateway.statusText(), QStringLiteral("Listening"));
    // Starting on the configured port is not a change: the file keeps port 0.
    QString error;
    QCOMPARE(
        ConfigFile::get(env.configPath(), {QStringLiteral("server"), QStringLiteral("port")}, &error).toInt(),
        0);
}

void TestGatewayController::busyPortOffersAnotherAndSavesIt()
{
    QTcpServer other; // "another program" on the configured port
    QVERIFY(other.listen(QHostAddress::LocalHost, 0));
    AppTestEnvironment env(other.serverPort());
    EngineHost host(env.options());
    GatewayController gateway(&host, env.configPath());
    QSignalSpy state(&gateway, &GatewayController::stateChanged);
    host.start();
    QVERIFY(state.wait(10000));
    QCOMPARE(gateway.state(), GatewayController::PortInUse);
    QCOMPARE(gateway.port(), int(other.serverPort()));
    QVERIFY(gateway.errorText().contains(QStringLiteral("in use")));
    QCOMPARE(gateway.statusText(), QStringLiteral("Port %1 is in use").arg(other.serverPort()));
    const int suggested = gateway.suggestedPort();
    QVERIFY(suggested > int(other.serverPort()));

    QSignalSpy changing(&gateway, &GatewayController::changingPortChanged);
    state.clear();
    gateway.usePort(suggested);
    QCOMPARE(gateway.changingPort(), true);
    QCOMPARE(gateway.state(), GatewayController::Starting);
    QTRY_COMPARE_WITH_TIMEOUT(gateway.state(), GatewayController::Listening, 10000);
    QCOMPARE(state.count(), 2); // Starting, Listening
    QCOMPARE(changing.count(), 2);
    QCOMPARE(gateway.port(), suggested);
    QVERIFY(gateway.portError().isEmpty());
    QString error;
    QCOMPARE(
        ConfigFile::get(env.configPath(), {QStringLiteral("server"), QStringLiteral("port")}, &error).toInt(),
        suggested);
    QTcpSocket probe;
    probe.connectToHost(QStringLiteral("127.0.0.1"), quint16(suggested));
    QVERIFY(probe.waitForConnected(3000));
}

void TestGatewayController::invalidPortIsRefused()
{
    AppTestEnvironment env;
    EngineHost host(env.options());
    GatewayController gateway(&host, env.configPath());
    QSignalSpy error(&gateway, &GatewayController::portErrorChanged);
    gateway.usePort(70000);
    QCOMPARE(error.count(), 1);
    QVERIFY(!gateway.portError().isEmpty());
    QCOMPARE(gateway.changingPort(), false);
}

void TestGatewayController::pauseAndResume()
{
    AppTestEnvironment env;
    EngineHost host(env.options());
    GatewayController gateway(&host, env.configPath());
    host.start();
    QTRY_COMPARE_WITH_TIMEOUT(gateway.state(), GatewayController::Listening, 10000);
    QSignalSpy state(&gateway, &GatewayController::stateChanged);
    gateway.togglePaused();
    QVERIFY(state.wait(5000));
    QCOMPARE(gateway.state(), GatewayController::Paused);
    QVERIFY(gateway.paused());
    QCOMPARE(gateway.statusText(), QStringLiteral("Paused"));
    gateway.togglePaused();
    QVERIFY(state.wait(5000));
    QCOMPARE(gateway.state(), GatewayController::Listening);
    QCOMPARE(state.count(), 2);
}

QTEST_MAIN(TestGatewayController)
#include "tst_gatewaycontroller.moc"
