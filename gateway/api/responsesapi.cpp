// SPDX-License-Identifier: MIT
#include "api/responsesapi.h"

#include "api/chatresponder.h"
#include "api/ingress.h"
#include "http/errorenvelope.h"
#include "http/httpserver.h"
#include "pipeline/pipeline.h"
#include "protocol/openairesponses.h"
#include "protocol/responsesstreamwriter.h"
#include "protocol/sseparser.h"
#include "protocol/tokenestimate.h"

#include <QDateTime>
#include <QJsonDocument>

namespace {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// The code a Responses client reads a failure by (Codex retries rate limits and overloads).
QString responsesCode(const GatewayError &e)
{
    if (e.status == 429)
        return QStringLiteral("rate_limit_exceeded");
    if (e.status == 529 || e.status == 503)
        return QStringLiteral("server_is_overloaded");
    if (e.code == QLatin1String("context_length_exceeded"))
        return e.code;
    return e.code.isEmpty() ? QStringLiteral("server_error") : e.code;
}

/** What the answer needs to know about its request. */
struct ResponseJob
{
    QJsonObject shell; ///< response object before output
    OpenAIResponses::ToolNames tools;
    QJsonArray conversation; ///< input items so far (history + this input)
    bool store = true;
    QByteArray owner;
};

/**
 * One Responses request answered: typed events as chunks arrive, or the whole response object;
 * stored for previous_response_id unless `store: false`.
 */
class ResponsesResponder : public ChatResponder
{
public:
    ResponsesResponder(
        ExchangePtr ex, ContextPtr ctx, Pipeline &pipeline, ResponseJob job, ResponseStore &store)
        : ChatResponder(std::move(ex), std::move(ctx), pipeline)
        , m_job(std::move(job))
        , m_store(store)
        , m_writer(m_job.shell, m_job.tools)
    { }

private:
    void send(const QList<QJsonObject> &events)
    {
        if (!m_ex->isStreaming()) {
            m_ex->setOverheadMs(m_ctx->overheadMs(HttpClock::nowNs()));
            m_ex->beginStream(200, "text/event-stream; charset=utf-8", m_ctx->responseHeaders);
            sendEvents(m_writer.start());
        }
        sendEvents(events);
    }

    void sendEvents(const QList<QJsonObject> &events)
    {
        for (const QJsonObject &e : events)
            m_ex->writeChunk(Sse::event(e.value(QLatin1String("type")).toString().toUtf8(), compact(e)));
    }

    void keep(const QJsonObject &response)
    {
        if (!m_job.store)
            return;
        QJsonArray conversation = m_job.conversation;
        for (const QJsonValue &item : response.value(QLatin1String("output")).toArray())
            conversation.append(item);
        m_store.put(response.value(QLatin1String("id")).toString(), m_job.owner, response, conversation);
    }

    void onChunk(const QJsonObject &chunk, const QByteArray &) override
    {
        if (m_done)
            return;
        if (!m_ctx->firstTokenNs)
            m_ctx->firstTokenNs = HttpClock::nowNs();
        send(m_writer.feed(chunk));
    }

    void onResponse(QJsonObject completion) override
    {
        if (m_done)
            return;
        if (!completion.value(QLatin1String("usage")).isObject())
            m_ctx->usage = TokenEstimate::completionUsage(m_ctx->chat->estimatedPromptTokens, completion);
        settleAnswer();
        const QJsonObject response
            = OpenAIResponses::responseFromOpenAI(completion, m_job.shell, m_job.tools, m_ctx->usage);
        keep(response);
        QJsonObject out = response;
        const qint64 now = HttpClock::nowNs();
        out.insert(QLatin1String("x-gateway"), m_ctx->gatewayMeta(now));
        m_ex->setOverheadMs(m_ctx->overheadMs(now));
        m_ex->respond(200, "application/json", compact(out), m_ctx->responseHeaders);
        m_pipeline.record(*m_ctx);
    }

    void onStreamEnd() override
    {
        if (!settleAnswer())
            return;
        const QJsonObject meta {{QLatin1String("x-gateway"), m_ctx->gatewayMeta(HttpClock::nowNs())}};
        send(m_writer.finish(m_ctx->usage, meta));
        m_ex->endStream();
        keep(m_writer.response());
        m_pipeline.record(*m_ctx);
    }

    void answerError(const GatewayError &error) override { ErrorEnvelope::respondOpenAI(*m_ex, error); }

    void endStreamWithError(const GatewayError &error) override
    {
        // response.failed is the stream's own terminal event: the body then ends cleanly.
        GatewayError reported = error;
        reported.code = responsesCode(error);
        send(m_writer.fail(reported));
        m_ex->endStream();
    }

