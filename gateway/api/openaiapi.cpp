// SPDX-License-Identifier: MIT
#include "api/openaiapi.h"

#include "api/chatresponder.h"
#include "api/ingress.h"
#include "http/errorenvelope.h"
#include "http/httpserver.h"
#include "pipeline/pipeline.h"
#include "protocol/sseparser.h"
#include "protocol/tokenestimate.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "routing/catalog.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/**
 * One chat completion answered to an OpenAI client: owns the relay state of a stream.
 */
class OpenAIChatResponder : public ChatResponder
{
public:
    using ChatResponder::ChatResponder;

private:
    void onResponse(QJsonObject response) override
    {
        if (m_done)
            return;
        QList<RawJson::Member> added; // top-level members added to the upstream's answer
        if (!response.value(QLatin1String("usage")).isObject()) {
            // The provider reported none: count it, and say so in x-gateway (usage_estimated).
            m_ctx->usage = TokenEstimate::completionUsage(m_ctx->chat->estimatedPromptTokens, response);
            added.append({QLatin1String("usage"), compact(m_ctx->usage.toOpenAI())});
        }
        settleAnswer();
        const qint64 now = HttpClock::nowNs();
        added.append({QLatin1String("x-gateway"), m_ctx->gatewayMetaJson(now)});
        m_ex->setOverheadMs(m_ctx->overheadMs(now));
        // The upstream's own bytes with the members spliced in, when it sent them (RawJson).
        m_ex->respond(
            200, "application/json", m_responseSource.serializeWith(response, added), m_ctx->responseHeaders);
        m_responseSource = {};
        m_pipeline.record(*m_ctx);
    }

    void send(const QByteArray &payload)
    {
        if (!m_ex->isStreaming()) {
            m_ex->setOverheadMs(m_ctx->overheadMs(HttpClock::nowNs()));
            m_ex->beginStream(200, "text/event-stream; charset=utf-8", m_ctx->responseHeaders);
        }
        m_ex->writeChunk(Sse::data(payload));
    }

    void flushHeld()
    {
        for (const QJsonObject &h : std::as_const(m_held))
            send(compact(h));
        m_held.clear();
    }

    void onChunk(const QJsonObject &chunk, const QByteArray &raw) override
    {
        if (m_done)
            return;
        if (!m_ctx->firstTokenNs)
            m_ctx->firstTokenNs = HttpClock::nowNs();
        // The chunk that finishes the answer and the usage chunk are held (briefly: the upstream
        // sends them back to back) so x-gateway with the final cost can ride on the last one.
        if (OpenAIFormat::hasFinishReason(chunk) || OpenAIFormat::isUsageOnly(chunk)) {
            m_held.append(chunk);
            return;
        }
        flushHeld();
        send(raw.isEmpty() ? compact(chunk) : raw);
    }

    void onStreamEnd() override
    {
        if (!settleAnswer())
            return;
        const bool wantUsage = m_ctx->chat->includeUsage;
        QList<QJsonObject> out;
        bool usageSent = false;
        for (QJsonObject h : std::as_const(m_held)) {
            if (OpenAIFormat::isUsageOnly(h)) {
                if (!wantUsage)
                    continue;
                h.insert(QLatin1String("usage"), m_ctx->usage.toOpenAI());
                usageSent = true;
            } else if (!wantUsage) {
                h.remove(QLatin1String("usage"));
            } else if (h.contains(QLatin1String("usage"))) {
                usageSent = true;
            }
            out.append(h);
        }
        if (wantUsage && !usageSent) {
            // The upstream reported no usage: send the counted one, as OpenAI would have.
            QJsonObject u
                = OpenAIFormat::chunk(OpenAIFormat::newCompletionId(), QDateTime::currentSecsSinceEpoch(),
                    m_ctx->servedModel.isEmpty() ? m_ctx->served.model : m_ctx->servedModel, QJsonArray());
            if (!out.isEmpty()) {
                u.insert(QLatin1String("id"), out.last().value(QLatin1String("id")));
                u.insert(QLatin1String("created"), out.last().value(QLatin1String("created")));
            }
            u.insert(QLatin1String("usage"), m_ctx->usage.toOpenAI());
            out.append(u);
        }
        m_held.clear();
        const qint64 now = HttpClock::nowNs();
        if (!out.isEmpty())
            out.last().insert(QLatin1String("x-gateway"), m_ctx->gatewayMeta(now));
        for (const QJsonObject &o : std::as_const(out))
            send(compact(o));
        send("[DONE]");
        m_ex->endStream();
        m_pipeline.record(*m_ctx);
    }

