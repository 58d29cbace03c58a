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
    /// The error before any byte of the answer went out: the protocol's error JSON with
    /// error.status (error.headers already carry the context's response headers, x-ratelimit-*).
    virtual void answerError(const GatewayError &error) = 0;
    /// The error once the stream has begun: the protocol's way to end a stream that failed (never
    /// the marks of a clean end, such as [DONE] or message_stop).
    virtual void endStreamWithError(const GatewayError &error) = 0;
    /// A relayed event / answer of the client's own protocol (only ingresses that set
    /// RequestContext::native receive these).
    virtual void onNativeEvent(const QByteArray &type, const QJsonObject &data, const QByteArray &raw);
    virtual void onNativeResponse(const QJsonObject &body);

    /// Notes @p error on the context (status, code, message) for the post-steps and the log.
    void noteError(const GatewayError &error);
    /// The answer is settled: later callbacks are ignored, and the canceller is dropped (it holds
    /// the plan's walk, which holds this responder's callbacks: kept, the cycle would keep every
    /// request in memory). Returns the canceller, for a caller that still wants to cancel.
    CancelCall finish();
    /// The answer is about to end well: false when it already ended (or the client left); else it
    /// is finished, marked answered (status 200) and settled (usage, cost, budgets) before its
    /// last bytes go, which carry the final cost.
    bool settleAnswer();

    ExchangePtr m_ex;
    ContextPtr m_ctx;
    Pipeline &m_pipeline;
    CancelCall m_cancel;
    RawJson m_responseSource; ///< the upstream's bytes of the response about to arrive, if it sent any
    bool m_done = false; ///< answered (or the client left): later callbacks are ignored

private:
    /// Ends the request with @p error, once: settled, answered or the stream ended, recorded.
    void onError(const GatewayError &error, bool midStream);
    void onClientGone();
};
