// SPDX-License-Identifier: MIT
#pragma once

#include "api/responsestore.h"
#include "http/httpexchange.h"

class HttpServer;
class Pipeline;

/**
 * @brief The OpenAI Responses API ingress (what Codex speaks): POST /v1/responses (streamed or
 * not) to any provider, GET and DELETE /v1/responses/{id}.
 *
 * The body is translated to the canonical request (OpenAIResponses), routed and executed like any
 * chat; answers are rendered as a response object or as the typed event stream
 * (ResponsesStreamWriter), a failure mid-stream as response.failed. Responses are kept for
 * previous_response_id and GET in a memory-only ResponseStore unless the client sent
 * `store: false`; errors use OpenAI's envelope.
 */
class ResponsesApi
{
public:
    explicit ResponsesApi(Pipeline &pipeline);
    void registerRoutes(HttpServer &server);

    void create(const ExchangePtr &exchange);
    void retrieve(const ExchangePtr &exchange);
    void remove(const ExchangePtr &exchange);

    [[nodiscard]] ResponseStore &store() { return m_store; }

private:
    Pipeline &m_pipeline;
    ResponseStore m_store;
};
