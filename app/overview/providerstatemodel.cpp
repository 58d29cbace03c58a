// SPDX-License-Identifier: MIT
#include "overview/providerstatemodel.h"

#include <algorithm>

namespace {
bool sameState(const ProviderSnapshot &a, const ProviderSnapshot &b)
{
    return a.id == b.id && a.type == b.type && a.status == b.status && a.message == b.message
        && a.models == b.models && a.local == b.local;
}
} // namespace

ProviderStateModel::ProviderStateModel(QObject *parent)
    : RowsByIdModel(parent)
{ }

int ProviderStateModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ProviderStateModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const ProviderSnapshot &p = m_rows.at(index.row());
    switch (role) {
    case ProviderIdRole:
        return p.id;
    case TypeRole:
        return p.type;
    case StatusRole:
        return p.status;
    case MessageRole: {
        if (!p.message.isEmpty())
            return p.message;
        const QString models = p.models == 1 ? tr("1 model") : tr("%1 models").arg(p.models);
        return p.local ? tr("%1 · local").arg(models) : models;
    }
    case ModelsRole:
        return p.models;
    case LocalRole:
        return p.local;
    default:
        return {};
    }
}

QHash<int, QByteArray> ProviderStateModel::roleNames() const
{
    return {{ProviderIdRole, "providerId"}, {TypeRole, "type"}, {StatusRole, "status"},
        {MessageRole, "message"}, {ModelsRole, "models"}, {LocalRole, "local"}};
}

int ProviderStateModel::healthy() const
{
    return m_healthy;
}

void ProviderStateModel::update(const QList<ProviderSnapshot> &providers)
{
    const qsizetype before = m_rows.size();
    syncRows(
        m_rows, providers, [](const ProviderSnapshot &p) { return p.id; }, sameState);
    if (m_rows.size() != before)
        Q_EMIT countChanged();
    const int healthy = int(std::count_if(m_rows.cbegin(), m_rows.cend(),
        [](const ProviderSnapshot &p) { return p.status == QLatin1String("ok"); }));
    if (healthy != m_healthy) {
        m_healthy = healthy;
        Q_EMIT healthyChanged();
    }
}
