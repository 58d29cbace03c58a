// SPDX-License-Identifier: MIT
#include "core/trayicon.h"

#include "core/gatewaycontroller.h"

#include <QAction>
#include <QMenu>
#include <QSystemTrayIcon>

TrayIcon::TrayIcon(GatewayController *gateway, QObject *parent)
    : QObject(parent)
    , m_gateway(gateway)
    , m_menu(new QMenu)
    , m_icon(new QSystemTrayIcon(QIcon(QStringLiteral(":/switchyard/icons/switchyard.svg")), this))
{
    m_status = m_menu->addAction(QString());
    m_status->setEnabled(false);
    m_menu->addSeparator();
    connect(m_menu->addAction(tr("Open Switchyard")), &QAction::triggered, this, &TrayIcon::openRequested);
    connect(
        m_menu->addAction(tr("Copy base URL")), &QAction::triggered, this, &TrayIcon::copyBaseUrlRequested);
    m_pause = m_menu->addAction(tr("Pause gateway"));
    m_pause->setCheckable(true);
    connect(m_pause, &QAction::triggered, m_gateway, [this](bool checked) { m_gateway->setPaused(checked); });
    m_menu->addSeparator();
    connect(m_menu->addAction(tr("Quit Switchyard")), &QAction::triggered, this, &TrayIcon::quitRequested);
    m_icon->setContextMenu(m_menu);
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT openRequested();
    });
    connect(m_gateway, &GatewayController::stateChanged, this, &TrayIcon::refresh);
    connect(m_gateway, &GatewayController::addressChanged, this, &TrayIcon::refresh);
    refresh();
}

TrayIcon::~TrayIcon()
{
    delete m_menu;
}

bool TrayIcon::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayIcon::show()
{
    m_icon->show();
}

void TrayIcon::refresh()
{
    const QString status
        = m_gateway->listening() ? tr("Listening on %1").arg(m_gateway->apiUrl()) : m_gateway->statusText();
    m_status->setText(status);
    m_icon->setToolTip(tr("Switchyard: %1").arg(status));
    m_pause->setEnabled(m_gateway->listening() || m_gateway->paused());
    m_pause->setChecked(m_gateway->paused());
}
