// SPDX-License-Identifier: MIT
#include "core/desktopapp.h"

#include "core/automation.h"
#include "core/singleinstance.h"
#include "core/trayicon.h"
#include "keys/budgetalert.h"

#include <QCloseEvent>
#include <QCoreApplication>
#include <QFile>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QQuickWindow>
#include <QScreen>

#include <ctime>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcDesktop, "switchyard.app", QtInfoMsg)

namespace {
/// Milliseconds since this process was started (Linux: from /proc), -1 when unknown.
qint64 msSinceProcessStart()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // Field 22 (starttime, clock ticks after boot) follows the ")" that ends the command name.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return -1;
    const double startS = fields.at(19).toDouble() / double(::sysconf(_SC_CLK_TCK));
    timespec now {};
    ::clock_gettime(CLOCK_BOOTTIME, &now);
    return qint64((double(now.tv_sec) + double(now.tv_nsec) / 1e9 - startS) * 1000.0);
}
} // namespace

DesktopApp::DesktopApp(EngineOptions options, SingleInstance *instance, QObject *parent)
    : QObject(parent)
    , m_host(options)
    , m_gateway(&m_host, options.configPath)
    , m_overview(nullptr)
    , m_playground(&m_host)
    , m_providers(&m_host)
    , m_routing(&m_host)
    , m_connect(ConnectController::builtInTools())
    , m_preferences(QString())
    , m_shell(nullptr)
    , m_keys(&m_host)
{
    QFontDatabase::addApplicationFont(QStringLiteral(":/switchyard/fonts/MaterialIcons-Regular.ttf"));
    GatewayController::setInstance(&m_gateway);
    OverviewController::setInstance(&m_overview);
    PlaygroundController::setInstance(&m_playground);
    ProvidersController::setInstance(&m_providers);
    RoutingController::setInstance(&m_routing);
    ConnectController::setInstance(&m_connect);
    Preferences::setInstance(&m_preferences);
    ShellController::setInstance(&m_shell);
    KeysController::setInstance(&m_keys);

    connect(&m_host, &EngineHost::snapshotReady, this, [this](const EngineSnapshot &s) {
        m_gateway.applySnapshot(s);
        m_overview.applySnapshot(s);
        m_providers.applySnapshot(s);
    });
    connect(&m_host, &EngineHost::modelsChanged, &m_playground, &PlaygroundController::setModels);
    connect(&m_host, &EngineHost::modelsChanged, &m_routing, &RoutingController::setModels);
    connect(&m_host, &EngineHost::routingChanged, &m_routing, &RoutingController::setApplied);
    connect(&m_host, &EngineHost::providersChanged, &m_providers, &ProvidersController::setConfigs);
    // Other providers change where prompts would go.
    connect(&m_host, &EngineHost::providersChanged, &m_routing, &RoutingController::refresh);
    connect(&m_host, &EngineHost::modelsChanged, &m_connect, &ConnectController::setModels);
    connect(
        &m_host, &EngineHost::historyLoaded, m_overview.recentRequests(), &RecentRequestsModel::appendOlder);
    connect(&m_host, &EngineHost::stopped, this, [this] {
        if (m_quitting)
            QCoreApplication::exit(0);
    });
    m_overview.setApiUrl(m_gateway.apiUrl());
    m_connect.setApiUrl(m_gateway.apiUrl());
    connect(&m_gateway, &GatewayController::addressChanged, this, [this] {
        m_overview.setApiUrl(m_gateway.apiUrl());
        m_connect.setApiUrl(m_gateway.apiUrl());
    });
    connect(&m_shell, &ShellController::quitRequested, this, &DesktopApp::quit);
    connect(&m_host, &EngineHost::budgetAlert, this, [this](const BudgetAlert &alert) {
        m_keys.noteAlert(alert);
        notify(tr("Budget alert"), alert.message);
    });

    if (TrayIcon::isAvailable()) {
        m_tray = new TrayIcon(&m_gateway, this);
        connect(m_tray, &TrayIcon::openRequested, this, &DesktopApp::showWindow);
        connect(m_tray, &TrayIcon::copyBaseUrlRequested, this,
            [this] { m_shell.copy(m_gateway.apiUrl(), tr("Base URL")); });
        connect(m_tray, &TrayIcon::quitRequested, this, &DesktopApp::quit);
        m_tray->show();
    }
    m_shell.setCloseToTray(m_tray != nullptr);

    if (instance) {
        connect(instance, &SingleInstance::activateRequested, this, &DesktopApp::showWindow);
        if (Automation::isEnabled())
            m_automation = new Automation(this, instance, this);
    }
}

