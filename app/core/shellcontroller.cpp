// SPDX-License-Identifier: MIT
#include "core/shellcontroller.h"

#include <QClipboard>
#include <QGuiApplication>

ShellController::ShellController(QObject *parent)
    : QObject(parent)
{
    m_noticeTimer.setSingleShot(true);
    m_noticeTimer.setInterval(2200);
    connect(&m_noticeTimer, &QTimer::timeout, this, [this] {
        m_notice.clear();
        Q_EMIT noticeChanged();
    });
}

void ShellController::copy(const QString &text, const QString &what)
{
    if (auto *clipboard = QGuiApplication::clipboard())
        clipboard->setText(text);
    showNotice(what.isEmpty() ? tr("Copied to the clipboard") : tr("%1 copied to the clipboard").arg(what));
}

void ShellController::showNotice(const QString &text)
{
    m_notice = text;
    Q_EMIT noticeChanged();
    m_noticeTimer.start();
}

void ShellController::setCloseToTray(bool closeToTray)
{
    if (closeToTray == m_closeToTray)
        return;
    m_closeToTray = closeToTray;
    Q_EMIT closeToTrayChanged();
}

QString ShellController::version() const
{
    return QStringLiteral(SWITCHYARD_VERSION);
}
