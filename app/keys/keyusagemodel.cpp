// SPDX-License-Identifier: MIT
#include "keys/keyusagemodel.h"

#include "core/format.h"

#include <QJsonObject>
#include <QLocale>

namespace {
QString requestsText(qint64 n)
{
    return n == 1 ? KeyUsageModel::tr("1 request") : KeyUsageModel::tr("%1 requests").arg(Format::count(n));
}
} // namespace

KeyUsageModel::KeyUsageModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int KeyUsageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant KeyUsageModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Day &d = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case DayRole:
        return QLocale::c().toString(d.day, QStringLiteral("d MMM"));
    case CostRole:
        return Format::cost(d.usd);
    case TokensRole:
        return Format::count(d.tokens);
    case RequestsRole:
        return d.requests;
    case FractionRole:
        return d.fraction;
    case DetailRole:
        return tr("%1: %2 · %3 tokens · %4")
            .arg(QLocale::c().toString(d.day, QStringLiteral("d MMM yyyy")), Format::cost(d.usd),
                Format::count(d.tokens), requestsText(d.requests));
    default:
        return {};
    }
}

QHash<int, QByteArray> KeyUsageModel::roleNames() const
{
    return {{DayRole, "day"}, {CostRole, "cost"}, {TokensRole, "tokens"}, {RequestsRole, "requests"},
        {FractionRole, "fraction"}, {DetailRole, "detail"}};
}

void KeyUsageModel::setDays(const QJsonArray &days)
{
    QList<Day> next;
    next.reserve(days.size());
    double maxUsd = 0;
    qint64 maxTokens = 0;
    double totalUsd = 0;
    qint64 totalTokens = 0;
    qint64 totalRequests = 0;
    for (const QJsonValue &v : days) {
        const QJsonObject o = v.toObject();
        Day d {QDate::fromString(o.value(QLatin1String("day")).toString(), Qt::ISODate),
            o.value(QLatin1String("usd")).toDouble(), o.value(QLatin1String("tokens")).toInteger(),
            o.value(QLatin1String("requests")).toInteger()};
        maxUsd = qMax(maxUsd, d.usd);
        maxTokens = qMax(maxTokens, d.tokens);
        totalUsd += d.usd;
        totalTokens += d.tokens;
        totalRequests += d.requests;
        next.append(d);
    }
    // Cost is what budgets are about; tokens when nothing cost money (local models, the mock).
    const bool byCost = maxUsd > 0;
    for (Day &d : next)
        d.fraction = byCost ? d.usd / maxUsd : (maxTokens > 0 ? double(d.tokens) / double(maxTokens) : 0);

    bool sameDays = next.size() == m_rows.size();
    for (qsizetype i = 0; sameDays && i < next.size(); ++i)
        sameDays = next.at(i).day == m_rows.at(i).day;
    if (sameDays) {
        for (int i = 0; i < next.size(); ++i) {
            if (!(next.at(i) == m_rows.at(i))) {
                m_rows[i] = next.at(i);
                Q_EMIT dataChanged(index(i), index(i));
            }
        }
    } else {
        // Another key, or a new day: a different series.
        const bool countChanges = next.size() != m_rows.size();
        beginResetModel();
        m_rows = next;
        endResetModel();
        if (countChanges)
            Q_EMIT countChanged();
    }
    setSummary(tr("%1 · %2 tokens · %3 in the last %4 days")
                   .arg(Format::cost(totalUsd), Format::count(totalTokens), requestsText(totalRequests))
                   .arg(next.size()),
        byCost ? Format::cost(maxUsd) : tr("%1 tokens").arg(Format::count(maxTokens)));
}

void KeyUsageModel::clear()
{
    if (!m_rows.isEmpty()) {
        beginResetModel();
        m_rows.clear();
        endResetModel();
        Q_EMIT countChanged();
    }
    setSummary({}, {});
}

void KeyUsageModel::setSummary(const QString &summary, const QString &peak)
{
    if (summary == m_summary && peak == m_peak)
        return;
    m_summary = summary;
    m_peak = peak;
    Q_EMIT summaryChanged();
}
