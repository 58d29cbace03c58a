// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class GatewayController;
class QAction;
class QMenu;
class QSystemTrayIcon;

/**
 * @brief The system tray entry: the gateway's status at a glance and the quick actions (open
 * the window, copy the base URL, pause or resume the gateway, quit).
 *
 * Only created where the desktop has a tray; without one, closing the window quits.
 */
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    explicit TrayIcon(GatewayController *gateway, QObject *parent = nullptr);
    ~TrayIcon() override;

    static bool isAvailable();
    void show();

Q_SIGNALS:
    void openRequested();
    void copyBaseUrlRequested();
    void quitRequested();

private:
    void refresh();

    GatewayController *m_gateway;
    QMenu *m_menu;
    QSystemTrayIcon *m_icon;
    QAction *m_status;
    QAction *m_pause;
};
