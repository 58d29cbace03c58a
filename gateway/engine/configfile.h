// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

/**
 * @brief Writes changes made at run time (admin API, desktop UI) back to the config file.
 *
 * The file is patched as the user wrote it, never re-serialised from the parsed Config: `${ENV}`
 * references and `keychain:` names stay references, so no expanded secret ever reaches the file.
 * The patched document is validated with Config::parse before it replaces the old one atomically
 * (QSaveFile), so a crash mid-write or a bad value leaves the previous file intact.
 */
namespace ConfigFile {
/// Sets the value at @p path (object keys from the root, e.g. {"server", "port"}; missing
/// objects are created) in the config file @p file. Returns false with one line in @p error.
bool set(const QString &file, const QStringList &path, const QJsonValue &value, QString *error);
/// The raw (unexpanded) JSON value at @p path, or undefined.
QJsonValue get(const QString &file, const QStringList &path, QString *error);
} // namespace ConfigFile
