// SPDX-License-Identifier: MIT
#pragma once

#include "core/qmlsingleton.h"

#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

/**
 * @brief The desktop shell's actions for QML: copy to the clipboard (with a short notice to
 * confirm it), quit, and what closing the window does.
 */
class ShellController : public QObject, public QmlSingleton<ShellController>
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Shell)
    QML_SINGLETON
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)
    Q_PROPERTY(bool closeToTray READ closeToTray NOTIFY closeToTrayChanged)
    Q_PROPERTY(QString version READ version CONSTANT)
public:
    /// No default constructor: see QmlSingleton.
    explicit ShellController(QObject *parent);

    /// Puts @p text on the clipboard and shows "@p what copied" for a moment.
    Q_INVOKABLE void copy(const QString &text, const QString &what = {});
    Q_INVOKABLE void quit() { Q_EMIT quitRequested(); }
    /// Shows a transient message at the bottom of the window.
    void showNotice(const QString &text);

    [[nodiscard]] QString notice() const { return m_notice; }
    [[nodiscard]] bool closeToTray() const { return m_closeToTray; }
    void setCloseToTray(bool closeToTray);
    [[nodiscard]] QString version() const;

Q_SIGNALS:
    void noticeChanged();
    void closeToTrayChanged();
    void quitRequested();

private:
    QString m_notice;
    QTimer m_noticeTimer;
    bool m_closeToTray = false;
};
