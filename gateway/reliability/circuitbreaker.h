// SPDX-License-Identifier: MIT
#pragma once

#include "engine/config.h"

#include <QString>

/**
 * @brief One provider's circuit: closed (traffic flows), open (no traffic until the cool-down
 * ends), half-open (one trial call at a time decides).
 *
 * Opens after `failureThreshold` consecutive failures. Once the cool-down has passed, the next
 * tryAcquire() moves it to half-open and admits a single trial (a live request or a health
 * probe); `halfOpenSuccesses` successful trials close it, a failed trial re-opens it with the
 * cool-down doubled (up to `maxCooldownMs`), so a provider that stays down costs one call per
 * cool-down and nothing in between. Outcomes of calls admitted before it opened are ignored while
 * it is open. Time is passed in (monotonic ms), so tests drive it without waiting.
 */
class CircuitBreaker
{
public:
    enum class State { Closed, Open, HalfOpen };

    explicit CircuitBreaker(const CircuitBreakerConfig &config = {});
    /// New thresholds apply from the next outcome; the current state is kept.
    void setConfig(const CircuitBreakerConfig &config);

    /// May a call start now? Takes the trial slot when half-open.
    bool tryAcquire(qint64 nowMs);
    /// Would tryAcquire() admit a call now (without taking the trial slot)?
    [[nodiscard]] bool isAvailable(qint64 nowMs) const;
    void onSuccess(qint64 nowMs);
    void onFailure(qint64 nowMs, const QString &reason);
    /// A call admitted by tryAcquire() ended without an outcome (cancelled): frees the trial slot.
    void release();
    /// Closes the circuit and forgets failures (provider reconfigured).
    void reset();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] int consecutiveFailures() const { return m_failures; }
    [[nodiscard]] int trips() const { return m_trips; }
    [[nodiscard]] qint64 openedAtMs() const { return m_openedAtMs; }
    /// When an open circuit admits its next trial.
    [[nodiscard]] qint64 retryAtMs() const { return m_retryAtMs; }
    [[nodiscard]] int currentCooldownMs() const { return m_cooldownMs; }
    [[nodiscard]] const QString &lastFailure() const { return m_lastFailure; }
    [[nodiscard]] const CircuitBreakerConfig &config() const { return m_config; }

    static QString stateName(State state);

private:
    void open(qint64 nowMs);

    CircuitBreakerConfig m_config;
    State m_state = State::Closed;
    int m_failures = 0;
    int m_trialSuccesses = 0;
    bool m_trialInFlight = false;
    int m_trips = 0;
    int m_cooldownMs = 0;
    qint64 m_openedAtMs = 0;
    qint64 m_retryAtMs = 0;
    QString m_lastFailure;
};
