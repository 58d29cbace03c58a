// SPDX-License-Identifier: MIT
#pragma once

#include "keys/budgetspec.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

/** @brief `server` section: where and how the gateway listens. */
struct ServerConfig
{
    QString host = QStringLiteral("127.0.0.1");
    int port = 4000;
    bool requireApiKey = false;
    QString adminKey; ///< after ${ENV} expansion; empty = admin API disabled
    QStringList allowedOrigins;
    qint64 maxBodyBytes = 32LL * 1024 * 1024;
};

/** @brief `storage` section. */
struct StorageConfig
{
    QString driver = QStringLiteral("sqlite");
    QString path; ///< sqlite file; empty = <data dir>/switchyard.db
};

/** @brief One entry of `providers`. */
struct ProviderConfig
{
    QString id;
    QString type; ///< openai | anthropic | gemini | ollama | mock
    QString preset; ///< openai type: openai, groq, together, mistral, deepseek, openrouter, lmstudio
    QString baseUrl;
    QString apiKey; ///< as written: literal, ${ENV} (already expanded) or keychain:NAME
    QStringList models; ///< what it serves; empty = the preset's catalog (or discovery for ollama)
    bool enabled = true;
    int timeoutMs = 120000; ///< first byte and idle timeout towards this provider
    int connectTimeoutMs = 10000;
    int paceMs = -1; ///< mock only: delay between streamed words (-1 = per-model default)
    QHash<QString, QString> headers; ///< extra upstream headers
};

/** @brief One entry of `models`: adds to or overrides the built-in catalog. */
struct ModelConfig
{
    QString id;
    QString provider;
    std::optional<double> inputPer1M;
    std::optional<double> outputPer1M;
    std::optional<double> cachedInputPer1M;
    std::optional<double> cacheWritePer1M; ///< prompt-cache writes (Anthropic's 5-minute cache)
    std::optional<double> quality;
    std::optional<qint64> contextWindow;
    std::optional<qint64> maxOutputTokens; ///< default max_tokens of translated Anthropic requests
    std::optional<QStringList> capabilities;
};

/** @brief `routing` section. */
struct RoutingConfig
{
    QString strategy = QStringLiteral("balanced");
    double costWeight = 0.4;
    double qualityWeight = 0.35;
    double latencyWeight = 0.25;
    QString defaultModel = QStringLiteral("mock-fast"); ///< where `auto` goes until scored routing lands
    QHash<QString, QStringList> fallbacks;

    /// The strategies `strategy` (and a key's default strategy) may name.
    static const QStringList &strategyNames();
};

/** @brief `budgets` section: the global budget, the anonymous local key's, and alerts. */
struct BudgetsConfig
{
    BudgetSpec global; ///< everything together
    BudgetSpec local; ///< the anonymous local key (requests without a virtual key)
    QList<int> alerts {50, 80, 100}; ///< percent thresholds of a budget that raise an alert
    QString timeZone; ///< IANA id periods reset in; empty = the system's
};

/** @brief One user rule of `guardrails.redaction.custom`. */
struct RedactionRuleConfig
{
    QString name;
    QString pattern; ///< a regular expression (validated at load)
    QString replacement; ///< empty = "[NAME]"
};

/** @brief `guardrails` section: PII redaction. */
struct GuardrailsConfig
{
    QStringList rules; ///< built-in rules: email, phone, creditCard, iban, apiKey
    QList<RedactionRuleConfig> custom;
    bool requests = true; ///< applyTo: "requests" (what goes upstream)
    bool responses = false; ///< "responses" (what comes back to the client)
    bool logs = false; ///< "logs" (only what Switchyard stores and logs)

    [[nodiscard]] bool isEnabled() const { return !rules.isEmpty() || !custom.isEmpty(); }
    static const QStringList &builtInRules();
    /// The config's `guardrails` object for these settings (what Engine::setGuardrails takes).
    [[nodiscard]] QJsonObject toJson() const;
};

/** @brief `secrets` section: where `keychain:NAME` references are resolved. */
struct SecretsConfig
{
    QString store = QStringLiteral("keychain"); ///< keychain | environment
    int timeoutMs = 5000; ///< per keychain job
};

/**
 * @brief The configuration file (ARCHITECTURE §4), parsed and validated.
 *
 * Unknown keys and wrong types are errors naming the JSON path ("providers[1].baseUrl: expected a
 * string"). String values may contain ${ENV_VAR}, expanded at load time (unset -> empty).
 */
struct Config
{
    ServerConfig server;
    StorageConfig storage;
    QList<ProviderConfig> providers;
    QList<ModelConfig> models;
    RoutingConfig routing;
    BudgetsConfig budgets;
    GuardrailsConfig guardrails;
    SecretsConfig secrets;

    /// Parses a config document. On failure returns nullopt and sets @p error to one line.
    static std::optional<Config> parse(const QByteArray &json, QString *error);
    /// Reads @p path; when it does not exist and @p createIfMissing, writes the defaults there first.
    static std::optional<Config> load(const QString &path, bool createIfMissing, QString *error);
    /// The default configuration file's text (resources/config.default.json).
    static QByteArray defaultDocument();
    /// Expands ${VAR} in @p value from the process environment.
    static QString expandEnvironment(const QString &value);

    [[nodiscard]] const ProviderConfig *provider(const QString &id) const;
};
