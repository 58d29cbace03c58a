// SPDX-License-Identifier: MIT
#pragma once

#include "http/httpexchange.h"

class HttpServer;
class Pipeline;

/**
 * @brief The Anthropic Messages ingress: POST /v1/messages (streamed or not) and
 * POST /v1/messages/count_tokens, with Anthropic error envelopes.
 *
 * The body is validated as the Messages API does and translated to the canonical request for
 * routing and for providers of other protocols; the client's own body and its anthropic-version /
 * anthropic-beta headers ride along, so an Anthropic provider relays it natively. Answers come back
 * in Anthropic form: relayed events as they are, translated chunks through AnthropicStreamWriter
 * (one event at a time, nothing held), a failure mid-stream as an `error` event and no
 * message_stop. count_tokens is the gateway's estimate (about 4 characters per token), not
 * Anthropic's tokenizer, and says so in `X-Switchyard-Token-Count: estimate`.
 */
class AnthropicApi
{
public:
    explicit AnthropicApi(Pipeline &pipeline);
    void registerRoutes(HttpServer &server);

    void messages(const ExchangePtr &exchange);
    void countTokens(const ExchangePtr &exchange);

private:
    Pipeline &m_pipeline;
};
