// SPDX-License-Identifier: MIT
#pragma once

#include "routing/routingpreview.h"

#include <QAbstractListModel>
#include <QList>
#include <QtQml/qqmlregistration.h>

/**
 * @brief The Routing screen's live preview: for each sample prompt (and the typed one, on top),
 * where `auto` would go under the edited settings, why, the runner-up, and where it goes under
 * the applied settings.
 *
 * update() changes only what changed: rows whose result moved emit dataChanged, the typed row is
 * inserted or removed at the top.
 */
class PreviewModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by Routing")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int moved READ moved NOTIFY movedChanged)
public:
    enum Role {
        LabelRole = Qt::UserRole + 1,
        PromptRole,
        ClassificationRole, ///< "code, complexity 0.62, needs tools"
        ModelRole, ///< the winner under the edited settings
        ProviderRole,
        ScoreRole, ///< "0.82"
        ReasonRole,
        RunnerUpRole, ///< "mock-fast · 0.71", empty when there is none
        ErrorRole, ///< nothing fits / everything is down
        MovedRole, ///< the edited settings send it elsewhere than the applied ones
        AppliedModelRole, ///< the winner under the applied settings
        TypedRole, ///< the row of the prompt the user typed
    };
    Q_ENUM(Role)

    explicit PreviewModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// @p edited and @p applied: the same prompts planned under both settings; @p typedFirst: the
    /// first row is the typed prompt.
    void update(const QList<PreviewRow> &edited, const QList<PreviewRow> &applied, bool typedFirst);
    [[nodiscard]] int moved() const { return m_moved; }

Q_SIGNALS:
    void countChanged();
    void movedChanged();

private:
    struct Entry
    {
        PreviewRow row;
        QString appliedModel;
        QString appliedProvider;
        bool typed = false;
        [[nodiscard]] bool moved() const;
        bool operator==(const Entry &o) const;
    };
    QList<Entry> m_rows;
    int m_moved = 0;
};
