// SPDX-License-Identifier: MIT
#include "engine/engine.h"

#include "api/adminapi.h"
#include "api/anthropicapi.h"
#include "api/gatewayapi.h"
#include "api/geminiapi.h"
#include "api/openaiapi.h"
#include "api/responsesapi.h"
#include "api/routingapi.h"
#include "engine/configeditor.h"
#include "http/errorenvelope.h"
#include "http/httpserver.h"
#include "http/originpolicy.h"
#include "pipeline/pipeline.h"
#include "providers/providerregistry.h"
#include "providers/upstreamclient.h"
#include "reliability/healthprober.h"
#include "reliability/providermonitor.h"
#include "routing/catalog.h"
#include "routing/router.h"
#include "routing/routingpreview.h"
#include "routing/whatifreplay.h"
#include "store/store.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcEngine, "switchyard.engine", QtInfoMsg)

struct Engine::Services
{
    Catalog catalog;
    Store store;
    UpstreamClient upstream;
    ProviderMonitor monitor;
    std::unique_ptr<ProviderRegistry> providers;
    std::unique_ptr<Router> router;
    std::unique_ptr<HealthProber> prober;
    std::unique_ptr<ConfigEditor> editor;
    std::unique_ptr<Pipeline> pipeline;
    std::unique_ptr<OpenAIApi> openai;
    std::unique_ptr<AnthropicApi> anthropic;
    std::unique_ptr<ResponsesApi> responses;
    std::unique_ptr<GeminiApi> gemini;
    std::unique_ptr<GatewayApi> gateway;
    std::unique_ptr<RoutingApi> routing;
    std::unique_ptr<AdminApi> admin;
    std::unique_ptr<HttpServer> http;
    OriginPolicy origins;
    LiveStats stats;
    QElapsedTimer uptime;
    QHostAddress address;
    quint64 inProcessCounter = 0;
    quint16 pausedPort = 0;
};

Engine::Engine(EngineOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_s(std::make_unique<Services>())
{
    qRegisterMetaType<RequestLogRow>();
    qRegisterMetaType<EngineSnapshot>();
}

Engine::~Engine()
{
    // The listener and its exchanges go first, while everything their last callbacks touch
    // (pipeline, stats, store) still exists: an engine deleted with requests in flight (after a
    // drain timeout) must not record into destroyed members.
    if (m_s->http) {
        m_s->http->stopListening();
        m_s->http.reset();
    }
}

bool Engine::start(QString *error)
{
    const Config &config = m_options.config;
    if (!m_s->catalog.load(config.models, error))
        return false;
    if (!m_s->store.open(m_options.databasePath(), error))
        return false;
    // "Today" survives a restart: the log's totals since local midnight, queried before any
    // request can be logged (the store thread answers in order), so nothing counts twice.
    m_s->store.totalsSince(LiveStats::startOfTodayMs(QDateTime::currentMSecsSinceEpoch()),
        [this](
            qint64 requests, qint64 tokens, double cost) { m_s->stats.seedToday(requests, tokens, cost); });

    m_s->providers = std::make_unique<ProviderRegistry>(m_s->catalog, &m_s->upstream);
    m_s->providers->configure(config.providers);
    m_s->monitor.setConfig(config.routing.circuitBreaker);
    m_s->router = std::make_unique<Router>(m_s->catalog, *m_s->providers, &m_s->monitor);
    m_s->router->setConfig(config.routing);
    // Discovered models (Ollama) join the deployment table as they appear.
    connect(m_s->providers.get(), &ProviderRegistry::modelsChanged, this, [this] { m_s->router->rebuild(); });
    m_s->prober = std::make_unique<HealthProber>(*m_s->providers, m_s->monitor);
    m_s->prober->setInterval(config.routing.healthCheckIntervalMs);
    m_s->editor = std::make_unique<ConfigEditor>(m_options.config, m_options.configPath, *m_s->router,
        *m_s->providers, m_s->monitor, m_s->prober.get());
    m_s->pipeline = std::make_unique<Pipeline>(*m_s->router, m_s->catalog, [this](RequestLogRow &&row) {
        m_s->stats.add(row);
        Q_EMIT requestFinished(row);
        m_s->store.append(std::move(row));
    });
    m_s->openai = std::make_unique<OpenAIApi>(*m_s->pipeline, m_s->catalog, *m_s->providers);
    m_s->anthropic = std::make_unique<AnthropicApi>(*m_s->pipeline);
    m_s->responses = std::make_unique<ResponsesApi>(*m_s->pipeline);
    m_s->gemini = std::make_unique<GeminiApi>(*m_s->pipeline);
    m_s->gateway = std::make_unique<GatewayApi>(*m_s->providers, m_s->store);
    m_s->routing = std::make_unique<RoutingApi>(
        *m_s->pipeline, *m_s->router, *m_s->providers, m_options.config, m_s->store);
    m_s->admin = std::make_unique<AdminApi>(*m_s->editor, m_options.config);

    HttpLimits limits;
    limits.maxBodyBytes = config.server.maxBodyBytes;
    m_s->http = std::make_unique<HttpServer>(limits);
    QHostAddress address(config.server.host);
    if (config.server.host == QLatin1String("localhost"))
        address = QHostAddress(QHostAddress::LocalHost);
    m_s->origins = OriginPolicy(config.server.allowedOrigins, address.isLoopback());
    m_s->http->setFilter([this](const ExchangePtr &ex) {
        const HttpRequest &req = ex->request();
        const QByteArray origin = req.header("origin");
        if (req.method == "OPTIONS") {
            // CORS preflight: answered only for allowed origins.
            if (m_s->origins.isAllowedOrigin(origin))
                ex->respond(204, {}, {}, m_s->origins.corsHeaders(origin, true));
            else
                ErrorEnvelope::respondForPath(*ex,
                    m_s->origins.check(req).value_or(GatewayError {403, QStringLiteral("permission_error"),
                        QStringLiteral("origin_not_allowed"),
                        QStringLiteral("CORS preflight refused: origin not allowed."), {}, -1}));
            return true;
        }
        if (auto refused = m_s->origins.check(req)) {
            ErrorEnvelope::respondForPath(*ex, *refused);
            return true;
        }
        return false;
    });
    m_s->openai->registerRoutes(*m_s->http);
    m_s->anthropic->registerRoutes(*m_s->http);
    m_s->responses->registerRoutes(*m_s->http);
    m_s->gemini->registerRoutes(*m_s->http);
    m_s->gateway->registerRoutes(*m_s->http);
    m_s->routing->registerRoutes(*m_s->http);
    m_s->admin->registerRoutes(*m_s->http);
    if (!m_s->http->listen(address, quint16(config.server.port), error))
        return false;
    m_s->address = address;
    m_s->uptime.start();
    m_s->providers->startAll();
    m_s->prober->start();
    m_running = true;
    qCInfo(lcEngine) << "listening on" << baseUrl().toString();
    Q_EMIT started(baseUrl());
    return true;
}

void Engine::stop(int drainTimeoutMs)
{
    if (!m_running || m_stopping)
        return;
    m_stopping = true;
    m_s->http->stopListening();
    m_s->prober->stop();
    m_s->gateway->setDraining(true);
    if (m_s->http->activeExchanges() == 0) {
        QTimer::singleShot(0, this, &Engine::finishStop);
        return;
    }
    qCInfo(lcEngine).noquote() << "draining in-flight requests:" << m_s->http->activeExchanges();
    // Queued: `drained` fires inside the last exchange's final write, before that request is
    // recorded; its log row must reach the store before the final flush.
    connect(m_s->http.get(), &HttpServer::drained, this, &Engine::finishStop,
        static_cast<Qt::ConnectionType>(Qt::QueuedConnection | Qt::SingleShotConnection));
    QTimer::singleShot(drainTimeoutMs, this, &Engine::finishStop);
}

void Engine::finishStop()
{
    if (!m_running)
        return;
    m_running = false;
    m_s->store.flushAndWait();
    Q_EMIT stopped();
}

QUrl Engine::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_options.config.server.host);
    url.setPort(port());
    return url;
}

