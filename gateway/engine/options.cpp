// SPDX-License-Identifier: MIT
#include "engine/options.h"

#include <QCommandLineParser>
#include <QDir>
#include <QHostAddress>
#include <QStandardPaths>

QString EngineOptions::defaultConfigPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QStringLiteral("/switchyard/config.json");
}

QString EngineOptions::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/switchyard");
}

QString EngineOptions::databasePath() const
{
    if (!config.storage.path.isEmpty())
        return config.storage.path;
    return QDir(dataDir).filePath(QStringLiteral("switchyard.db"));
}

static bool parsePort(const QString &text, int *port)
{
    bool ok = false;
    const int p = text.toInt(&ok);
    if (!ok || p < 0 || p > 65535)
        return false;
    *port = p;
    return true;
}

EngineOptions::Outcome EngineOptions::parse(const QStringList &arguments, const QString &programName,
    const QString &description, EngineOptions *options, QString *message, int *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description);
    const QCommandLineOption configOpt(QStringLiteral("config"),
        QStringLiteral("Configuration file (default: %1; env SWITCHYARD_CONFIG).").arg(defaultConfigPath()),
        QStringLiteral("FILE"));
    const QCommandLineOption hostOpt(QStringLiteral("host"),
        QStringLiteral("Address to listen on (default 127.0.0.1; env SWITCHYARD_HOST)."),
        QStringLiteral("ADDR"));
    const QCommandLineOption portOpt(QStringLiteral("port"),
        QStringLiteral("Port to listen on (default 4000; env SWITCHYARD_PORT)."), QStringLiteral("N"));
    const QCommandLineOption dataOpt(QStringLiteral("data-dir"),
        QStringLiteral("Directory for the database (default: %1; env SWITCHYARD_DATA_DIR).")
            .arg(defaultDataDir()),
        QStringLiteral("DIR"));
    const QCommandLineOption versionOpt(
        QStringLiteral("version"), QStringLiteral("Print the version and exit."));
    const QCommandLineOption helpOpt(
        {QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Print this help and exit."));
    parser.addOptions({configOpt, hostOpt, portOpt, dataOpt, versionOpt, helpOpt});
    if (!parser.parse(arguments)) {
        *message = parser.errorText() + QStringLiteral(" (see --help)");
        *exitCode = 2;
        return Outcome::Exit;
    }
    if (parser.isSet(helpOpt)) {
        *message = parser.helpText();
        *exitCode = 0;
        return Outcome::Exit;
    }
    if (parser.isSet(versionOpt)) {
        *message = programName + u' ' + QStringLiteral(SWITCHYARD_VERSION) + u'\n';
        *exitCode = 0;
        return Outcome::Exit;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *message = QStringLiteral("unexpected argument '%1' (see --help)")
                       .arg(parser.positionalArguments().first());
        *exitCode = 2;
        return Outcome::Exit;
    }
    auto pick = [&](const QCommandLineOption &opt, const char *env, const QString &fallback) {
        if (parser.isSet(opt))
            return parser.value(opt);
        const QString e = qEnvironmentVariable(env);
        return e.isEmpty() ? fallback : e;
    };
    options->configPath = pick(configOpt, "SWITCHYARD_CONFIG", defaultConfigPath());
    options->dataDir = pick(dataOpt, "SWITCHYARD_DATA_DIR", defaultDataDir());
    // Only the default location is created on first run; a named file must exist.
    const bool isDefault = !parser.isSet(configOpt) && qEnvironmentVariableIsEmpty("SWITCHYARD_CONFIG");
    QString error;
    auto config = Config::load(options->configPath, isDefault, &error);
    if (!config) {
        *message = error;
        *exitCode = 2;
        return Outcome::Exit;
    }
    options->config = std::move(*config);
    const QString host = pick(hostOpt, "SWITCHYARD_HOST", options->config.server.host);
    if (QHostAddress(host).isNull() && host != QLatin1String("localhost")) {
        *message = QStringLiteral("invalid --host '%1': expected an IP address such as 127.0.0.1 or ::1")
                       .arg(host);
        *exitCode = 2;
        return Outcome::Exit;
    }
    options->config.server.host = host;
    const QString port = pick(portOpt, "SWITCHYARD_PORT", QString::number(options->config.server.port));
    if (!parsePort(port, &options->config.server.port)) {
        *message = QStringLiteral("invalid port '%1': expected a number from 0 to 65535").arg(port);
        *exitCode = 2;
        return Outcome::Exit;
    }
    const QString adminKey = qEnvironmentVariable("SWITCHYARD_ADMIN_KEY");
    if (!adminKey.isEmpty())
        options->config.server.adminKey = adminKey;
    return Outcome::Run;
}
