// SPDX-License-Identifier: MIT
#include "keys/keylistmodel.h"

#include "core/format.h"

#include <QDateTime>
#include <QJsonObject>

#include <algorithm>
#include <functional>

namespace {

qint64 msOf(const QJsonValue &iso)
{
    return iso.isString() ? QDateTime::fromString(iso.toString(), Qt::ISODateWithMs).toMSecsSinceEpoch() : 0;
}

QString periodWords(const QString &period)
{
    if (period == QLatin1String("day"))
        return KeyListModel::tr("today");
    if (period == QLatin1String("week"))
        return KeyListModel::tr("this week");
    return KeyListModel::tr("this month");
}

double share(double used, double limit)
{
    if (limit <= 0)
        return used > 0 ? 1 : 0;
    return std::clamp(used / limit, 0.0, 1.0);
}

} // namespace

KeyListModel::KeyListModel(QObject *parent)
    : RowsByIdModel(parent)
{ }

int KeyListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant KeyListModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Entry &e = m_rows.at(index.row());
    switch (role) {
    case KeyIdRole:
        return e.id;
    case Qt::DisplayRole:
    case NameRole:
        return e.name;
    case MaskRole:
        return e.mask;
    case StatusRole:
        return e.status;
    case DatesRole:
        return e.dates;
    case SpendTextRole:
        return e.spendText;
    case SpendFractionRole:
        return e.spendFraction;
    case LimitTextRole:
        return e.limitText;
    case LimitFractionRole:
        return e.limitFraction;
    case RulesTextRole:
        return e.rulesText;
    case RequestsRole:
        return e.requests;
    default:
        return {};
    }
}

QHash<int, QByteArray> KeyListModel::roleNames() const
{
    return {{KeyIdRole, "keyId"}, {NameRole, "name"}, {MaskRole, "mask"}, {StatusRole, "status"},
        {DatesRole, "dates"}, {SpendTextRole, "spendText"}, {SpendFractionRole, "spendFraction"},
        {LimitTextRole, "limitText"}, {LimitFractionRole, "limitFraction"}, {RulesTextRole, "rulesText"},
        {RequestsRole, "requests"}};
}

QString KeyListModel::spendText(const QJsonObject &budget, const QJsonObject &spend, double *fraction)
{
    const double spentUsd = spend.value(QLatin1String("usd")).toDouble();
    const qint64 spentTokens = spend.value(QLatin1String("tokens")).toInteger();
    const QString period = periodWords(spend.value(QLatin1String("period")).toString());
    *fraction = -1;
    QStringList parts;
    if (budget.isEmpty()) {
        parts << Format::cost(spentUsd) << tr("%1 tokens").arg(Format::count(spentTokens));
    } else {
        *fraction = 0;
        if (budget.value(QLatin1String("usd")).isDouble()) {
            const double limit = budget.value(QLatin1String("usd")).toDouble();
            parts << tr("%1 of %2").arg(Format::cost(spentUsd), Format::cost(limit));
            *fraction = share(spentUsd, limit);
        }
        if (budget.value(QLatin1String("tokens")).isDouble()) {
            const qint64 limit = budget.value(QLatin1String("tokens")).toInteger();
            parts << tr("%1 of %2 tokens").arg(Format::count(spentTokens), Format::count(limit));
            *fraction = qMax(*fraction, share(double(spentTokens), double(limit)));
        }
    }
    QString text = parts.join(QStringLiteral(" · ")) + u' ' + period;
    if (!budget.isEmpty() && !budget.value(QLatin1String("hard")).toBool(true))
        text += tr(" · soft");
    return text;
}

