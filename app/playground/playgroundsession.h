// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class EngineHost;

/**
 * @brief One Playground pane: a chat call through the engine's pipeline, its answer as it
 * streams, and what the gateway says about it (served model, provider, routing decision,
 * tokens, cost, latency, time to first token).
 *
 * Streamed text is appended at most every 30 ms, so a fast stream re-lays the text out at a
 * steady pace instead of once per token.
 */
class PlaygroundSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by Playground")
    Q_PROPERTY(QString model READ model WRITE setModel NOTIFY modelChanged)
    Q_PROPERTY(Phase phase READ phase NOTIFY phaseChanged)
    Q_PROPERTY(bool running READ running NOTIFY phaseChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY phaseChanged)
    Q_PROPERTY(QString answer READ answer NOTIFY answerChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY phaseChanged)
    Q_PROPERTY(bool hasStats READ hasStats NOTIFY statsChanged)
    Q_PROPERTY(QString servedModel READ servedModel NOTIFY statsChanged)
    Q_PROPERTY(QString provider READ provider NOTIFY statsChanged)
    Q_PROPERTY(QString routingDecision READ routingDecision NOTIFY statsChanged)
    Q_PROPERTY(QString latency READ latency NOTIFY statsChanged)
    Q_PROPERTY(QString ttft READ ttft NOTIFY statsChanged)
    Q_PROPERTY(QString tokens READ tokens NOTIFY statsChanged)
    Q_PROPERTY(QString cost READ cost NOTIFY statsChanged)
public:
    enum Phase { Idle, Waiting, Streaming, Done, Stopped, Failed };
    Q_ENUM(Phase)

    explicit PlaygroundSession(EngineHost *host, QObject *parent = nullptr);

    [[nodiscard]] QString model() const { return m_model; }
    void setModel(const QString &model);
    [[nodiscard]] Phase phase() const { return m_phase; }
    [[nodiscard]] bool running() const { return m_phase == Waiting || m_phase == Streaming; }
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] QString answer() const { return m_answer; }
    [[nodiscard]] QString errorText() const { return m_error; }
    [[nodiscard]] bool hasStats() const { return !m_latency.isEmpty(); }
    [[nodiscard]] QString servedModel() const { return m_servedModel; }
    [[nodiscard]] QString provider() const { return m_provider; }
    [[nodiscard]] QString routingDecision() const { return m_routingDecision; }
    [[nodiscard]] QString latency() const { return m_latency; }
    [[nodiscard]] QString ttft() const { return m_ttft; }
    [[nodiscard]] QString tokens() const { return m_tokens; }
    [[nodiscard]] QString cost() const { return m_cost; }

    /// Sends @p body (an OpenAI chat body; its model is replaced by this pane's model).
    void start(QJsonObject body);
    /// Stops the answer midway: the upstream call is cancelled, the text so far stays.
    Q_INVOKABLE void stop();
    Q_INVOKABLE void clear();

Q_SIGNALS:
    void modelChanged();
    void phaseChanged();
    void answerChanged();
    void statsChanged();
    void finished();

private:
    void setPhase(Phase phase, const QString &error = {});
    void flushText();
    void applyMeta(const QJsonObject &meta);
    void setLocalTimes();

    EngineHost *m_host;
    QString m_model;
    Phase m_phase = Idle;
    QString m_answer;
    QString m_pending;
    QTimer m_flush;
    QString m_error;
    quint64 m_generation = 0; ///< events of an older call are ignored
    quint64 m_chatId = 0; ///< EngineHost's id of the call in flight
    QElapsedTimer m_clock;
    qint64 m_firstTextMs = -1;
    QString m_servedModel;
    QString m_provider;
    QString m_routingDecision;
    QString m_latency;
    QString m_ttft;
    QString m_tokens;
    QString m_cost;
};
