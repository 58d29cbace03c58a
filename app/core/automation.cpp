// SPDX-License-Identifier: MIT
#include "core/automation.h"

#include "core/desktopapp.h"
#include "core/singleinstance.h"

#include <QJsonArray>
#include <QLocalSocket>
#include <QPointer>
#include <QQuickWindow>
#include <QTimer>

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
    PlaygroundController &pg = m_app->playground();
    QQuickWindow *window = m_app->window();
    return {{QLatin1String("ok"), true}, {QLatin1String("gateway"), m_app->gateway().statusText()},
        {QLatin1String("port"), m_app->gateway().port()},
        {QLatin1String("page"), m_app->preferences().currentPage()},
        {QLatin1String("theme"), m_app->preferences().theme()},
        {QLatin1String("dark"), m_app->preferences().dark()},
        {QLatin1String("visible"), window && window->isVisible()},
        {QLatin1String("firstFrameMs"), double(m_app->firstFrameMs())},
        {QLatin1String("recentRequests"), recent},
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
