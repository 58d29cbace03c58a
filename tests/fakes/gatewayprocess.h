// SPDX-License-Identifier: MIT
#pragma once

#include <QProcess>
#include <QStringList>

/**
 * @brief The switchyard-gateway binary run by a test: started, waited for until it prints its
 * ready line (the event loop keeps turning, so in-process fakes keep serving), and waited for
 * until it ends.
 */
namespace GatewayProcess {
/// Starts @p program; returns the port of its "switchyard listening on http://127.0.0.1:PORT"
/// line (exactly that line first on stdout), or 0 when it did not become ready in 10 s.
int start(QProcess &process, const QString &program, const QStringList &args,
    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
/// QProcess::waitForFinished() returns false for a process that already ended while the event
/// loop was spinning; this does not.
bool finished(QProcess &process, int timeoutMs);
} // namespace GatewayProcess
