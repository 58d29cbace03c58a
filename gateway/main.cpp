// SPDX-License-Identifier: MIT
// switchyard-gateway: the engine without a GUI, for servers and scripts.
#include "engine/engine.h"
#include "engine/terminationsignals.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    // Qt's plain UNIX event dispatcher, not GLib's: GLib wakes its loop through an eventfd each
    // time a socket notifier is toggled, two extra syscalls per socket write (bench/findings.md).
    // Nothing here needs GLib integration; an explicit QT_NO_GLIB in the environment wins.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchyard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHYARD_VERSION));

    EngineOptions options;
    QString message;
    int exitCode = 0;
    if (EngineOptions::parse(app.arguments(), QStringLiteral("switchyard-gateway"),
            QStringLiteral("Switchyard's LLM gateway, headless."), &options, &message, &exitCode)
        == EngineOptions::Outcome::Exit) {
        if (exitCode == 0)
            std::fputs(qPrintable(message), stdout);
        else
            std::fprintf(stderr, "switchyard-gateway: %s\n", qPrintable(message));
        return exitCode;
    }

    Engine engine(std::move(options));
    QString error;
    if (!engine.start(&error)) {
        std::fprintf(stderr, "switchyard-gateway: %s\n", qPrintable(error));
        return 1;
    }

    // SIGINT/SIGTERM: drain in-flight requests, flush the store, exit 0.
    TerminationSignals terminationSignals;
    QObject::connect(
        &terminationSignals, &TerminationSignals::received, &engine, [&engine] { engine.stop(); });
    QObject::connect(&engine, &Engine::stopped, &app, [] { QCoreApplication::exit(0); });

    const QString host = engine.options().config.server.host;
    const QString shownHost = host.contains(u':') ? u'[' + host + u']' : host;
    std::fprintf(stdout, "switchyard listening on http://%s:%d\n", qPrintable(shownHost), int(engine.port()));
    std::fflush(stdout);
    return app.exec();
}
