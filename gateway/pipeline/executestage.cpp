// SPDX-License-Identifier: MIT
#include "pipeline/executestage.h"

#include "http/httprequest.h"
#include "protocol/tokenestimate.h"
#include "reliability/providermonitor.h"
#include "reliability/retrypolicy.h"
#include "routing/router.h"

#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

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

GatewayError nothingAvailable(const RoutePlan &plan)
{
    GatewayError e = GatewayError::upstream(503, QStringLiteral("providers_unavailable"),
        QStringLiteral("No provider for '%1' is available right now (circuit open or rate-limited); "
                       "Switchyard will try again shortly.")
            .arg(plan.requested));
    e.retryAfterSeconds = 1;
    return e;
}

/**
 * The state every walk shares: the plan's providers (guarded: a provider replaced by a new
 * configuration may go away while a walk waits), the candidate being called, the breaker slot it
 * holds, attempts and the deadline.
 */
struct Walk
{
    ContextPtr ctx;
    const Router *router = nullptr;
    RetryPolicy retry;
    int maxAttempts = 1;
    qint64 deadlineNs = 0;
    std::function<double()> random;
    QList<QPointer<Provider>> providers;
    int index = -1;
    int retriesOfCurrent = 0;
    bool cancelled = false;
    bool done = false;
    QPointer<Provider> calling; ///< holds a callStarted() and maybe a half-open trial
    qint64 attemptStartNs = 0;
    CancelCall cancelCurrent;

    void init(const ContextPtr &c, const Router &r, std::function<double()> rnd)
    {
        ctx = c;
        router = &r;
        const RoutingConfig &config = r.config();
        retry = RetryPolicy(config.retry);
        maxAttempts = config.maxAttempts;
        deadlineNs = config.deadlineMs > 0 ? c->receivedNs + qint64(config.deadlineMs) * 1000000 : 0;
        random = rnd ? std::move(rnd) : [] { return QRandomGenerator::global()->generateDouble(); };
        providers.reserve(c->plan.candidates.size());
        for (const RouteCandidate &candidate : std::as_const(c->plan.candidates))
            providers.append(candidate.provider);
    }

    [[nodiscard]] bool pastDeadline(qint64 atNs) const { return deadlineNs > 0 && atNs >= deadlineNs; }

    /// The next candidate (after the current one) whose provider takes traffic now; -1 if none.
    int nextAvailable()
    {
        ProviderMonitor &monitor = router->monitor();
        const qint64 now = ProviderMonitor::nowMs();
        for (int i = index + 1; i < providers.size(); ++i) {
            Provider *p = providers.at(i);
            if (p && monitor.tryAcquire(p->id(), ctx->plan.candidates.at(i).model, now))
                return i;
        }
        return -1;
    }

    /// Marks the start of a call to candidate @p i (its breaker slot is already taken).
    Provider *begin(int i)
    {
        index = i;
        RequestContext &c = *ctx;
        c.served = c.plan.candidates.at(i);
        ++c.attempts;
        c.fallbackUsed = i > 0;
        attemptStartNs = HttpClock::nowNs();
        if (!c.upstreamStartNs)
            c.upstreamStartNs = attemptStartNs;
        Provider *p = providers.at(i);
        p->callStarted();
        calling = p;
        return p;
    }

    /// The call to the current candidate is over; frees its in-flight count.
    void end()
    {
        if (Provider *p = calling) {
            calling = nullptr;
            p->callFinished();
        }
    }

    void recordFailure(const GatewayError &error)
    {
        const RouteCandidate &c = ctx->plan.candidates.at(index);
        if (Provider *p = providers.at(index))
            router->monitor().recordFailure(p->id(), c.model, error);
    }

    void recordSuccess(bool streamed, qint64 firstNs, qint64 endNs)
    {
        const RouteCandidate &c = ctx->plan.candidates.at(index);
        if (Provider *p = providers.at(index))
            router->monitor().recordSuccess(p->id(), c.model, streamed,
                double(firstNs - attemptStartNs) / 1e6, double(endNs - attemptStartNs) / 1e6);
    }

    void cancel()
    {
        cancelled = true;
        if (cancelCurrent)
            cancelCurrent();
        if (Provider *p = calling)
            router->monitor().provider(p->id()).breaker.release();
        end();
    }
};

