// SPDX-License-Identifier: MIT
#pragma once

#include "providers/openaiprovider.h"

#include <QTimer>

/**
 * @brief A local Ollama server: models discovered from `/api/tags`, served through its
 * OpenAI-compatible `/v1` endpoints.
 *
 * Discovery runs at start and every minute, so models pulled while Switchyard runs appear without
 * a restart; configured `models` are served in addition.
 */
class OllamaProvider : public OpenAIProvider
{
    Q_OBJECT
public:
    OllamaProvider(
        ProviderConfig config, const Catalog &catalog, UpstreamClient *client, QObject *parent = nullptr);

    [[nodiscard]] QStringList models() const override;
    [[nodiscard]] bool isLocal() const override { return true; }
    [[nodiscard]] QJsonObject health() const override;
    void start() override;
    /// Runs one discovery now.
    void discover();

    static constexpr int DiscoveryIntervalMs = 60000;

private:
    QString m_root;
    QStringList m_discovered;
    QTimer m_discoveryTimer;
    QJsonObject m_discoveryHealth;
    bool m_discovering = false;
};