bool Engine::portInUse() const
{
    return m_s->http && m_s->http->lastListenFailedInUse();
}

QJsonArray Engine::models() const
{
    return m_s->openai ? m_s->openai->modelEntries() : QJsonArray();
}

quint16 Engine::port() const
{
    if (m_paused)
        return m_s->pausedPort;
    return m_s->http ? m_s->http->port() : 0;
}

ProviderRegistry &Engine::providers()
{
    return *m_s->providers;
}

ProviderMonitor &Engine::monitor()
{
    return m_s->monitor;
}

ConfigEditor &Engine::configEditor()
{
    return *m_s->editor;
}

QList<PreviewRow> Engine::previewRouting(
    const RoutingConfig &edited, const QList<PreviewPrompt> &prompts) const
{
    return RoutingPreview::run(*m_s->router, edited, prompts);
}

void Engine::whatIf(
    const RoutingConfig &edited, int lastRequests, std::function<void(const WhatIfSummary &)> done)
{
    WhatIfReplay::fromLog(m_s->store, *m_s->router, edited, lastRequests, std::move(done));
}

Store &Engine::store()
{
    return m_s->store;
}

const Catalog &Engine::catalog() const
{
    return m_s->catalog;
}

Router &Engine::router()
{
    return *m_s->router;
}

UpstreamClient &Engine::upstreamClient()
{
    return m_s->upstream;
}

