// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QObject>

class DesktopApp;
class QLocalSocket;
class SingleInstance;

/**
 * @brief Commands that let a test drive the real app from outside (GUI smoke test, bench):
 * read its state and recent requests, switch screen and theme, fill and send the Playground,
 * save a screenshot, quit. Off unless SWITCHYARD_AUTOMATION=1 is set when the app starts; they
 * travel on the single-instance socket, which only the same user can open.
 */
class Automation : public QObject
{
    Q_OBJECT
public:
    Automation(DesktopApp *app, SingleInstance *instance, QObject *parent = nullptr);
    static bool isEnabled();

private:
    void handle(const QJsonObject &message, QLocalSocket *client);
    [[nodiscard]] QJsonObject state() const;

    DesktopApp *m_app;
};
