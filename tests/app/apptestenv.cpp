// SPDX-License-Identifier: MIT
#include "apptestenv.h"

#include <QDir>
#include <QFile>
#include <QStringList>

AppTestEnvironment::AppTestEnvironment(int port, int mockPaceMs)
{
    QDir().mkpath(dataDir());
    QFile f(configPath());
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write the test config");
    const QByteArray pace = mockPaceMs > 0 ? ", \"paceMs\": " + QByteArray::number(mockPaceMs) : QByteArray();
    f.write("{\n  \"server\": { \"host\": \"127.0.0.1\", \"port\": " + QByteArray::number(port)
        + " },\n  \"providers\": [ { \"id\": \"mock\", \"type\": \"mock\"" + pace
        + " } ],\n  \"routing\": { \"defaultModel\": \"mock-fast\" }\n}\n");
}

EngineOptions AppTestEnvironment::options() const
{
    EngineOptions options;
    QString message;
    int exitCode = 0;
    const QStringList args {QStringLiteral("switchyard"), QStringLiteral("--config"), configPath(),
        QStringLiteral("--data-dir"), dataDir()};
    if (EngineOptions::parse(args, QStringLiteral("switchyard"), QString(), &options, &message, &exitCode)
        != EngineOptions::Outcome::Run)
        qFatal("test options do not parse: %s", qPrintable(message));
    return options;
}
