// SPDX-License-Identifier: MIT
#include "api/geminiapi.h"

#include "api/chatresponder.h"
#include "api/ingress.h"
#include "http/errorenvelope.h"
#include "http/httpserver.h"
#include "pipeline/pipeline.h"
#include "protocol/geminicontent.h"
#include "protocol/geministreamwriter.h"
#include "protocol/sseparser.h"
#include "protocol/tokenestimate.h"

#include <QJsonDocument>

namespace {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/**
 * One generateContent / streamGenerateContent request answered to a Gemini client: relayed
 * native events as they are, or canonical chunks translated as they arrive. Without `alt=sse`
 * a stream is Google's JSON array (`[{...},\r\n{...}]`), sent piece by piece.
 */
class GeminiResponder : public ChatResponder
{
public:
    GeminiResponder(ExchangePtr ex, ContextPtr ctx, Pipeline &pipeline, bool sse)
        : ChatResponder(std::move(ex), std::move(ctx), pipeline)
        , m_writer(m_ctx->chat->model)
        , m_sse(sse)
    { }

private:
    void send(const QJsonObject &response)
    {
        if (!m_ex->isStreaming()) {
            m_ex->setOverheadMs(m_ctx->overheadMs(HttpClock::nowNs()));
            m_ex->beginStream(
                200, m_sse ? "text/event-stream" : "application/json; charset=UTF-8", m_ctx->responseHeaders);
        }
        if (m_sse) {
            m_ex->writeChunk(Sse::data(compact(response)));
            return;
        }
        m_ex->writeChunk((m_sentAny ? QByteArray(",\r\n") : QByteArray("[")) + compact(response));
        m_sentAny = true;
    }

    void endArray()
    {
        if (!m_sse)
            m_ex->writeChunk(m_sentAny ? QByteArray("]") : QByteArray("[]"));
    }

    void onNativeEvent(const QByteArray &, const QJsonObject &data, const QByteArray &) override
    {
        if (m_done)
            return;
        if (!m_ctx->firstTokenNs)
            m_ctx->firstTokenNs = HttpClock::nowNs();
        send(data);
    }

    void onChunk(const QJsonObject &chunk, const QByteArray &) override
    {
        if (m_done)
            return;
        if (!m_ctx->firstTokenNs)
            m_ctx->firstTokenNs = HttpClock::nowNs();
        m_translated = true;
        for (const QJsonObject &r : m_writer.feed(chunk))
            send(r);
    }

    void onResponse(QJsonObject completion) override
    {
        if (m_done)
            return;
        if (!completion.value(QLatin1String("usage")).isObject()) {
            m_ctx->usage = TokenEstimate::completionUsage(m_ctx->chat->estimatedPromptTokens, completion);
            completion.insert(QLatin1String("usage"), m_ctx->usage.toOpenAI());
        }
        answer(GeminiContent::responseFromOpenAI(completion));
    }

    void onNativeResponse(const QJsonObject &body) override { answer(body); }

    void answer(QJsonObject response)
    {
        if (!settleAnswer())
            return;
        const qint64 now = HttpClock::nowNs();
        response.insert(QLatin1String("x-gateway"), m_ctx->gatewayMeta(now));
        m_ex->setOverheadMs(m_ctx->overheadMs(now));
        m_ex->respond(200, "application/json; charset=UTF-8", compact(response), m_ctx->responseHeaders);
        m_pipeline.record(*m_ctx);
    }

    void onStreamEnd() override
    {
        if (!settleAnswer())
            return;
        if (m_translated || !m_ex->isStreaming()) {
            for (const QJsonObject &r : m_writer.finish(m_ctx->usage))
                send(r);
        }
        endArray();
        m_ex->endStream();
        m_pipeline.record(*m_ctx);
    }

    void answerError(const GatewayError &error) override { ErrorEnvelope::respondGemini(*m_ex, error); }

    void endStreamWithError(const GatewayError &error) override
    {
        // As Google does: the error as the stream's last element, and no clean end.
        send(QJsonDocument::fromJson(ErrorEnvelope::gemini(error)).object());
        endArray();
        m_ex->abortStream(false);
    }

