// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

/**
 * @brief The create-key dialog's fields, as the user types them, and their translation into the
 * admin API's create body (`POST /api/admin/keys`), so the dialog and the HTTP API make keys the
 * same way.
 *
 * Numbers are typed as text (an empty field means "no limit"); toBody() says in one sentence
 * which field is wrong. The engine validates the body again (VirtualKey::apply).
 */
class KeyDraft : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by Keys")
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(int expiresInDays MEMBER m_expiresInDays NOTIFY changed) ///< 0: never
    Q_PROPERTY(QString budgetUsd MEMBER m_budgetUsd NOTIFY changed)
    Q_PROPERTY(QString budgetTokens MEMBER m_budgetTokens NOTIFY changed)
    Q_PROPERTY(QString period MEMBER m_period NOTIFY changed) ///< day, week, month
    Q_PROPERTY(bool hardBudget MEMBER m_hardBudget NOTIFY changed)
    Q_PROPERTY(QString rpm MEMBER m_rpm NOTIFY changed)
    Q_PROPERTY(QString tpm MEMBER m_tpm NOTIFY changed)
    Q_PROPERTY(QString parallel MEMBER m_parallel NOTIFY changed)
    Q_PROPERTY(QString allowedModels MEMBER m_allowedModels NOTIFY changed) ///< patterns, comma-separated
    Q_PROPERTY(QString maxPricePer1M MEMBER m_maxPrice NOTIFY changed)
    Q_PROPERTY(QString strategy MEMBER m_strategy NOTIFY changed) ///< empty: the global strategy
    Q_PROPERTY(QStringList expiryChoices READ expiryChoices CONSTANT)
    Q_PROPERTY(QList<int> expiryDays READ expiryDays CONSTANT)
    Q_PROPERTY(QStringList periods READ periods CONSTANT)
    Q_PROPERTY(QStringList periodChoices READ periodChoices CONSTANT)
    Q_PROPERTY(QStringList strategies READ strategies CONSTANT)
    Q_PROPERTY(QStringList strategyChoices READ strategyChoices CONSTANT)
public:
    explicit KeyDraft(QObject *parent = nullptr);

    /// Back to an empty form.
    Q_INVOKABLE void clear();
    /// The admin API's create body at @p nowMs; an empty object with @p error when a field is wrong.
    [[nodiscard]] QJsonObject toBody(qint64 nowMs, QString *error) const;

    [[nodiscard]] QStringList expiryChoices() const;
    [[nodiscard]] QList<int> expiryDays() const;
    [[nodiscard]] QStringList periods() const;
    /// periods() for people ("Per day"...).
    [[nodiscard]] QStringList periodChoices() const;
    /// "" (the global one) first, then RoutingConfig::strategies().
    [[nodiscard]] QStringList strategies() const;
    /// strategies() for people ("Global default (balanced)"...).
    [[nodiscard]] QStringList strategyChoices() const;

Q_SIGNALS:
    void changed();

private:
    QString m_name;
    int m_expiresInDays = 0;
    QString m_budgetUsd;
    QString m_budgetTokens;
    QString m_period = QStringLiteral("month");
    bool m_hardBudget = true;
    QString m_rpm;
    QString m_tpm;
    QString m_parallel;
    QString m_allowedModels;
    QString m_maxPrice;
    QString m_strategy;
};