/// The walk over a plan for a chat request; lives as long as one of its callbacks or timers does.
struct ChatWalk : Walk, std::enable_shared_from_this<ChatWalk>
{
    ChatCallbacks downstream;
    bool delivered = false; ///< a chunk or response went downstream: committed
    qint64 firstNs = 0;
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

    void start()
    {
        const int i = nextAvailable();
        if (i < 0) {
            // Never answer from within chat(): callers finish setting up first.
            auto self = shared_from_this();
            QTimer::singleShot(0, [self] { self->finish(nothingAvailable(self->ctx->plan)); });
            return;
        }
        call(i);
    }

    void finish(const GatewayError &error)
    {
        if (done || cancelled)
            return;
        done = true;
        ctx->upstreamEndNs = HttpClock::nowNs();
        release().onError(error, false);
    }

    void call(int i)
    {
        Provider *provider = begin(i);
        firstNs = 0;
        RequestContext &c = *ctx;
        ChatCall call {c.chat, c.plan.candidates.at(i).model, c.requestId, c.native};
        auto self = shared_from_this();
        ChatCallbacks cb;
        cb.onChunk = [self](const QJsonObject &chunk, const QByteArray &raw) {
            RequestContext &c = *self->ctx;
            self->firstByte();
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
            self->firstByte();
            c.upstreamEndNs = self->firstNs;
            c.usage.readOpenAI(response.value(QLatin1String("usage")));
            c.servedModel = response.value(QLatin1String("model")).toString();
            self->succeeded(false);
            self->release().onResponse(response);
            self->end();
        };
        cb.onNativeEvent = [self](const QByteArray &type, const QJsonObject &data, const QByteArray &raw) {
            RequestContext &c = *self->ctx;
            self->firstByte();
            if (c.servedModel.isEmpty() && type == "message_start")
                c.servedModel = data.value(QLatin1String("message"))
                                    .toObject()
                                    .value(QLatin1String("model"))
                                    .toString();
            self->downstream.onNativeEvent(type, data, raw);
        };
        cb.onNativeResponse = [self](const QJsonObject &body) {
            RequestContext &c = *self->ctx;
            self->firstByte();
            c.upstreamEndNs = self->firstNs;
            c.servedModel = body.value(QLatin1String("model")).toString();
            self->succeeded(false);
            self->release().onNativeResponse(body);
            self->end();
        };
        cb.onUsage = [self](const Usage &usage) { self->ctx->usage = usage; };
        cb.onStreamEnd = [self] {
            self->ctx->upstreamEndNs = HttpClock::nowNs();
            self->countUnreportedUsage();
            self->succeeded(true);
            self->release().onStreamEnd();
            self->end();
        };
        cb.onError = [self](const GatewayError &error, bool midStream) { self->failed(error, midStream); };
        cancelCurrent = provider->chat(call, std::move(cb));
    }

    void firstByte()
    {
        if (firstNs)
            return;
        firstNs = HttpClock::nowNs();
        delivered = true;
        if (!ctx->upstreamFirstNs)
            ctx->upstreamFirstNs = firstNs;
    }

    void succeeded(bool streamed)
    {
        done = true;
        recordSuccess(streamed, firstNs, HttpClock::nowNs());
    }

    void failed(const GatewayError &error, bool midStream)
    {
        if (cancelled || done)
            return;
        recordFailure(error);
        end();
        if (midStream || delivered || !RetryPolicy::movesOn(error)) {
            done = true;
            ctx->upstreamEndNs = HttpClock::nowNs();
            if (midStream)
                countUnreportedUsage(); // what was streamed before the failure was generated
            release().onError(error, midStream || delivered);
            return;
        }
        if (ctx->attempts >= maxAttempts || pastDeadline(HttpClock::nowNs())) {
            finish(error);
            return;
        }
        const int next = nextAvailable();
        if (next >= 0) {
            retriesOfCurrent = 0;
            call(next);
            return;
        }
        retryCurrent(error);
    }

