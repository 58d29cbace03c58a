// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QLocalServer>
#include <QObject>

class QLocalSocket;

/**
 * @brief One desktop app per data directory: a second launch asks the first to show its window
 * and exits, instead of failing on the gateway's port.
 *
 * The first instance listens on a local socket (user-only access) named after the user and the
 * data directory; messages are one JSON object per line, each answered with one JSON line. A
 * socket left behind by a killed instance is detected (nobody answers) and replaced.
 */
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    explicit SingleInstance(const QString &dataDir, QObject *parent = nullptr);
    ~SingleInstance() override;

    /// Asks a running instance to show itself; true when one answered (this one should exit).
    bool activateRunning(int timeoutMs = 2000);
    /// Becomes the instance others reach; false with @p error when the socket cannot be made.
    bool listen(QString *error);
    [[nodiscard]] QString serverName() const { return m_name; }

    /// Sends @p message to the instance named @p serverName and returns its answer (tests).
    static QJsonObject send(const QString &serverName, const QJsonObject &message, int timeoutMs = 5000);
    /// Answers a commandReceived() message.
    static void respond(QLocalSocket *client, const QJsonObject &answer);

Q_SIGNALS:
    void activateRequested();
    /// Any other command; answer with respond() (the automation commands, docs/desktop.md).
    void commandReceived(const QJsonObject &message, QLocalSocket *client);

private:
    void onConnection();

    QString m_name;
    QLocalServer m_server;
};
