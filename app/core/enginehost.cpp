// SPDX-License-Identifier: MIT
#include "core/enginehost.h"

#include "engine/configeditor.h"
#include "engine/engine.h"
#include "keys/accesscontrol.h"
#include "keys/budgetalert.h"
#include "protocol/openaiformat.h"
#include "providers/providerregistry.h"
#include "secrets/secretstore.h"
#include "store/store.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTimer>

Q_LOGGING_CATEGORY(lcEngineHost, "switchyard.app.engine", QtInfoMsg)

EngineHost::EngineHost(EngineOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    qRegisterMetaType<QList<RequestLogRow>>();
    qRegisterMetaType<BudgetAlert>();
    m_thread.setObjectName(QStringLiteral("engine"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    // Bookkeeping in the GUI thread, before any other receiver hears of it (queued in order).
    connect(this, &EngineHost::started, this, [this] { m_running = true; });
    connect(this, &EngineHost::portChanged, this, [this] { m_running = true; });
    connect(this, &EngineHost::stopped, this, [this] {
        m_running = false;
        m_stopping = false;
    });
    m_thread.start();
}

EngineHost::~EngineHost()
{
    if (m_thread.isRunning()) {
        // Nobody waited for stop(): end synchronously (pending log rows are flushed by the Store).
        QMetaObject::invokeMethod(
            m_context, [this] { finishInEngine(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    delete m_context;
}

void EngineHost::runInEngine(std::function<void()> work)
{
    QMetaObject::invokeMethod(m_context, std::move(work), Qt::QueuedConnection);
}

void EngineHost::toHost(std::function<void()> emission)
{
    // Signals leave from the host's own thread: receivers and QSignalSpy (which records in the
    // emitting thread) see them in the GUI thread, in order, never from inside the engine.
    QMetaObject::invokeMethod(this, std::move(emission), Qt::QueuedConnection);
}

void EngineHost::setSecretStoreFactory(std::function<std::unique_ptr<SecretStore>()> make)
{
    m_makeSecretStore = std::move(make);
}

void EngineHost::start()
{
    runInEngine([this, port = quint16(m_options.config.server.port)] { startInEngine(port); });
}

void EngineHost::startInEngine(quint16 port)
{
    if (m_engine)
        return;
    EngineOptions options = m_options; // m_options is never written after construction
    options.config.server.port = port;
    auto *engine = new Engine(std::move(options));
    if (m_makeSecretStore)
        engine->setSecretStore(m_makeSecretStore());
    QString error;
    if (!engine->start(&error)) {
        const bool inUse = engine->portInUse();
        delete engine;
        qCInfo(lcEngineHost).noquote() << error;
        toHost([this, error, inUse, suggested = inUse ? freePortNear(port) : quint16(0)] {
            Q_EMIT startFailed(error, inUse, suggested);
        });
        return;
    }
    m_engine = engine;
    connect(&m_engine->providers(), &ProviderRegistry::modelsChanged, m_context,
        [this] { toHost([this, models = m_engine->models()] { Q_EMIT modelsChanged(models); }); });
    KeyStore *keys = &m_engine->access().keys();
    for (auto signal : {&KeyStore::keyAdded, &KeyStore::keyChanged, &KeyStore::keyRemoved})
        connect(keys, signal, m_context, [this] { toHost([this] { Q_EMIT keysChanged(); }); });
    connect(m_engine, &Engine::budgetAlert, m_context,
        [this](const BudgetAlert &a) { toHost([this, a] { Q_EMIT budgetAlert(a); }); });
    ConfigEditor &editor = m_engine->configEditor();
    connect(&editor, &ConfigEditor::routingChanged, m_context, [this] {
        toHost([this, routing = m_engine->configEditor().routing()] { Q_EMIT routingChanged(routing); });
    });
    connect(&editor, &ConfigEditor::providersChanged, m_context, [this] {
        toHost([this, providers = m_engine->configEditor().providers(), models = m_engine->models()] {
            Q_EMIT providersChanged(providers);
            Q_EMIT modelsChanged(models);
        });
    });
    if (!m_pump) {
        m_pump = new QTimer(m_context);
        m_pump->setInterval(100);
        connect(m_pump, &QTimer::timeout, m_context, [this] { pollInEngine(); });
        m_pump->start();
    }
    toHost([this, url = m_engine->baseUrl(), models = m_engine->models(), routing = editor.routing(),
               providers = editor.providers()] {
        Q_EMIT started(url);
        Q_EMIT modelsChanged(models);
        Q_EMIT routingChanged(routing);
        Q_EMIT providersChanged(providers);
    });
    m_engine->store().recentLogs(HistoryRows, 0, [this](const QList<RequestLogRow> &rows, qint64) {
        toHost([this, rows] { Q_EMIT historyLoaded(rows); });
    });
    pollInEngine();
}

quint16 EngineHost::freePortNear(quint16 port) const
{
    QHostAddress address(m_options.config.server.host);
    if (m_options.config.server.host == QLatin1String("localhost"))
        address = QHostAddress(QHostAddress::LocalHost);
    for (int candidate = port + 1; candidate < qMin(65536, port + 100); ++candidate) {
        QTcpServer probe;
        if (probe.listen(address, quint16(candidate)))
            return quint16(candidate);
    }
    return 0;
}

void EngineHost::pollInEngine()
{
    if (m_engine && m_engine->isRunning())
        toHost([this, snapshot = m_engine->snapshot()] { Q_EMIT snapshotReady(snapshot); });
}

void EngineHost::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    runInEngine([this] {
        if (!m_engine || !m_engine->isRunning()) {
            finishInEngine();
            return;
        }
        // Queued: stopped() may come from deep inside a request's last callback; the engine is
        // deleted only once that call stack has unwound.
        connect(
            m_engine, &Engine::stopped, m_context, [this] { finishInEngine(); }, Qt::QueuedConnection);
        m_engine->stop();
    });
}

void EngineHost::finishInEngine()
{
    for (const auto &cancel : std::as_const(m_cancels))
        cancel();
    m_cancels.clear();
    delete m_pump;
    m_pump = nullptr;
    delete m_engine;
    m_engine = nullptr;
    toHost([this] { Q_EMIT stopped(); });
}

void EngineHost::setPaused(bool paused)
{
    runInEngine([this, paused] {
        if (!m_engine)
            return;
        m_engine->setPaused(paused);
        toHost([this, now = m_engine->isPaused()] { Q_EMIT pausedChanged(now); });
        pollInEngine();
    });
}

void EngineHost::changePort(quint16 port)
{
    runInEngine([this, port] {
        if (!m_engine) {
            startInEngine(port);
            return;
        }
        QString error;
        if (m_engine->changePort(port, &error)) {
            toHost([this, url = m_engine->baseUrl()] {
                Q_EMIT portChanged(url);
                Q_EMIT pausedChanged(false);
            });
            pollInEngine();
        } else {
            const bool inUse = m_engine->portInUse();
            toHost([this, error, inUse, suggested = inUse ? freePortNear(port) : quint16(0)] {
                Q_EMIT portChangeFailed(error, inUse, suggested);
            });
        }
    });
}

void EngineHost::setSnapshotInterval(int ms)
{
    runInEngine([this, ms] {
        if (!m_pump)
            return;
        if (ms <= 0) {
            m_pump->stop();
            return;
        }
        m_pump->setInterval(ms);
        m_pump->start();
    });
}

void EngineHost::call(QObject *receiver, std::function<void(Engine &, Reply)> work,
    std::function<void(const QJsonObject &result)> done)
{
    withEngine(
        receiver, [work = std::move(work), done = std::move(done)](Engine *engine, const ToGui &toGui) {
            const Reply reply
                = [toGui, done](const QJsonObject &result) { toGui([done, result] { done(result); }); };
            if (!engine) {
                reply({{QLatin1String("error"), tr("The gateway is not running.")}});
                return;
            }
            work(*engine, reply);
        });
}

quint64 EngineHost::chat(const QByteArray &openAIBody, QObject *receiver, ChatEvents events)
{
    const quint64 id = ++m_nextChat;
    const ToGui toGui = toGuiOf(receiver);
    runInEngine([this, id, openAIBody, events = std::move(events), toGui] {
        if (!m_engine) {
            toGui([events] { events.onError(tr("The gateway is not running.")); });
            return;
        }
        ChatCallbacks cb;
        cb.onChunk = [toGui, events](const QJsonObject &chunk, const QByteArray &) {
            const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
            if (choices.isEmpty())
                return;
            const QString delta = OpenAIFormat::textOf(choices.first()
                                                           .toObject()
                                                           .value(QLatin1String("delta"))
                                                           .toObject()
                                                           .value(QLatin1String("content")));
            if (!delta.isEmpty())
                toGui([events, delta] { events.onDelta(delta); });
        };
        cb.onResponse = [toGui, events](const QJsonObject &response) {
            const QJsonArray choices = response.value(QLatin1String("choices")).toArray();
            const QString text = choices.isEmpty()
                ? QString()
                : OpenAIFormat::textOf(choices.first()
                                           .toObject()
                                           .value(QLatin1String("message"))
                                           .toObject()
                                           .value(QLatin1String("content")));
            toGui([events, text] { events.onDelta(text); });
        };
        cb.onStreamEnd = [] {};
        cb.onError = [this, id, toGui, events](const GatewayError &error, bool) {
            m_cancels.remove(id);
            toGui([events, message = error.message] { events.onError(message); });
        };
        m_cancels.insert(
            id, m_engine->chat(openAIBody, std::move(cb), [this, id, toGui, events](const QJsonObject &meta) {
                m_cancels.remove(id);
                toGui([events, meta] { events.onFinished(meta); });
            }));
    });
    return id;
}

EngineHost::ToGui EngineHost::toGuiOf(QObject *receiver)
{
    // Dropped in the GUI thread if the receiver is gone by then.
    return [this, guard = QPointer<QObject>(receiver)](std::function<void()> f) {
        toHost([guard, f = std::move(f)] {
            if (guard)
                f();
        });
    };
}

void EngineHost::withEngine(QObject *receiver, std::function<void(Engine *, const ToGui &)> work)
{
    runInEngine([this, work = std::move(work), toGui = toGuiOf(receiver)] {
        work(m_engine && m_engine->isRunning() ? m_engine : nullptr, toGui);
    });
}

void EngineHost::cancelChat(quint64 id)
{
    runInEngine([this, id] {
        const auto cancel = m_cancels.take(id);
        if (cancel)
            cancel();
    });
}
