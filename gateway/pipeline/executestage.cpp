// SPDX-License-Identifier: MIT
#include "pipeline/executestage.h"

#include "http/httprequest.h"

namespace {

/// The walk over a plan; lives as long as one of its callbacks does.
struct ChatWalk : std::enable_shared_from_this<ChatWalk>
{
    ContextPtr ctx;
    ChatCallbacks downstream;
    CancelCall cancelCurrent;
    int index = -1;
    bool cancelled = false;

    /// Hands out the downstream callbacks for the final call and drops them here: they hold the
    /// ingress responder, which holds our cancel call, which holds us (a cycle that leaked every
    /// request's context, ~6 KB each).
    ChatCallbacks release()
    {
        ChatCallbacks last = std::move(downstream);
        downstream = {};
        return last;
    }

    void next()
    {
        ++index;
        RequestContext &c = *ctx;
        const RouteCandidate candidate = c.plan.candidates.at(index);
        c.served = candidate;
        c.attempts = index + 1;
        c.fallbackUsed = index > 0;
        if (!c.upstreamStartNs)
            c.upstreamStartNs = HttpClock::nowNs();
        ChatCall call {c.chat, candidate.model, c.requestId, c.native};
        auto self = shared_from_this();
        ChatCallbacks cb;
        cb.onChunk = [self](const QJsonObject &chunk, const QByteArray &raw) {
            RequestContext &c = *self->ctx;
            if (!c.upstreamFirstNs)
                c.upstreamFirstNs = HttpClock::nowNs();
            const QJsonValue usage = chunk.value(QLatin1String("usage"));
            if (usage.isObject())
                c.usage.readOpenAI(usage);
            if (c.servedModel.isEmpty())
                c.servedModel = chunk.value(QLatin1String("model")).toString();
            self->downstream.onChunk(chunk, raw);
        };
        cb.onResponseSource = [self](const RawJson &source) {
            if (self->downstream.onResponseSource)
                self->downstream.onResponseSource(source);
        };
        cb.onResponse = [self](const QJsonObject &response) {
            RequestContext &c = *self->ctx;
            c.upstreamFirstNs = c.upstreamEndNs = HttpClock::nowNs();
            c.usage.readOpenAI(response.value(QLatin1String("usage")));
            c.servedModel = response.value(QLatin1String("model")).toString();
            self->release().onResponse(response);
        };
        cb.onNativeEvent = [self](const QByteArray &type, const QJsonObject &data, const QByteArray &raw) {
            RequestContext &c = *self->ctx;
            if (!c.upstreamFirstNs)
                c.upstreamFirstNs = HttpClock::nowNs();
            if (c.servedModel.isEmpty() && type == "message_start")
                c.servedModel = data.value(QLatin1String("message"))
                                    .toObject()
                                    .value(QLatin1String("model"))
                                    .toString();
            self->downstream.onNativeEvent(type, data, raw);
        };
        cb.onNativeResponse = [self](const QJsonObject &body) {
            RequestContext &c = *self->ctx;
            c.upstreamFirstNs = c.upstreamEndNs = HttpClock::nowNs();
            c.servedModel = body.value(QLatin1String("model")).toString();
            self->release().onNativeResponse(body);
        };
        cb.onUsage = [self](const Usage &usage) { self->ctx->usage = usage; };
        cb.onStreamEnd = [self] {
            self->ctx->upstreamEndNs = HttpClock::nowNs();
            self->release().onStreamEnd();
        };
        cb.onError = [self](const GatewayError &error, bool midStream) {
            if (self->cancelled)
                return;
            RequestContext &c = *self->ctx;
            if (!midStream && error.isRetryable() && self->index + 1 < c.plan.candidates.size()) {
                self->next();
                return;
            }
            c.upstreamEndNs = HttpClock::nowNs();
            self->release().onError(error, midStream);
        };
        cancelCurrent = candidate.provider->chat(call, std::move(cb));
    }
};

} // namespace

CancelCall ExecuteStage::chat(const ContextPtr &ctx, ChatCallbacks downstream)
{
    auto walk = std::make_shared<ChatWalk>();
    walk->ctx = ctx;
    walk->downstream = std::move(downstream);
    walk->next();
    return [walk] {
        walk->cancelled = true;
        if (walk->cancelCurrent)
            walk->cancelCurrent();
        walk->release();
    };
}

CancelCall ExecuteStage::embeddings(const ContextPtr &ctx, const QJsonObject &body,
    std::function<void(const QJsonObject &)> onResult, std::function<void(const GatewayError &)> onError)
{
    RequestContext &c = *ctx;
    c.served = c.plan.candidates.first();
    c.attempts = 1;
    c.upstreamStartNs = HttpClock::nowNs();
    EmbeddingsCall call {body, c.served.model, c.requestId};
    return c.served.provider->embeddings(
        call,
        [ctx, onResult](const QJsonObject &result) {
            ctx->upstreamFirstNs = ctx->upstreamEndNs = HttpClock::nowNs();
            ctx->usage.promptTokens = result.value(QLatin1String("usage"))
                                          .toObject()
                                          .value(QLatin1String("prompt_tokens"))
                                          .toInteger();
            ctx->usage.reported = true;
            ctx->servedModel = result.value(QLatin1String("model")).toString();
            onResult(result);
        },
        [ctx, onError](const GatewayError &e) {
            ctx->upstreamEndNs = HttpClock::nowNs();
            onError(e);
        });
}
