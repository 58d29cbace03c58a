// SPDX-License-Identifier: MIT
// DesktopApp, the composition root: QML's singletons are its instances, closing to the tray
// keeps serving, closing without a tray (and Quit) drains and stops, geometry is remembered.
#include "apptestenv.h"
#include "core/desktopapp.h"
#include "testclient.h"

#include <QQuickWindow>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(Switchyard_AppPlugin)
Q_IMPORT_QML_PLUGIN(Switchyard_UiPlugin)

class TestDesktopApp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void windowLoadsWithTheRootsInstances();
    void closeToTrayKeepsServing();
    void closeWithoutTrayDrainsAndStops();
};

void TestDesktopApp::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestDesktopApp::windowLoadsWithTheRootsInstances()
{
    AppTestEnvironment env;
    DesktopApp app(env.options(), nullptr);
    QString error;
    QVERIFY2(app.load(&error), qPrintable(error));
    QVERIFY(app.window());
    QVERIFY(!app.window()->isVisible()); // shown by start(), where it was last time
    app.preferences().setWindowGeometry(QRect(40, 50, 1200, 760));
    app.start();
    QTRY_VERIFY_WITH_TIMEOUT(app.gateway().listening(), 10000);
    QVERIFY(app.window()->isVisible());
    QCOMPARE(app.window()->size(), QSize(1200, 760));
    // The QML side sees the same objects: a change made in C++ shows in the rail.
    QObject *rail = app.window()->findChild<QObject *>(QStringLiteral("navigationRail"));
    QVERIFY(rail);
    QCOMPARE(rail->property("current").toString(), QStringLiteral("overview"));
    app.preferences().setCurrentPage(QStringLiteral("playground"));
    QCOMPARE(rail->property("current").toString(), QStringLiteral("playground"));
    app.preferences().setCurrentPage(QStringLiteral("overview"));
}

void TestDesktopApp::closeToTrayKeepsServing()
{
    AppTestEnvironment env;
    DesktopApp app(env.options(), nullptr);
    QString error;
    QVERIFY(app.load(&error));
    app.start();
    QTRY_VERIFY_WITH_TIMEOUT(app.gateway().listening(), 10000);
    app.shell().setCloseToTray(true); // as where the desktop has a tray
    QSignalSpy stopped(&app.host(), &EngineHost::stopped);
    app.window()->close();
    QVERIFY(!app.window()->isVisible());
    QVERIFY(!app.shell().notice().isEmpty()); // says it keeps serving
    TestClient client(quint16(app.gateway().port()));
    auto r = client.post(
        "/v1/chat/completions", R"({"model":"mock-fast","messages":[{"role":"user","content":"hi"}]})");
    QVERIFY(TestClient::wait(r));
    QCOMPARE(r->status, 200);
    QCOMPARE(stopped.count(), 0);
    QVERIFY(app.gateway().listening());
    app.showWindow(); // the tray's "Open"
    QVERIFY(app.window()->isVisible());
}

void TestDesktopApp::closeWithoutTrayDrainsAndStops()
{
    AppTestEnvironment env(0, 60); // a stream in flight while quitting
    DesktopApp app(env.options(), nullptr);
    QString error;
    QVERIFY(app.load(&error));
    app.start();
    QTRY_VERIFY_WITH_TIMEOUT(app.gateway().listening(), 10000);
    QVERIFY(!app.shell().closeToTray()); // offscreen has no tray
    TestClient client(quint16(app.gateway().port()));
    auto r = client.post("/v1/chat/completions",
        R"({"model":"mock-fast","stream":true,"messages":[{"role":"user","content":"finish this answer"}]})");
    QTRY_VERIFY_WITH_TIMEOUT(!r->events.isEmpty(), 10000);
    QSignalSpy stopped(&app.host(), &EngineHost::stopped);
    app.window()->close();
    QCOMPARE(app.gateway().state(), GatewayController::Stopping);
    QVERIFY(stopped.wait(15000));
    // Drained: the stream in flight was finished, not cut.
    QVERIFY(TestClient::wait(r));
    QCOMPARE(r->status, 200);
    QCOMPARE(r->events.last(), QByteArray("[DONE]"));
    QCOMPARE(app.gateway().state(), GatewayController::Stopped);
}

QTEST_MAIN(TestDesktopApp)
#include "tst_desktopapp.moc"