EngineSnapshot Engine::snapshot()
{
    EngineSnapshot s;
    s.listening = m_running && !m_paused && !m_stopping;
    s.baseUrl = baseUrl().toString();
    s.port = port();
    s.uptimeMs = m_s->uptime.isValid() ? m_s->uptime.elapsed() : 0;
    if (m_s->providers) {
        const qint64 now = ProviderMonitor::nowMs();
        for (Provider *p : m_s->providers->providers()) {
            const QJsonObject h = p->health();
            ProviderSnapshot ps;
            ps.id = p->id();
            ps.type = p->type();
            ps.status = h.value(QLatin1String("status")).toString();
            ps.message = h.value(QLatin1String("message")).toString();
            ps.models = int(p->models().size());
            ps.local = p->isLocal();
            const ProviderHealth &health = m_s->monitor.provider(p->id());
            ps.circuit = CircuitBreaker::stateName(health.breaker.state());
            ps.available = health.isAvailable(now);
            const Percentiles latency = health.stats.latency(now);
            ps.p50Ms = latency.p50;
            ps.p95Ms = latency.p95;
            const Percentiles ttft = health.stats.ttft(now);
            ps.ttftP50Ms = ttft.p50;
            ps.ttftP95Ms = ttft.p95;
            ps.errorRate = health.stats.errorRate(now);
            ps.calls = qint64(health.calls);
            ps.modelIds = p->models();
            ps.history = health.stats.history(now);
            s.providers.append(ps);
        }
        for (auto it = m_s->providers->problems().constBegin(); it != m_s->providers->problems().constEnd();
             ++it) {
            ProviderSnapshot ps;
            ps.id = it.key();
            ps.status = QStringLiteral("error");
            ps.message = it.value();
            s.providers.append(ps);
        }
    }
    m_s->stats.fill(s, QDateTime::currentMSecsSinceEpoch());
    return s;
}

void Engine::setPaused(bool paused)
{
    if (!m_running || paused == m_paused)
        return;
    if (paused) {
        m_s->pausedPort = port(); // the listener forgets it once closed
        m_s->http->stopListening();
        m_paused = true;
        return;
    }
    QString error;
    if (m_s->http->listen(m_s->address, m_s->pausedPort, &error))
        m_paused = false;
    else
        qCWarning(lcEngine) << "cannot resume:" << error;
}

bool Engine::changePort(quint16 newPort, QString *error)
{
    if (!m_running) {
        *error = QStringLiteral("the engine is not running");
        return false;
    }
    const quint16 old = port();
    m_s->http->stopListening();
    if (m_s->http->listen(m_s->address, newPort, error)) {
        m_options.config.server.port = newPort;
        m_paused = false;
        return true;
    }
    QString ignored;
    if (!m_paused)
        m_s->http->listen(m_s->address, old, &ignored);
    return false;
}

CancelCall Engine::chat(const QByteArray &openAIBody, ChatCallbacks callbacks,
    std::function<void(const QJsonObject &gatewayMeta)> onFinished)
{
    auto fail = [callbacks](const GatewayError &e) {
        QTimer::singleShot(0, [callbacks, e] { callbacks.onError(e, false); });
        return CancelCall([] {});
    };
    if (!m_running)
        return fail(GatewayError::upstream(
            503, QStringLiteral("engine_stopped"), QStringLiteral("The gateway is not running.")));
    GatewayError error;
    auto request = ChatRequest::fromOpenAI(openAIBody, &error);
    if (!request)
        return fail(error);
    auto ctx = std::make_shared<RequestContext>();
    ctx->requestId = "req_app_" + QByteArray::number(++m_s->inProcessCounter);
    ctx->endpoint = QStringLiteral("playground");
    ctx->receivedNs = HttpClock::nowNs();
    ctx->timeMs = QDateTime::currentMSecsSinceEpoch();
    ctx->plan.requested = request->model;
    ctx->streamed = request->stream;
    ctx->chat = std::make_shared<const ChatRequest>(std::move(*request));
    Pipeline *pipeline = m_s->pipeline.get();
    if (auto refused = pipeline->admit(*ctx)) {
        ctx->status = refused->status;
        ctx->errorCode = refused->code;
        pipeline->record(*ctx);
        return fail(*refused);
    }
    auto finish = [ctx, pipeline, onFinished](int status, const QString &code) {
        ctx->status = status;
        ctx->errorCode = code;
        pipeline->settle(*ctx);
        QJsonObject meta = ctx->gatewayMeta(HttpClock::nowNs());
        meta.insert(QLatin1String("usage"), ctx->usage.toOpenAI());
        pipeline->record(*ctx);
        if (onFinished)
            onFinished(meta);
    };
    ChatCallbacks cb;
    cb.onChunk = [ctx, callbacks](const QJsonObject &chunk, const QByteArray &raw) {
        if (!ctx->firstTokenNs)
            ctx->firstTokenNs = HttpClock::nowNs();
        callbacks.onChunk(chunk, raw);
    };
    cb.onResponse = [callbacks, finish](const QJsonObject &response) {
        callbacks.onResponse(response);
        finish(200, {});
    };
    cb.onStreamEnd = [callbacks, finish] {
        callbacks.onStreamEnd();
        finish(200, {});
    };
    cb.onError = [callbacks, finish](const GatewayError &e, bool midStream) {
        callbacks.onError(e, midStream);
        finish(e.status, e.code);
    };
    CancelCall cancel = pipeline->execute(ctx, std::move(cb));
    return [cancel, ctx, pipeline] {
        if (ctx->status != 0)
            return;
        cancel();
        ctx->status = 499;
        ctx->errorCode = QStringLiteral("cancelled");
        pipeline->settle(*ctx);
        pipeline->record(*ctx);
    };
}
