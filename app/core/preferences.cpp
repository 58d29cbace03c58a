// SPDX-License-Identifier: MIT
#include "core/preferences.h"

#include <QCoreApplication>
#include <QEvent>
#include <QGuiApplication>
#include <QPalette>

namespace {
const QString ThemeKey = QStringLiteral("ui/theme");
const QString PageKey = QStringLiteral("ui/page");
const QString GeometryKey = QStringLiteral("window/geometry");
} // namespace

Preferences::Preferences(const QString &settingsFile, QObject *parent)
    : QObject(parent)
    , m_settings(settingsFile.isEmpty() ? QSettings(QSettings::IniFormat, QSettings::UserScope,
                     QStringLiteral("switchyard"), QStringLiteral("desktop"))
                                              .fileName()
                                        : settingsFile,
          QSettings::IniFormat)
{
    m_theme = m_settings.value(ThemeKey, QStringLiteral("system")).toString();
    if (m_theme != QLatin1String("light") && m_theme != QLatin1String("dark"))
        m_theme = QStringLiteral("system");
    m_currentPage = m_settings.value(PageKey, QStringLiteral("overview")).toString();
    resolveDark();
    if (QCoreApplication::instance())
        QCoreApplication::instance()->installEventFilter(this);
}

void Preferences::setTheme(const QString &theme)
{
    if (theme == m_theme
        || (theme != QLatin1String("system") && theme != QLatin1String("light")
            && theme != QLatin1String("dark")))
        return;
    m_theme = theme;
    m_settings.setValue(ThemeKey, theme);
    Q_EMIT themeChanged();
    resolveDark();
}

void Preferences::setCurrentPage(const QString &page)
{
    if (page == m_currentPage || page.isEmpty())
        return;
    m_currentPage = page;
    m_settings.setValue(PageKey, page);
    Q_EMIT currentPageChanged();
}

QRect Preferences::windowGeometry() const
{
    return m_settings.value(GeometryKey).toRect();
}

void Preferences::setWindowGeometry(const QRect &geometry)
{
    if (geometry.isValid())
        m_settings.setValue(GeometryKey, geometry);
}

bool Preferences::systemIsDark()
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return false;
    return QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
}

bool Preferences::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ApplicationPaletteChange && watched == QCoreApplication::instance())
        resolveDark();
    return QObject::eventFilter(watched, event);
}

void Preferences::resolveDark()
{
    const bool dark = m_theme == QLatin1String("system") ? systemIsDark() : m_theme == QLatin1String("dark");
    if (dark == m_dark)
        return;
    m_dark = dark;
    Q_EMIT darkChanged();
}
