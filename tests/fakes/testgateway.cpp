// SPDX-License-Identifier: MIT
#include "testgateway.h"

#include "engine/options.h"

bool TestGateway::start(const QByteArray &config, QString *error)
{
    auto parsed = Config::parse(config, error);
    if (!parsed)
        return false;
    EngineOptions options;
    options.config = *parsed;
    options.config.server.port = 0;
    options.dataDir = m_dir.path();
    m_engine = std::make_unique<Engine>(options);
    connect(
        m_engine.get(), &Engine::requestFinished, this, [this](const RequestLogRow &row) { rows << row; });
    return m_engine->start(error);
}
