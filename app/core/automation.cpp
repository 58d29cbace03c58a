// SPDX-License-Identifier: MIT
#include "core/automation.h"

#include "core/desktopapp.h"
#include "core/singleinstance.h"

#include <QJsonArray>
#include <QLocalSocket>
#include <QPointer>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTimer>

namespace {
/// The item named @p name under @p root, through the visual tree (Repeater's items are
/// parented there, not always in the QObject tree).
QQuickItem *itemNamed(QQuickItem *root, const QString &name)
{
    if (!root)
        return nullptr;
    if (root->objectName() == name)
        return root;
    const QList<QQuickItem *> children = root->childItems();
    for (QQuickItem *child : children) {
        if (QQuickItem *found = itemNamed(child, name))
            return found;
    }
    return nullptr;
}
} // namespace

Automation::Automation(DesktopApp *app, SingleInstance *instance, QObject *parent)
    : QObject(parent)
    , m_app(app)
{
    connect(instance, &SingleInstance::commandReceived, this, &Automation::handle);
}

bool Automation::isEnabled()
{
    return qEnvironmentVariableIntValue("SWITCHYARD_AUTOMATION") == 1;
}

QJsonObject Automation::state() const
{
    QJsonArray recent;
    RecentRequestsModel *model = m_app->overview().recentRequests();
    for (int i = 0; i < model->rowCount(); ++i) {
        const QModelIndex idx = model->index(i);
        recent.append(QJsonObject {
            {QLatin1String("requestId"), model->data(idx, RecentRequestsModel::RequestIdRole).toString()},
            {QLatin1String("modelRequested"),
                model->data(idx, RecentRequestsModel::ModelRequestedRole).toString()},
            {QLatin1String("modelServed"), model->data(idx, RecentRequestsModel::ModelServedRole).toString()},
            {QLatin1String("provider"), model->data(idx, RecentRequestsModel::ProviderRole).toString()},
            {QLatin1String("status"), model->data(idx, RecentRequestsModel::StatusRole).toInt()},
            {QLatin1String("endpoint"), model->data(idx, RecentRequestsModel::EndpointRole).toString()},
        });
    }
    QJsonArray keys;
    KeyListModel *keyModel = m_app->keys().keys();
    for (int i = 0; i < keyModel->rowCount(); ++i) {
        const QModelIndex idx = keyModel->index(i);
        keys.append(
            QJsonObject {{QLatin1String("name"), keyModel->data(idx, KeyListModel::NameRole).toString()},
                {QLatin1String("status"), keyModel->data(idx, KeyListModel::StatusRole).toString()},
                {QLatin1String("spend"), keyModel->data(idx, KeyListModel::SpendTextRole).toString()}});
    }
    PlaygroundController &pg = m_app->playground();
    QQuickWindow *window = m_app->window();
    return {{QLatin1String("ok"), true}, {QLatin1String("gateway"), m_app->gateway().statusText()},
        {QLatin1String("port"), m_app->gateway().port()},
        {QLatin1String("page"), m_app->preferences().currentPage()},
        {QLatin1String("theme"), m_app->preferences().theme()},
        {QLatin1String("dark"), m_app->preferences().dark()},
        {QLatin1String("visible"), window && window->isVisible()},
        {QLatin1String("firstFrameMs"), double(m_app->firstFrameMs())},
        {QLatin1String("recentRequests"), recent}, {QLatin1String("keys"), keys},
        {QLatin1String("budgetAlerts"), QJsonArray::fromStringList(m_app->keys().alerts())},
        {QLatin1String("playground"),
            QJsonObject {{QLatin1String("running"), pg.running()},
                {QLatin1String("primary"), pg.primary()->statusText()},
                {QLatin1String("primaryAnswer"), pg.primary()->answer()},
                {QLatin1String("secondary"), pg.secondary()->statusText()}}}};
}

