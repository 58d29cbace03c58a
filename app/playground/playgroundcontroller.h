// SPDX-License-Identifier: MIT
#pragma once

#include "core/qmlsingleton.h"

#include "playground/modellistmodel.h"
#include "playground/playgroundsession.h"

#include <QObject>
#include <QtQml/qqmlregistration.h>

class EngineHost;

/**
 * @brief The Playground: one prompt (system prompt, message, temperature, max tokens) sent
 * through the same engine that serves HTTP traffic, to one model or, side by side, to two.
 */
class PlaygroundController : public QObject, public QmlSingleton<PlaygroundController>
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Playground)
    QML_SINGLETON
    Q_PROPERTY(QString systemPrompt READ systemPrompt WRITE setSystemPrompt NOTIFY systemPromptChanged)
    Q_PROPERTY(QString message READ message WRITE setMessage NOTIFY messageChanged)
    Q_PROPERTY(double temperature READ temperature WRITE setTemperature NOTIFY temperatureChanged)
    Q_PROPERTY(int maxTokens READ maxTokens WRITE setMaxTokens NOTIFY maxTokensChanged)
    Q_PROPERTY(bool compare READ compare WRITE setCompare NOTIFY compareChanged)
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    Q_PROPERTY(bool canSend READ canSend NOTIFY canSendChanged)
    Q_PROPERTY(ModelListModel *models READ models CONSTANT)
    Q_PROPERTY(PlaygroundSession *primary READ primary CONSTANT)
    Q_PROPERTY(PlaygroundSession *secondary READ secondary CONSTANT)
public:
    explicit PlaygroundController(EngineHost *host, QObject *parent = nullptr);

    [[nodiscard]] QString systemPrompt() const { return m_systemPrompt; }
    void setSystemPrompt(const QString &prompt);
    [[nodiscard]] QString message() const { return m_message; }
    void setMessage(const QString &message);
    [[nodiscard]] double temperature() const { return m_temperature; }
    /// Clamped to 0..2 (OpenAI's range).
    void setTemperature(double temperature);
    [[nodiscard]] int maxTokens() const { return m_maxTokens; }
    /// Clamped to 1..32768.
    void setMaxTokens(int maxTokens);
    [[nodiscard]] bool compare() const { return m_compare; }
    void setCompare(bool compare);
    [[nodiscard]] bool running() const;
    [[nodiscard]] bool canSend() const;
    [[nodiscard]] ModelListModel *models() { return &m_models; }
    [[nodiscard]] PlaygroundSession *primary() { return &m_primary; }
    [[nodiscard]] PlaygroundSession *secondary() { return &m_secondary; }

    /// Sends the prompt to the primary pane's model (and the secondary's when comparing).
    Q_INVOKABLE void send();
    Q_INVOKABLE void stop();
    /// The OpenAI chat body send() builds (without model and stream fields).
    [[nodiscard]] QJsonObject requestBody() const;

    void setModels(const QJsonArray &entries);

Q_SIGNALS:
    void systemPromptChanged();
    void messageChanged();
    void temperatureChanged();
    void maxTokensChanged();
    void compareChanged();
    void runningChanged();
    void canSendChanged();

private:
    void updateFlags();

    ModelListModel m_models;
    PlaygroundSession m_primary;
    PlaygroundSession m_secondary;
    QString m_systemPrompt;
    QString m_message;
    double m_temperature = 0.7;
    int m_maxTokens = 512;
    bool m_compare = false;
    bool m_running = false;
    bool m_canSend = false;
};
