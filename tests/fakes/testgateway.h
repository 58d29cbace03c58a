// SPDX-License-Identifier: MIT
#pragma once

#include "engine/engine.h"
#include "telemetry/requestlogrow.h"

#include <QObject>
#include <QTemporaryDir>

#include <memory>

/**
 * @brief The gateway under test, in process: an Engine started from a config document on
 * 127.0.0.1, port 0, with its own temporary data dir, keeping the log rows of the requests it
 * finished.
 */
class TestGateway : public QObject // the context of the engine's signal connections
{
public:
    /// Parses @p config and starts the engine; false with @p error set when either fails.
    bool start(const QByteArray &config, QString *error);

    [[nodiscard]] Engine &engine() { return *m_engine; }
    [[nodiscard]] quint16 port() const { return m_engine ? m_engine->port() : 0; }

    /// Log rows of finished requests, oldest first (clear between tests).
    QList<RequestLogRow> rows;

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_engine;
};
