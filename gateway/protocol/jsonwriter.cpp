// SPDX-License-Identifier: MIT
#include "protocol/jsonwriter.h"

#include <QLocale>

#include <cmath>
#include <cstring>

namespace {

/// One resize and a copy: QByteArray's appends cost ~100-300 instructions each.
void appendBytes(QByteArray &out, const char *bytes, qsizetype length)
{
    const qsizetype at = out.size();
    out.resize(at + length);
    std::memcpy(out.data() + at, bytes, size_t(length));
}

/// Writes the digits of @p n backwards, ending at @p end; returns where they start.
char *digitsBefore(char *end, quint64 n)
{
    do {
        *--end = char('0' + n % 10);
        n /= 10;
    } while (n);
    return end;
}

void appendInteger(QByteArray &out, qint64 value)
{
    char buf[24];
    char *end = buf + sizeof buf;
    char *p = digitsBefore(end, value < 0 ? 0 - quint64(value) : quint64(value));
    if (value < 0)
        *--p = '-';
    appendBytes(out, p, end - p);
}

} // namespace

JsonWriter::JsonWriter()
{
    m_out.reserve(512);
    m_out.append('{');
}

void JsonWriter::key(QLatin1String key)
{
    // One resize and a copy: QByteArray's appends of a char or a literal cost ~100 instructions each.
    const qsizetype at = m_out.size();
    const qsizetype comma = m_empty ? 0 : 1;
    m_out.resize(at + comma + key.size() + 3);
    char *p = m_out.data() + at;
    if (comma)
        *p++ = ',';
    *p++ = '"';
    std::memcpy(p, key.data(), size_t(key.size()));
    p += key.size();
    *p++ = '"';
    *p = ':';
    m_empty = false;
}

JsonWriter &JsonWriter::add(QLatin1String k, const QString &value)
{
    key(k);
    appendString(m_out, value);
    return *this;
}

JsonWriter &JsonWriter::add(QLatin1String k, QLatin1String value)
{
    return add(k, QString(value));
}

JsonWriter &JsonWriter::add(QLatin1String k, qint64 value)
{
    key(k);
    appendInteger(m_out, value);
    return *this;
}

JsonWriter &JsonWriter::add(QLatin1String k, double value)
{
    key(k);
    appendNumber(m_out, value);
    return *this;
}

JsonWriter &JsonWriter::add(QLatin1String k, bool value)
{
    key(k);
    if (value)
        appendBytes(m_out, "true", 4);
    else
        appendBytes(m_out, "false", 5);
    return *this;
}

JsonWriter &JsonWriter::addRaw(QLatin1String k, const QByteArray &json)
{
    key(k);
    m_out.append(json);
    return *this;
}

QByteArray JsonWriter::take()
{
    m_out.append('}');
    QByteArray out = std::move(m_out);
    m_out = QByteArray("{");
    m_empty = true;
    return out;
}

void JsonWriter::appendString(QByteArray &out, const QString &value)
{
    // Ids, model names, reasons: nearly always printable ASCII, written without a UTF-8 copy.
    bool ascii = true;
    for (const QChar ch : value) {
        const char16_t c = ch.unicode();
        if (c >= 0x80 || c < 0x20 || c == u'"' || c == u'\\') {
            ascii = false;
            break;
        }
    }
    if (ascii) {
        const qsizetype at = out.size();
        out.resize(at + value.size() + 2);
        char *p = out.data() + at;
        *p++ = '"';
        for (const QChar ch : value)
            *p++ = char(ch.unicode());
        *p = '"';
        return;
    }
    static constexpr char hex[] = "0123456789abcdef";
    const QByteArray utf8 = value.toUtf8();
    out.reserve(out.size() + utf8.size() + 2);
    out.append('"');
    qsizetype plain = 0; // start of the run of bytes that need no escape
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = uchar(utf8.at(i));
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(utf8.constData() + plain, i - plain);
        plain = i + 1;
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default:
            out.append("\\u00").append(hex[c >> 4]).append(hex[c & 0xf]);
        }
    }
    out.append(utf8.constData() + plain, utf8.size() - plain);
    out.append('"');
}

JsonWriter &JsonWriter::addMilliseconds(QLatin1String k, double ms)
{
    key(k);
    appendNumber(m_out, std::round(ms * 1000.0) / 1000.0); // 3 decimals: the direct path
    return *this;
}

void JsonWriter::appendNumber(QByteArray &out, double value)
{
    if (!std::isfinite(value)) {
        out.append("null");
        return;
    }
    // QJsonValue keeps a whole number that a double holds exactly as an integer (1e6 is written
    // 1000000, not 1e+06); anything else in the shortest form that reads back the same.
    constexpr double ExactIntegers = 9007199254740992.0; // 2^53
    const double magnitude = std::fabs(value);
    if (magnitude < ExactIntegers && value == std::trunc(value)) {
        appendInteger(out, qint64(value));
        return;
    }
    // Most numbers written here are scores and prices rounded to a few decimals: n / 10^d with
    // d <= 4 reads back as itself, no shorter decimal does (a double holds 15 digits apart), and
    // from 0.001 up Qt writes it in fixed notation (below, the exponent form when it is shorter:
    // 2e-04). Written directly: the general conversion costs ~1.5k instructions a number.
    if (magnitude >= 0.001 && magnitude < 1e11) {
        static constexpr double scales[] = {10, 100, 1000, 10000};
        for (int d = 0; d < 4; ++d) {
            const double scaled = std::round(magnitude * scales[d]);
            if (scaled / scales[d] != magnitude)
                continue;
            char buf[24];
            char *end = buf + sizeof buf;
            char *p = end;
            auto n = quint64(scaled);
            for (int i = 0; i <= d; ++i, n /= 10)
                *--p = char('0' + n % 10);
            *--p = '.';
            p = digitsBefore(p, n);
            if (value < 0)
                *--p = '-';
            appendBytes(out, p, end - p);
            return;
        }
    }
    out.append(QByteArray::number(value, 'g', QLocale::FloatingPointShortest));
}
