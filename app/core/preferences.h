// SPDX-License-Identifier: MIT
#pragma once

#include "core/qmlsingleton.h"

#include <QObject>
#include <QRect>
#include <QSettings>
#include <QtQml/qqmlregistration.h>

/**
 * @brief UI-only state that survives a restart: theme, current screen, window geometry.
 *
 * Kept in QSettings (switchyard/desktop.conf next to config.json), not in the gateway's config
 * file: the headless gateway has no use for it (docs/desktop.md). `dark` resolves the theme:
 * "system" follows the desktop's palette and changes with it.
 */
class Preferences : public QObject, public QmlSingleton<Preferences>
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY themeChanged)
    Q_PROPERTY(bool dark READ dark NOTIFY darkChanged)
    Q_PROPERTY(QString currentPage READ currentPage WRITE setCurrentPage NOTIFY currentPageChanged)
public:
    /// @p settingsFile empty: the user's switchyard/desktop.conf. No default constructor: see
    /// QmlSingleton.
    explicit Preferences(const QString &settingsFile, QObject *parent = nullptr);

    [[nodiscard]] QString theme() const { return m_theme; }
    /// "system", "light" or "dark"; anything else is ignored.
    void setTheme(const QString &theme);
    [[nodiscard]] bool dark() const { return m_dark; }
    [[nodiscard]] QString currentPage() const { return m_currentPage; }
    void setCurrentPage(const QString &page);

    [[nodiscard]] QRect windowGeometry() const;
    void setWindowGeometry(const QRect &geometry);
    /// Whether the desktop's own palette is dark (QPalette::Window lightness).
    [[nodiscard]] static bool systemIsDark();

Q_SIGNALS:
    void themeChanged();
    void darkChanged();
    void currentPageChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void resolveDark();

    QSettings m_settings;
    QString m_theme;
    QString m_currentPage;
    bool m_dark = false;
};
