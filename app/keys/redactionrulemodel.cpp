// SPDX-License-Identifier: MIT
#include "keys/redactionrulemodel.h"

#include "engine/config.h"

#include <QJsonArray>

RedactionRuleModel::RedactionRuleModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int RedactionRuleModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant RedactionRuleModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Rule &r = m_rows.at(index.row());
    switch (role) {
    case RuleNameRole:
        return r.name;
    case Qt::DisplayRole:
    case LabelRole:
        return r.label;
    case DetailRole:
        return r.detail;
    case BuiltInRole:
        return r.builtIn;
    case EnabledRole:
        return r.enabled;
    default:
        return {};
    }
}

QHash<int, QByteArray> RedactionRuleModel::roleNames() const
{
    return {{RuleNameRole, "ruleName"}, {LabelRole, "label"}, {DetailRole, "detail"},
        {BuiltInRole, "builtIn"}, {EnabledRole, "enabled"}};
}

void RedactionRuleModel::setRedaction(const QJsonObject &redaction)
{
    struct Known
    {
        QString label;
        QString detail;
    };
    const QHash<QString, Known> known {
        {QStringLiteral("email"), {tr("E-mail addresses"), tr("alice@example.com → [EMAIL]")}},
        {QStringLiteral("phone"), {tr("Phone numbers"), tr("+33 6 12 34 56 78 → [PHONE]")}},
        {QStringLiteral("creditCard"),
            {tr("Credit card numbers"), tr("4111 1111 1111 1111 → [CREDIT_CARD] (checked with Luhn)")}},
        {QStringLiteral("iban"), {tr("IBANs"), tr("DE89 3704 0044 0532 0130 00 → [IBAN]")}},
        {QStringLiteral("apiKey"),
            {tr("API-key-like strings"), tr("sk-…, sy-…, ghp_…, AKIA…, bearer tokens → [API_KEY]")}},
    };
    QStringList enabled;
    for (const QJsonValue &v : redaction.value(QLatin1String("rules")).toArray())
        enabled << v.toString();
    QList<Rule> next;
    for (const QString &name : GuardrailsConfig::builtInRules()) {
        const Known k = known.value(name, {name, QString()});
        next.append({name, k.label, k.detail, true, enabled.contains(name)});
    }
    for (const QJsonValue &v : redaction.value(QLatin1String("custom")).toArray()) {
        const QJsonObject o = v.toObject();
        const QString name = o.value(QLatin1String("name")).toString();
        const QString replacement = o.value(QLatin1String("replacement")).toString();
        next.append({name, name,
            o.value(QLatin1String("pattern")).toString() + QStringLiteral(" → ")
                + (replacement.isEmpty() ? u'[' + name.toUpper() + u']' : replacement),
            false, true});
    }
    bool sameNames = next.size() == m_rows.size();
    for (qsizetype i = 0; sameNames && i < next.size(); ++i)
        sameNames = next.at(i).name == m_rows.at(i).name && next.at(i).builtIn == m_rows.at(i).builtIn;
    if (sameNames) {
        for (int i = 0; i < next.size(); ++i) {
            if (!(next.at(i) == m_rows.at(i))) {
                m_rows[i] = next.at(i);
                Q_EMIT dataChanged(index(i), index(i));
            }
        }
        return;
    }
    // A custom rule was added or removed: rare, and the list is short.
    beginResetModel();
    m_rows = next;
    endResetModel();
    Q_EMIT countChanged();
}
