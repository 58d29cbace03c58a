// SPDX-License-Identifier: MIT
#include "reliability/circuitbreaker.h"

CircuitBreaker::CircuitBreaker(const CircuitBreakerConfig &config)
    : m_config(config)
    , m_cooldownMs(config.cooldownMs)
{ }

void CircuitBreaker::setConfig(const CircuitBreakerConfig &config)
{
    m_config = config;
    m_cooldownMs = qBound(config.cooldownMs, m_cooldownMs, config.maxCooldownMs);
    if (m_state == State::Closed)
        m_cooldownMs = config.cooldownMs;
}

bool CircuitBreaker::tryAcquire(qint64 nowMs)
{
    switch (m_state) {
    case State::Closed:
        return true;
    case State::Open:
        if (nowMs < m_retryAtMs)
            return false;
        m_state = State::HalfOpen;
        m_trialSuccesses = 0;
        m_trialInFlight = true;
        return true;
    case State::HalfOpen:
        if (m_trialInFlight)
            return false;
        m_trialInFlight = true;
        return true;
    }
    return false;
}

bool CircuitBreaker::isAvailable(qint64 nowMs) const
{
    switch (m_state) {
    case State::Closed:
        return true;
    case State::Open:
        return nowMs >= m_retryAtMs;
    case State::HalfOpen:
        return !m_trialInFlight;
    }
    return false;
}

void CircuitBreaker::onSuccess(qint64 nowMs)
{
    Q_UNUSED(nowMs)
    switch (m_state) {
    case State::Closed:
        m_failures = 0;
        return;
    case State::Open:
        return; // admitted before it opened: the trial decides
    case State::HalfOpen:
        m_trialInFlight = false;
        if (++m_trialSuccesses >= m_config.halfOpenSuccesses) {
            m_state = State::Closed;
            m_failures = 0;
            m_cooldownMs = m_config.cooldownMs;
        }
        return;
    }
}

void CircuitBreaker::onFailure(qint64 nowMs, const QString &reason)
{
    m_lastFailure = reason;
    switch (m_state) {
    case State::Closed:
        if (++m_failures >= m_config.failureThreshold)
            open(nowMs);
        return;
    case State::Open:
        return;
    case State::HalfOpen:
        m_trialInFlight = false;
        m_cooldownMs = qMin(m_config.maxCooldownMs, m_cooldownMs * 2);
        open(nowMs);
        return;
    }
}

void CircuitBreaker::release()
{
    m_trialInFlight = false;
}

void CircuitBreaker::reset()
{
    m_state = State::Closed;
    m_failures = 0;
    m_trialSuccesses = 0;
    m_trialInFlight = false;
    m_cooldownMs = m_config.cooldownMs;
    m_retryAtMs = 0;
    m_lastFailure.clear();
}

void CircuitBreaker::open(qint64 nowMs)
{
    m_state = State::Open;
    m_openedAtMs = nowMs;
    m_retryAtMs = nowMs + m_cooldownMs;
    ++m_trips;
}

QString CircuitBreaker::stateName(State state)
{
    switch (state) {
    case State::Closed:
        return QStringLiteral("closed");
    case State::Open:
        return QStringLiteral("open");
    case State::HalfOpen:
        return QStringLiteral("half-open");
    }
    return {};
}
