// SPDX-License-Identifier: MIT
#pragma once

#include "providers/provider.h"

/**
 * @brief The built-in offline provider: deterministic answers, no network, no key.
 *
 * Serves `mock-fast` (cheap, quick) and `mock-smart` (pricier, slower, "thinks" before its first
 * token) and `mock-embed`. The same request always gets the same answer. Answers stream word by
 * word at a pace (config `paceMs`, else the model's default), report usage, honour max_tokens
 * (finish_reason "length"), and, when given `tools`, answer with a call to one of them whose
 * arguments fill the schema's required properties; after a tool result, they answer with it.
 */
class MockProvider : public Provider
{
    Q_OBJECT
public:
    explicit MockProvider(ProviderConfig config, QObject *parent = nullptr);

    [[nodiscard]] QStringList models() const override;
    [[nodiscard]] bool isLocal() const override { return true; }
    CancelCall chat(const ChatCall &call, ChatCallbacks callbacks) override;
    CancelCall embeddings(const EmbeddingsCall &call, std::function<void(const QJsonObject &)> onResult,
        std::function<void(const GatewayError &)> onError) override;

    /// The deterministic reply text for a request (exposed for tests).
    static QString replyText(const QString &model, const ChatRequest &request);
    /// Word pace and first-token delay of @p model, in ms.
    [[nodiscard]] int paceMs(const QString &model) const;
    [[nodiscard]] int firstTokenDelayMs(const QString &model) const;
};