    void answerError(const GatewayError &error) override { ErrorEnvelope::respondOpenAI(*m_ex, error); }

    void endStreamWithError(const GatewayError &error) override
    {
        // Whatever was held is part of the answer; then the error, and no [DONE].
        flushHeld();
        send(ErrorEnvelope::openAI(error));
        m_ex->abortStream(false);
    }

    QList<QJsonObject> m_held;
};

} // namespace

OpenAIApi::OpenAIApi(Pipeline &pipeline, const Catalog &catalog, const ProviderRegistry &providers)
    : m_pipeline(pipeline)
    , m_catalog(catalog)
    , m_providers(providers)
{ }

void OpenAIApi::registerRoutes(HttpServer &server)
{
    for (const QString &prefix : {QStringLiteral("/v1"), QString()}) {
        server.route("POST", prefix + QStringLiteral("/chat/completions"),
            [this](const ExchangePtr &ex) { chatCompletions(ex); });
        server.route("POST", prefix + QStringLiteral("/embeddings"),
            [this](const ExchangePtr &ex) { embeddings(ex); });
        server.route(
            "GET", prefix + QStringLiteral("/models"), [this](const ExchangePtr &ex) { listModels(ex); });
        server.route(
            "GET", prefix + QStringLiteral("/models/{id*}"), [this](const ExchangePtr &ex) { getModel(ex); });
    }
}

void OpenAIApi::chatCompletions(const ExchangePtr &ex)
{
    ContextPtr ctx = Ingress::newContext(ex, QStringLiteral("/v1/chat/completions"));
    GatewayError error;
    auto request = ChatRequest::fromOpenAI(ex->request().body, &error);
    if (!request) {
        ctx->status = error.status;
        ErrorEnvelope::respondOpenAI(*ex, error);
        return;
    }
    Ingress::takeBodyExtensions(request->body, *ctx);
    ctx->plan.requested = request->model;
    ctx->chat = std::make_shared<const ChatRequest>(std::move(*request));
    if (auto refused = m_pipeline.admit(*ctx)) {
        ctx->status = refused->status;
        ctx->errorCode = refused->code;
        ctx->errorMessage = refused->message;
        ErrorEnvelope::respondOpenAI(*ex, *refused);
        m_pipeline.record(*ctx);
        return;
    }
    std::make_shared<OpenAIChatResponder>(ex, ctx, m_pipeline)->start();
}

void OpenAIApi::embeddings(const ExchangePtr &ex)
{
    ContextPtr ctx = Ingress::newContext(ex, QStringLiteral("/v1/embeddings"));
    GatewayError error;
    auto request = EmbeddingsRequest::fromOpenAI(ex->request().body, &error);
    if (!request) {
        ErrorEnvelope::respondOpenAI(*ex, error);
        return;
    }
    Ingress::takeBodyExtensions(request->body, *ctx);
    ctx->plan.requested = request->model;
    ctx->embeddingTokens = request->estimatedTokens;
    if (auto refused = m_pipeline.admit(*ctx)) {
        ctx->status = refused->status;
        ctx->errorCode = refused->code;
        ctx->errorMessage = refused->message;
        ErrorEnvelope::respondOpenAI(*ex, *refused);
        m_pipeline.record(*ctx);
        return;
    }
    const qint64 estimated = request->estimatedTokens;
    auto done = std::make_shared<bool>(false);
    CancelCall cancel = m_pipeline.executeEmbeddings(
        ctx, request->body,
        [this, ex, ctx, done, estimated](const QJsonObject &result) {
            if (*done)
                return;
            *done = true;
            QJsonObject out = result;
            if (!ctx->usage.promptTokens) {
                ctx->usage.promptTokens = estimated;
                ctx->usage.reported = false;
            }
            ctx->status = 200;
            m_pipeline.settle(*ctx);
            const qint64 now = HttpClock::nowNs();
            out.insert(QLatin1String("x-gateway"), ctx->gatewayMeta(now));
            ex->setOverheadMs(ctx->overheadMs(now));
            ex->respond(200, "application/json", compact(out), ctx->responseHeaders);
            m_pipeline.record(*ctx);
        },
        [this, ex, ctx, done](const GatewayError &e) {
            if (*done)
                return;
            *done = true;
            ctx->status = e.status;
            ctx->errorCode = e.code;
            ctx->errorMessage = e.message;
            m_pipeline.settle(*ctx);
            ex->setOverheadMs(ctx->overheadMs(HttpClock::nowNs()));
            GatewayError withHeaders = e;
            withHeaders.headers.append(ctx->responseHeaders);
            ErrorEnvelope::respondOpenAI(*ex, withHeaders);
            m_pipeline.record(*ctx);
        });
    ex->onClientGone([this, ctx, cancel, done] {
        if (*done)
            return;
        *done = true;
        if (cancel)
            cancel();
        ctx->status = 499; // settled like every other request: its reservation is given back
        ctx->errorCode = QStringLiteral("client_closed_request");
        m_pipeline.settle(*ctx);
        m_pipeline.record(*ctx);
    });
}

