// SPDX-License-Identifier: MIT
#pragma once

#include "engine/options.h"
#include "providers/provider.h"
#include "telemetry/livestats.h"

#include <QJsonArray>
#include <QObject>
#include <QUrl>

#include <memory>

class Catalog;
class ConfigEditor;
class HttpServer;
class Pipeline;
class ProviderMonitor;
class ProviderRegistry;
class Router;
class Store;
class UpstreamClient;
struct PreviewPrompt;
struct PreviewRow;
struct RequestLogRow;
struct RoutingConfig;
struct WhatIfSummary;

/**
 * @brief The gateway engine: composition root of every service, and its lifecycle.
 *
 * Lives in one thread (the engine thread, ARCHITECTURE §2: the main thread of the headless
 * gateway, a dedicated QThread in the desktop app) and owns the HTTP listener, the pipeline, the
 * providers and their upstream client, the catalog and router, and the store (which runs its own
 * thread). start() is synchronous and reports a one-line error; stop() drains in-flight requests
 * (up to drainTimeoutMs), flushes the store and emits stopped().
 */
class Engine : public QObject
{
    Q_OBJECT
public:
    explicit Engine(EngineOptions options, QObject *parent = nullptr);
    ~Engine() override;

    bool start(QString *error);
    void stop(int drainTimeoutMs = 10000);
    /// The last start() or changePort() failed because another program holds the port.
    [[nodiscard]] bool portInUse() const;

    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] QUrl baseUrl() const;
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] const EngineOptions &options() const { return m_options; }

    [[nodiscard]] ProviderRegistry &providers();
    [[nodiscard]] Store &store();
    [[nodiscard]] const Catalog &catalog() const;
    [[nodiscard]] Router &router();
    [[nodiscard]] UpstreamClient &upstreamClient();
    /// Circuit breakers, latency statistics and probes of every provider.
    [[nodiscard]] ProviderMonitor &monitor();
    /// Run-time changes to routing and providers (the admin API uses the same object).
    [[nodiscard]] ConfigEditor &configEditor();

    /// Where @p prompts would go as `auto` under @p edited routing settings (not applied).
    [[nodiscard]] QList<PreviewRow> previewRouting(
        const RoutingConfig &edited, const QList<PreviewPrompt> &prompts) const;
    /// Replays the last @p lastRequests logged scored requests under @p edited settings; @p done
    /// runs in the engine thread.
    void whatIf(
        const RoutingConfig &edited, int lastRequests, std::function<void(const WhatIfSummary &)> done);

    /// The models a client may ask for (the /v1/models entries: virtual models first).
    [[nodiscard]] QJsonArray models() const;
    /// Live statistics, provider states and the requests finished since the last call (UI).
    [[nodiscard]] EngineSnapshot snapshot();
    /// Stops accepting connections (in-flight requests finish) / accepts again on the same port.
    void setPaused(bool paused);
    [[nodiscard]] bool isPaused() const { return m_paused; }
    /// Moves the listener to @p port; on failure the old listener keeps serving.
    bool changePort(quint16 port, QString *error);

    /**
     * Runs an OpenAI chat body through the same pipeline as HTTP traffic, in memory (the desktop
     * Playground). Chunks (streamed or, for stream=false, one response) arrive in @p callbacks;
     * @p onFinished gets the x-gateway object (plus `usage`) once the request is accounted and
     * logged.
     * Returns a canceller.
     */
    CancelCall chat(const QByteArray &openAIBody, ChatCallbacks callbacks,
        std::function<void(const QJsonObject &gatewayMeta)> onFinished);

Q_SIGNALS:
    void started(const QUrl &baseUrl);
    void stopped();
    /// Every finished request, after its log row was queued (for live views).
    void requestFinished(const RequestLogRow &row);

private:
    void finishStop();

    EngineOptions m_options;
    struct Services;
    std::unique_ptr<Services> m_s;
    bool m_running = false;
    bool m_stopping = false;
    bool m_paused = false;
};
