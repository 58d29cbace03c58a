// SPDX-License-Identifier: MIT
#include "protocol/rawjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QVarLengthArray>

#include <algorithm>

#include <cstring>

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Skips a string starting at the quote @p i; returns the index after its closing quote, or -1.
qsizetype skipString(QByteArrayView s, qsizetype i)
{
    // Strings are most of a chat body: jump from quote to quote, then look back for escapes.
    for (++i; i < s.size();) {
        const auto *quote = static_cast<const char *>(std::memchr(s.data() + i, '"', size_t(s.size() - i)));
        if (!quote)
            return -1;
        const qsizetype q = quote - s.data();
        qsizetype backslashes = 0;
        while (q - backslashes - 1 >= i && s[q - backslashes - 1] == '\\')
            ++backslashes;
        if (backslashes % 2 == 0)
            return q + 1;
        i = q + 1;
    }
    return -1;
}

/// Skips one value starting at @p i (no leading whitespace); returns the index after it, or -1.
qsizetype skipValue(QByteArrayView s, qsizetype i)
{
    if (i >= s.size())
        return -1;
    if (s[i] == '"')
        return skipString(s, i);
    if (s[i] != '{' && s[i] != '[') {
        while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !isSpace(s[i]))
            ++i;
        return i;
    }
    int depth = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '"') {
            i = skipString(s, i);
            if (i < 0)
                return -1;
            continue;
        }
        if (c == '{' || c == '[')
            ++depth;
        else if ((c == '}' || c == ']') && --depth == 0)
            return i + 1;
        ++i;
    }
    return -1;
}

qsizetype skipSpace(QByteArrayView s, qsizetype i)
{
    while (i < s.size() && isSpace(s[i]))
        ++i;
    return i;
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// Walks the members of the top-level object in @p json, calling @p member(key, valueStart,
/// valueEnd) for each (the key as written, without its quotes); returns their count, duplicates
/// counted, or -1 when @p json is not one object.
template<typename F> int forEachTopLevelMember(QByteArrayView json, F &&member)
{
    qsizetype i = skipSpace(json, 0);
    if (i >= json.size() || json[i] != '{')
        return -1;
    i = skipSpace(json, i + 1);
    if (i < json.size() && json[i] == '}')
        return 0;
    int count = 0;
    while (i < json.size()) {
        if (json[i] != '"')
            return -1;
        const qsizetype keyStart = i + 1;
        i = skipString(json, i);
        if (i < 0)
            return -1;
        const QByteArrayView key = json.sliced(keyStart, i - 1 - keyStart);
        i = skipSpace(json, i);
        if (i >= json.size() || json[i] != ':')
            return -1;
        const qsizetype valueStart = skipSpace(json, i + 1);
        i = skipValue(json, valueStart);
        if (i < 0)
            return -1;
        member(key, valueStart, i);
        ++count;
        i = skipSpace(json, i);
        if (i < json.size() && json[i] == '}')
            return count;
        if (i >= json.size() || json[i] != ',')
            return -1;
        i = skipSpace(json, i + 1);
    }
    return -1;
}

} // namespace

RawJson::RawJson(QByteArray bytes, const QJsonObject &parsed)
    : m_bytes(std::move(bytes))
    , m_parsed(parsed)
    , m_unique(topLevelMemberCount(m_bytes) == parsed.size())
{ }

int RawJson::topLevelMemberCount(QByteArrayView json)
{
    return forEachTopLevelMember(json, [](QByteArrayView, qsizetype, qsizetype) {});
}

bool RawJson::holds(const QJsonObject &object) const
{
    return m_unique && !m_bytes.isEmpty() && object == m_parsed;
}

QByteArray RawJson::serialize(const QJsonObject &object) const
{
    return holds(object) ? m_bytes : compact(object);
}

QByteArray RawJson::serializeWith(const QJsonObject &object, const QList<Member> &members) const
{
    if (members.isEmpty())
        return serialize(object);
    // Spliced into the source bytes while they hold the object: a member already at the top level
    // gets its value replaced where it stands (the model a virtual model resolved to), the others
    // go in before the closing brace. A key present but not found as written (escaped in the
    // source) falls back to a fresh serialisation, never to a second member of that name.
    struct Span
    {
        qsizetype start = -1;
        qsizetype end = -1;
        qsizetype member = -1;
    };
    QVarLengthArray<Span, 4> replaced;
    bool spliceable = holds(object);
    qsizetype present = 0;
    for (qsizetype i = 0; spliceable && i < members.size(); ++i)
        present += object.contains(members.at(i).key) ? 1 : 0;
    if (spliceable && present > 0) {
        forEachTopLevelMember(m_bytes, [&](QByteArrayView key, qsizetype start, qsizetype end) {
            for (qsizetype m = 0; m < members.size(); ++m) {
                if (key == QByteArrayView(members.at(m).key.data(), members.at(m).key.size()))
                    replaced.append({start, end, m});
            }
        });
        spliceable = replaced.size() == present;
    }
    if (!spliceable) {
        QJsonObject merged = object;
        for (const Member &m : members)
            merged.insert(m.key, QJsonDocument::fromJson('[' + m.json + ']').array().at(0));
        return compact(merged);
    }
    qsizetype end = m_bytes.size(); // just past the closing brace
    while (end > 0 && m_bytes.at(end - 1) != '}')
        --end;
    qsizetype size = end;
    for (const Member &m : members)
        size += m.key.size() + m.json.size() + 4;
    QByteArray out;
    out.reserve(size);
    qsizetype copied = 0; // replaced spans are in source order
    for (const Span &span : replaced) {
        out.append(QByteArrayView(m_bytes).sliced(copied, span.start - copied));
        out.append(members.at(span.member).json);
        copied = span.end;
    }
    out.append(QByteArrayView(m_bytes).sliced(copied, end - 1 - copied));
    bool first = object.isEmpty();
    for (qsizetype m = 0; m < members.size(); ++m) {
        if (std::any_of(replaced.cbegin(), replaced.cend(), [m](const Span &s) { return s.member == m; }))
            continue;
        const Member &member = members.at(m);
        if (!first)
            out.append(',');
        first = false;
        out.append('"').append(member.key.data(), member.key.size()).append("\":").append(member.json);
    }
    out.append('}');
    return out;
}