    GeminiStreamWriter m_writer;
    bool m_sse;
    bool m_sentAny = false;
    bool m_translated = false;
};

void refuse(const ExchangePtr &ex, RequestContext &ctx, const GatewayError &error)
{
    ctx.status = error.status;
    ctx.errorCode = error.code;
    ErrorEnvelope::respondGemini(*ex, error);
}

} // namespace

GeminiApi::GeminiApi(Pipeline &pipeline)
    : m_pipeline(pipeline)
{ }

void GeminiApi::registerRoutes(HttpServer &server)
{
    for (const QString &prefix :
        {QStringLiteral("/v1beta/models/{call*}"), QStringLiteral("/v1/models/{call*}")})
        server.route("POST", prefix, [this](const ExchangePtr &ex) { call(ex); });
}

void GeminiApi::call(const ExchangePtr &ex)
{
    // "gemini-2.5-flash:streamGenerateContent" (the model may be provider/model, or models/...).
    QString target = ex->request().pathArgs.value(0);
    if (target.startsWith(QLatin1String("models/")))
        target = target.mid(7);
    const qsizetype colon = target.lastIndexOf(u':');
    const QString model = colon > 0 ? target.left(colon) : QString();
    const QString method = colon > 0 ? target.mid(colon + 1) : QString();
    if (method == QLatin1String("generateContent"))
        return generate(ex, model, false);
    if (method == QLatin1String("streamGenerateContent"))
        return generate(ex, model, true);
    if (method == QLatin1String("countTokens"))
        return countTokens(ex, model);
    ErrorEnvelope::respondGemini(*ex,
        GatewayError::notFound(
            QStringLiteral("Method '%1' is not served by Switchyard's Gemini API (generateContent, "
                           "streamGenerateContent and countTokens are).")
                .arg(method.isEmpty() ? target : method),
            QStringLiteral("unknown_method")));
}

void GeminiApi::generate(const ExchangePtr &ex, const QString &model, bool stream)
{
    const QString endpoint = stream ? QStringLiteral("/v1beta/models:streamGenerateContent")
                                    : QStringLiteral("/v1beta/models:generateContent");
    ContextPtr ctx = Ingress::newContext(ex, endpoint);
    GatewayError error;
    auto parsed = parseJsonObjectBody(ex->request().body, &error);
    if (!parsed) {
        refuse(ex, *ctx, error);
        return;
    }
    QJsonObject body = std::move(*parsed);
    Ingress::takeBodyExtensions(body, *ctx);
    auto canonical = GeminiContent::requestToOpenAI(body, model, stream, &error);
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
    native->protocol = WireProtocol::Gemini;
    native->body = std::move(body);
    ctx->plan.requested = request->model;
    ctx->chat = std::make_shared<const ChatRequest>(std::move(*request));
    ctx->native = std::move(native);
    if (auto refused = m_pipeline.admit(*ctx)) {
        refuse(ex, *ctx, *refused);
        m_pipeline.record(*ctx);
        return;
    }
    const bool sse = ex->request().query.queryItemValue(QStringLiteral("alt")) == QLatin1String("sse");
    std::make_shared<GeminiResponder>(ex, ctx, m_pipeline, sse)->start();
}

void GeminiApi::countTokens(const ExchangePtr &ex, const QString &model)
{
    ContextPtr ctx = Ingress::newContext(ex, QStringLiteral("/v1beta/models:countTokens"));
    GatewayError error;
    auto parsed = parseJsonObjectBody(ex->request().body, &error);
    if (!parsed) {
        refuse(ex, *ctx, error);
        return;
    }
    // countTokens takes the contents directly, or a whole generateContentRequest.
    QJsonObject body = parsed->value(QLatin1String("generateContentRequest")).toObject();
    if (body.isEmpty())
        body = *parsed;
    auto canonical = GeminiContent::requestToOpenAI(body, model, false, &error);
    if (!canonical) {
        refuse(ex, *ctx, error);
        return;
    }
    ex->respond(200, "application/json; charset=UTF-8",
        compact({{QLatin1String("totalTokens"), TokenEstimate::prompt(*canonical)}}),
        {{"X-Switchyard-Token-Count", "estimate"}});
}
