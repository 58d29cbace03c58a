// SPDX-License-Identifier: MIT
#include "keys/keydraft.h"

#include "engine/config.h"
#include "keys/virtualkey.h"

#include <QJsonArray>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>
#include <optional>

namespace {

/// A typed number: "" is none, "1,5" and "1.5" both read 1.5, "$2" reads 2.
std::optional<double> number(QString text, bool *ok)
{
    text = text.trimmed();
    if (text.startsWith(u'$'))
        text = text.mid(1).trimmed();
    *ok = true;
    if (text.isEmpty())
        return std::nullopt;
    double value = QLocale::c().toDouble(text, ok);
    if (!*ok)
        value = QLocale().toDouble(text, ok);
    if (!*ok || !std::isfinite(value) || value < 0) {
        *ok = false;
        return std::nullopt;
    }
    return value;
}

} // namespace

KeyDraft::KeyDraft(QObject *parent)
    : QObject(parent)
{ }

void KeyDraft::clear()
{
    m_name.clear();
    m_expiresInDays = 0;
    m_budgetUsd.clear();
    m_budgetTokens.clear();
    m_period = QStringLiteral("month");
    m_hardBudget = true;
    m_rpm.clear();
    m_tpm.clear();
    m_parallel.clear();
    m_allowedModels.clear();
    m_maxPrice.clear();
    m_strategy.clear();
    Q_EMIT changed();
}

QStringList KeyDraft::expiryChoices() const
{
    return {tr("Never"), tr("In 7 days"), tr("In 30 days"), tr("In 90 days"), tr("In 1 year")};
}

QList<int> KeyDraft::expiryDays() const
{
    return {0, 7, 30, 90, 365};
}

QStringList KeyDraft::periods() const
{
    return {QStringLiteral("day"), QStringLiteral("week"), QStringLiteral("month")};
}

QStringList KeyDraft::periodChoices() const
{
    return {tr("Per day"), tr("Per week"), tr("Per month")};
}

QStringList KeyDraft::strategies() const
{
    return QStringList {QString()} + RoutingConfig::strategies();
}

QStringList KeyDraft::strategyChoices() const
{
    QStringList out {tr("The global strategy")};
    for (const QString &s : RoutingConfig::strategies())
        out << s.left(1).toUpper() + s.mid(1);
    return out;
}

QJsonObject KeyDraft::toBody(qint64 nowMs, QString *error) const
{
    QJsonObject body;
    const QString name = m_name.trimmed();
    if (name.isEmpty()) {
        *error = tr("Give the key a name: who or what uses it, such as \"ci-bot\" or \"Alice's laptop\".");
        return {};
    }
    body.insert(QLatin1String("name"), name);
    if (m_expiresInDays > 0)
        body.insert(
            QLatin1String("expiresAt"), VirtualKey::isoTime(nowMs + qint64(m_expiresInDays) * 86400000));

    struct Field
    {
        const QString &text;
        QString label;
        bool whole;
        std::optional<double> value = std::nullopt;
    };
    Field usd {m_budgetUsd, tr("Budget (USD)"), false};
    Field tokens {m_budgetTokens, tr("Budget (tokens)"), true};
    Field rpm {m_rpm, tr("Requests per minute"), true};
    Field tpm {m_tpm, tr("Tokens per minute"), true};
    Field parallel {m_parallel, tr("Parallel requests"), true};
    Field price {m_maxPrice, tr("Max price per 1M tokens"), false};
    for (Field *f : {&usd, &tokens, &rpm, &tpm, &parallel, &price}) {
        bool ok = false;
        f->value = number(f->text, &ok);
        if (ok && f->value && f->whole && std::floor(*f->value) != *f->value)
            ok = false;
        if (!ok) {
            *error = f->whole
                ? tr("%1 must be a whole number, such as 100, or empty for no limit.").arg(f->label)
                : tr("%1 must be a number, such as 2.50, or empty for no limit.").arg(f->label);
            return {};
        }
    }
    if (usd.value || tokens.value) {
        QJsonObject budget {{QLatin1String("period"), m_period}, {QLatin1String("hard"), m_hardBudget}};
        if (usd.value)
            budget.insert(QLatin1String("usd"), *usd.value);
        if (tokens.value)
            budget.insert(QLatin1String("tokens"), qint64(*tokens.value));
        body.insert(QLatin1String("budget"), budget);
    }
    QJsonObject limits;
    if (rpm.value && *rpm.value > 0)
        limits.insert(QLatin1String("rpm"), qint64(*rpm.value));
    if (tpm.value && *tpm.value > 0)
        limits.insert(QLatin1String("tpm"), qint64(*tpm.value));
    if (parallel.value && *parallel.value > 0)
        limits.insert(QLatin1String("parallel"), qint64(*parallel.value));
    if (!limits.isEmpty())
        body.insert(QLatin1String("limits"), limits);
    QStringList patterns;
    for (const QString &p :
        m_allowedModels.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts))
        patterns << p;
    if (!patterns.isEmpty())
        body.insert(QLatin1String("allowedModels"), QJsonArray::fromStringList(patterns));
    if (price.value)
        body.insert(QLatin1String("maxPricePer1M"), *price.value);
    if (!m_strategy.isEmpty())
        body.insert(QLatin1String("strategy"), m_strategy);
    return body;
}
