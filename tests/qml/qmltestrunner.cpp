// SPDX-License-Identifier: MIT
// The Quick Test runner for the desktop app's pages: the real controllers (DesktopApp without
// its window) over an engine serving the mock provider on a free port.
#include "apptestenv.h"
#include "core/desktopapp.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QQmlEngine>
#include <QStandardPaths>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest/quicktest.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(Switchyard_AppPlugin)
Q_IMPORT_QML_PLUGIN(Switchyard_UiPlugin)

class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine) { engine->addImportPath(QStringLiteral("qrc:/qt/qml")); }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv); // not QGuiApplication: ChartView needs widgets
    QStandardPaths::setTestModeEnabled(true);
    AppTestEnvironment env;
    DesktopApp desktop(env.options(), nullptr);
    desktop.host().start();
    QElapsedTimer waited;
    waited.start();
    while (!desktop.gateway().listening() && waited.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    if (!desktop.gateway().listening()) {
        std::fprintf(stderr, "the engine did not start: %s\n", qPrintable(desktop.gateway().errorText()));
        return 1;
    }
    Setup setup;
    return quick_test_main_with_setup(argc, argv, "switchyard", QUICK_TEST_SOURCE_DIR, &setup);
}

#include "qmltestrunner.moc"
