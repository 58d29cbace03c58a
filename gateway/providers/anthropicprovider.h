// SPDX-License-Identifier: MIT
#pragma once

#include "providers/httpprovider.h"

/**
 * @brief Anthropic's Messages API (`type: anthropic`).
 *
 * Clients that speak Anthropic themselves (POST /v1/messages) are relayed natively: their body
 * goes up as sent (only `model` replaced) with their `anthropic-version` and `anthropic-beta`
 * headers, and the events come back byte for byte, so thinking blocks and their signatures,
 * cache_control and beta features survive. Other clients are translated (AnthropicMessages,
 * AnthropicStreamReader). Authenticates with `x-api-key`; `overloaded_error` (529) and
 * `rate_limit_error` (429) stay retryable so the plan moves on to the next candidate.
 */
class AnthropicProvider : public HttpProvider
{
    Q_OBJECT
public:
    AnthropicProvider(
        ProviderConfig config, const Catalog &catalog, UpstreamClient *client, QObject *parent = nullptr);

    [[nodiscard]] WireProtocol protocol() const override { return WireProtocol::Anthropic; }
    CancelCall chat(const ChatCall &call, ChatCallbacks callbacks) override;
    CancelCall embeddings(const EmbeddingsCall &call, std::function<void(const QJsonObject &)> onResult,
        std::function<void(const GatewayError &)> onError) override;

    [[nodiscard]] GatewayError mapHttpError(
        int status, const QByteArray &body, const QByteArray &retryAfter) const override;
    /// An Anthropic `error` object as a gateway error; @p status 0: it came as a stream event.
    [[nodiscard]] GatewayError mapError(
        int status, const QJsonObject &error, const QByteArray &retryAfter) const;

protected:
    [[nodiscard]] QList<QPair<QByteArray, QByteArray>> authHeaders() const override;
    /// GET /v1/models with anthropic-version, as the Models API wants it.
    [[nodiscard]] UpstreamRequest probeRequest() const override;

private:
    UpstreamRequest messagesRequest(const QJsonObject &body, bool stream, const NativeRequest *native) const;
};
