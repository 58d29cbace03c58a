// SPDX-License-Identifier: MIT
#pragma once

#include "providers/httpprovider.h"

/**
 * @brief Any OpenAI-compatible server: OpenAI, Groq, Together, Mistral, DeepSeek, OpenRouter,
 * LM Studio, vLLM, llama.cpp...
 *
 * Requests pass through as the client sent them (only `model` is replaced by the served model,
 * and `stream_options.include_usage` is asked for so streams can be accounted); answers and
 * chunks come back unchanged. Upstream errors are mapped to gateway errors: the provider's own
 * key being refused is a 502 that names the provider, never a 401 that would blame the client.
 */
class OpenAIProvider : public HttpProvider
{
    Q_OBJECT
public:
    OpenAIProvider(
        ProviderConfig config, const Catalog &catalog, UpstreamClient *client, QObject *parent = nullptr);

    CancelCall chat(const ChatCall &call, ChatCallbacks callbacks) override;
    CancelCall embeddings(const EmbeddingsCall &call, std::function<void(const QJsonObject &)> onResult,
        std::function<void(const GatewayError &)> onError) override;
    [[nodiscard]] GatewayError mapHttpError(
        int status, const QByteArray &body, const QByteArray &retryAfter) const override;

    /// The body sent upstream for @p call (model replaced, usage asked for, and for clients that
    /// spoke another protocol max_tokens kept within the model's output limit).
    [[nodiscard]] QJsonObject upstreamBody(const ChatCall &call) const;
    /// The same as bytes: the client's own, with what changes appended, while they hold its body.
    [[nodiscard]] QByteArray upstreamBytes(const ChatCall &call) const;

protected:
    [[nodiscard]] QList<QPair<QByteArray, QByteArray>> authHeaders() const override;
};
