// SPDX-License-Identifier: MIT
#include "api/anthropicapi.h"

#include "api/chatresponder.h"
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
class MessagesResponder : public ChatResponder
{
public:
    MessagesResponder(ExchangePtr ex, ContextPtr ctx, Pipeline &pipeline)
        : ChatResponder(std::move(ex), std::move(ctx), pipeline)
        , m_writer(m_ctx->chat->model, m_ctx->chat->estimatedPromptTokens)
    { }

private:
    void send(const QByteArray &event)
    {
        if (!m_ex->isStreaming()) {
            m_ex->setOverheadMs(m_ctx->overheadMs(HttpClock::nowNs()));
            m_ex->beginStream(
                200, "text/event-stream; charset=utf-8", idHeader(m_ex) + m_ctx->responseHeaders);
        }
        m_ex->writeChunk(event);
    }

    void onNativeEvent(const QByteArray &, const QJsonObject &, const QByteArray &raw) override
    {
        if (m_done)
            return;
        if (!m_ctx->firstTokenNs)
            m_ctx->firstTokenNs = HttpClock::nowNs();
        m_native = true;
        send(raw);
    }

    void onChunk(const QJsonObject &chunk, const QByteArray &) override
    {
        if (m_done)
            return;
        if (!m_ctx->firstTokenNs)
            m_ctx->firstTokenNs = HttpClock::nowNs();
        for (const AnthropicEvent &e : m_writer.feed(chunk))
            send(e.sse());
    }

    void onResponse(QJsonObject completion) override
    {
        if (m_done)
            return;
        if (!completion.value(QLatin1String("usage")).isObject())
            m_ctx->usage = TokenEstimate::completionUsage(m_ctx->chat->estimatedPromptTokens, completion);
        answer(AnthropicMessages::responseFromOpenAI(completion));
    }

    void onNativeResponse(const QJsonObject &message) override { answer(message); }

    /// The whole message (relayed or translated), with x-gateway.
    void answer(QJsonObject message)
    {
        if (!settleAnswer())
            return;
        if (!m_ctx->usage.reported)
            message.insert(QLatin1String("usage"), AnthropicMessages::usageToAnthropic(m_ctx->usage));
        const qint64 now = HttpClock::nowNs();
        message.insert(QLatin1String("x-gateway"), m_ctx->gatewayMeta(now));
        m_ex->setOverheadMs(m_ctx->overheadMs(now));
        m_ex->respond(200, "application/json", compact(message), idHeader(m_ex) + m_ctx->responseHeaders);
        m_pipeline.record(*m_ctx);
    }

    void onStreamEnd() override
    {
        if (!settleAnswer())
            return;
        if (!m_native) {
            for (const AnthropicEvent &e : m_writer.finish(m_ctx->usage))
                send(e.sse());
        }
        m_ex->endStream();
        m_pipeline.record(*m_ctx);
    }

    void answerError(const GatewayError &error) override
    {
        m_ex->respond(error.status, "application/json", ErrorEnvelope::anthropic(error),
            ErrorEnvelope::headers(error) + idHeader(m_ex));
    }

    void endStreamWithError(const GatewayError &error) override
    {
        // As Anthropic does: an `error` event, and no message_stop (SDKs raise on it).
        send(Sse::event("error", ErrorEnvelope::anthropic(error)));
        m_ex->abortStream(false);
    }

    AnthropicStreamWriter m_writer;
    bool m_native = false;
};

void refuse(const ExchangePtr &ex, RequestContext &ctx, const GatewayError &error)
{
    ctx.status = error.status;
    ctx.errorCode = error.code;
    ctx.errorMessage = error.message;
    ex->respond(error.status, "application/json", ErrorEnvelope::anthropic(error),
        ErrorEnvelope::headers(error) + idHeader(ex));
}

/// The request's body (extensions taken out) and its canonical form, or an answered refusal.
std::optional<QJsonObject> parse(const ExchangePtr &ex, RequestContext &ctx,
    std::optional<QJsonObject> (*translate)(const QJsonObject &, GatewayError *), QJsonObject *body)
{
    GatewayError error;
    auto parsed = parseJsonObjectBody(ex->request().body, &error);
    std::optional<QJsonObject> canonical;
    if (parsed) {
        *body = std::move(*parsed);
        Ingress::takeBodyExtensions(*body, ctx);
        canonical = translate(*body, &error);
    }
    if (!canonical)
        refuse(ex, ctx, error);
    return canonical;
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
    QJsonObject body;
    GatewayError error;
    auto canonical = parse(ex, *ctx, AnthropicMessages::requestToOpenAI, &body);
    if (!canonical)
        return;
    auto request = ChatRequest::fromOpenAIObject(std::move(*canonical), &error);
    if (!request) {
        refuse(ex, *ctx, error);
        return;
    }
    auto native = std::make_shared<NativeRequest>();
    native->protocol = WireProtocol::Anthropic;
    native->body = std::move(body);
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
    QJsonObject body;
    const auto canonical = parse(ex, *ctx, AnthropicMessages::countRequestToOpenAI, &body);
    if (!canonical)
        return;
    const QJsonObject out {{QLatin1String("input_tokens"), TokenEstimate::prompt(*canonical)}};
    ex->respond(200, "application/json", compact(out),
        HttpExchange::Headers {{"X-Switchyard-Token-Count", "estimate"}} + idHeader(ex));
}
