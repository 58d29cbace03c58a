// SPDX-License-Identifier: MIT
#pragma once

#include "connect/connectcontroller.h"
#include "core/enginehost.h"
#include "core/gatewaycontroller.h"
#include "core/preferences.h"
#include "core/shellcontroller.h"
#include "keys/keyscontroller.h"
#include "overview/overviewcontroller.h"
#include "playground/playgroundcontroller.h"
#include "providers/providerscontroller.h"
#include "routing/routingcontroller.h"

#include <QElapsedTimer>
#include <QObject>
#include <QQmlApplicationEngine>

class Automation;
class QQuickWindow;
class SingleInstance;
class TrayIcon;

/**
 * @brief The desktop app's composition root: the engine host, every controller QML sees (their
 * QML_SINGLETON create() returns the instances made here), the tray icon and the window.
 *
 * Closing the window hides it to the tray when there is one (the gateway keeps serving) and
 * quits otherwise; quitting drains in-flight requests, flushes the log and exits 0.
 */
class DesktopApp : public QObject
{
    Q_OBJECT
public:
    /// @p instance: the single-instance channel (activation and, when enabled, automation).
    DesktopApp(EngineOptions options, SingleInstance *instance, QObject *parent = nullptr);
    ~DesktopApp() override;

    /// Loads the QML window (hidden); false with @p error when it does not load.
    bool load(QString *error);
    /// Shows the window where it was last time and starts the engine.
    void start();
    void showWindow();
    void quit();

    [[nodiscard]] QQuickWindow *window() const { return m_window; }
    /// Time from process start to the window's first frame, or -1 before it.
    [[nodiscard]] qint64 firstFrameMs() const { return m_firstFrameMs; }
    [[nodiscard]] GatewayController &gateway() { return m_gateway; }
    [[nodiscard]] OverviewController &overview() { return m_overview; }
    [[nodiscard]] PlaygroundController &playground() { return m_playground; }
    [[nodiscard]] ProvidersController &providers() { return m_providers; }
    [[nodiscard]] RoutingController &routing() { return m_routing; }
    [[nodiscard]] ConnectController &connectTools() { return m_connect; }
    [[nodiscard]] Preferences &preferences() { return m_preferences; }
    [[nodiscard]] ShellController &shell() { return m_shell; }
    [[nodiscard]] KeysController &keys() { return m_keys; }
    [[nodiscard]] EngineHost &host() { return m_host; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void saveGeometry();
    void onVisibilityChanged();
    /// A desktop notification through the tray icon; a notice in the window where there is no tray.
    void notify(const QString &title, const QString &message);

    EngineHost m_host;
    GatewayController m_gateway;
    OverviewController m_overview;
    PlaygroundController m_playground;
    ProvidersController m_providers;
    RoutingController m_routing;
    ConnectController m_connect;
    Preferences m_preferences;
    ShellController m_shell;
    KeysController m_keys;
    TrayIcon *m_tray = nullptr;
    Automation *m_automation = nullptr;
    QQmlApplicationEngine m_qml;
    QQuickWindow *m_window = nullptr;
    qint64 m_firstFrameMs = -1;
    bool m_quitting = false;
};
