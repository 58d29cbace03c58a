// SPDX-License-Identifier: MIT
#pragma once

#include "http/httpexchange.h"

class HttpServer;
class Pipeline;

/**
 * @brief The Gemini API ingress (what gemini-cli and Google's SDKs speak):
 * POST /v1beta/models/{model}:generateContent, :streamGenerateContent (`?alt=sse` events, or
 * Google's streamed JSON array without it) and :countTokens, also under /v1/models/, to any
 * provider. The client's key may come as `x-goog-api-key` or `?key=`.
 *
 * A Gemini provider gets the client's body as sent (native relay: thought signatures, built-in
 * tools and every field survive); any other provider gets the canonical translation
 * (GeminiContent::requestToOpenAI) and its answer comes back through GeminiStreamWriter /
 * GeminiContent::responseFromOpenAI. Errors use Google's envelope; a failure mid-stream is an
 * `{"error": ...}` event and the stream ends.
 */
class GeminiApi
{
public:
    explicit GeminiApi(Pipeline &pipeline);
    void registerRoutes(HttpServer &server);

    void call(const ExchangePtr &exchange);

private:
    void generate(const ExchangePtr &exchange, const QString &model, bool stream);
    void countTokens(const ExchangePtr &exchange, const QString &model);

    Pipeline &m_pipeline;
};
