// SPDX-License-Identifier: MIT
#pragma once

#include "core/qmlsingleton.h"

#include "keys/keydraft.h"
#include "keys/keylistmodel.h"
#include "keys/keyusagemodel.h"
#include "keys/redactionrulemodel.h"

#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <functional>

class Engine;
class EngineHost;
struct BudgetAlert;

/**
 * @brief The API Keys screen (`ApiKeys` in QML): virtual keys (create, shown once; list with spend and
 * limits; usage over time; revoke), the global and local budgets with their alerts, and the security settings
 * (requireApiKey, allowed origins, redaction rules).
 *
 * Every action runs in the engine thread on the engine's own objects, the ones the admin API
 * uses (AccessControl, KeyStore, Engine::setRequireApiKey...), through EngineHost::call(); the
 * answers come back as admin API JSON and feed the models. While the screen is watched it
 * refreshes once a second (spend and rate windows move with traffic), and at once when a key
 * changes anywhere (the admin API included) or a budget alert fires.
 */
class KeysController : public QObject, public QmlSingleton<KeysController>
{
    Q_OBJECT
    QML_NAMED_ELEMENT(ApiKeys) // not "Keys": QtQuick's Keys attached type has that name
    QML_SINGLETON
    Q_PROPERTY(KeyListModel *keys READ keys CONSTANT)
    Q_PROPERTY(KeyUsageModel *usage READ usage CONSTANT)
    Q_PROPERTY(KeyDraft *draft READ draft CONSTANT)
    Q_PROPERTY(RedactionRuleModel *redactionRules READ redactionRules CONSTANT)
    Q_PROPERTY(QString selectedId READ selectedId WRITE select NOTIFY selectedChanged)
    Q_PROPERTY(QString selectedName READ selectedName NOTIFY selectedChanged)
    Q_PROPERTY(QString createdKey READ createdKey NOTIFY createdKeyChanged)
    Q_PROPERTY(QString createdName READ createdName NOTIFY createdKeyChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(bool watching READ watching WRITE setWatching NOTIFY watchingChanged)
    Q_PROPERTY(QString globalBudget READ globalBudget NOTIFY budgetChanged)
    Q_PROPERTY(double globalFraction READ globalFraction NOTIFY budgetChanged)
    Q_PROPERTY(QString localBudget READ localBudget NOTIFY budgetChanged)
    Q_PROPERTY(double localFraction READ localFraction NOTIFY budgetChanged)
    Q_PROPERTY(QStringList alerts READ alerts NOTIFY budgetChanged)
    Q_PROPERTY(bool requireApiKey READ requireApiKey NOTIFY settingsChanged)
    Q_PROPERTY(bool reachable READ reachable NOTIFY settingsChanged)
    Q_PROPERTY(QStringList allowedOrigins READ allowedOrigins NOTIFY settingsChanged)
    Q_PROPERTY(bool redactRequests READ redactRequests NOTIFY settingsChanged)
    Q_PROPERTY(bool redactResponses READ redactResponses NOTIFY settingsChanged)
    Q_PROPERTY(bool redactLogs READ redactLogs NOTIFY settingsChanged)
    Q_PROPERTY(QString settingsError READ settingsError NOTIFY settingsErrorChanged)
public:
    /// Days of the usage chart.
    static constexpr int UsageDays = 30;

    explicit KeysController(EngineHost *host, QObject *parent = nullptr);
    ~KeysController() override;

    [[nodiscard]] KeyListModel *keys() { return &m_keys; }
    [[nodiscard]] KeyUsageModel *usage() { return &m_usage; }
    [[nodiscard]] KeyDraft *draft() { return &m_draft; }
    [[nodiscard]] RedactionRuleModel *redactionRules() { return &m_rules; }
    [[nodiscard]] QString selectedId() const { return m_selectedId; }
    [[nodiscard]] QString selectedName() const { return m_keys.nameOf(m_selectedId); }
    [[nodiscard]] QString createdKey() const { return m_createdKey; }
    [[nodiscard]] QString createdName() const { return m_createdName; }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] bool busy() const { return m_busy; }
    [[nodiscard]] bool watching() const { return m_watching; }
    void setWatching(bool watching);
    [[nodiscard]] QString globalBudget() const { return m_globalBudget; }
    [[nodiscard]] double globalFraction() const { return m_globalFraction; }
    [[nodiscard]] QString localBudget() const { return m_localBudget; }
    [[nodiscard]] double localFraction() const { return m_localFraction; }
    [[nodiscard]] QStringList alerts() const { return m_alerts; }
    [[nodiscard]] bool requireApiKey() const { return m_requireApiKey; }
    /// Listening where other machines can reach it: keys stay required.
    [[nodiscard]] bool reachable() const { return m_reachable; }
    [[nodiscard]] QStringList allowedOrigins() const { return m_allowedOrigins; }
    [[nodiscard]] bool redactRequests() const { return m_redactRequests; }
    [[nodiscard]] bool redactResponses() const { return m_redactResponses; }
    [[nodiscard]] bool redactLogs() const { return m_redactLogs; }
    [[nodiscard]] QString settingsError() const { return m_settingsError; }

