// SPDX-License-Identifier: MIT
#include "routing/promptprofile.h"

#include "routing/catalog.h"

namespace PromptTrait {

namespace {
    struct Name
    {
        quint32 bit;
        QLatin1String name;
    };
    constexpr Name kNames[] = {{Code, QLatin1String("code")}, {Math, QLatin1String("math")},
        {Creative, QLatin1String("creative")}, {Reasoning, QLatin1String("reasoning")},
        {Tools, QLatin1String("tools")}, {Images, QLatin1String("images")},
        {LongContext, QLatin1String("long-context")}, {Json, QLatin1String("json")},
        {Conversation, QLatin1String("conversation")}, {Simple, QLatin1String("simple")}};
} // namespace

QStringList names(quint32 traits)
{
    QStringList out;
    for (const Name &n : kNames) {
        if (traits & n.bit)
            out << n.name;
    }
    return out;
}

quint32 fromNames(const QStringList &names)
{
    quint32 bits = 0;
    for (const QString &s : names) {
        for (const Name &n : kNames) {
            if (s == n.name)
                bits |= n.bit;
        }
    }
    return bits;
}

} // namespace PromptTrait

namespace {

/// Appends @p names joined by @p separator: what QStringList::join gives, without the list.
void appendJoined(QString &out, const QStringList &names, QLatin1String separator)
{
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (i)
            out += separator;
        out += names.at(i);
    }
}

} // namespace

// describe() and toCompact() are written on every scored request (x-gateway, the log row):
// appends into one reserved string, no QString::arg chain.
QString PromptProfile::describe() const
{
    QString out;
    out.reserve(96);
    if (traits)
        appendJoined(out, PromptTrait::names(traits), QLatin1String(", "));
    if (out.isEmpty())
        out += QLatin1String("general");
    out += QLatin1String("; complexity ");
    out += QString::number(complexity, 'f', 2);
    if (promptTokens > 0) {
        out += QLatin1String("; ~");
        out += QString::number(promptTokens);
        out += QLatin1String(" tokens in");
    }
    if (requiredCapabilities) {
        out += QLatin1String("; needs ");
        appendJoined(out, Capability::names(requiredCapabilities), QLatin1String("+"));
    }
    return out;
}

QString PromptProfile::toCompact() const
{
    QString out;
    out.reserve(96);
    out += QLatin1String("v1;t=");
    appendJoined(out, PromptTrait::names(traits), QLatin1String(","));
    out += QLatin1String(";c=");
    out += QString::number(complexity, 'f', 3);
    out += QLatin1String(";p=");
    out += QString::number(promptTokens);
    out += QLatin1String(";o=");
    out += QString::number(outputTokens);
    out += QLatin1String(";m=");
    out += QString::number(maxTokens);
    out += QLatin1String(";n=");
    out += QString::number(turns);
    out += streamed ? QLatin1String(";s=1") : QLatin1String(";s=0");
    out += embeddings ? QLatin1String(";e=1") : QLatin1String(";e=0");
    out += QLatin1String(";r=");
    appendJoined(out, Capability::names(requiredCapabilities), QLatin1String(","));
    return out;
}

std::optional<PromptProfile> PromptProfile::fromCompact(const QString &text)
{
    const QStringList fields = text.split(u';');
    if (fields.isEmpty() || fields.first() != QLatin1String("v1"))
        return std::nullopt;
    PromptProfile p;
    bool ok = true;
    for (qsizetype i = 1; i < fields.size() && ok; ++i) {
        const QString &f = fields.at(i);
        if (f.size() < 2 || f.at(1) != u'=')
            return std::nullopt;
        const QString value = f.mid(2);
        switch (f.at(0).toLatin1()) {
        case 't':
            p.traits = PromptTrait::fromNames(value.split(u',', Qt::SkipEmptyParts));
            break;
        case 'c':
            p.complexity = value.toDouble(&ok);
            break;
        case 'p':
            p.promptTokens = value.toLongLong(&ok);
            break;
        case 'o':
            p.outputTokens = value.toLongLong(&ok);
            break;
        case 'm':
            p.maxTokens = value.toLongLong(&ok);
            break;
        case 'n':
            p.turns = value.toInt(&ok);
            break;
        case 's':
            p.streamed = value == QLatin1String("1");
            break;
        case 'e':
            p.embeddings = value == QLatin1String("1");
            break;
        case 'r':
            p.requiredCapabilities = Capability::fromNames(value.split(u',', Qt::SkipEmptyParts));
            break;
        default:
            break; // a newer field: ignored
        }
    }
    if (!ok)
        return std::nullopt;
    return p;
}
