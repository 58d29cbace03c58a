// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QLatin1String>
#include <QString>

/**
 * @brief Writes one compact JSON object straight to bytes, member by member.
 *
 * For the few objects the gateway builds on every request (the `x-gateway` metadata, members
 * spliced into a relayed body): a QJsonObject costs about 3 k instructions per member to build and
 * 100 per byte to serialise in Qt 6.4; this costs a few per byte. Keys are ASCII literals and are
 * written as given; string values are escaped. Numbers are written as QJsonDocument writes them.
 */
class JsonWriter
{
public:
    JsonWriter();

    JsonWriter &add(QLatin1String key, const QString &value);
    JsonWriter &add(QLatin1String key, QLatin1String value);
    JsonWriter &add(QLatin1String key, qint64 value);
    JsonWriter &add(QLatin1String key, int value) { return add(key, qint64(value)); }
    JsonWriter &add(QLatin1String key, double value);
    JsonWriter &add(QLatin1String key, bool value);
    /// A duration rounded to the microsecond, without the cost of a general double conversion.
    JsonWriter &addMilliseconds(QLatin1String key, double ms);
    /// @p json is already a JSON value (an object, an array, a number...).
    JsonWriter &addRaw(QLatin1String key, const QByteArray &json);

    /// The object's bytes; the writer is empty afterwards.
    [[nodiscard]] QByteArray take();

    /// Appends @p value as a quoted, escaped JSON string.
    static void appendString(QByteArray &out, const QString &value);
    /// Appends @p value as QJsonDocument would (shortest round-trip form; null when not finite).
    static void appendNumber(QByteArray &out, double value);

private:
    void key(QLatin1String key);
    QByteArray m_out;
    bool m_empty = true;
};
