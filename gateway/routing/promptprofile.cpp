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

QString PromptProfile::describe() const
{
    QStringList parts = PromptTrait::names(traits);
    if (parts.isEmpty())
        parts << QStringLiteral("general");
    QString out = parts.join(QStringLiteral(", "));
    out += QStringLiteral("; complexity %1").arg(complexity, 0, 'f', 2);
    if (promptTokens > 0)
        out += QStringLiteral("; ~%1 tokens in").arg(promptTokens);
    if (requiredCapabilities)
        out += QStringLiteral("; needs %1").arg(Capability::names(requiredCapabilities).join(u'+'));
    return out;
}

QString PromptProfile::toCompact() const
{
    return QStringLiteral("v1;t=%1;c=%2;p=%3;o=%4;m=%5;n=%6;s=%7;e=%8;r=%9")
        .arg(PromptTrait::names(traits).join(u','), QString::number(complexity, 'f', 3),
            QString::number(promptTokens), QString::number(outputTokens), QString::number(maxTokens),
            QString::number(turns), streamed ? QStringLiteral("1") : QStringLiteral("0"),
            embeddings ? QStringLiteral("1") : QStringLiteral("0"),
            Capability::names(requiredCapabilities).join(u','));
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
