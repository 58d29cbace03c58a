// SPDX-License-Identifier: MIT
#pragma once

#include "core/qmlsingleton.h"

#include "telemetry/livestats.h"

#include <QObject>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class EngineHost;

/**
 * @brief The gateway's state as every screen and the tray show it (starting, listening, paused,
 * port in use, failed), with the actions on it: pause, resume, move to another port.
 *
 * A port chosen here is saved to the config file (server.port, via ConfigFile::set), so the
 * desktop app and the headless gateway agree on where the gateway listens.
 */
class GatewayController : public QObject, public QmlSingleton<GatewayController>
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Gateway)
    QML_SINGLETON
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY stateChanged)
    Q_PROPERTY(bool listening READ listening NOTIFY stateChanged)
    Q_PROPERTY(bool paused READ paused NOTIFY stateChanged)
    Q_PROPERTY(QString apiUrl READ apiUrl NOTIFY addressChanged)
    Q_PROPERTY(QString host READ host CONSTANT)
    Q_PROPERTY(QString configPath READ configPath CONSTANT)
    Q_PROPERTY(int port READ port NOTIFY addressChanged)
    Q_PROPERTY(QString uptime READ uptime NOTIFY uptimeChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY stateChanged)
    Q_PROPERTY(int suggestedPort READ suggestedPort NOTIFY stateChanged)
    Q_PROPERTY(QString portError READ portError NOTIFY portErrorChanged)
    Q_PROPERTY(bool changingPort READ changingPort NOTIFY changingPortChanged)
public:
    enum State { Starting, Listening, Paused, PortInUse, Failed, Stopping, Stopped };
    Q_ENUM(State)

    GatewayController(EngineHost *host, QString configPath, QObject *parent = nullptr);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] bool listening() const { return m_state == Listening; }
    [[nodiscard]] bool paused() const { return m_state == Paused; }
    [[nodiscard]] QString apiUrl() const;
    [[nodiscard]] QString host() const { return m_host; }
    [[nodiscard]] QString configPath() const { return m_configPath; }
    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] QString uptime() const { return m_uptime; }
    [[nodiscard]] QString errorText() const { return m_error; }
    [[nodiscard]] int suggestedPort() const { return m_suggestedPort; }
    [[nodiscard]] QString portError() const { return m_portError; }
    [[nodiscard]] bool changingPort() const { return m_changingPort; }

    Q_INVOKABLE void setPaused(bool paused);
    Q_INVOKABLE void togglePaused() { setPaused(m_state != Paused); }
    /// Listens on @p port instead (after a busy port, or from settings); saved on success.
    Q_INVOKABLE void usePort(int port);

    void applySnapshot(const EngineSnapshot &snapshot);
    void setStopping();

Q_SIGNALS:
    void stateChanged();
    void addressChanged();
    void uptimeChanged();
    void portErrorChanged();
    void changingPortChanged();

private:
    void setState(State state, const QString &error = {}, int suggestedPort = 0);
    void setAddress(const QUrl &baseUrl);
    void setPortError(const QString &error);
    void setChangingPort(bool changing);
    void savePort(int port);

    EngineHost *m_engineHost;
    QString m_configPath;
    State m_state = Starting;
    QString m_host;
    int m_port = 0;
    QString m_uptime;
    QString m_error;
    int m_suggestedPort = 0;
    QString m_portError;
    bool m_changingPort = false;
    int m_requestedPort = 0; ///< the port usePort() asked for, saved once the engine listens there
};