KeyListModel::Entry KeyListModel::entryOf(const QJsonObject &key)
{
    Entry e;
    e.id = key.value(QLatin1String("id")).toString();
    e.name = key.value(QLatin1String("name")).toString();
    e.mask = key.value(QLatin1String("key")).toString();
    e.status = key.value(QLatin1String("status")).toString();

    QStringList dates {tr("Created %1").arg(Format::date(msOf(key.value(QLatin1String("createdAt")))))};
    const qint64 expires = msOf(key.value(QLatin1String("expiresAt")));
    if (e.status == QLatin1String("expired"))
        dates << tr("expired %1").arg(Format::date(expires));
    else if (expires > 0)
        dates << tr("expires %1").arg(Format::date(expires));
    const qint64 used = msOf(key.value(QLatin1String("lastUsedAt")));
    dates << (used > 0 ? tr("last used %1").arg(Format::moment(used)) : tr("never used"));
    e.dates = dates.join(QStringLiteral(" · "));

    const QJsonObject spend = key.value(QLatin1String("spend")).toObject();
    e.requests = spend.value(QLatin1String("requests")).toInteger();
    e.spendText = spendText(key.value(QLatin1String("budget")).toObject(), spend, &e.spendFraction);

    const QJsonObject limits = key.value(QLatin1String("limits")).toObject();
    const QJsonObject rate = key.value(QLatin1String("rate")).toObject();
    const qint64 rpm = limits.value(QLatin1String("rpm")).toInteger();
    const qint64 tpm = limits.value(QLatin1String("tpm")).toInteger();
    const qint64 parallel = limits.value(QLatin1String("parallel")).toInteger();
    QStringList limitParts;
    if (rpm > 0) {
        const qint64 n = rate.value(QLatin1String("requests")).toInteger();
        limitParts << tr("%1 of %2 requests").arg(n).arg(rpm);
        e.limitFraction = share(double(n), double(rpm));
    }
    if (tpm > 0) {
        const qint64 n = rate.value(QLatin1String("tokens")).toInteger();
        limitParts << tr("%1 of %2 tokens").arg(Format::count(n), Format::count(tpm));
        e.limitFraction = qMax(e.limitFraction, share(double(n), double(tpm)));
    }
    e.limitText = limitParts.isEmpty() ? QString()
                                       : limitParts.join(QStringLiteral(" · ")) + tr(" in the last minute");
    if (parallel > 0) {
        const QString inFlight
            = tr("%1 of %2 in flight").arg(rate.value(QLatin1String("inFlight")).toInteger()).arg(parallel);
        e.limitText = e.limitText.isEmpty() ? inFlight : e.limitText + QStringLiteral(" · ") + inFlight;
    }
    if (e.limitText.isEmpty())
        e.limitText = tr("No rate limits");

    QStringList rules;
    const QJsonArray models = key.value(QLatin1String("allowedModels")).toArray();
    QStringList patterns;
    for (const QJsonValue &m : models)
        patterns << m.toString();
    rules << (patterns.isEmpty() ? tr("Any model")
                                 : tr("Models: %1").arg(patterns.join(QStringLiteral(", "))));
    const QJsonValue price = key.value(QLatin1String("maxPricePer1M"));
    if (price.isDouble())
        rules << tr("up to %1 per 1M tokens").arg(Format::cost(price.toDouble()));
    const QString strategy = key.value(QLatin1String("strategy")).toString();
    if (!strategy.isEmpty())
        rules << tr("strategy: %1").arg(strategy);
    e.rulesText = rules.join(QStringLiteral(" · "));
    return e;
}

void KeyListModel::setKeys(const QJsonArray &keys)
{
    QList<Entry> next;
    next.reserve(keys.size());
    for (qsizetype i = keys.size() - 1; i >= 0; --i) // newest first
        next.append(entryOf(keys.at(i).toObject()));
    const int countBefore = int(m_rows.size());
    const int activeBefore = activeCount();
    syncRows(
        m_rows, next, [](const Entry &e) { return e.id; }, std::equal_to<Entry>());
    if (m_rows.size() != countBefore || activeCount() != activeBefore)
        Q_EMIT countChanged();
}

int KeyListModel::activeCount() const
{
    return int(std::count_if(
        m_rows.cbegin(), m_rows.cend(), [](const Entry &e) { return e.status == QLatin1String("active"); }));
}

int KeyListModel::indexOf(const QString &keyId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == keyId)
            return int(i);
    }
    return -1;
}

QString KeyListModel::nameOf(const QString &keyId) const
{
    const int row = indexOf(keyId);
    return row < 0 ? QString() : m_rows.at(row).name;
}
