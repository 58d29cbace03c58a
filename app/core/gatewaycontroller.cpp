// SPDX-License-Identifier: MIT
#include "core/gatewaycontroller.h"

#include "core/enginehost.h"
#include "core/format.h"
#include "engine/configfile.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcGateway, "switchyard.app.gateway", QtInfoMsg)

GatewayController::GatewayController(EngineHost *host, QString configPath, QObject *parent)
    : QObject(parent)
    , m_engineHost(host)
    , m_configPath(std::move(configPath))
    , m_host(host->options().config.server.host)
    , m_port(host->options().config.server.port)
{
    connect(host, &EngineHost::started, this, [this](const QUrl &url) {
        setAddress(url);
        setState(Listening);
        if (m_requestedPort == url.port())
            savePort(m_requestedPort);
        setChangingPort(false);
        setPortError({});
    });
    connect(host, &EngineHost::portChanged, this, [this](const QUrl &url) {
        setAddress(url);
        setState(Listening);
        savePort(url.port());
        setChangingPort(false);
        setPortError({});
    });
    connect(
        host, &EngineHost::startFailed, this, [this](const QString &error, bool inUse, quint16 suggested) {
            if (m_changingPort)
                setPortError(error);
            setChangingPort(false);
            setState(inUse ? PortInUse : Failed, error, suggested);
        });
    connect(host, &EngineHost::portChangeFailed, this, [this](const QString &error, bool, quint16) {
        setChangingPort(false);
        setPortError(error);
    });
    connect(host, &EngineHost::pausedChanged, this, [this](bool paused) {
        if (m_state == Listening || m_state == Paused)
            setState(paused ? Paused : Listening);
    });
    connect(host, &EngineHost::stopped, this, [this] { setState(Stopped); });
}

QString GatewayController::statusText() const
{
    switch (m_state) {
    case Starting:
        return tr("Starting");
    case Listening:
        return tr("Listening");
    case Paused:
        return tr("Paused");
    case PortInUse:
        return tr("Port %1 is in use").arg(m_port);
    case Failed:
        return tr("Not running");
    case Stopping:
        return tr("Stopping");
    case Stopped:
        return tr("Stopped");
    }
    return {};
}

QString GatewayController::apiUrl() const
{
    const QString host = m_host.contains(u':') ? u'[' + m_host + u']' : m_host;
    return QStringLiteral("http://%1:%2/v1").arg(host).arg(m_port);
}

void GatewayController::setPaused(bool paused)
{
    if (m_state != Listening && m_state != Paused)
        return;
    m_engineHost->setPaused(paused);
}

void GatewayController::usePort(int port)
{
    if (port < 1 || port > 65535) {
        setPortError(tr("Choose a port between 1 and 65535."));
        return;
    }
    if (m_changingPort || m_state == Stopping || m_state == Stopped)
        return;
    if (port == m_port && (m_state == Listening || m_state == Paused)) {
        setPortError({});
        return;
    }
    setPortError({});
    setChangingPort(true);
    m_requestedPort = port;
    if (m_state == PortInUse || m_state == Failed) {
        m_port = port; // shown while the engine starts there
        Q_EMIT addressChanged();
        setState(Starting);
    }
    m_engineHost->changePort(quint16(port));
}

void GatewayController::applySnapshot(const EngineSnapshot &s)
{
    const QString uptime = Format::duration(s.uptimeMs);
    if (uptime != m_uptime) {
        m_uptime = uptime;
        Q_EMIT uptimeChanged();
    }
}

void GatewayController::setStopping()
{
    setState(Stopping);
}

void GatewayController::setState(State state, const QString &error, int suggestedPort)
{
    if (state == m_state && error == m_error && suggestedPort == m_suggestedPort)
        return;
    m_state = state;
    m_error = error;
    m_suggestedPort = suggestedPort;
    Q_EMIT stateChanged();
}

void GatewayController::setAddress(const QUrl &baseUrl)
{
    const int port = baseUrl.port();
    if (port == m_port)
        return;
    m_port = port;
    Q_EMIT addressChanged();
}

void GatewayController::setPortError(const QString &error)
{
    if (error == m_portError)
        return;
    m_portError = error;
    Q_EMIT portErrorChanged();
}

void GatewayController::setChangingPort(bool changing)
{
    if (changing == m_changingPort)
        return;
    m_changingPort = changing;
    Q_EMIT changingPortChanged();
}

void GatewayController::savePort(int port)
{
    m_requestedPort = 0;
    if (m_configPath.isEmpty())
        return;
    QString error;
    if (!ConfigFile::set(m_configPath, {QStringLiteral("server"), QStringLiteral("port")}, port, &error))
        setPortError(tr("Listening on %1, but the config file was not updated: %2").arg(port).arg(error));
}
