// SPDX-License-Identifier: MIT
#pragma once

#include "providers/provider.h"
#include "providers/upstreamclient.h"

class Catalog;

/**
 * @brief Any OpenAI-compatible server: OpenAI, Groq, Together, Mistral, DeepSeek, OpenRouter,
 * LM Studio, vLLM, llama.cpp...
 *
 * Requests pass through as the client sent them (only `model` is replaced by the served model,
 * and `stream_options.include_usage` is asked for so streams can be accounted); answers and
 * chunks come back unchanged. Upstream errors are mapped to gateway errors: the provider's own
 * key being refused is a 502 that names the provider, never a 401 that would blame the client.
 */
class OpenAIProvider : public Provider
{
    Q_OBJECT
public:
    OpenAIProvider(
        ProviderConfig config, const Catalog &catalog, UpstreamClient *client, QObject *parent = nullptr);

    [[nodiscard]] QStringList models() const override;
    [[nodiscard]] bool isLocal() const override;
    [[nodiscard]] QJsonObject health() const override;
    CancelCall chat(const ChatCall &call, ChatCallbacks callbacks) override;
    CancelCall embeddings(const EmbeddingsCall &call, std::function<void(const QJsonObject &)> onResult,
        std::function<void(const GatewayError &)> onError) override;
    /// GET {baseUrl}/models: reachability, the key's acceptance and the served model ids.
    CancelCall probe(std::function<void(const ProbeResult &)> done) override;

    static constexpr int ProbeTimeoutMs = 10000;

    /// The API root requests go to (".../v1").
    [[nodiscard]] QString apiBase() const { return m_apiBase; }
    /// Maps an upstream failure (status + body) to a gateway error naming this provider.
    [[nodiscard]] GatewayError mapHttpError(
        int status, const QByteArray &body, const QByteArray &retryAfter) const;
    [[nodiscard]] GatewayError mapFailure(const UpstreamFailure &failure) const;

protected:
    UpstreamRequest makeRequest(const QString &path, const QByteArray &body, bool stream) const;
    void setApiBase(const QString &base) { m_apiBase = base; }
    void recordOutcome(bool ok, const QString &message) const;

    UpstreamClient *m_client;
    QString m_apiBase;
    QStringList m_presetModels;
    bool m_local = false;
    bool m_streamUsage = true;
    bool m_keyIsKeychainRef = false;
    mutable QJsonObject m_health;
};