void Automation::handle(const QJsonObject &m, QLocalSocket *client)
{
    const QString cmd = m.value(QLatin1String("cmd")).toString();
    const QJsonObject ok {{QLatin1String("ok"), true}};
    if (cmd == QLatin1String("state")) {
        SingleInstance::respond(client, state());
    } else if (cmd == QLatin1String("page")) {
        m_app->preferences().setCurrentPage(m.value(QLatin1String("page")).toString());
        SingleInstance::respond(client, ok);
    } else if (cmd == QLatin1String("theme")) {
        m_app->preferences().setTheme(m.value(QLatin1String("theme")).toString());
        SingleInstance::respond(client, ok);
    } else if (cmd == QLatin1String("playground")) {
        PlaygroundController &pg = m_app->playground();
        if (m.contains(QLatin1String("system")))
            pg.setSystemPrompt(m.value(QLatin1String("system")).toString());
        if (m.contains(QLatin1String("message")))
            pg.setMessage(m.value(QLatin1String("message")).toString());
        if (m.contains(QLatin1String("compare")))
            pg.setCompare(m.value(QLatin1String("compare")).toBool());
        if (m.contains(QLatin1String("primaryModel")))
            pg.primary()->setModel(m.value(QLatin1String("primaryModel")).toString());
        if (m.contains(QLatin1String("secondaryModel")))
            pg.secondary()->setModel(m.value(QLatin1String("secondaryModel")).toString());
        if (m.value(QLatin1String("send")).toBool())
            pg.send();
        SingleInstance::respond(client, ok);
    } else if (cmd == QLatin1String("selectKey")) {
        // The API Keys screen's usage chart for the key named "name" ("" closes it).
        KeyListModel *keys = m_app->keys().keys();
        const QString name = m.value(QLatin1String("name")).toString();
        QString id;
        for (int i = 0; i < keys->rowCount() && !name.isEmpty(); ++i) {
            if (keys->data(keys->index(i), KeyListModel::NameRole).toString() == name)
                id = keys->data(keys->index(i), KeyListModel::KeyIdRole).toString();
        }
        m_app->keys().select(id);
        SingleInstance::respond(client, {{QLatin1String("ok"), name.isEmpty() || !id.isEmpty()}});
    } else if (cmd == QLatin1String("scroll")) {
        // The current page's scroll position, 0 (top) to 1 (bottom): screenshots of long pages.
        QQuickWindow *window = m_app->window();
        QQuickItem *loader = window
            ? itemNamed(window->contentItem(), QStringLiteral("page_") + m_app->preferences().currentPage())
            : nullptr;
        auto *page
            = loader ? qobject_cast<QQuickItem *>(loader->property("item").value<QObject *>()) : nullptr;
        auto *flickable
            = page ? qobject_cast<QQuickItem *>(page->property("contentItem").value<QObject *>()) : nullptr;
        if (flickable && flickable->property("contentHeight").isValid()) {
            const double range
                = qMax(0.0, flickable->property("contentHeight").toDouble() - flickable->height());
            flickable->setProperty(
                "contentY", range * qBound(0.0, m.value(QLatin1String("position")).toDouble(), 1.0));
        }
        SingleInstance::respond(client, {{QLatin1String("ok"), flickable != nullptr}});
    } else if (cmd == QLatin1String("grab")) {
        // After a short settle (page loads, chart repaint), so the picture shows the final state.
        const QString path = m.value(QLatin1String("path")).toString();
        QPointer<QLocalSocket> guard(client);
        QTimer::singleShot(m.value(QLatin1String("delayMs")).toInt(300), this, [this, path, guard] {
            QQuickWindow *window = m_app->window();
            const bool saved = window && window->isVisible() && window->grabWindow().save(path);
            if (guard)
                SingleInstance::respond(guard, {{QLatin1String("ok"), saved}});
        });
    } else if (cmd == QLatin1String("resize")) {
        if (QQuickWindow *window = m_app->window())
            window->resize(m.value(QLatin1String("width")).toInt(window->width()),
                m.value(QLatin1String("height")).toInt(window->height()));
        SingleInstance::respond(client, ok);
    } else if (cmd == QLatin1String("close")) {
        if (m_app->window())
            m_app->window()->close();
        SingleInstance::respond(client, ok);
    } else if (cmd == QLatin1String("quit")) {
        SingleInstance::respond(client, ok);
        m_app->quit();
    } else {
        SingleInstance::respond(client,
            {{QLatin1String("ok"), false}, {QLatin1String("error"), QStringLiteral("unknown command")}});
    }
}
