// SPDX-License-Identifier: MIT
#pragma once

#include "http/httpexchange.h"
#include "pipeline/requestcontext.h"
#include "protocol/rawjson.h"

class Pipeline;

/**
 * @brief One chat request being answered, whatever the ingress protocol: runs it through the
 * pipeline, and when the client goes away cancels the upstream call, settles and records the
 * request once. Subclasses render the answer in their protocol.
 */
class ChatResponder : public std::enable_shared_from_this<ChatResponder>
{
public:
    ChatResponder(ExchangePtr exchange, ContextPtr ctx, Pipeline &pipeline);
    virtual ~ChatResponder();

    /// Executes the request; the responder lives as long as a callback may still come.
    void start();

protected:
    virtual void onChunk(const QJsonObject &chunk, const QByteArray &raw) = 0;
    virtual void onResponse(QJsonObject response) = 0;
    virtual void onStreamEnd() = 0;
    virtual void onError(const GatewayError &error, bool midStream) = 0;
    /// A relayed event / answer of the client's own protocol (only ingresses that set
    /// RequestContext::native receive these).
    virtual void onNativeEvent(const QByteArray &type, const QJsonObject &data, const QByteArray &raw);
    virtual void onNativeResponse(const QJsonObject &body);

    /// Notes @p error on the context (status, code, message) for the post-steps and the log.
    void noteError(const GatewayError &error);

    ExchangePtr m_ex;
    ContextPtr m_ctx;
    Pipeline &m_pipeline;
    CancelCall m_cancel;
    RawJson m_responseSource; ///< the upstream's bytes of the response about to arrive, if it sent any
    bool m_done = false; ///< answered (or the client left): later callbacks are ignored

private:
    void onClientGone();
};
