// SPDX-License-Identifier: MIT
#pragma once

#include <QJSEngine>

class QQmlEngine;

/**
 * @brief The QML_SINGLETON factory of the app's controllers: create() hands QML the instance the
 * composition root (DesktopApp) registered with setInstance(); C++ keeps ownership.
 *
 * A controller derives from it (after QObject) and has no default constructor: Qt 6.4 prefers
 * constructing a default-constructible singleton itself over calling create().
 */
template<typename T> class QmlSingleton
{
public:
    static T *create(QQmlEngine *, QJSEngine *)
    {
        Q_ASSERT_X(
            s_instance, "QmlSingleton", "the composition root registers its instance before QML loads");
        QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
        return s_instance;
    }
    static void setInstance(T *instance) { s_instance = instance; }

private:
    static inline T *s_instance = nullptr;
};