    ResponseJob m_job;
    ResponseStore &m_store;
    ResponsesStreamWriter m_writer;
};

void refuse(const ExchangePtr &ex, RequestContext &ctx, const GatewayError &error)
{
    ctx.status = error.status;
    ctx.errorCode = error.code;
    ErrorEnvelope::respondOpenAI(*ex, error);
}

GatewayError responseNotFound(const QString &id, const QString &param)
{
    GatewayError e = GatewayError::notFound(
        QStringLiteral("Response with id '%1' not found. Switchyard keeps responses in memory (until it "
                       "restarts, for at most 6 hours) and never keeps those created with store: false.")
            .arg(id),
        param.isEmpty() ? QStringLiteral("response_not_found")
                        : QStringLiteral("previous_response_not_found"));
    e.param = param;
    return e;
}

} // namespace

ResponsesApi::ResponsesApi(Pipeline &pipeline)
    : m_pipeline(pipeline)
{ }

void ResponsesApi::registerRoutes(HttpServer &server)
{
    for (const QString &prefix : {QStringLiteral("/v1"), QString()}) {
        server.route(
            "POST", prefix + QStringLiteral("/responses"), [this](const ExchangePtr &ex) { create(ex); });
        server.route("GET", prefix + QStringLiteral("/responses/{id}"),
            [this](const ExchangePtr &ex) { retrieve(ex); });
        server.route("DELETE", prefix + QStringLiteral("/responses/{id}"),
            [this](const ExchangePtr &ex) { remove(ex); });
    }
}

void ResponsesApi::create(const ExchangePtr &ex)
{
    ContextPtr ctx = Ingress::newContext(ex, QStringLiteral("/v1/responses"));
    GatewayError error;
    auto parsed = parseJsonObjectBody(ex->request().body, &error);
    if (!parsed) {
        refuse(ex, *ctx, error);
        return;
    }
    QJsonObject body = std::move(*parsed);
    Ingress::takeBodyExtensions(body, *ctx);
    ResponseJob job;
    job.owner = ResponseStore::ownerOf(ctx->clientKey);
    const QJsonValue store = body.value(QLatin1String("store"));
    job.store = !(store.isBool() && !store.toBool());
    QJsonArray history;
    const QJsonValue previous = body.value(QLatin1String("previous_response_id"));
    if (previous.isString() && !previous.toString().isEmpty()) {
        const ResponseStore::Entry *entry
            = m_store.find(previous.toString(), job.owner, QDateTime::currentMSecsSinceEpoch());
        if (!entry) {
            refuse(ex, *ctx, responseNotFound(previous.toString(), QStringLiteral("previous_response_id")));
            return;
        }
        history = entry->conversation;
    }
    auto translated = OpenAIResponses::requestToOpenAI(body, history, &error);
    if (!translated) {
        refuse(ex, *ctx, error);
        return;
    }
    auto request = ChatRequest::fromOpenAIObject(std::move(translated->chat), &error);
    if (!request) {
        refuse(ex, *ctx, error);
        return;
    }
    job.shell = OpenAIResponses::responseShell(
        OpenAIResponses::newId("resp"), QDateTime::currentSecsSinceEpoch(), body);
    job.tools = std::move(translated->tools);
    job.conversation = std::move(translated->inputItems);
    auto native = std::make_shared<NativeRequest>();
    native->protocol = WireProtocol::Responses;
    native->body = std::move(body);
    ctx->plan.requested = request->model;
    ctx->chat = std::make_shared<const ChatRequest>(std::move(*request));
    ctx->native = std::move(native);
    if (auto refused = m_pipeline.admit(*ctx)) {
        refuse(ex, *ctx, *refused);
        m_pipeline.record(*ctx);
        return;
    }
    std::make_shared<ResponsesResponder>(ex, ctx, m_pipeline, std::move(job), m_store)->start();
}

void ResponsesApi::retrieve(const ExchangePtr &ex)
{
    const QString id = ex->request().pathArgs.value(0);
    const ResponseStore::Entry *entry = m_store.find(
        id, ResponseStore::ownerOf(Ingress::clientKey(ex->request())), QDateTime::currentMSecsSinceEpoch());
    if (!entry) {
        ErrorEnvelope::respondOpenAI(*ex, responseNotFound(id, {}));
        return;
    }
    ex->respond(200, "application/json", compact(entry->response));
}

void ResponsesApi::remove(const ExchangePtr &ex)
{
    const QString id = ex->request().pathArgs.value(0);
    if (!m_store.remove(id, ResponseStore::ownerOf(Ingress::clientKey(ex->request())))) {
        ErrorEnvelope::respondOpenAI(*ex, responseNotFound(id, {}));
        return;
    }
    ex->respond(200, "application/json",
        compact({{QLatin1String("id"), id}, {QLatin1String("object"), QStringLiteral("response")},
            {QLatin1String("deleted"), true}}));
}
