// SPDX-License-Identifier: MIT
#include "playground/playgroundcontroller.h"

#include <QJsonArray>

#include <cmath>

PlaygroundController::PlaygroundController(EngineHost *host, QObject *parent)
    : QObject(parent)
    , m_primary(host)
    , m_secondary(host)
{
    for (PlaygroundSession *s : {&m_primary, &m_secondary}) {
        connect(s, &PlaygroundSession::phaseChanged, this, &PlaygroundController::updateFlags);
        connect(s, &PlaygroundSession::modelChanged, this, &PlaygroundController::updateFlags);
    }
}

void PlaygroundController::setSystemPrompt(const QString &prompt)
{
    if (prompt == m_systemPrompt)
        return;
    m_systemPrompt = prompt;
    Q_EMIT systemPromptChanged();
}

void PlaygroundController::setMessage(const QString &message)
{
    if (message == m_message)
        return;
    m_message = message;
    Q_EMIT messageChanged();
    updateFlags();
}

void PlaygroundController::setTemperature(double temperature)
{
    const double t = std::round(qBound(0.0, temperature, 2.0) * 100.0) / 100.0;
    if (qFuzzyCompare(t + 1, m_temperature + 1))
        return;
    m_temperature = t;
    Q_EMIT temperatureChanged();
}

void PlaygroundController::setMaxTokens(int maxTokens)
{
    const int m = qBound(1, maxTokens, 32768);
    if (m == m_maxTokens)
        return;
    m_maxTokens = m;
    Q_EMIT maxTokensChanged();
}

void PlaygroundController::setCompare(bool compare)
{
    if (compare == m_compare)
        return;
    m_compare = compare;
    if (!compare)
        m_secondary.stop();
    Q_EMIT compareChanged();
    updateFlags();
}

bool PlaygroundController::running() const
{
    return m_primary.running() || (m_compare && m_secondary.running());
}

bool PlaygroundController::canSend() const
{
    return !running() && !m_message.trimmed().isEmpty() && !m_primary.model().isEmpty()
        && (!m_compare || !m_secondary.model().isEmpty());
}

QJsonObject PlaygroundController::requestBody() const
{
    QJsonArray messages;
    if (!m_systemPrompt.trimmed().isEmpty())
        messages.append(QJsonObject {
            {QLatin1String("role"), QStringLiteral("system")}, {QLatin1String("content"), m_systemPrompt}});
    messages.append(
        QJsonObject {{QLatin1String("role"), QStringLiteral("user")}, {QLatin1String("content"), m_message}});
    return {{QLatin1String("messages"), messages}, {QLatin1String("temperature"), m_temperature},
        {QLatin1String("max_tokens"), m_maxTokens}};
}

void PlaygroundController::send()
{
    if (!canSend())
        return;
    const QJsonObject body = requestBody();
    m_primary.start(body);
    if (m_compare)
        m_secondary.start(body);
}

void PlaygroundController::stop()
{
    m_primary.stop();
    m_secondary.stop();
}

void PlaygroundController::setModels(const QJsonArray &entries)
{
    m_models.setModels(entries);
    // Default picks: the virtual `auto` on the left, the first real model on the right.
    if (m_primary.model().isEmpty() || m_models.indexOf(m_primary.model()) < 0)
        m_primary.setModel(m_models.modelAt(qMax(0, m_models.indexOf(QStringLiteral("auto")))));
    if (m_secondary.model().isEmpty() || m_models.indexOf(m_secondary.model()) < 0) {
        QString pick;
        for (int i = 0; i < m_models.rowCount() && pick.isEmpty(); ++i) {
            if (!m_models.data(m_models.index(i), ModelListModel::VirtualRole).toBool())
                pick = m_models.modelAt(i);
        }
        m_secondary.setModel(pick.isEmpty() ? m_models.modelAt(0) : pick);
    }
    updateFlags();
}

void PlaygroundController::updateFlags()
{
    const bool r = running();
    if (r != m_running) {
        m_running = r;
        Q_EMIT runningChanged();
    }
    const bool c = canSend();
    if (c != m_canSend) {
        m_canSend = c;
        Q_EMIT canSendChanged();
    }
}
