// SPDX-License-Identifier: MIT
#include "providers/providerregistry.h"

#include "providers/anthropicprovider.h"
#include "providers/geminiprovider.h"
#include "providers/mockprovider.h"
#include "providers/ollamaprovider.h"
#include "providers/openaiprovider.h"

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

void ProviderRegistry::configure(const QList<ProviderConfig> &configs)
{
    qDeleteAll(m_providers);
    m_providers.clear();
    m_problems.clear();
    for (const ProviderConfig &c : configs) {
        if (!c.enabled)
            continue;
        QString error;
        Provider *p = create(c, &error);
        if (!p) {
            m_problems.insert(c.id, error);
            continue;
        }
        connect(p, &Provider::modelsChanged, this, &ProviderRegistry::modelsChanged);
        m_providers << p;
    }
}

void ProviderRegistry::startAll()
{
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
