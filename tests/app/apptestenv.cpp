// SPDX-License-Identifier: MIT
#include "apptestenv.h"

#include "core/enginehost.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>
#include <QTest>

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

QJsonObject chatThroughHost(EngineHost &host, const QString &model, const QString &prompt)
{
    const QJsonObject message {
        {QLatin1String("role"), QStringLiteral("user")}, {QLatin1String("content"), prompt}};
    const QByteArray body = QJsonDocument(
        QJsonObject {{QLatin1String("model"), model}, {QLatin1String("messages"), QJsonArray {message}}})
                                .toJson(QJsonDocument::Compact);
    QObject receiver;
    QJsonObject meta;
    QString error;
    bool done = false;
    ChatEvents events;
    events.onDelta = [](const QString &) {};
    events.onFinished = [&](const QJsonObject &m) {
        meta = m;
        done = true;
    };
    events.onError = [&](const QString &e) {
        error = e;
        done = true;
    };
    host.chat(body, &receiver, events);
    if (!QTest::qWaitFor([&] { return done; }, 10000))
        qWarning("the chat did not finish");
    if (!error.isEmpty())
        qWarning("chat failed: %s", qPrintable(error));
    return meta;
}
