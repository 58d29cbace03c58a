// SPDX-License-Identifier: MIT
#pragma once

#include "telemetry/livestats.h"

#include "core/rowsbyidmodel.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtQml/qqmlregistration.h>

/**
 * @brief The Providers screen's list: every configured provider (the config's `providers`, keys
 * masked, disabled ones too) with its live state from the engine snapshots: health, circuit,
 * latency p50/p95 and their recent history, error rate, calls, models.
 *
 * Updates are incremental: a snapshot changes only the rows whose shown state changed; providers
 * that appear or go are inserted or removed in place.
 */
class ProviderListModel : public RowsByIdModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by Providers")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role {
        ProviderIdRole = Qt::UserRole + 1,
        TypeRole,
        KindRole, ///< "OpenAI-compatible · groq", "Anthropic", "Built-in mock"
        BaseUrlRole,
        EnabledRole,
        StatusRole, ///< ok | unknown | error | disabled
        StatusTextRole, ///< "Healthy", "Not checked yet", the error, "Disabled"
        ToneRole, ///< ok | warning | error | neutral
        CircuitRole, ///< closed | open | half-open ("" when not running)
        CircuitTextRole,
        CircuitToneRole,
        P50Role, ///< "84 ms", "–"
        P95Role,
        ErrorRateRole, ///< "0 %"
        CallsRole, ///< "1,234"
        ModelCountRole,
        ModelListRole, ///< "gpt-4o, gpt-4o-mini"
        SparklineRole, ///< QList<qreal>: p50 per 10 s interval, oldest first, -1 = no traffic
        LocalRole,
        KeyRole, ///< the key as shown (masked, or a ${ENV}/keychain: reference)
    };
    Q_ENUM(Role)

    explicit ProviderListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// The configured providers (as ConfigEditor::providers() gives them).
    void setConfigs(const QJsonArray &providers);
    /// The live state of the running ones.
    void applySnapshot(const QList<ProviderSnapshot> &providers);

    [[nodiscard]] int indexOf(const QString &id) const;
    [[nodiscard]] QJsonObject configOf(int row) const { return m_rows.at(row).config; }
    [[nodiscard]] QJsonArray configs() const;

Q_SIGNALS:
    void countChanged();

private:
    struct Row
    {
        QString id;
        QJsonObject config;
        ProviderSnapshot live;
        bool running = false;
    };
    /// What a row shows of its live state (history only by its shape).
    static bool sameShown(const Row &a, const Row &b);
    void rebuild(QList<Row> next);

    QList<Row> m_rows;
    QList<ProviderSnapshot> m_live;
};