    /// Asks the engine for keys, budgets, the selected key's usage and the settings.
    Q_INVOKABLE void refresh();
    /// Creates a key from the draft; on success createdKey holds it (shown once) and the draft
    /// is cleared, on failure error says why.
    Q_INVOKABLE void createKey();
    /// Forgets the key shown once (the dialog closed).
    Q_INVOKABLE void forgetCreatedKey();
    Q_INVOKABLE void clearError();
    /// Revoked keys are refused from the next request on; activate() undoes it.
    Q_INVOKABLE void revoke(const QString &keyId);
    Q_INVOKABLE void activate(const QString &keyId);
    /// Deletes the key (its spend stays in the budget ledger's history).
    Q_INVOKABLE void remove(const QString &keyId);
    /// Shows @p keyId's usage over time ("" for none).
    void select(const QString &keyId);

    Q_INVOKABLE void setRequireApiKey(bool required);
    Q_INVOKABLE void addOrigin(const QString &origin);
    Q_INVOKABLE void removeOrigin(const QString &origin);
    /// Turns a built-in redaction rule (email, phone, creditCard, iban, apiKey) on or off.
    Q_INVOKABLE void setRuleEnabled(const QString &rule, bool enabled);
    Q_INVOKABLE void addCustomRule(const QString &name, const QString &pattern, const QString &replacement);
    Q_INVOKABLE void removeCustomRule(const QString &name);
    /// @p target: requests, responses or logs.
    Q_INVOKABLE void setRedactionTarget(const QString &target, bool enabled);

    /// A budget alert from the engine: shown in the budgets card (the notification is the
    /// composition root's).
    void noteAlert(const BudgetAlert &alert);

Q_SIGNALS:
    void selectedChanged();
    void createdKeyChanged();
    void errorChanged();
    void busyChanged();
    void watchingChanged();
    void budgetChanged();
    void settingsChanged();
    void settingsErrorChanged();
    /// A change the screen asked for was applied (the forms clear their fields).
    void keyCreated();
    void customRuleAdded();
    void originAdded();
    /// Every answer of the engine was applied (tests wait on it).
    void refreshed();

private:
    using Work = std::function<void(Engine &, std::function<void(const QJsonObject &)>)>;
    void run(Work work, std::function<void(const QJsonObject &)> done);
    void patchKey(const QString &keyId, const QJsonObject &patch);
    /// Changes the engine's redaction settings with @p edit (on `guardrails.redaction`);
    /// @p applied runs when the engine took the change.
    void editGuardrails(std::function<void(QJsonObject &redaction)> edit, std::function<void()> applied = {});
    void applySettingsResult(const QJsonObject &result);
    void applyRefresh(const QJsonObject &result);
    void applySettings(const QJsonObject &settings);
    void applyBudget(const QJsonObject &budget);
    void setError(const QString &error);
    void setSettingsError(const QString &error);
    void setBusy(bool busy);

    EngineHost *m_host;
    KeyListModel m_keys;
    KeyUsageModel m_usage;
    KeyDraft m_draft;
    RedactionRuleModel m_rules;
    QTimer m_poll;
    QString m_selectedId;
    QString m_createdKey;
    QString m_createdName;
    QString m_error;
    bool m_busy = false;
    bool m_watching = false;
    bool m_refreshing = false;
    bool m_refreshAgain = false;
    QString m_globalBudget;
    double m_globalFraction = -1;
    QString m_localBudget;
    double m_localFraction = -1;
    QStringList m_alerts;
    bool m_requireApiKey = false;
    bool m_reachable = false;
    QStringList m_allowedOrigins;
    bool m_redactRequests = true;
    bool m_redactResponses = false;
    bool m_redactLogs = false;
    QString m_settingsError;
};
