// SPDX-License-Identifier: MIT
#include "providers/ollamaprovider.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>

OllamaProvider::OllamaProvider(
    ProviderConfig config, const Catalog &catalog, UpstreamClient *client, QObject *parent)
    : OpenAIProvider(std::move(config), catalog, client, parent)
{
    m_root = m_config.baseUrl.isEmpty() ? QStringLiteral("http://127.0.0.1:11434") : m_config.baseUrl;
    while (m_root.endsWith(u'/'))
        m_root.chop(1);
    if (m_root.endsWith(QLatin1String("/v1")))
        m_root.chop(3);
    setApiBase(m_root + QStringLiteral("/v1"));
    m_discoveryHealth = {{QLatin1String("status"), QStringLiteral("unknown")}};
    m_discoveryTimer.setInterval(DiscoveryIntervalMs);
    connect(&m_discoveryTimer, &QTimer::timeout, this, &OllamaProvider::discover);
}

QStringList OllamaProvider::models() const
{
    QStringList all = m_config.models;
    for (const QString &m : m_discovered) {
        if (!all.contains(m))
            all << m;
    }
    return all;
}

QJsonObject OllamaProvider::health() const
{
    return m_discoveryHealth;
}

void OllamaProvider::start()
{
    discover();
    m_discoveryTimer.start();
}

void OllamaProvider::discover()
{
    if (m_discovering)
        return;
    m_discovering = true;
    UpstreamRequest r;
    r.method = "GET";
    r.url = QUrl(m_root + QStringLiteral("/api/tags"));
    r.connectTimeoutMs = 2000;
    r.firstByteTimeoutMs = 5000;
    r.idleTimeoutMs = 5000;
    r.maxResponseBytes = 8 * 1024 * 1024;
    auto status = std::make_shared<int>(0);
    QPointer<OllamaProvider> self(this);
    UpstreamHandlers h;
    h.onHead = [status](const UpstreamHead &head) { *status = head.status; };
    h.onComplete = [this, self, status](const QByteArray &body) {
        if (!self)
            return;
        m_discovering = false;
        if (*status != 200) {
            m_discoveryHealth = {{QLatin1String("status"), QStringLiteral("error")},
                {QLatin1String("message"), QStringLiteral("/api/tags answered HTTP %1").arg(*status)}};
            return;
        }
        QStringList found;
        for (const QJsonValue &m :
            QJsonDocument::fromJson(body).object().value(QLatin1String("models")).toArray()) {
            const QString name = m.toObject().value(QLatin1String("name")).toString();
            if (!name.isEmpty())
                found << name;
        }
        m_discoveryHealth = {{QLatin1String("status"), QStringLiteral("ok")},
            {QLatin1String("message"), QStringLiteral("%1 models installed").arg(found.size())}};
        if (found != m_discovered) {
            m_discovered = found;
            Q_EMIT modelsChanged();
        }
    };
    h.onFailure = [this, self](const UpstreamFailure &failure) {
        if (!self)
            return;
        m_discovering = false;
        m_discoveryHealth = {{QLatin1String("status"), QStringLiteral("error")},
            {QLatin1String("message"),
                QStringLiteral("Ollama is not reachable at %1: %2").arg(m_root, failure.message)}};
    };
    m_client->send(r, false, std::move(h));
}
