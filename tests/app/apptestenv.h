// SPDX-License-Identifier: MIT
#pragma once

#include "engine/options.h"

#include <QJsonObject>
#include <QTemporaryDir>

class EngineHost;

/**
 * @brief A throw-away config file and data directory for an engine with the mock provider.
 *
 * The config is written as a user would (so ConfigFile::set can patch it), and options() parses
 * it through the executables' own EngineOptions::parse.
 */
class AppTestEnvironment
{
public:
    /// @p port 0 = any free port; @p mockPaceMs > 0 slows the mock's stream (stop-midway tests).
    explicit AppTestEnvironment(int port = 0, int mockPaceMs = -1);

    [[nodiscard]] EngineOptions options() const;
    [[nodiscard]] QString configPath() const { return m_dir.filePath(QStringLiteral("config.json")); }
    [[nodiscard]] QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }
    [[nodiscard]] QString path(const QString &name) const { return m_dir.filePath(name); }

private:
    QTemporaryDir m_dir;
};

/// A one-message chat for @p model through @p host's pipeline (EngineHost::chat, as the
/// Playground sends it), waited for: its x-gateway object, or {} when it failed (said in a warning).
QJsonObject chatThroughHost(EngineHost &host, const QString &model, const QString &prompt);
