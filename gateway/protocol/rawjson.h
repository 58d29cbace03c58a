// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QLatin1String>
#include <QList>

/**
 * @brief A JSON object together with the bytes it was parsed from, so that relaying it costs no
 * re-serialisation.
 *
 * Qt 6.4 serialises a QJsonObject at about 100 instructions per byte: re-serialising the request
 * and the response cost more than the rest of a proxied call together (bench/README.md). While the
 * object is unchanged its bytes are the source's, and top-level members are added by splicing them
 * in before the closing brace. "Unchanged" is checked, never assumed: the object must still equal
 * the one parsed from the bytes (free while it shares their data, a comparison once it was
 * modified), and the source must hold no duplicated top-level member (the parse kept one, the
 * bytes would carry both to a reader that may pick the other).
 */
class RawJson
{
public:
    RawJson() = default;
    /// @p parsed is what @p bytes parse to (QJsonDocument::fromJson(bytes).object()).
    RawJson(QByteArray bytes, const QJsonObject &parsed);

    [[nodiscard]] bool isEmpty() const { return m_bytes.isEmpty(); }
    /// True when @p object is still exactly what the source bytes hold.
    [[nodiscard]] bool holds(const QJsonObject &object) const;
    /// Compact JSON of @p object: the source bytes when they hold it, else a fresh serialisation.
    [[nodiscard]] QByteArray serialize(const QJsonObject &object) const;
    /// A top-level member to set: an ASCII key and its value, already JSON.
    struct Member
    {
        QLatin1String key;
        QByteArray json;
    };
    /// JSON of @p object with @p members set at its top level (added, or replacing one there).
    /// Spliced into the source bytes when they hold @p object: a key already at the top level has
    /// its value replaced in place (when written there without escapes), the others are appended.
    [[nodiscard]] QByteArray serializeWith(const QJsonObject &object, const QList<Member> &members) const;

    /// Members of the top-level object in @p json, duplicates counted; -1 when it is not an object.
    static int topLevelMemberCount(QByteArrayView json);

private:
    QByteArray m_bytes;
    QJsonObject m_parsed;
    bool m_unique = false; ///< the source has no duplicated top-level member
};
