// SPDX-License-Identifier: MIT
#include "playground/playgroundsession.h"

#include "core/enginehost.h"
#include "core/format.h"

#include <QJsonDocument>

PlaygroundSession::PlaygroundSession(EngineHost *host, QObject *parent)
    : QObject(parent)
    , m_host(host)
{
    m_flush.setSingleShot(true);
    m_flush.setInterval(30);
    connect(&m_flush, &QTimer::timeout, this, &PlaygroundSession::flushText);
}

void PlaygroundSession::setModel(const QString &model)
{
    if (model == m_model)
        return;
    m_model = model;
    Q_EMIT modelChanged();
}

QString PlaygroundSession::statusText() const
{
    switch (m_phase) {
    case Idle:
        return {};
    case Waiting:
        return tr("Waiting for the first token");
    case Streaming:
        return tr("Streaming");
    case Done:
        return tr("Done");
    case Stopped:
        return tr("Stopped");
    case Failed:
        return tr("Failed");
    }
    return {};
}

void PlaygroundSession::start(QJsonObject body)
{
    if (running())
        stop();
    clear();
    body.insert(QLatin1String("model"), m_model);
    body.insert(QLatin1String("stream"), true);
    body.insert(QLatin1String("stream_options"), QJsonObject {{QLatin1String("include_usage"), true}});
    m_clock.start();
    m_firstTextMs = -1;
    setPhase(Waiting);
    const quint64 generation = ++m_generation;
    ChatEvents events;
    events.onDelta = [this, generation](const QString &delta) {
        if (generation != m_generation || !running())
            return;
        if (m_firstTextMs < 0)
            m_firstTextMs = m_clock.elapsed();
        m_pending += delta;
        if (m_phase == Waiting) {
            setPhase(Streaming);
            flushText();
        } else if (!m_flush.isActive()) {
            m_flush.start();
        }
    };
    events.onFinished = [this, generation](const QJsonObject &meta) {
        if (generation != m_generation)
            return;
        flushText();
        applyMeta(meta);
        if (running()) { // after a failure, onError already ended the call
            setPhase(Done);
            Q_EMIT finished();
        }
    };
    events.onError = [this, generation](const QString &message) {
        if (generation != m_generation || !running())
            return;
        flushText();
        setLocalTimes();
        setPhase(Failed, message);
        Q_EMIT finished();
    };
    m_chatId = m_host->chat(QJsonDocument(body).toJson(QJsonDocument::Compact), this, std::move(events));
}

void PlaygroundSession::stop()
{
    if (!running())
        return;
    m_host->cancelChat(m_chatId);
    ++m_generation; // nothing of the cancelled call is shown after this
    flushText();
    setLocalTimes();
    setPhase(Stopped);
    Q_EMIT finished();
}

void PlaygroundSession::clear()
{
    if (running())
        return;
    m_flush.stop();
    m_pending.clear();
    if (!m_answer.isEmpty()) {
        m_answer.clear();
        Q_EMIT answerChanged();
    }
    const bool hadStats = hasStats();
    m_servedModel.clear();
    m_provider.clear();
    m_routingDecision.clear();
    m_latency.clear();
    m_ttft.clear();
    m_tokens.clear();
    m_cost.clear();
    if (hadStats)
        Q_EMIT statsChanged();
    setPhase(Idle);
}

void PlaygroundSession::setPhase(Phase phase, const QString &error)
{
    if (phase == m_phase && error == m_error)
        return;
    m_phase = phase;
    m_error = error;
    Q_EMIT phaseChanged();
}

void PlaygroundSession::flushText()
{
    m_flush.stop();
    if (m_pending.isEmpty())
        return;
    m_answer += m_pending;
    m_pending.clear();
    Q_EMIT answerChanged();
}

void PlaygroundSession::applyMeta(const QJsonObject &meta)
{
    m_servedModel = meta.value(QLatin1String("model")).toString();
    m_provider = meta.value(QLatin1String("provider")).toString();
    m_routingDecision = meta.value(QLatin1String("routing_decision")).toString();
    if (meta.value(QLatin1String("fallback_used")).toBool())
        m_routingDecision
            += tr(" (fallback after %1 attempts)").arg(meta.value(QLatin1String("attempts")).toInt());
    m_latency = Format::latency(meta.value(QLatin1String("latency_ms")).toDouble());
    m_ttft = meta.contains(QLatin1String("ttft_ms"))
        ? Format::latency(meta.value(QLatin1String("ttft_ms")).toDouble())
        : QStringLiteral("–");
    const QJsonObject usage = meta.value(QLatin1String("usage")).toObject();
    m_tokens = tr("%1 in · %2 out")
                   .arg(Format::count(usage.value(QLatin1String("prompt_tokens")).toInteger()),
                       Format::count(usage.value(QLatin1String("completion_tokens")).toInteger()));
    m_cost = Format::cost(meta.value(QLatin1String("cost_usd")).toDouble());
    Q_EMIT statsChanged();
}

void PlaygroundSession::setLocalTimes()
{
    // A stopped or failed call gets no x-gateway object: show what this pane measured itself.
    m_latency = Format::latency(double(m_clock.elapsed()));
    m_ttft = m_firstTextMs >= 0 ? Format::latency(double(m_firstTextMs)) : QStringLiteral("–");
    m_servedModel = m_servedModel.isEmpty() ? QStringLiteral("–") : m_servedModel;
    m_provider = m_provider.isEmpty() ? QStringLiteral("–") : m_provider;
    m_tokens = m_tokens.isEmpty() ? QStringLiteral("–") : m_tokens;
    m_cost = m_cost.isEmpty() ? QStringLiteral("–") : m_cost;
    Q_EMIT statsChanged();
}
