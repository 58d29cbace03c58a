// SPDX-License-Identifier: MIT
// switchyard: the desktop app, the gateway engine in-process with its window and tray icon.
#include "core/desktopapp.h"
#include "core/singleinstance.h"
#include "engine/terminationsignals.h"

#include <QApplication>
#include <QIcon>
#include <QQuickWindow>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(Switchyard_AppPlugin)
Q_IMPORT_QML_PLUGIN(Switchyard_UiPlugin)

int main(int argc, char *argv[])
{
    // Qt Quick's software renderer unless the user asks for another: this UI is flat 2D that changes
    // in small regions (it repaints only those), and it spares the GL stack, which on machines
    // without a GPU driver (Mesa's llvmpipe) alone costs ~100 MB of memory (docs/desktop.md).
    if (qEnvironmentVariableIsEmpty("QT_QUICK_BACKEND") && qEnvironmentVariableIsEmpty("QSG_RHI_BACKEND"))
        QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    QApplication app(argc, argv); // not QGuiApplication: Qt Charts and the tray menu need widgets
    QApplication::setApplicationName(QStringLiteral("switchyard"));
    QApplication::setOrganizationName(QStringLiteral("switchyard"));
    QApplication::setApplicationDisplayName(QStringLiteral("Switchyard"));
    QApplication::setApplicationVersion(QStringLiteral(SWITCHYARD_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("switchyard"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/switchyard/icons/switchyard.svg")));
    QApplication::setQuitOnLastWindowClosed(false);

    EngineOptions options;
    QString message;
    int exitCode = 0;
    if (EngineOptions::parse(app.arguments(), QStringLiteral("switchyard"),
            QStringLiteral("Switchyard: the LLM gateway on your desktop."), &options, &message, &exitCode)
        == EngineOptions::Outcome::Exit) {
        if (exitCode == 0)
            std::fputs(qPrintable(message), stdout);
        else
            std::fprintf(stderr, "switchyard: %s\n", qPrintable(message));
        return exitCode;
    }

    // A second launch shows the first window instead of failing on the gateway's port.
    SingleInstance instance(options.dataDir);
    if (instance.activateRunning())
        return 0;
    QString error;
    if (!instance.listen(&error))
        std::fprintf(stderr, "switchyard: single-instance socket unavailable: %s\n", qPrintable(error));

    DesktopApp desktop(std::move(options), &instance);
    if (!desktop.load(&error)) {
        std::fprintf(stderr, "switchyard: %s\n", qPrintable(error));
        return 1;
    }
    TerminationSignals terminationSignals;
    QObject::connect(&terminationSignals, &TerminationSignals::received, &desktop, &DesktopApp::quit);
    desktop.start();
    return app.exec();
}
