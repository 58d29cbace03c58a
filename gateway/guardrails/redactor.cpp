// SPDX-License-Identifier: MIT
#include "guardrails/redactor.h"

#include <QJsonArray>
#include <QSet>

namespace {

bool luhn(QStringView digits)
{
    int sum = 0;
    bool twice = false;
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        int d = digits[i].digitValue();
        if (twice) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

QString digitsOf(QStringView text)
{
    QString out;
    for (QChar c : text) {
        if (c.isDigit())
            out += c;
    }
    return out;
}

qsizetype validateCard(QStringView match)
{
    const QString digits = digitsOf(match);
    if (digits.size() < 13 || digits.size() > 19 || !luhn(digits))
        return 0;
    if (digits.count(digits.at(0)) == digits.size()) // 0000 0000 0000 0000 passes Luhn
        return 0;
    return match.size();
}

bool ibanChecksum(QStringView compact)
{
    // Move the first four characters to the end, letters become 10..35, then mod 97 == 1.
    const QString rearranged = compact.mid(4).toString() + compact.left(4).toString();
    int remainder = 0;
    for (QChar c : rearranged) {
        if (c.isDigit()) {
            remainder = (remainder * 10 + c.digitValue()) % 97;
        } else {
            const int v = c.toUpper().unicode() - 'A' + 10;
            remainder = (remainder * 100 + v) % 97;
        }
    }
    return remainder == 1;
}

qsizetype validateIban(QStringView match)
{
    // The pattern may have run on into the next word: find the longest prefix that checks out.
    for (qsizetype end = match.size(); end >= 15; --end) {
        if (match[end - 1] == u' ')
            continue;
        QString compact;
        for (QChar c : match.first(end)) {
            if (c != u' ')
                compact += c;
        }
        if (compact.size() >= 15 && compact.size() <= 34 && ibanChecksum(compact))
            return end;
    }
    return 0;
}

qsizetype validatePhone(QStringView match)
{
    const QString digits = digitsOf(match);
    if (digits.size() < 9 || digits.size() > 15)
        return 0;
    const bool plus = match.startsWith(u'+');
    const bool parens = match.contains(u'(');
    bool separated = false;
    bool onlyDots = true;
    int groups = 1;
    for (qsizetype i = 1; i < match.size(); ++i) {
        const QChar c = match[i];
        if ((c == u' ' || c == u'-' || c == u'.') && match[i - 1].isDigit()) {
            separated = true;
            ++groups;
            onlyDots = onlyDots && c == u'.';
        }
    }
    if (!plus && !parens && !separated)
        return 0; // a bare run of digits: an order number as often as a phone number
    if (!plus && !parens && onlyDots && (groups == 2 || groups == 4))
        return 0; // a decimal number or a dotted quad (IP address)
    return match.size();
}

const QSet<QString> &textKeys()
{
    static const QSet<QString> keys = {QStringLiteral("content"), QStringLiteral("text"),
        QStringLiteral("arguments"), QStringLiteral("input"), QStringLiteral("instructions"),
        QStringLiteral("prompt"), QStringLiteral("system"), QStringLiteral("refusal"),
        QStringLiteral("partial_json"), QStringLiteral("thinking")};
    return keys;
}

/// Keys whose values are never prose: media, identifiers, signatures.
const QSet<QString> &opaqueKeys()
{
    static const QSet<QString> keys = {QStringLiteral("image_url"), QStringLiteral("source"),
        QStringLiteral("url"), QStringLiteral("data"), QStringLiteral("inline_data"),
        QStringLiteral("inlineData"), QStringLiteral("file_data"), QStringLiteral("fileData"),
        QStringLiteral("input_audio"), QStringLiteral("id"), QStringLiteral("tool_call_id"),
        QStringLiteral("tool_use_id"), QStringLiteral("signature"), QStringLiteral("type"),
        QStringLiteral("role"), QStringLiteral("model"), QStringLiteral("name")};
    return keys;
}

} // namespace

Redactor::Redactor(const GuardrailsConfig &config)
    : m_requests(config.requests)
    , m_responses(config.responses)
    , m_logs(config.logs)
{
    for (const RedactionRuleConfig &c : config.custom) {
        Rule r;
        r.name = c.name;
        r.pattern = QRegularExpression(c.pattern);
        r.replacement = c.replacement.isEmpty() ? u'[' + c.name.toUpper() + u']' : c.replacement;
        if (r.pattern.isValid())
            m_rules.append(r);
    }
    // Specific before general: an API key or an IBAN must not be half-eaten by the phone rule.
    for (const QString &name : {QStringLiteral("apiKey"), QStringLiteral("email"), QStringLiteral("iban"),
             QStringLiteral("creditCard"), QStringLiteral("phone")}) {
        if (config.rules.contains(name))
            addBuiltIn(name);
    }
}

void Redactor::addBuiltIn(const QString &name)
{
    Rule r;
    r.name = name;
    if (name == QLatin1String("apiKey")) {
        r.pattern = QRegularExpression(QStringLiteral(
            "(?<![A-Za-z0-9_-])(?:sk-(?:ant-|proj-|svcacct-|or-)?[A-Za-z0-9_-]{20,}|sy-[A-Za-z0-9_-]{20,}"
            "|gsk_[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,}|hf_[A-Za-z0-9]{30,}|AKIA[0-9A-Z]{16}"
            "|AIza[0-9A-Za-z_-]{35}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}"
            "|xox[abprs]-[A-Za-z0-9-]{10,}|eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}"
            "|(?i:bearer)\\s+[A-Za-z0-9._~+/=-]{20,})(?![A-Za-z0-9_-])"));
        r.replacement = QStringLiteral("[API_KEY]");
    } else if (name == QLatin1String("email")) {
        r.pattern = QRegularExpression(QStringLiteral(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"));
        r.replacement = QStringLiteral("[EMAIL]");
    } else if (name == QLatin1String("iban")) {
        r.pattern = QRegularExpression(QStringLiteral("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}"));
        r.replacement = QStringLiteral("[IBAN]");
        r.validate = validateIban;
    } else if (name == QLatin1String("creditCard")) {
        r.pattern = QRegularExpression(QStringLiteral("(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d])"));
        r.replacement = QStringLiteral("[CREDIT_CARD]");
        r.validate = validateCard;
    } else {
        r.pattern
            = QRegularExpression(QStringLiteral("(?<![\\w+.-])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ "
                                                ".-]?)?\\d{1,4}(?:[ .-]?\\d{2,4}){1,5}(?![\\w]|[.-]\\d)"));
        r.replacement = QStringLiteral("[PHONE]");
        r.validate = validatePhone;
    }
    m_rules.append(r);
}

QList<Redactor::Span> Redactor::matches(const QString &text) const
{
    QList<Span> out;
    for (const Rule &rule : m_rules) {
        auto it = rule.pattern.globalMatch(text);
        while (it.hasNext()) {
            const auto m = it.next();
            if (m.capturedLength() == 0)
                continue;
            qsizetype length = m.capturedLength();
            if (rule.validate)
                length = rule.validate(QStringView(text).mid(m.capturedStart(), length));
            if (length > 0)
                out.append({m.capturedStart(), m.capturedStart() + length});
        }
    }
    return out;
}

QString Redactor::redact(const QString &text, int *count) const
{
    if (count)
        *count = 0;
    if (m_rules.isEmpty() || text.isEmpty())
        return text;
    QString current = text;
    for (const Rule &rule : m_rules) {
        auto it = rule.pattern.globalMatch(current);
        if (!it.hasNext())
            continue;
        QString out;
        qsizetype last = 0;
        while (it.hasNext()) {
            const auto m = it.next();
            if (m.capturedLength() == 0 || m.capturedStart() < last)
                continue;
            qsizetype length = m.capturedLength();
            if (rule.validate)
                length = rule.validate(QStringView(current).mid(m.capturedStart(), length));
            if (length <= 0)
                continue;
            out += QStringView(current).mid(last, m.capturedStart() - last);
            out += rule.replacement;
            last = m.capturedStart() + length;
            if (count)
                ++*count;
        }
        if (last == 0 && out.isEmpty())
            continue;
        out += QStringView(current).mid(last);
        current = out;
    }
    return current;
}

namespace {

int redactValue(const Redactor &r, QJsonValue &value, const QString &key, int depth)
{
    if (depth > 32)
        return 0;
    int n = 0;
    if (value.isString()) {
        if (!textKeys().contains(key))
            return 0;
        const QString redacted = r.redact(value.toString(), &n);
        if (n > 0)
            value = redacted;
        return n;
    }
    if (value.isArray()) {
        QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            QJsonValue v = a.at(i);
            const int k = redactValue(r, v, key, depth + 1);
            if (k > 0) {
                a.replace(i, v);
                n += k;
            }
        }
        if (n > 0)
            value = a;
        return n;
    }
    if (value.isObject()) {
        QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (opaqueKeys().contains(it.key()))
                continue;
            QJsonValue v = it.value();
            // Tool inputs (objects) are written by the model or the client: every string counts.
            const QString childKey = (key == QLatin1String("input") || key == QLatin1String("args")
                                         || key == QLatin1String("arguments"))
                ? QStringLiteral("text")
                : it.key();
            const int k = redactValue(r, v, childKey, depth + 1);
            if (k > 0) {
                it.value() = v;
                n += k;
            }
        }
        if (n > 0)
            value = o;
        return n;
    }
    return 0;
}

} // namespace

int Redactor::redactBody(QJsonObject &body) const
{
    if (!isEnabled())
        return 0;
    static const QStringList roots = {QStringLiteral("messages"), QStringLiteral("system"),
        QStringLiteral("contents"), QStringLiteral("systemInstruction"), QStringLiteral("input"),
        QStringLiteral("instructions"), QStringLiteral("prompt"), QStringLiteral("choices"),
        QStringLiteral("content"), QStringLiteral("candidates"), QStringLiteral("output")};
    int n = 0;
    for (const QString &root : roots) {
        auto it = body.find(root);
        if (it == body.end())
            continue;
        QJsonValue v = it.value();
        // A root that is itself a string (system, input, prompt...) is prose.
        const int k = redactValue(*this, v, v.isString() ? QStringLiteral("text") : root, 0);
        if (k > 0) {
            it.value() = v;
            n += k;
        }
    }
    return n;
}
