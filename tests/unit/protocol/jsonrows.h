// SPDX-License-Identifier: MIT
#pragma once

// The JSON of the translator tables: rows are written as JSON text, compared in canonical form.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace JsonRows {

inline QJsonDocument parse(const QByteArray &json)
{
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(json, &e);
    if (e.error != QJsonParseError::NoError)
        qFatal("bad JSON in a test row: %s: %s", qPrintable(e.errorString()), json.constData());
    return d;
}

/// A row's JSON object.
inline QJsonObject object(const QByteArray &json)
{
    return parse(json).object();
}

/// A row's JSON array.
inline QJsonArray array(const QByteArray &json)
{
    return parse(json).array();
}

/// Canonical text (keys sorted, compact): what rows are compared by, so a failure shows both.
inline QByteArray text(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

inline QByteArray text(const QJsonArray &a)
{
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

/// An answer or chunk without what changes per call.
inline QJsonObject stable(
    QJsonObject o, std::initializer_list<const char *> keys = {"created", "system_fingerprint"})
{
    for (const char *k : keys)
        o.remove(QLatin1String(k));
    return o;
}

/// A chunk without what changes per call or stream (id, created, model...).
inline QJsonObject stableChunk(QJsonObject c)
{
    return stable(std::move(c), {"id", "created", "object", "model", "system_fingerprint"});
}

} // namespace JsonRows
