// SPDX-License-Identifier: MIT
#include "core/singleinstance.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonDocument>
#include <QLocalSocket>

#include <unistd.h>

SingleInstance::SingleInstance(const QString &dataDir, QObject *parent)
    : QObject(parent)
{
    const QByteArray key = QDir(dataDir).absolutePath().toUtf8();
    m_name = QStringLiteral("switchyard-%1-%2")
                 .arg(::getuid())
                 .arg(QString::fromLatin1(
                     QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(12)));
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, &SingleInstance::onConnection);
}

SingleInstance::~SingleInstance()
{
    m_server.close();
}

QJsonObject SingleInstance::send(const QString &serverName, const QJsonObject &message, int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(serverName);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
    if (!socket.waitForBytesWritten(timeoutMs))
        return {};
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(timeoutMs))
            return {};
    }
    return QJsonDocument::fromJson(socket.readLine()).object();
}

bool SingleInstance::activateRunning(int timeoutMs)
{
    const QJsonObject answer = send(m_name, {{QLatin1String("cmd"), QStringLiteral("activate")}}, timeoutMs);
    return answer.value(QLatin1String("ok")).toBool();
}

bool SingleInstance::listen(QString *error)
{
    if (m_server.listen(m_name))
        return true;
    // Nobody answered activateRunning(): the socket is a leftover of an instance that died.
    QLocalServer::removeServer(m_name);
    if (m_server.listen(m_name))
        return true;
    *error = m_server.errorString();
    return false;
}

void SingleInstance::respond(QLocalSocket *client, const QJsonObject &answer)
{
    if (client->state() != QLocalSocket::ConnectedState)
        return;
    client->write(QJsonDocument(answer).toJson(QJsonDocument::Compact) + '\n');
    client->flush();
}

void SingleInstance::onConnection()
{
    while (QLocalSocket *client = m_server.nextPendingConnection()) {
        connect(client, &QLocalSocket::disconnected, client, &QObject::deleteLater);
        connect(client, &QLocalSocket::readyRead, this, [this, client] {
            while (client->canReadLine()) {
                QJsonParseError parseError;
                const QJsonObject message = QJsonDocument::fromJson(client->readLine(), &parseError).object();
                const QString cmd = message.value(QLatin1String("cmd")).toString();
                if (cmd == QLatin1String("activate")) {
                    Q_EMIT activateRequested();
                    respond(client, {{QLatin1String("ok"), true}});
                } else if (parseError.error != QJsonParseError::NoError || cmd.isEmpty()) {
                    respond(client,
                        {{QLatin1String("ok"), false},
                            {QLatin1String("error"), QStringLiteral("bad message")}});
                } else {
                    Q_EMIT commandReceived(message, client);
                }
            }
        });
    }
}