DesktopApp::~DesktopApp() = default;

bool DesktopApp::load(QString *error)
{
    m_qml.addImportPath(QStringLiteral("qrc:/qt/qml"));
    QList<QQmlError> errors;
    connect(&m_qml, &QQmlApplicationEngine::warnings, this,
        [&errors](const QList<QQmlError> &w) { errors += w; });
    m_qml.load(QUrl(QStringLiteral("qrc:/qt/qml/Switchyard/Ui/Main.qml")));
    const QList<QObject *> roots = m_qml.rootObjects();
    m_window = roots.isEmpty() ? nullptr : qobject_cast<QQuickWindow *>(roots.first());
    if (!m_window) {
        QStringList lines;
        for (const QQmlError &e : std::as_const(errors))
            lines << e.toString();
        *error = lines.isEmpty() ? tr("the main window did not load") : lines.join(u'\n');
        return false;
    }
    m_window->installEventFilter(this);
    connect(m_window, &QWindow::visibleChanged, this, &DesktopApp::onVisibilityChanged);
    connect(
        m_window, &QQuickWindow::frameSwapped, this,
        [this] {
            m_firstFrameMs = msSinceProcessStart();
            qCDebug(lcDesktop) << "first frame after" << m_firstFrameMs << "ms";
        },
        static_cast<Qt::ConnectionType>(Qt::QueuedConnection | Qt::SingleShotConnection));
    return true;
}

void DesktopApp::start()
{
    const QRect saved = m_preferences.windowGeometry();
    bool onScreen = false;
    for (const QScreen *screen : QGuiApplication::screens())
        onScreen = onScreen || screen->availableGeometry().intersects(saved);
    if (saved.isValid() && onScreen)
        m_window->setGeometry(saved);
    m_window->show();
    m_host.start();
}

void DesktopApp::showWindow()
{
    if (!m_window || m_quitting)
        return;
    m_window->show();
    if (m_window->windowStates() & Qt::WindowMinimized)
        m_window->setWindowStates(m_window->windowStates() & ~Qt::WindowMinimized);
    m_window->raise();
    m_window->requestActivate();
}

void DesktopApp::quit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    saveGeometry();
    m_gateway.setStopping();
    if (m_window)
        m_window->hide();
    m_host.stop();
}

void DesktopApp::saveGeometry()
{
    if (m_window && m_window->isVisible())
        m_preferences.setWindowGeometry(m_window->geometry());
}

void DesktopApp::notify(const QString &title, const QString &message)
{
    if (m_tray)
        m_tray->notify(title, message);
    else
        m_shell.showNotice(message);
}

void DesktopApp::onVisibilityChanged()
{
    // A hidden window needs no 10 Hz snapshots; the tray and the models catch up once a second.
    m_host.setSnapshotInterval(m_window && m_window->isVisible() ? 100 : 1000);
}

bool DesktopApp::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Close) {
        event->ignore();
        saveGeometry();
        if (m_shell.closeToTray()) {
            m_window->hide();
            m_shell.showNotice(tr("Switchyard keeps serving from the tray"));
        } else {
            quit();
        }
        return true;
    }
    return QObject::eventFilter(watched, event);
}
