// SPDX-License-Identifier: MIT
#pragma once

#include "engine/config.h"
#include "keys/budgetledger.h"
#include "keys/keystore.h"
#include "keys/ratelimiter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

class KeyRepository;
class Store;
struct Admission;

/**
 * @brief The keys module's live state, shared by the auth and policy stages, the admin API and
 * the desktop app: the virtual keys, the budget ledger, the rate limiter, the budgets of the
 * config and the clock they all read.
 *
 * Lives in the engine thread. open() loads keys, spend and alerts from the store and wires every
 * change back to it (KeyRepository).
 */
class AccessControl : public QObject
{
    Q_OBJECT
public:
    /// Scope names of the ledger besides key ids.
    static QString globalScope() { return QStringLiteral("global"); }
    static QString localScope() { return QStringLiteral("local"); }

    explicit AccessControl(QObject *parent = nullptr);
    ~AccessControl() override;

    /// Loads from @p store (nullptr: memory only, for tests). Returns false with @p error.
    bool open(Store *store, QString *error);
    void configure(const ServerConfig &server, const BudgetsConfig &budgets);
    /// Hands pending writes to the store thread (shutdown).
    void flush();

    [[nodiscard]] KeyStore &keys() { return *m_keys; }
    [[nodiscard]] BudgetLedger &ledger() { return m_ledger; }
    [[nodiscard]] RateLimiter &limiter() { return m_limiter; }
    [[nodiscard]] KeyRepository *repository() const { return m_repository.get(); }

    [[nodiscard]] bool requireApiKey() const { return m_requireApiKey; }
    void setRequireApiKey(bool required) { m_requireApiKey = required; }
    [[nodiscard]] const BudgetsConfig &budgets() const { return m_budgets; }
    void setBudgets(const BudgetsConfig &budgets);

    /// Milliseconds since the epoch; tests replace the clock to walk windows and periods.
    [[nodiscard]] qint64 nowMs() const;
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }

    /// The budget spec that applies to @p scope (a key id, "local" or "global").
    [[nodiscard]] BudgetSpec budgetOf(const QString &scope) const;
    /// Who a scope is in words: "key 'ci-bot'", "the anonymous local key" (empty for the global scope).
    [[nodiscard]] QString label(const QString &scope) const;

    /// Ends @p admission: the real @p usd / @p tokens replace its reservations (unbudgeted scopes
    /// are counted too, for lists and charts) and its rate-limit slot is freed. Idempotent.
    void settle(Admission &admission, double usd, qint64 tokens);

    /// {"usd", "tokens", "requests", "reservedUsd", "reservedTokens", "periodStart", "resetsAt",
    ///  "percent"} of @p scope in its budget's period (a month when it has none).
    [[nodiscard]] QJsonObject spendJson(const QString &scope);
    /// A key in the admin API shape, with its spend and what its rate window holds now
    /// ("rate": {"requests", "tokens", "inFlight"} of the last 60 s).
    [[nodiscard]] QJsonObject keyJson(const VirtualKey &key);
    /// The outcome of a key change once the store committed it: the key in the admin API shape
    /// (on create with "key": the secret, shown this once), or the error to answer (400 for a
    /// wrong field, 404 for an unknown id, 500 when it could not be saved).
    using KeyAnswer = std::function<void(const std::optional<GatewayError> &error, const QJsonObject &key)>;
    /// What POST, PATCH and DELETE /api/admin/keys do, for the admin API and the desktop app alike.
    void createKey(const QJsonObject &body, KeyAnswer done);
    void updateKey(const QString &id, const QJsonObject &patch, KeyAnswer done);
    void removeKey(const QString &id, KeyAnswer done);

    /// GET /api/budget.
    [[nodiscard]] QJsonObject budgetJson();
    /// The daily usage of @p scope over the last @p days days, oldest first, zeros included.
    [[nodiscard]] QJsonArray usageJson(const QString &scope, int days);

Q_SIGNALS:
    /// A budget crossed a threshold (log entry written; the desktop app notifies).
    void budgetAlert(const BudgetAlert &alert);

private:
    void onAlert(const BudgetAlert &alert);

    std::unique_ptr<KeyRepository> m_repository;
    std::unique_ptr<KeyStore> m_keys;
    BudgetLedger m_ledger;
    RateLimiter m_limiter;
    BudgetsConfig m_budgets;
    bool m_requireApiKey = false;
    std::function<qint64()> m_clock;
};
