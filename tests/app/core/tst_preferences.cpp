// SPDX-License-Identifier: MIT
// Preferences: theme, page and window geometry survive a restart; the theme resolves dark/light.
#include "core/preferences.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestPreferences : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void themeResolvesAndPersists();
    void unknownThemeIsIgnored();
    void pageAndGeometryPersist();
};

void TestPreferences::themeResolvesAndPersists()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("desktop.conf"));
    {
        Preferences prefs(file);
        QCOMPARE(prefs.theme(), QStringLiteral("system"));
        QCOMPARE(prefs.dark(), Preferences::systemIsDark());
        prefs.setTheme(QStringLiteral("light"));
        QSignalSpy theme(&prefs, &Preferences::themeChanged);
        QSignalSpy dark(&prefs, &Preferences::darkChanged);
        prefs.setTheme(QStringLiteral("dark"));
        QCOMPARE(theme.count(), 1);
        QCOMPARE(dark.count(), 1);
        QVERIFY(prefs.dark());
        prefs.setTheme(QStringLiteral("dark"));
        QCOMPARE(theme.count(), 1);
    }
    Preferences again(file);
    QCOMPARE(again.theme(), QStringLiteral("dark"));
    QVERIFY(again.dark());
}

void TestPreferences::unknownThemeIsIgnored()
{
    QTemporaryDir dir;
    Preferences prefs(dir.filePath(QStringLiteral("desktop.conf")));
    QSignalSpy theme(&prefs, &Preferences::themeChanged);
    prefs.setTheme(QStringLiteral("purple"));
    QCOMPARE(theme.count(), 0);
    QCOMPARE(prefs.theme(), QStringLiteral("system"));
}

void TestPreferences::pageAndGeometryPersist()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("desktop.conf"));
    {
        Preferences prefs(file);
        QCOMPARE(prefs.currentPage(), QStringLiteral("overview"));
        QSignalSpy page(&prefs, &Preferences::currentPageChanged);
        prefs.setCurrentPage(QStringLiteral("playground"));
        prefs.setCurrentPage(QStringLiteral("playground"));
        prefs.setCurrentPage(QString());
        QCOMPARE(page.count(), 1);
        prefs.setWindowGeometry(QRect(10, 20, 1300, 850));
    }
    Preferences again(file);
    QCOMPARE(again.currentPage(), QStringLiteral("playground"));
    QCOMPARE(again.windowGeometry(), QRect(10, 20, 1300, 850));
}

QTEST_MAIN(TestPreferences)
#include "tst_preferences.moc"
