// SPDX-License-Identifier: MIT
#pragma once

#include "core/rowsbyidmodel.h"
#include "telemetry/livestats.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

/**
 * @brief Each configured provider's state (ok, unknown, error) as the Overview lists it.
 *
 * update() applies a snapshot's list: unchanged rows emit nothing, changed rows emit
 * dataChanged, providers that appear or go are inserted or removed in place.
 */
class ProviderStateModel : public RowsByIdModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by Overview")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int healthy READ healthy NOTIFY healthyChanged)
public:
    enum Role {
        ProviderIdRole = Qt::UserRole + 1,
        TypeRole,
        StatusRole, ///< ok | unknown | error
        MessageRole, ///< why, when not ok; else a summary ("2 models, local")
        ModelsRole, ///< number of models served
        LocalRole,
    };
    Q_ENUM(Role)

    explicit ProviderStateModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    void update(const QList<ProviderSnapshot> &providers);
    [[nodiscard]] int healthy() const;

Q_SIGNALS:
    void countChanged();
    void healthyChanged();

private:
    QList<ProviderSnapshot> m_rows;
    int m_healthy = 0;
};
