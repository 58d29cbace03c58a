// SPDX-License-Identifier: MIT
#pragma once

#include "engine/config.h"

#include <QString>
#include <QStringList>

#include <optional>

/**
 * @brief The executables' contract (ARCHITECTURE §4): flags beat environment, environment beats
 * the config file.
 *
 * Flags: --config FILE, --host ADDR, --port N, --data-dir DIR, --version, --help.
 * Environment: SWITCHYARD_CONFIG, SWITCHYARD_HOST, SWITCHYARD_PORT, SWITCHYARD_DATA_DIR,
 * SWITCHYARD_ADMIN_KEY.
 */
struct EngineOptions
{
    QString configPath;
    QString dataDir;
    Config config; ///< loaded, with host/port/adminKey overrides applied

    enum class Outcome { Run, Exit };
    /// Parses @p arguments (argv) and the environment, loads the config. Outcome::Exit with
    /// @p exitCode for --help, --version and errors (@p message holds what to print: to stdout
    /// when exitCode is 0, else one line for stderr).
    static Outcome parse(const QStringList &arguments, const QString &programName, const QString &description,
        EngineOptions *options, QString *message, int *exitCode);

    static QString defaultConfigPath();
    static QString defaultDataDir();
    [[nodiscard]] QString databasePath() const;
};