    /// Nothing else is left: the same deployment once more, after a backoff or its Retry-After.
    void retryCurrent(const GatewayError &error)
    {
        Provider *p = providers.at(index);
        if (!p || !RetryPolicy::retriesSameDeployment(error)) {
            finish(error);
            return;
        }
        int delay = retry.delayMs(retriesOfCurrent, error, random());
        if (delay < 0) {
            finish(error);
            return;
        }
        // A rate-limited provider is paused: wait out the pause, not less.
        const qint64 pausedFor
            = router->monitor().deployment(p->id(), ctx->plan.candidates.at(index).model).pausedUntilMs
            - ProviderMonitor::nowMs();
        delay = int(qMax<qint64>(delay, pausedFor));
        if (pastDeadline(HttpClock::nowNs() + qint64(delay) * 1000000)) {
            finish(error);
            return;
        }
        ++retriesOfCurrent;
        auto self = shared_from_this();
        // No context object: the timer must fire (and answer) even if the provider goes away.
        QTimer::singleShot(delay, [self, error] {
            if (self->cancelled || self->done)
                return;
            Provider *p = self->providers.at(self->index);
            const qint64 now = ProviderMonitor::nowMs();
            if (!p
                || !self->router->monitor().tryAcquire(
                    p->id(), self->ctx->plan.candidates.at(self->index).model, now)) {
                self->finish(error);
                return;
            }
            self->call(self->index);
        });
    }
};

/// The walk for an embeddings request: the next candidate on a failure that moves on, no retries.
struct EmbeddingsWalk : Walk, std::enable_shared_from_this<EmbeddingsWalk>
{
    QJsonObject body;
    std::function<void(const QJsonObject &)> onResult;
    std::function<void(const GatewayError &)> onError;

    void start()
    {
        const int i = nextAvailable();
        if (i < 0) {
            done = true;
            auto self = shared_from_this();
            QTimer::singleShot(0, [self] { self->onError(nothingAvailable(self->ctx->plan)); });
            return;
        }
        call(i);
    }

    void call(int i)
    {
        Provider *provider = begin(i);
        EmbeddingsCall call {body, ctx->plan.candidates.at(i).model, ctx->requestId};
        auto self = shared_from_this();
        cancelCurrent = provider->embeddings(
            call,
            [self](const QJsonObject &result) {
                if (self->cancelled || self->done)
                    return;
                self->done = true;
                RequestContext &c = *self->ctx;
                c.upstreamFirstNs = c.upstreamEndNs = HttpClock::nowNs();
                c.usage.promptTokens = result.value(QLatin1String("usage"))
                                           .toObject()
                                           .value(QLatin1String("prompt_tokens"))
                                           .toInteger();
                c.usage.reported = true;
                c.servedModel = result.value(QLatin1String("model")).toString();
                self->recordSuccess(false, c.upstreamEndNs, c.upstreamEndNs);
                self->onResult(result);
                self->end();
            },
            [self](const GatewayError &error) {
                if (self->cancelled || self->done)
                    return;
                self->recordFailure(error);
                self->end();
                if (RetryPolicy::movesOn(error) && self->ctx->attempts < self->maxAttempts
                    && !self->pastDeadline(HttpClock::nowNs())) {
                    const int next = self->nextAvailable();
                    if (next >= 0) {
                        self->call(next);
                        return;
                    }
                }
                self->done = true;
                self->ctx->upstreamEndNs = HttpClock::nowNs();
                self->onError(error);
            });
    }
};

} // namespace

CancelCall ExecuteStage::chat(const ContextPtr &ctx, ChatCallbacks downstream)
{
    auto walk = std::make_shared<ChatWalk>();
    walk->init(ctx, m_router, m_random);
    walk->downstream = std::move(downstream);
    walk->start();
    // Weak: the walk lives through its provider callbacks and timers, and the canceller must not
    // keep it (and, through its downstream callbacks, the whole exchange) alive in a cycle.
    std::weak_ptr<ChatWalk> weak = walk;
    return [weak] {
        if (auto walk = weak.lock()) {
            walk->cancel();
            walk->release();
        }
    };
}

CancelCall ExecuteStage::embeddings(const ContextPtr &ctx, const QJsonObject &body,
    std::function<void(const QJsonObject &)> onResult, std::function<void(const GatewayError &)> onError)
{
    auto walk = std::make_shared<EmbeddingsWalk>();
    walk->init(ctx, m_router, m_random);
    walk->body = body;
    walk->onResult = std::move(onResult);
    walk->onError = std::move(onError);
    walk->start();
    std::weak_ptr<EmbeddingsWalk> weak = walk;
    return [weak] {
        if (auto walk = weak.lock())
            walk->cancel();
    };
}
