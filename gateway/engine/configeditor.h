// SPDX-License-Identifier: MIT
#pragma once

#include "engine/config.h"

#include "providers/provider.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>

#include <functional>
#include <optional>

class HealthProber;
class ProviderMonitor;
class ProviderRegistry;
class Router;

/**
 * @brief Run-time changes to the `routing` and `providers` sections, from the admin API and the
 * desktop UI alike: validate, save to the config file atomically (ConfigFile::set, patching the
 * file as written), then apply to the live engine objects so the next request sees them.
 *
 * A refused change leaves both the file and the engine as they were. Without a config file (an
 * engine built in memory) changes apply but are not saved. API keys never leave in plain text:
 * providers() masks literal keys, and a masked key sent back means "keep the stored one".
 */
class ConfigEditor : public QObject
{
    Q_OBJECT
public:
    ConfigEditor(Config &config, QString configPath, Router &router, ProviderRegistry &providers,
        ProviderMonitor &monitor, HealthProber *prober, QObject *parent = nullptr);

    /// The routing section in effect, every key spelled out.
    [[nodiscard]] QJsonObject routing() const;
    /// The providers section (as written in the file when there is one), keys masked.
    [[nodiscard]] QJsonArray providers() const;
    [[nodiscard]] bool persists() const { return !m_path.isEmpty(); }

    /// Replaces the routing section. Returns false with one line in @p error (naming the JSON path).
    bool setRouting(const QJsonObject &routing, QString *error);
    /// Replaces the providers section.
    bool setProviders(const QJsonArray &providers, QString *error);

    /// A provider entry as the config file spells it, parsed (a masked key is the stored one).
    std::optional<ProviderConfig> parseProvider(const QJsonObject &provider, QString *error) const;
    /// Builds @p provider without adding it and probes it (reachability, key, models): the
    /// "test connection" and "discover models" of the Providers screen and the admin API.
    void testProvider(const ProviderConfig &provider, std::function<void(const ProbeResult &)> done);

    /// "sk-...abcd": what is shown of a literal key (references like ${ENV} are shown as they are).
    static QString maskKey(const QString &key);
    /// True when @p key names where the key is (${ENV}, keychain:NAME) instead of being one.
    static bool isKeyReference(const QString &key);

Q_SIGNALS:
    void routingChanged();
    void providersChanged();

private:
    [[nodiscard]] QJsonArray rawProviders() const;
    /// @p providers with masked secrets replaced by the stored values of the same provider id.
    [[nodiscard]] QJsonArray unmasked(const QJsonArray &providers) const;
    void applyRouting(const RoutingConfig &routing);
    void applyProviders(const QList<ProviderConfig> &providers);

    Config &m_config;
    QString m_path;
    Router &m_router;
    ProviderRegistry &m_registry;
    ProviderMonitor &m_monitor;
    HealthProber *m_prober;
};
