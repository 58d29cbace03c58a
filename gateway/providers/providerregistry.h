// SPDX-License-Identifier: MIT
#pragma once

#include "engine/config.h"

#include <QList>
#include <QObject>

class Catalog;
class Provider;
class UpstreamClient;

/** @brief The configured providers, built from the config, in config order. */
class ProviderRegistry : public QObject
{
    Q_OBJECT
public:
    ProviderRegistry(const Catalog &catalog, UpstreamClient *client, QObject *parent = nullptr);
    ~ProviderRegistry() override;

    /// Replaces the providers with those of @p configs (disabled ones are skipped). A provider
    /// whose configuration did not change is kept as it is (calls in flight, discovered models);
    /// the others are retired: out of the list at once, deleted when their last call ends.
    /// Returns the ids of the providers created anew.
    QStringList configure(const QList<ProviderConfig> &configs);
    /// Builds one provider (nullptr for a type this build does not serve yet, with @p error set).
    Provider *create(const ProviderConfig &config, QString *error);
    void startAll();

    [[nodiscard]] Provider *find(const QString &id) const;
    [[nodiscard]] const QList<Provider *> &providers() const { return m_providers; }
    /// Problems found while building providers (shown in /health).
    [[nodiscard]] const QHash<QString, QString> &problems() const { return m_problems; }

Q_SIGNALS:
    void modelsChanged();

private:
    void retire(Provider *provider);

    const Catalog &m_catalog;
    UpstreamClient *m_client;
    QList<Provider *> m_providers;
    QHash<QString, QString> m_problems;
    bool m_started = false;
};
