// SPDX-License-Identifier: MIT
#pragma once

#include "core/qmlsingleton.h"

#include "connect/connecttoolsmodel.h"
#include "playground/modellistmodel.h"

#include <QObject>
#include <QtQml/qqmlregistration.h>

/**
 * @brief The Connect a tool screen: the coding tools of resources/connect-tools.json with their
 * settings for this gateway (its address as it listens now, the model picked here or each tool's
 * example), the same settings docs/connect-tools.md shows and the tool tests run with.
 */
class ConnectController : public QObject, public QmlSingleton<ConnectController>
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Connect)
    QML_SINGLETON
    Q_PROPERTY(ConnectToolsModel *tools READ tools CONSTANT)
    Q_PROPERTY(ModelListModel *models READ models CONSTANT)
    Q_PROPERTY(QString model READ model WRITE setModel NOTIFY modelChanged)
    Q_PROPERTY(QString key READ key CONSTANT)
    Q_PROPERTY(QString loadError READ loadError CONSTANT)
    Q_PROPERTY(QStringList toolNames READ toolNames CONSTANT)
public:
    /// @p toolsJson: the contents of connect-tools.json (the app passes the copy built into it).
    explicit ConnectController(const QByteArray &toolsJson, QObject *parent = nullptr);

    /// connect-tools.json as built into the app.
    static QByteArray builtInTools();

    [[nodiscard]] ConnectToolsModel *tools() { return &m_tools; }
    [[nodiscard]] ModelListModel *models() { return &m_models; }
    /// The model filled into every tool's settings; empty: each tool's example model.
    [[nodiscard]] QString model() const { return m_model; }
    void setModel(const QString &model);
    [[nodiscard]] QString key() const { return m_tools.key(); }
    /// The tools' names, in the file's order (the screen's tabs).
    [[nodiscard]] QStringList toolNames() const;
    /// Why the tools could not be read (empty when they were).
    [[nodiscard]] QString loadError() const { return m_loadError; }

    /// The gateway's OpenAI base URL ("http://127.0.0.1:4000/v1"): tools get its origin or it.
    void setApiUrl(const QString &url);
    void setModels(const QJsonArray &entries) { m_models.setModels(entries); }

Q_SIGNALS:
    void modelChanged();

private:
    ConnectToolsModel m_tools;
    ModelListModel m_models;
    QString m_model;
    QString m_loadError;
};
