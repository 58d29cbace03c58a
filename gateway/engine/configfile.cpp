// SPDX-License-Identifier: MIT
#include "engine/configfile.h"

#include "engine/config.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace {

bool readDocument(const QString &file, QJsonObject *root, QString *error)
{
    QFile f(file);
    if (!f.exists()) {
        *root = QJsonDocument::fromJson(Config::defaultDocument()).object();
        return true;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read config file %1: %2").arg(file, f.errorString());
        return false;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (!doc.isObject()) {
        *error = QStringLiteral("config file %1 is not a JSON object: %2").arg(file, pe.errorString());
        return false;
    }
    *root = doc.object();
    return true;
}

QJsonObject withValue(QJsonObject object, const QStringList &path, qsizetype at, const QJsonValue &value)
{
    const QString &key = path.at(at);
    if (at == path.size() - 1) {
        object.insert(key, value);
        return object;
    }
    object.insert(key, withValue(object.value(key).toObject(), path, at + 1, value));
    return object;
}

} // namespace

namespace ConfigFile {

bool set(const QString &file, const QStringList &path, const QJsonValue &value, QString *error)
{
    Q_ASSERT(!path.isEmpty());
    QJsonObject root;
    if (!readDocument(file, &root, error))
        return false;
    const QByteArray text = QJsonDocument(withValue(root, path, 0, value)).toJson(QJsonDocument::Indented);
    QString parseError;
    if (!Config::parse(text, &parseError)) {
        *error = QStringLiteral("refused to save an invalid config: %1").arg(parseError);
        return false;
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(text) != text.size() || !out.commit()) {
        *error = QStringLiteral("cannot write config file %1: %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

QJsonValue get(const QString &file, const QStringList &path, QString *error)
{
    QJsonObject root;
    if (!readDocument(file, &root, error))
        return QJsonValue::Undefined;
    QJsonValue v = root;
    for (const QString &key : path)
        v = v.toObject().value(key);
    return v;
}

} // namespace ConfigFile
