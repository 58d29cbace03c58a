// SPDX-License-Identifier: MIT
#include "pipeline/executestage.h"

#include "http/httprequest.h"
#include "protocol/tokenestimate.h"

namespace {

/// Characters of generated text in a chunk (content, refusal, tool-call names and arguments):
/// what a stream is counted by when its provider reports no usage.
qint64 generatedCharacters(const QJsonObject &chunk)
{
    qint64 n = 0;
    for (const QJsonValue &choice : chunk.value(QLatin1String("choices")).toArray()) {
        const QJsonObject delta = choice.toObject().value(QLatin1String("delta")).toObject();
        n += delta.value(QLatin1String("content")).toString().size();
        n += delta.value(QLatin1String("refusal")).toString().size();
        for (const QJsonValue &call : delta.value(QLatin1String("tool_calls")).toArray()) {
            const QJsonObject fn = call.toObject().value(QLatin1String("function")).toObject();
            n += fn.value(QLatin1String("name")).toString().size();
            n += fn.value(QLatin1String("arguments")).toString().size();
        }
    }
    return n;
}

/// The walk over a plan; lives as long as one of its callbacks does.
struct ChatWalk : std::enable_shared_from_this<ChatWalk>
{
    ContextPtr ctx;
    ChatCallbacks downstream;
    CancelCall cancelCurrent;
    int index = -1;
    bool cancelled = false;
    qint64 streamedCharacters = 0;

    /// A stream whose provider reported no usage is counted from what it streamed.
    void countUnreportedUsage()
    {
        if (!ctx->usage.reported)
            ctx->usage.completionTokens = TokenEstimate::characters(streamedCharacters);
    }

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
            self->streamedCharacters += generatedCharacters(chunk);
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
            self->countUnreportedUsage();
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
            if (midStream)
                self->countUnreportedUsage(); // what was streamed before the failure was generated
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
