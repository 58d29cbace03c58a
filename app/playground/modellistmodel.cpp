// SPDX-License-Identifier: MIT
#include "playground/modellistmodel.h"

#include "core/format.h"

#include <QJsonObject>

ModelListModel::ModelListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int ModelListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ModelListModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Entry &e = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case ModelIdRole:
        return e.id;
    case ProviderRole:
        return e.provider;
    case VirtualRole:
        return e.isVirtual;
    case LocalRole:
        return e.local;
    case PriceRole:
        return e.price;
    case DescriptionRole:
        return e.isVirtual ? tr("routed by Switchyard") : e.provider + QStringLiteral(" · ") + e.price;
    default:
        return {};
    }
}

QHash<int, QByteArray> ModelListModel::roleNames() const
{
    return {{ModelIdRole, "modelId"}, {ProviderRole, "provider"}, {VirtualRole, "isVirtual"},
        {LocalRole, "local"}, {PriceRole, "price"}, {DescriptionRole, "description"}};
}

void ModelListModel::setModels(const QJsonArray &entries)
{
    QList<Entry> rows;
    rows.reserve(entries.size());
    for (const QJsonValue &v : entries) {
        const QJsonObject o = v.toObject();
        const QJsonObject meta = o.value(QLatin1String("x-switchyard")).toObject();
        Entry e;
        e.id = o.value(QLatin1String("id")).toString();
        e.provider
            = meta.value(QLatin1String("provider")).toString(o.value(QLatin1String("owned_by")).toString());
        e.isVirtual = meta.value(QLatin1String("virtual")).toBool();
        e.local = meta.value(QLatin1String("local")).toBool();
        e.price = e.isVirtual ? tr("routed")
                              : Format::pricePer1M(meta.value(QLatin1String("input_per_1m")).toDouble(),
                                  meta.value(QLatin1String("output_per_1m")).toDouble());
        if (!e.id.isEmpty())
            rows.append(e);
    }
    // Same ids in the same order (the usual case: prices or provider state moved): update in place.
    bool sameIds = rows.size() == m_rows.size();
    for (qsizetype i = 0; sameIds && i < rows.size(); ++i)
        sameIds = rows[i].id == m_rows[i].id;
    if (sameIds) {
        for (qsizetype i = 0; i < rows.size(); ++i) {
            if (!(rows[i] == m_rows[i])) {
                m_rows[i] = rows[i];
                Q_EMIT dataChanged(index(int(i)), index(int(i)));
            }
        }
        return;
    }
    // The set of models changed (a provider was added or discovered its models): rare, so the
    // list is replaced as a whole.
    beginResetModel();
    m_rows = rows;
    endResetModel();
    Q_EMIT countChanged();
}

int ModelListModel::indexOf(const QString &modelId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == modelId)
            return int(i);
    }
    return -1;
}

QString ModelListModel::modelAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].id : QString();
}
