// SPDX-License-Identifier: MIT
#include "routing/fallbackchainmodel.h"

#include <algorithm>

FallbackChainModel::FallbackChainModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int FallbackChainModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant FallbackChainModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Chain &c = m_rows.at(index.row());
    switch (role) {
    case ModelRole:
        return c.model;
    case ChainRole:
        return c.steps;
    case ChainTextRole:
        return c.steps.join(QStringLiteral(" → "));
    default:
        return {};
    }
}

QHash<int, QByteArray> FallbackChainModel::roleNames() const
{
    return {{ModelRole, "model"}, {ChainRole, "chain"}, {ChainTextRole, "chainText"}};
}

void FallbackChainModel::setChains(const QHash<QString, QStringList> &chains)
{
    if (chains == this->chains())
        return;
    QStringList models = chains.keys();
    std::sort(models.begin(), models.end());
    const qsizetype before = m_rows.size();
    beginResetModel();
    m_rows.clear();
    for (const QString &m : std::as_const(models))
        m_rows.append({m, chains.value(m)});
    endResetModel();
    if (m_rows.size() != before)
        Q_EMIT countChanged();
}

QHash<QString, QStringList> FallbackChainModel::chains() const
{
    QHash<QString, QStringList> out;
    for (const Chain &c : m_rows)
        out.insert(c.model, c.steps);
    return out;
}

void FallbackChainModel::changed(int row)
{
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i);
}

bool FallbackChainModel::addChain(const QString &model)
{
    const QString m = model.trimmed();
    if (m.isEmpty()
        || std::any_of(m_rows.cbegin(), m_rows.cend(), [&m](const Chain &c) { return c.model == m; }))
        return false;
    const auto at = std::lower_bound(m_rows.cbegin(), m_rows.cend(), m,
        [](const Chain &c, const QString &name) { return c.model < name; });
    const int row = int(at - m_rows.cbegin());
    beginInsertRows({}, row, row);
    m_rows.insert(row, {m, {}});
    endInsertRows();
    Q_EMIT countChanged();
    return true;
}

bool FallbackChainModel::removeChain(int row)
{
    if (row < 0 || row >= m_rows.size())
        return false;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
    return true;
}

bool FallbackChainModel::addStep(int row, const QString &model)
{
    const QString m = model.trimmed();
    if (row < 0 || row >= m_rows.size() || m.isEmpty() || m == m_rows.at(row).model
        || m_rows.at(row).steps.contains(m))
        return false;
    m_rows[row].steps.append(m);
    changed(row);
    return true;
}

bool FallbackChainModel::removeStep(int row, int step)
{
    if (row < 0 || row >= m_rows.size() || step < 0 || step >= m_rows.at(row).steps.size())
        return false;
    m_rows[row].steps.removeAt(step);
    changed(row);
    return true;
}

bool FallbackChainModel::moveStep(int row, int step, int delta)
{
    if (row < 0 || row >= m_rows.size())
        return false;
    QStringList &steps = m_rows[row].steps;
    const int to = step + delta;
    if (step < 0 || step >= steps.size() || to < 0 || to >= steps.size() || delta == 0)
        return false;
    steps.move(step, to);
    changed(row);
    return true;
}
