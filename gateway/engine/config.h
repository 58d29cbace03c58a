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
    int weight = 1; ///< share of traffic among deployments of the same model (routing.balancing "weighted")

    bool operator==(const ProviderConfig &) const = default;
    /// The provider types a config may name.
    static const QStringList &types();
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
    std::optional<double> typicalTtftMs; ///< latency prior until measurements replace it
};

/** @brief `routing.constraints`: hard limits every scored (virtual-model) candidate must meet. */
struct RoutingConstraints
{
    double maxPricePer1M = -1; ///< < 0: none (blended price, ModelInfo::blendedPricePer1M)
    double maxP95LatencyMs = -1; ///< < 0: none
    QStringList requiredCapabilities;
};

/** @brief `routing.retry`: retries of the same deployment when no other candidate is left. */
struct RetryConfig
{
    int retries = 1; ///< per candidate
    int baseDelayMs = 200; ///< exponential backoff base (full jitter)
    int maxDelayMs = 5000;
    int maxRetryAfterMs = 5000; ///< a longer Retry-After goes back to the client
};

/** @brief `routing.circuitBreaker`: when a provider is taken out of rotation, and for how long. */
struct CircuitBreakerConfig
{
    int failureThreshold = 5; ///< consecutive failures that open the circuit
    int cooldownMs = 30000; ///< open -> half-open
    int maxCooldownMs = 300000; ///< each failed trial doubles the cool-down up to this
    int halfOpenSuccesses = 1; ///< successful trials that close it again
};

/** @brief `routing` section. */
struct RoutingConfig
{
    QString strategy = QStringLiteral("balanced");
    double costWeight = 0.4; ///< `weights`: used by the `custom` strategy
    double qualityWeight = 0.35;
    double latencyWeight = 0.25;
    QString defaultModel = QStringLiteral("mock-fast"); ///< the model UIs preselect
    QHash<QString, QStringList> fallbacks;
    bool preferLocal = true; ///< a local model within localMargin of the best score wins
    double localMargin = 0.05;
    RoutingConstraints constraints;
    bool autoFallback = false; ///< explicit models fall back to the scored plan too
    QString balancing = QStringLiteral("failover"); ///< failover | weighted | least-latency
    int maxAttempts = 4; ///< upstream calls per request, retries included
    int deadlineMs = 0; ///< no new attempt after this long (0 = none)
    int healthCheckIntervalMs = 30000; ///< probe interval (0 = no probes)
    RetryConfig retry;
    CircuitBreakerConfig circuitBreaker;

    /// The section as the config file spells it (every key, defaults included).
    [[nodiscard]] QJsonObject toJson() const;
    static const QStringList &strategies();
    static const QStringList &balancingModes();
    static const QStringList &knownCapabilities();
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
