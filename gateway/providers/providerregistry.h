// SPDX-License-Identifier: MIT
#pragma once

#include "engine/config.h"

#include <QList>
#include <QObject>

#include <functional>

class Catalog;
class Provider;
class SecretStore;
class UpstreamClient;

/** @brief The configured providers, built from the config, in config order. */
class ProviderRegistry : public QObject
{
    Q_OBJECT
public:
    ProviderRegistry(const Catalog &catalog, UpstreamClient *client, QObject *parent = nullptr);
    ~ProviderRegistry() override;

    /// Where `keychain:NAME` API keys are read from (set before configure()).
    void setSecretStore(SecretStore *secrets) { m_secrets = secrets; }
    /// Replaces the providers with those of @p configs (disabled ones are skipped). A provider
    /// whose configuration did not change is kept as it is (calls in flight, discovered models,
    /// its keychain secret); the others are retired: out of the list at once, deleted when their
    /// last call ends. Keychain API keys of new providers are read asynchronously; until then
    /// their provider answers 503 (retryable). Returns the ids of the providers created anew.
    QStringList configure(const QList<ProviderConfig> &configs);
    /// True when some configured provider takes its key from the keychain.
    [[nodiscard]] bool usesSecrets() const;
    /// Builds one provider (nullptr for a type this build does not serve yet, with @p error set).
    Provider *create(const ProviderConfig &config, QString *error);
    void startAll();
    /// Reads @p provider's `keychain:NAME` key from the secret store (a provider built by create()
    /// for a probe, or one of the list); @p then runs once the provider has it, or its problem.
    void readSecret(Provider *provider, std::function<void()> then = {});
    /// The key stored under `keychain:@p name` is now @p value: every listed provider naming it
    /// takes it at once (its configuration, hence the provider, stayed the same).
    void updateSecret(const QString &name, const QString &value);

    [[nodiscard]] Provider *find(const QString &id) const;
    [[nodiscard]] const QList<Provider *> &providers() const { return m_providers; }
    /// Problems found while building providers (shown in /health).
    [[nodiscard]] const QHash<QString, QString> &problems() const { return m_problems; }

Q_SIGNALS:
    void modelsChanged();

private:
    void resolveSecrets(const QStringList &ids);
    void retire(Provider *provider);

    const Catalog &m_catalog;
    SecretStore *m_secrets = nullptr;
    UpstreamClient *m_client;
    QList<Provider *> m_providers;
    QHash<QString, QString> m_problems;
    bool m_started = false;
};
