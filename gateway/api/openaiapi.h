// SPDX-License-Identifier: MIT
#pragma once

#include "http/httpexchange.h"

class Catalog;
class HttpServer;
class Pipeline;
class ProviderRegistry;
class Router;

/**
 * @brief The OpenAI-compatible endpoints: chat completions (streamed or not), embeddings, models.
 *
 * Parses into the canonical request, runs the pipeline and renders OpenAI bodies and chunks with
 * the `x-gateway` object (in the final chunk when streaming). Streams are relayed chunk by chunk;
 * only the chunk that finishes the answer is held until usage is known, so the metadata can ride
 * on it. A failure mid-stream is sent as an OpenAI error event, never as a clean [DONE].
 */
class OpenAIApi
{
public:
    OpenAIApi(Pipeline &pipeline, const Catalog &catalog, const ProviderRegistry &providers);
    void registerRoutes(HttpServer &server);

    void chatCompletions(const ExchangePtr &exchange);
    void embeddings(const ExchangePtr &exchange);
    void listModels(const ExchangePtr &exchange);
    void getModel(const ExchangePtr &exchange);

    /// The /v1/models entries (served models of enabled providers + virtual models).
    [[nodiscard]] QJsonArray modelEntries() const;

private:
    /// One /v1/models entry: @p id as listed, priced as the catalog's @p model.
    [[nodiscard]] QJsonObject modelEntry(
        const QString &id, const QString &model, const QString &owner, bool local, bool isVirtual) const;

    Pipeline &m_pipeline;
    const Catalog &m_catalog;
    const ProviderRegistry &m_providers;
};
