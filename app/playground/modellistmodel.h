// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractListModel>
#include <QJsonArray>
#include <QtQml/qqmlregistration.h>

/**
 * @brief The models a client may ask for, virtual ones (auto, fast, cheap, quality) first: the
 * engine's /v1/models list, for the Playground's pickers.
 */
class ModelListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by Playground")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role {
        ModelIdRole = Qt::UserRole + 1,
        ProviderRole, ///< provider id, "switchyard" for virtual models
        VirtualRole,
        LocalRole,
        PriceRole, ///< "$0.15 / $0.60" per 1M input/output tokens, "free", or "routed"
        DescriptionRole, ///< one line for the picker ("mock · free")
    };
    Q_ENUM(Role)

    explicit ModelListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// Applies the engine's model entries; rows whose entry did not change emit nothing.
    void setModels(const QJsonArray &entries);
    /// Row of @p modelId, or -1.
    Q_INVOKABLE int indexOf(const QString &modelId) const;
    [[nodiscard]] QString modelAt(int row) const;

Q_SIGNALS:
    void countChanged();

private:
    struct Entry
    {
        QString id;
        QString provider;
        bool isVirtual = false;
        bool local = false;
        QString price;
        bool operator==(const Entry &o) const
        {
            return id == o.id && provider == o.provider && isVirtual == o.isVirtual && local == o.local
                && price == o.price;
        }
    };
    QList<Entry> m_rows;
};
