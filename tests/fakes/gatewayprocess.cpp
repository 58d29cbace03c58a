// SPDX-License-Identifier: MIT
#include "gatewayprocess.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>

namespace GatewayProcess {

int start(QProcess &p, const QString &program, const QStringList &args, const QProcessEnvironment &env)
{
    p.setProcessEnvironment(env);
    p.setReadChannel(QProcess::StandardOutput);
    p.start(program, args);
    if (!p.waitForStarted(5000))
        return 0;
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 10000 && !out.contains('\n') && p.state() == QProcess::Running) {
        QTest::qWait(10);
        out += p.readAllStandardOutput();
    }
    static const QRegularExpression ready(
        QStringLiteral("^switchyard listening on http://127\\.0\\.0\\.1:(\\d+)\n$"));
    const auto m = ready.match(QString::fromUtf8(out));
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

bool finished(QProcess &p, int timeoutMs)
{
    return p.state() == QProcess::NotRunning || p.waitForFinished(timeoutMs);
}

} // namespace GatewayProcess
