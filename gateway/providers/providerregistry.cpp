// SPDX-License-Identifier: MIT
#include "providers/providerregistry.h"

#include "providers/anthropicprovider.h"
#include "providers/geminiprovider.h"
#include "providers/mockprovider.h"
#include "providers/ollamaprovider.h"
#include "providers/openaiprovider.h"
#include "secrets/secretstore.h"

#include <QPointer>

#include <algorithm>

ProviderRegistry::ProviderRegistry(const Catalog &catalog, UpstreamClient *client, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_client(client)
{ }

ProviderRegistry::~ProviderRegistry() = default;

Provider *ProviderRegistry::create(const ProviderConfig &config, QString *error)
{
    if (config.type == QLatin1String("mock"))
        return new MockProvider(config, this);
    if (config.type == QLatin1String("openai"))
        return new OpenAIProvider(config, m_catalog, m_client, this);
    if (config.type == QLatin1String("ollama"))
        return new OllamaProvider(config, m_catalog, m_client, this);
    if (config.type == QLatin1String("anthropic"))
        return new AnthropicProvider(config, m_catalog, m_client, this);
    if (config.type == QLatin1String("gemini"))
        return new GeminiProvider(config, m_catalog, m_client, this);
    *error = QStringLiteral("provider type '%1' is not served by this build yet").arg(config.type);
    return nullptr;
}

QStringList ProviderRegistry::configure(const QList<ProviderConfig> &configs)
{
    QList<Provider *> previous = m_providers;
    m_providers.clear();
    m_problems.clear();
    QStringList created;
    for (const ProviderConfig &c : configs) {
        if (!c.enabled)
            continue;
        auto same
            = std::find_if(previous.begin(), previous.end(), [&c](Provider *p) { return p->config() == c; });
        if (same != previous.end()) {
            m_providers << *same;
            previous.erase(same);
            continue;
        }
        QString error;
        Provider *p = create(c, &error);
        if (!p) {
            m_problems.insert(c.id, error);
            continue;
        }
        connect(p, &Provider::modelsChanged, this, &ProviderRegistry::modelsChanged);
        m_providers << p;
        created << c.id;
        if (m_started)
            p->start();
    }
    for (Provider *p : std::as_const(previous))
        retire(p);
    resolveSecrets(created);
    return created;
}

bool ProviderRegistry::usesSecrets() const
{
    for (Provider *p : m_providers) {
        if (!p->secretName().isEmpty())
            return true;
    }
    return false;
}

void ProviderRegistry::readSecret(Provider *provider, std::function<void()> then)
{
    const QString name = provider->secretName();
    if (!m_secrets) {
        provider->setSecret({}, QStringLiteral("no secret store is configured for keychain:%1").arg(name));
        if (then)
            QMetaObject::invokeMethod(provider, std::move(then), Qt::QueuedConnection);
        return;
    }
    QPointer<Provider> guard(provider);
    m_secrets->read(name, [guard, name, then = std::move(then)](const SecretResult &r) {
        if (!guard)
            return;
        if (r.ok() && !r.value.isEmpty())
            guard->setSecret(r.value, {});
        else if (r.ok() || r.status == SecretResult::Status::NotFound)
            guard->setSecret({},
                QStringLiteral("the secret store has no entry 'keychain:%1' (%2)")
                    .arg(name, r.message.isEmpty() ? QStringLiteral("empty") : r.message));
        else
            guard->setSecret({}, r.message);
        if (then)
            then();
    });
}

void ProviderRegistry::updateSecret(const QString &name, const QString &value)
{
    for (Provider *p : std::as_const(m_providers)) {
        if (p->secretName() == name)
            p->setSecret(value, {});
    }
}

void ProviderRegistry::resolveSecrets(const QStringList &ids)
{
    bool any = false;
    for (Provider *p : std::as_const(m_providers)) {
        if (p->secretName().isEmpty() || !ids.contains(p->id()))
            continue; // kept providers keep the secret they have
        any = true;
        readSecret(p);
    }
    // A locked keychain answers reads with "not found": a probe tells the states apart.
    if (any && m_secrets && m_secrets->state() == SecretStore::State::Unknown)
        m_secrets->probe({});
}

void ProviderRegistry::retire(Provider *provider)
{
    disconnect(provider, nullptr, this, nullptr);
    if (provider->activeCalls() == 0)
        provider->deleteLater();
    else
        connect(provider, &Provider::idle, provider, &QObject::deleteLater);
}

void ProviderRegistry::startAll()
{
    m_started = true;
    for (Provider *p : std::as_const(m_providers))
        p->start();
}

Provider *ProviderRegistry::find(const QString &id) const
{
    for (Provider *p : m_providers) {
        if (p->id() == id)
            return p;
    }
    return nullptr;
}
