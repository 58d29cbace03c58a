// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractListModel>
#include <QDate>
#include <QJsonArray>
#include <QtQml/qqmlregistration.h>

/**
 * @brief One key's usage per day (oldest first, days without traffic included), from the budget
 * ledger's daily rows (AccessControl::usageJson): the bars of the key's usage chart.
 *
 * Each bar's height is its share of the busiest day, in cost, or in tokens when nothing cost
 * money (local models). A refresh of the same days updates only the days that changed.
 */
class KeyUsageModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by Keys")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString summary READ summary NOTIFY summaryChanged)
    Q_PROPERTY(QString peak READ peak NOTIFY summaryChanged)
public:
    enum Role {
        DayRole = Qt::UserRole + 1, ///< "1 Dec"
        CostRole, ///< "$0.42"
        TokensRole, ///< "12.3k"
        RequestsRole,
        FractionRole, ///< 0..1 of the busiest day
        DetailRole, ///< "1 Dec 2026: $0.42 · 12.3k tokens · 30 requests"
    };
    Q_ENUM(Role)

    explicit KeyUsageModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// @p days: [{"day": "2026-12-01", "usd", "tokens", "requests"}...], oldest first.
    void setDays(const QJsonArray &days);
    void clear();
    /// "$1.23 · 45.6k tokens · 120 requests in 30 days"
    [[nodiscard]] QString summary() const { return m_summary; }
    /// The busiest day's value, the chart's scale ("$0.42", or "12.3k tokens").
    [[nodiscard]] QString peak() const { return m_peak; }

Q_SIGNALS:
    void countChanged();
    void summaryChanged();

private:
    struct Day
    {
        QDate day;
        double usd = 0;
        qint64 tokens = 0;
        qint64 requests = 0;
        double fraction = 0;
        friend bool operator==(const Day &, const Day &) = default;
    };
    void setSummary(const QString &summary, const QString &peak);

    QList<Day> m_rows;
    QString m_summary;
    QString m_peak;
};
