// SPDX-License-Identifier: MIT
#pragma once

#include "core/rowsbyidmodel.h"

#include <QJsonArray>
#include <QtQml/qqmlregistration.h>

/**
 * @brief The virtual keys for the API Keys screen, newest first, from the engine's own key
 * objects in the admin API shape (AccessControl::keyJson): masked key, status, spend against its
 * budget and rate use against its limits, written for people.
 *
 * setKeys() updates incrementally: rows of new keys are inserted, removed keys' rows removed,
 * and only rows whose text changed emit dataChanged.
 */
class KeyListModel : public RowsByIdModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by Keys")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int activeCount READ activeCount NOTIFY countChanged)
public:
    enum Role {
        KeyIdRole = Qt::UserRole + 1,
        NameRole,
        MaskRole, ///< "sy-AbCd...wxYz"
        StatusRole, ///< active, revoked, expired
        DatesRole, ///< "Created 1 Dec 2026 · expires 31 Dec 2026 · last used 14:03"
        SpendTextRole, ///< "$1.20 of $10.00 this month (hard)", "$0.42 this month"
        SpendFractionRole, ///< spent share of the budget, 0..1; -1 without a budget
        LimitTextRole, ///< "3 of 60 requests · 1.2k of 100k tokens in the last minute"
        LimitFractionRole, ///< the fuller of RPM and TPM, 0..1; -1 without limits
        RulesTextRole, ///< allowed models, max price, parallel, strategy
        RequestsRole, ///< requests in the budget's period
    };
    Q_ENUM(Role)

    explicit KeyListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// Applies the engine's key list (oldest first, as KeyStore keeps it).
    void setKeys(const QJsonArray &keys);
    [[nodiscard]] int activeCount() const;
    /// Row of @p keyId, or -1.
    Q_INVOKABLE int indexOf(const QString &keyId) const;
    /// The name of @p keyId ("" when unknown).
    [[nodiscard]] QString nameOf(const QString &keyId) const;

    /// "$1.20 of $10.00 this month", "$0.42 · 1.2k tokens this month" (no budget) for a
    /// budget and spend of the admin API; @p fraction: the spent share, -1 without a budget.
    static QString spendText(const QJsonObject &budget, const QJsonObject &spend, double *fraction);

Q_SIGNALS:
    void countChanged();

private:
    struct Entry
    {
        QString id;
        QString name;
        QString mask;
        QString status;
        QString dates;
        QString spendText;
        double spendFraction = -1;
        QString limitText;
        double limitFraction = -1;
        QString rulesText;
        qint64 requests = 0;
        friend bool operator==(const Entry &, const Entry &) = default;
    };
    static Entry entryOf(const QJsonObject &key);

    QList<Entry> m_rows;
};
