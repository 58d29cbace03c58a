// SPDX-License-Identifier: MIT
#pragma once

#include "providers/httpprovider.h"

/**
 * @brief Google's Gemini API, natively (`type: gemini`): generateContent, streamGenerateContent
 * with `alt=sse`, batchEmbedContents, authenticated with `x-goog-api-key`.
 *
 * Native rather than Google's OpenAI-compatible endpoint (docs/protocols.md says why): the native
 * API reports cached and thinking tokens apart, carries thought signatures (Gemini 3 refuses
 * replayed calls without them), and is what Gemini clients speak, so their requests can be
 * relayed as sent. Chat-completions clients are translated (GeminiContent, GeminiStreamReader).
 */
class GeminiProvider : public HttpProvider
{
    Q_OBJECT
public:
    GeminiProvider(
        ProviderConfig config, const Catalog &catalog, UpstreamClient *client, QObject *parent = nullptr);

    [[nodiscard]] WireProtocol protocol() const override { return WireProtocol::Gemini; }
    CancelCall chat(const ChatCall &call, ChatCallbacks callbacks) override;
    CancelCall embeddings(const EmbeddingsCall &call, std::function<void(const QJsonObject &)> onResult,
        std::function<void(const GatewayError &)> onError) override;

    [[nodiscard]] GatewayError mapHttpError(
        int status, const QByteArray &body, const QByteArray &retryAfter) const override;
    /// A Google `error` object ({code, message, status, details}) as a gateway error.
    [[nodiscard]] GatewayError mapError(
        int status, const QJsonObject &error, const QByteArray &retryAfter) const;

protected:
    [[nodiscard]] QList<QPair<QByteArray, QByteArray>> authHeaders() const override;

private:
    /// `/models/<model>:<method>` (+ `?alt=sse` for streams).
    [[nodiscard]] QString methodPath(const QString &model, const QString &method) const;
};
