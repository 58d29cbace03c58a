// SPDX-License-Identifier: MIT
#include "connect/connectcontroller.h"

#include <QFile>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcConnect, "switchyard.app.connect", QtInfoMsg)

ConnectController::ConnectController(const QByteArray &toolsJson, QObject *parent)
    : QObject(parent)
{
    if (!m_tools.load(toolsJson, &m_loadError))
        qCWarning(lcConnect) << "connect-tools.json:" << m_loadError;
}

QByteArray ConnectController::builtInTools()
{
    QFile f(QStringLiteral(":/switchyard/connect-tools.json"));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void ConnectController::setModel(const QString &model)
{
    if (model == m_model)
        return;
    m_model = model;
    m_tools.setModel(model);
    Q_EMIT modelChanged();
}

void ConnectController::setApiUrl(const QString &url)
{
    QString origin = url;
    if (origin.endsWith(QLatin1String("/v1")))
        origin.chop(3);
    m_tools.setOrigin(origin);
}

QStringList ConnectController::toolNames() const
{
    QStringList names;
    for (int i = 0; i < m_tools.rowCount(); ++i)
        names << m_tools.data(m_tools.index(i), ConnectToolsModel::NameRole).toString();
    return names;
}
