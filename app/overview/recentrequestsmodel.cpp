// SPDX-License-Identifier: MIT
#include "overview/recentrequestsmodel.h"

#include "core/format.h"

RecentRequestsModel::RecentRequestsModel(int capacity, QObject *parent)
    : QAbstractListModel(parent)
    , m_capacity(qMax(1, capacity))
{ }

int RecentRequestsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant RecentRequestsModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const RequestLogRow &r = m_rows.at(index.row());
    switch (role) {
    case RequestIdRole:
        return r.id;
    case TimeRole:
        return Format::clockTime(r.timeMs);
    case ModelRequestedRole:
        return r.modelRequested;
    case ModelServedRole:
        return r.modelServed.isEmpty() ? QStringLiteral("–") : r.modelServed;
    case ProviderRole:
        return r.provider.isEmpty() ? QStringLiteral("–") : r.provider;
    case StatusRole:
        return r.status;
    case SucceededRole:
        return r.status > 0 && r.status < 400;
    case LatencyRole:
        return Format::latency(r.latencyMs);
    case TokensRole:
        return Format::count(r.promptTokens + r.completionTokens);
    case CostRole:
        return Format::cost(r.costUsd);
    case StreamedRole:
        return r.streamed;
    case ErrorRole:
        return r.error;
    case RoutingDecisionRole:
        return r.routingDecision;
    case EndpointRole:
        return r.endpoint;
    default:
        return {};
    }
}

QHash<int, QByteArray> RecentRequestsModel::roleNames() const
{
    return {{RequestIdRole, "requestId"}, {TimeRole, "time"}, {ModelRequestedRole, "modelRequested"},
        {ModelServedRole, "modelServed"}, {ProviderRole, "provider"}, {StatusRole, "status"},
        {SucceededRole, "succeeded"}, {LatencyRole, "latency"}, {TokensRole, "tokens"}, {CostRole, "cost"},
        {StreamedRole, "streamed"}, {ErrorRole, "error"}, {RoutingDecisionRole, "routingDecision"},
        {EndpointRole, "endpoint"}};
}

void RecentRequestsModel::appendOlder(const QList<RequestLogRow> &rows)
{
    const qsizetype room = qMin<qsizetype>(rows.size(), m_capacity - m_rows.size());
    if (room <= 0)
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + room) - 1);
    m_rows.append(rows.mid(0, room));
    endInsertRows();
    Q_EMIT countChanged();
}

void RecentRequestsModel::prepend(const QList<RequestLogRow> &rows)
{
    if (rows.isEmpty())
        return;
    // Only the newest `capacity` rows can be visible: older ones of a big batch never enter.
    const qsizetype take = qMin<qsizetype>(rows.size(), m_capacity);
    beginInsertRows({}, 0, int(take) - 1);
    QList<RequestLogRow> added;
    added.reserve(take);
    for (qsizetype i = rows.size() - 1; i >= rows.size() - take; --i)
        added.append(rows.at(i));
    m_rows = added + m_rows;
    endInsertRows();
    if (m_rows.size() > m_capacity) {
        beginRemoveRows({}, m_capacity, int(m_rows.size()) - 1);
        m_rows.resize(m_capacity);
        endRemoveRows();
    }
    Q_EMIT countChanged();
}
