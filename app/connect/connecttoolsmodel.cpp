// SPDX-License-Identifier: MIT
#include "connect/connecttoolsmodel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QVariantMap>

ConnectToolsModel::ConnectToolsModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

bool ConnectToolsModel::load(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = tr("not a JSON object: %1").arg(parseError.errorString());
        return false;
    }
    const QJsonObject root = doc.object();
    QList<Tool> tools;
    for (const QJsonValue &v : root.value(QLatin1String("tools")).toArray()) {
        const QJsonObject t = v.toObject();
        Tool tool;
        tool.id = t.value(QLatin1String("id")).toString();
        tool.name = t.value(QLatin1String("name")).toString();
        tool.package = t.value(QLatin1String("package")).toString();
        tool.version = t.value(QLatin1String("version")).toString();
        tool.speaks = t.value(QLatin1String("speaks")).toString();
        tool.exampleModel = t.value(QLatin1String("exampleModel")).toString();
        for (const QJsonValue &e : t.value(QLatin1String("env")).toArray())
            tool.env.append({e.toArray().at(0).toString(), e.toArray().at(1).toString()});
        for (const QJsonValue &f : t.value(QLatin1String("files")).toArray()) {
            const QJsonObject file = f.toObject();
            tool.files.append(
                {file.value(QLatin1String("path")).toString(), file.value(QLatin1String("syntax")).toString(),
                    file.value(QLatin1String("text")).toString()});
        }
        tool.run = t.value(QLatin1String("run")).toString();
        tool.note = t.value(QLatin1String("note")).toString();
        if (tool.id.isEmpty() || tool.name.isEmpty() || tool.run.isEmpty()) {
            *error = tr("a tool without id, name or run");
            return false;
        }
        tools.append(tool);
    }
    if (tools.isEmpty()) {
        *error = tr("no tools");
        return false;
    }
    beginResetModel();
    m_tools = tools;
    m_key = root.value(QLatin1String("key")).toString();
    m_rendered.clear();
    for (const Tool &t : std::as_const(m_tools))
        m_rendered.append(renderTool(t));
    endResetModel();
    return true;
}

int ConnectToolsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tools.size());
}

QVariant ConnectToolsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Tool &t = m_tools.at(index.row());
    const Rendered &r = m_rendered.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return t.name;
    case ToolIdRole:
        return t.id;
    case PackageRole:
        return t.package;
    case VersionRole:
        return t.version;
    case SpeaksRole:
        return t.speaks;
    case InstallRole:
        return QStringLiteral("npm install -g %1@%2").arg(t.package, t.version);
    case ModelRole:
        return r.model;
    case EnvRole:
        return r.env;
    case FilesRole:
        return r.files;
    case RunRole:
        return t.run;
    case NoteRole:
        return t.note;
    default:
        return {};
    }
}

QHash<int, QByteArray> ConnectToolsModel::roleNames() const
{
    return {{ToolIdRole, "toolId"}, {NameRole, "name"}, {PackageRole, "packageName"},
        {VersionRole, "version"}, {SpeaksRole, "speaks"}, {InstallRole, "install"}, {ModelRole, "model"},
        {EnvRole, "env"}, {FilesRole, "files"}, {RunRole, "run"}, {NoteRole, "note"}};
}

void ConnectToolsModel::setOrigin(const QString &origin)
{
    if (origin == m_origin)
        return;
    m_origin = origin;
    rerender();
}

void ConnectToolsModel::setModel(const QString &model)
{
    if (model == m_model)
        return;
    m_model = model;
    rerender();
}

QString ConnectToolsModel::render(const QString &text, const QHash<QString, QString> &vars)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{\\{(\\w+)\\}\\}"));
    QString out;
    qsizetype from = 0;
    for (auto it = placeholder.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(from, m.capturedStart() - from);
        const auto value = vars.constFind(m.captured(1));
        out += value == vars.constEnd() ? m.captured() : *value;
        from = m.capturedEnd();
    }
    out += QStringView(text).mid(from);
    return out;
}

ConnectToolsModel::Rendered ConnectToolsModel::renderTool(const Tool &tool) const
{
    Rendered r;
    r.model = m_model.isEmpty() ? tool.exampleModel : m_model;
    const QHash<QString, QString> vars {{QStringLiteral("origin"), m_origin},
        {QStringLiteral("baseUrl"), m_origin + QStringLiteral("/v1")}, {QStringLiteral("key"), m_key},
        {QStringLiteral("model"), r.model}};
    // The same lines as docs/connect-tools.md (tests/e2e/tools/connect.mjs, envBlock).
    QStringList lines;
    for (const auto &[name, value] : tool.env)
        lines << QStringLiteral("export %1=%2").arg(name, render(value, vars));
    r.env = lines.join(u'\n');
    for (const File &f : tool.files) {
        QString text = render(f.text, vars);
        if (text.endsWith(u'\n'))
            text.chop(1);
        r.files.append(QVariantMap {{QStringLiteral("path"), f.path}, {QStringLiteral("syntax"), f.syntax},
            {QStringLiteral("text"), text}});
    }
    return r;
}

void ConnectToolsModel::rerender()
{
    for (qsizetype i = 0; i < m_tools.size(); ++i) {
        Rendered r = renderTool(m_tools.at(i));
        if (r == m_rendered.at(i))
            continue;
        m_rendered[i] = std::move(r);
        const QModelIndex at = index(int(i));
        Q_EMIT dataChanged(at, at, {ModelRole, EnvRole, FilesRole});
    }
}