QJsonObject OpenAIApi::modelEntry(
    const QString &id, const QString &model, const QString &owner, bool local, bool isVirtual) const
{
    const ModelInfo info = m_catalog.model(model);
    QJsonObject o {{QLatin1String("id"), id}, {QLatin1String("object"), QStringLiteral("model")},
        {QLatin1String("created"), 0}, {QLatin1String("owned_by"), owner}};
    QJsonObject meta {{QLatin1String("provider"), owner}, {QLatin1String("local"), local},
        {QLatin1String("virtual"), isVirtual}, {QLatin1String("known_price"), info.known || isVirtual}};
    if (!isVirtual) {
        meta.insert(QLatin1String("input_per_1m"), info.inputPer1M);
        meta.insert(QLatin1String("output_per_1m"), info.outputPer1M);
        if (info.cachedInputPer1M >= 0)
            meta.insert(QLatin1String("cached_input_per_1m"), info.cachedInputPer1M);
        meta.insert(QLatin1String("quality"), info.quality);
        meta.insert(QLatin1String("context_window"), info.contextWindow);
        meta.insert(QLatin1String("capabilities"), QJsonArray::fromStringList(info.capabilities));
    }
    o.insert(QLatin1String("x-switchyard"), meta);
    return o;
}

QJsonArray OpenAIApi::modelEntries() const
{
    QJsonArray data;
    QSet<QString> seen;
    for (const QString &v : Router::virtualModels())
        data.append(modelEntry(v, v, QStringLiteral("switchyard"), false, true));
    for (Provider *p : m_providers.providers()) {
        for (const QString &m : p->models()) {
            if (seen.contains(m))
                continue;
            seen.insert(m);
            data.append(modelEntry(m, m, p->id(), p->isLocal(), false));
        }
    }
    return data;
}

void OpenAIApi::listModels(const ExchangePtr &ex)
{
    const QJsonObject out {
        {QLatin1String("object"), QStringLiteral("list")}, {QLatin1String("data"), modelEntries()}};
    ex->respond(200, "application/json", compact(out));
}

void OpenAIApi::getModel(const ExchangePtr &ex)
{
    const QString id = ex->request().pathArgs.value(0);
    for (const QJsonValue &v : modelEntries()) {
        if (v.toObject().value(QLatin1String("id")).toString() == id) {
            ex->respond(200, "application/json", compact(v.toObject()));
            return;
        }
    }
    // `provider/model`, as chat completions accept it (tools check a model before using it).
    const qsizetype slash = id.indexOf(u'/');
    if (slash > 0) {
        const Provider *p = m_providers.find(id.left(slash));
        const QString model = id.mid(slash + 1);
        if (p && p->models().contains(model)) {
            ex->respond(
                200, "application/json", compact(modelEntry(id, model, p->id(), p->isLocal(), false)));
            return;
        }
    }
    GatewayError e = GatewayError::notFound(
        QStringLiteral("The model '%1' does not exist or no enabled provider serves it.").arg(id),
        QStringLiteral("model_not_found"));
    e.param = QStringLiteral("model");
    ErrorEnvelope::respondOpenAI(*ex, e);
}
