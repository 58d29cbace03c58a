// SPDX-License-Identifier: MIT
#pragma once

#include "telemetry/requestlogrow.h"

#include <QAbstractListModel>
#include <QList>
#include <QtQml/qqmlregistration.h>

/**
 * @brief The most recent requests, newest first, as the Overview's table shows them.
 *
 * Fed the rows each engine snapshot brings (oldest first): they are inserted at the top in one
 * batch and the oldest fall off the bottom past capacity(), so a view only ever sees inserts and
 * removes, never a reset.
 */
class RecentRequestsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by Overview")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role {
        RequestIdRole = Qt::UserRole + 1,
        TimeRole, ///< "14:03:22", local time the request arrived
        ModelRequestedRole,
        ModelServedRole,
        ProviderRole,
        StatusRole, ///< HTTP status (int)
        SucceededRole, ///< status < 400
        LatencyRole, ///< "84 ms"
        TokensRole, ///< prompt + completion, "1234", "12.3k"
        CostRole, ///< "$0.0001"
        StreamedRole,
        ErrorRole, ///< error code, empty on success
        RoutingDecisionRole,
        EndpointRole,
    };
    Q_ENUM(Role)

    explicit RecentRequestsModel(int capacity = 100, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// Adds @p rows (oldest first) at the top and drops the oldest beyond capacity.
    void prepend(const QList<RequestLogRow> &rows);
    /// Adds @p rows (newest first, all older than what is shown: the log's history at start) at
    /// the bottom, as far as capacity allows.
    void appendOlder(const QList<RequestLogRow> &rows);
    [[nodiscard]] int capacity() const { return m_capacity; }
    [[nodiscard]] const RequestLogRow &row(int i) const { return m_rows.at(i); }

Q_SIGNALS:
    void countChanged();

private:
    QList<RequestLogRow> m_rows; ///< newest first
    int m_capacity;
};
