// SPDX-License-Identifier: MIT
#include "api/anthropicapi.h"

#include "api/ingress.h"
#include "http/errorenvelope.h"
#include "http/httpserver.h"
#include "pipeline/pipeline.h"
#include "protocol/anthropicmessages.h"
#include "protocol/anthropicstreamwriter.h"
#include "protocol/sseparser.h"
#include "protocol/tokenestimate.h"

#include <QJsonDocument>

namespace {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// Anthropic's SDKs read the request id from `request-id`.
HttpExchange::Headers idHeader(const ExchangePtr &ex)
{
    return {{"request-id", ex->requestId()}};
}

/**
 * One Messages request answered to an Anthropic client: relays native events, or translates
 * canonical chunks as they arrive.
 */
class MessagesResponder : public std::enable_shared_from_this<MessagesResponder>
{
public:
    MessagesResponder(ExchangePtr ex, ContextPtr ctx, Pipeline &pipeline)
        : m_ex(std::move(ex))
        , m_ctx(std::move(ctx))
        , m_pipeline(pipeline)
        , m_writer(m_ctx->chat->model, m_ctx->chat->estimatedPromptTokens)
    { }

    void start()
    {
        auto self = shared_from_this();
        ChatCallbacks cb;
        cb.onChunk = [self](const QJsonObject &chunk, const QByteArray &) { self->onChunk(chunk); };
        cb.onResponse = [self](const QJsonObject &response) { self->onResponse(response); };
        cb.onNativeEvent = [self](const QByteArray &, const QJsonObject &, const QByteArray &raw) {
            self->onNativeEvent(raw);
        };
        cb.onNativeResponse = [self](const QJsonObject &body) { self->answer(body); };
        cb.onStreamEnd = [self] { self->onStreamEnd(); };
        cb.onError = [self](const GatewayError &e, bool midStream) { self->onError(e, midStream); };
        m_ctx->streamed = m_ctx->chat->stream;
        m_cancel = m_pipeline.execute(m_ctx, std::move(cb));
        m_ex->onClientGone([self] { self->onClientGone(); });
    }

private:
    void onClientGone()
    {
        if (m_done)
            return;
        m_done = true;
        if (m_cancel)
            m_cancel();
        m_ctx->status = 499;
        m_ctx->errorCode = QStringLiteral("client_closed_request");
        m_pipeline.settle(*m_ctx);
        m_pipeline.record(*m_ctx);
    }

    void send(const QByteArray &event)
    {
        if (!m_ex->isStreaming()) {
            m_ex->setOverheadMs(m_ctx->overheadMs(HttpClock::nowNs()));
            m_ex->beginStream(200, "text/event-stream; charset=utf-8", idHeader(m_ex));
        }
        m_ex->writeChunk(event);
    }

    void onNativeEvent(const QByteArray &raw)
    {
        if (m_done)
            return;
        if (!m_ctx->firstTokenNs)
            m_ctx->firstTokenNs = HttpClock::nowNs();
        m_native = true;
        send(raw);
    }

    void onChunk(const QJsonObject &chunk)
    {
        if (m_done)
            return;
        if (!m_ctx->firstTokenNs)
            m_ctx->firstTokenNs = HttpClock::nowNs();
        for (const AnthropicEvent &e : m_writer.feed(chunk))
            send(e.sse());
    }

    void onResponse(const QJsonObject &completion)
    {
        if (m_done)
            return;
        if (!completion.value(QLatin1String("usage")).isObject())
            m_ctx->usage = TokenEstimate::completionUsage(m_ctx->chat->estimatedPromptTokens, completion);
        answer(AnthropicMessages::responseFromOpenAI(completion));
    }

    /// The whole message (relayed or translated), with x-gateway.
    void answer(QJsonObject message)
    {
        if (m_done)
            return;
        m_done = true;
        m_ctx->status = 200;
        m_pipeline.settle(*m_ctx);
        if (!m_ctx->usage.reported)
            message.insert(QLatin1String("usage"), AnthropicMessages::usageToAnthropic(m_ctx->usage));
        const qint64 now = HttpClock::nowNs();
        message.insert(QLatin1String("x-gateway"), m_ctx->gatewayMeta(now));
        m_ex->setOverheadMs(m_ctx->overheadMs(now));
        m_ex->respond(200, "application/json", compact(message), idHeader(m_ex));
        m_pipeline.record(*m_ctx);
    }

