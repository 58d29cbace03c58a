// SPDX-License-Identifier: MIT
#pragma once

#include "engine/options.h"
#include "telemetry/livestats.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QUrl>

#include <functional>
#include <memory>

class Engine;
class SecretStore;
struct BudgetAlert;

/** @brief What a Playground pane hears about one chat call, delivered in the GUI thread. */
struct ChatEvents
{
    std::function<void(const QString &delta)> onDelta; ///< answer text as it streams in
    /// x-gateway object (provider, model, routing_decision, latency_ms, ttft_ms, cost_usd, usage...)
    std::function<void(const QJsonObject &meta)> onFinished;
    std::function<void(const QString &message)> onError; ///< the call failed; no onFinished follows
};

/**
 * @brief Runs the gateway Engine in its own thread (ARCHITECTURE §2) for the desktop app.
 *
 * The Engine is created, started, polled and destroyed inside the engine thread; the GUI side
 * only makes queued calls and receives plain values by signal: a snapshot at most every
 * snapshotInterval (100 ms while a window shows it), the model list, lifecycle changes. stop()
 * drains in-flight requests and flushes the store before stopped() is emitted and the thread
 * ends; the destructor does the same synchronously when nobody did.
 */
class EngineHost : public QObject
{
    Q_OBJECT
public:
    static constexpr int HistoryRows = 100;

    explicit EngineHost(EngineOptions options, QObject *parent = nullptr);
    ~EngineHost() override;

    [[nodiscard]] const EngineOptions &options() const { return m_options; }
    [[nodiscard]] bool isRunning() const { return m_running; }

    /// Where the engine keeps `keychain:` secrets instead of the OS keychain (tests: a
    /// MemorySecretStore); @p make runs in the engine thread, once per engine. Call before start().
    void setSecretStoreFactory(std::function<std::unique_ptr<SecretStore>()> make);
    /// Creates and starts the engine; answers with started() or startFailed().
    void start();
    /// Drains and stops; answers with stopped() (at once when nothing runs).
    void stop();
    void setPaused(bool paused);
    /// Moves the listener (or, after a failed start, starts on @p port); answers with
    /// portChanged() or portChangeFailed().
    void changePort(quint16 port);
    /// 0 stops the snapshots (window hidden); otherwise at most one per @p ms.
    void setSnapshotInterval(int ms);

    /// Runs @p openAIBody through the engine's pipeline; @p events are called in @p receiver's
    /// thread and dropped once @p receiver is gone. Returns an id for cancelChat().
    quint64 chat(const QByteArray &openAIBody, QObject *receiver, ChatEvents events);
    /// Stops a call midway (the upstream call is cancelled, the request logged as cancelled).
    void cancelChat(quint64 id);

    /// Answers a call() once, in the engine thread; the result reaches the caller's @p done.
    using Reply = std::function<void(const QJsonObject &result)>;
    /**
     * withEngine() for work that answers with one JSON object (keys, budgets, settings): @p work
     * answers through its Reply, at once or later (after a store commit); @p done then runs in
     * @p receiver's thread, dropped once @p receiver is gone. Without a running engine @p done
     * gets {"error": "The gateway is not running."}.
     */
    void call(QObject *receiver, std::function<void(Engine &, Reply)> work,
        std::function<void(const QJsonObject &result)> done);
    /// Runs a closure in the GUI thread (handed to engine-thread work to answer with).
    using ToGui = std::function<void(std::function<void()>)>;
    /// Runs @p work in the engine thread with the running engine (nullptr when none runs): the
    /// screens' reads and edits of the engine's own objects (ConfigEditor, Router, Store). What
    /// it sends through its ToGui runs in @p receiver's thread, and is dropped once @p receiver
    /// is gone.
    void withEngine(QObject *receiver, std::function<void(Engine *engine, const ToGui &toGui)> work);

Q_SIGNALS:
    void started(const QUrl &baseUrl);
    /// @p suggestedPort: a free port near the busy one (0 when the failure is not a busy port).
    void startFailed(const QString &error, bool portInUse, quint16 suggestedPort);
    void pausedChanged(bool paused);
    void portChanged(const QUrl &baseUrl);
    void portChangeFailed(const QString &error, bool portInUse, quint16 suggestedPort);
    void snapshotReady(const EngineSnapshot &snapshot);
    void modelsChanged(const QJsonArray &models);
    /// The config's `routing` section (every key spelled out), at start and after each change
    /// from the UI or the admin API.
    void routingChanged(const QJsonObject &routing);
    /// The config's `providers` section (keys masked), at start and after each change.
    void providersChanged(const QJsonArray &providers);
    /// The request log's latest rows at start (newest first), so the Overview is not empty after
    /// a restart.
    void historyLoaded(const QList<RequestLogRow> &rows);
    /// A virtual key was created, changed or removed (from the app or the admin API).
    void keysChanged();
    /// A budget crossed one of budgets.alerts (already logged by the engine).
    void budgetAlert(const BudgetAlert &alert);
    void stopped();

private:
    void runInEngine(std::function<void()> work);
    void toHost(std::function<void()> emission);
    void startInEngine(quint16 port);
    void pollInEngine();
    void finishInEngine();
    [[nodiscard]] quint16 freePortNear(quint16 port) const;
    [[nodiscard]] ToGui toGuiOf(QObject *receiver);

    EngineOptions m_options;
    std::function<std::unique_ptr<SecretStore>()> m_makeSecretStore; ///< written before start() only
    QThread m_thread;
    QObject *m_context = nullptr; ///< lives in m_thread: the receiver of every queued call
    bool m_running = false;
    bool m_stopping = false;
    // Engine thread only (m_cancels by chat id):
    Engine *m_engine = nullptr;
    class QTimer *m_pump = nullptr;
    QHash<quint64, std::function<void()>> m_cancels;
    quint64 m_nextChat = 0; ///< GUI thread
};
