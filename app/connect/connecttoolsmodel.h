// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractListModel>
#include <QJsonArray>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

/**
 * @brief The coding tools of resources/connect-tools.json (the file the tool tests run with and
 * docs/connect-tools.md is generated from), each with its settings filled in for this gateway:
 * environment as `export` lines, config files, the command to run.
 *
 * Placeholders: {{origin}} (the gateway's http://HOST:PORT), {{baseUrl}} ({{origin}}/v1),
 * {{key}} (the file's `key`), {{model}} (the model set with setModel(), else the tool's
 * exampleModel). Changing the origin or the model re-renders the rows and emits dataChanged for
 * the rows whose text changed, on the rendered roles only.
 */
class ConnectToolsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by Connect")
    Q_PROPERTY(int count READ rowCount CONSTANT)
public:
    enum Role {
        ToolIdRole = Qt::UserRole + 1,
        NameRole,
        PackageRole, ///< npm package name
        VersionRole, ///< the version the tests run
        SpeaksRole, ///< the protocol and calls, one line
        InstallRole, ///< `npm install -g package@version`
        ModelRole, ///< the model filled in
        EnvRole, ///< `export NAME=value` lines, empty when the tool needs none
        FilesRole, ///< list of {path, syntax, text}
        RunRole, ///< the command line
        NoteRole,
    };
    Q_ENUM(Role)

    explicit ConnectToolsModel(QObject *parent = nullptr);

    /// Loads the tools from @p json (the contents of connect-tools.json); false with @p error when
    /// it is not such a file (nothing changes then).
    bool load(const QByteArray &json, QString *error);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// The gateway's origin ("http://127.0.0.1:4000", no /v1).
    void setOrigin(const QString &origin);
    /// The model to fill in; empty: each tool's example model.
    void setModel(const QString &model);
    [[nodiscard]] QString key() const { return m_key; }

    /// {{name}} placeholders of @p text replaced from @p vars; unknown ones are left as they are.
    static QString render(const QString &text, const QHash<QString, QString> &vars);

private:
    struct File
    {
        QString path;
        QString syntax;
        QString text; ///< with placeholders
    };
    struct Tool
    {
        QString id;
        QString name;
        QString package;
        QString version;
        QString speaks;
        QString exampleModel;
        QList<std::pair<QString, QString>> env; ///< with placeholders
        QList<File> files;
        QString run;
        QString note;
    };
    /// What the rendered roles show for @p tool with the current origin and model.
    struct Rendered
    {
        QString model;
        QString env;
        QVariantList files;
        bool operator==(const Rendered &o) const
        {
            return model == o.model && env == o.env && files == o.files;
        }
    };
    [[nodiscard]] Rendered renderTool(const Tool &tool) const;
    void rerender();

    QList<Tool> m_tools;
    QList<Rendered> m_rendered;
    QString m_key;
    QString m_origin = QStringLiteral("http://127.0.0.1:4000");
    QString m_model;
};