    void onStreamEnd()
    {
        if (m_done)
            return;
        m_done = true;
        m_ctx->status = 200;
        m_pipeline.settle(*m_ctx);
        if (!m_native) {
            for (const AnthropicEvent &e : m_writer.finish(m_ctx->usage))
                send(e.sse());
        }
        m_ex->endStream();
        m_pipeline.record(*m_ctx);
    }

    void onError(const GatewayError &error, bool midStream)
    {
        if (m_done)
            return;
        m_done = true;
        m_ctx->status = error.status;
        m_ctx->errorCode = error.code;
        m_ctx->errorMessage = error.message;
        m_pipeline.settle(*m_ctx);
        if (!m_ex->isStreaming() && !midStream) {
            m_ex->setOverheadMs(m_ctx->overheadMs(HttpClock::nowNs()));
            m_ex->respond(error.status, "application/json", ErrorEnvelope::anthropic(error),
                ErrorEnvelope::headers(error) + idHeader(m_ex));
        } else {
            // As Anthropic does: an `error` event, and no message_stop (SDKs raise on it).
            send(Sse::event("error", ErrorEnvelope::anthropic(error)));
            m_ex->abortStream(false);
        }
        m_pipeline.record(*m_ctx);
    }

    ExchangePtr m_ex;
    ContextPtr m_ctx;
    Pipeline &m_pipeline;
    AnthropicStreamWriter m_writer;
    CancelCall m_cancel;
    bool m_native = false;
    bool m_done = false;
};

void refuse(const ExchangePtr &ex, RequestContext &ctx, const GatewayError &error)
{
    ctx.status = error.status;
    ctx.errorCode = error.code;
    ex->respond(error.status, "application/json", ErrorEnvelope::anthropic(error),
        ErrorEnvelope::headers(error) + idHeader(ex));
}

} // namespace

AnthropicApi::AnthropicApi(Pipeline &pipeline)
    : m_pipeline(pipeline)
{ }

void AnthropicApi::registerRoutes(HttpServer &server)
{
    server.route("POST", QStringLiteral("/v1/messages"), [this](const ExchangePtr &ex) { messages(ex); });
    server.route("POST", QStringLiteral("/v1/messages/count_tokens"),
        [this](const ExchangePtr &ex) { countTokens(ex); });
}

void AnthropicApi::messages(const ExchangePtr &ex)
{
    ContextPtr ctx = Ingress::newContext(ex, QStringLiteral("/v1/messages"));
    GatewayError error;
    auto body = parseJsonObjectBody(ex->request().body, &error);
    if (!body) {
        refuse(ex, *ctx, error);
        return;
    }
    Ingress::takeBodyExtensions(*body, *ctx);
    auto canonical = AnthropicMessages::requestToOpenAI(*body, &error);
    if (!canonical) {
        refuse(ex, *ctx, error);
        return;
    }
    auto request = ChatRequest::fromOpenAIObject(std::move(*canonical), &error);
    if (!request) {
        refuse(ex, *ctx, error);
        return;
    }
    auto native = std::make_shared<NativeRequest>();
    native->protocol = WireProtocol::Anthropic;
    native->body = std::move(*body);
    for (const auto &h : ex->request().headers) {
        if (h.first.compare("anthropic-version", Qt::CaseInsensitive) == 0
            || h.first.compare("anthropic-beta", Qt::CaseInsensitive) == 0)
            native->headers.append({h.first.toLower(), h.second});
    }
    ctx->plan.requested = request->model;
    ctx->chat = std::make_shared<const ChatRequest>(std::move(*request));
    ctx->native = std::move(native);
    if (auto refused = m_pipeline.admit(*ctx)) {
        refuse(ex, *ctx, *refused);
        m_pipeline.record(*ctx);
        return;
    }
    std::make_shared<MessagesResponder>(ex, ctx, m_pipeline)->start();
}

void AnthropicApi::countTokens(const ExchangePtr &ex)
{
    ContextPtr ctx = Ingress::newContext(ex, QStringLiteral("/v1/messages/count_tokens"));
    GatewayError error;
    auto body = parseJsonObjectBody(ex->request().body, &error);
    if (!body) {
        refuse(ex, *ctx, error);
        return;
    }
    Ingress::takeBodyExtensions(*body, *ctx);
    const auto canonical = AnthropicMessages::countRequestToOpenAI(*body, &error);
    if (!canonical) {
        refuse(ex, *ctx, error);
        return;
    }
    const QJsonObject out {{QLatin1String("input_tokens"), TokenEstimate::prompt(*canonical)}};
    ex->respond(200, "application/json", compact(out),
        HttpExchange::Headers {{"X-Switchyard-Token-Count", "estimate"}} + idHeader(ex));
}
