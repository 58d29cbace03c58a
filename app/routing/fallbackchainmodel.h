// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractListModel>
#include <QHash>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

/**
 * @brief The fallback-chain editor's rows: `routing.fallbacks` being edited, one row per model
 * (sorted by name) with the models tried, in order, when it fails before its first byte.
 *
 * Edits change one row (dataChanged) or insert/remove one; setChains() (the applied settings
 * arriving) resets only when the chains differ.
 */
class FallbackChainModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by Routing")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role {
        ModelRole = Qt::UserRole + 1,
        ChainRole, ///< QStringList, in order
        ChainTextRole, ///< "claude-sonnet-4 → llama3.2"
    };
    Q_ENUM(Role)

    explicit FallbackChainModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    void setChains(const QHash<QString, QStringList> &chains);
    [[nodiscard]] QHash<QString, QStringList> chains() const;

    /// A new chain for @p model (empty), kept sorted; false when @p model is empty or has one.
    bool addChain(const QString &model);
    bool removeChain(int row);
    /// Appends @p model to the chain of @p row; false for the row's own model or a repeat.
    bool addStep(int row, const QString &model);
    bool removeStep(int row, int step);
    /// Moves step @p step of @p row by @p delta places (-1 earlier, +1 later).
    bool moveStep(int row, int step, int delta);

Q_SIGNALS:
    void countChanged();

private:
    struct Chain
    {
        QString model;
        QStringList steps;
    };
    void changed(int row);
    QList<Chain> m_rows;
};
