// SPDX-License-Identifier: MIT
// SingleInstance: a second launch reaches the first (which shows its window); other commands
// are handed on; a socket left by a dead instance is replaced.
#include "core/singleinstance.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

class TestSingleInstance : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void secondLaunchActivatesTheFirst();
    void commandsAreHandedOn();
    void differentDataDirsDoNotMeet();
    void leftoverSocketIsReplaced();
};

namespace {
/// Sends from another thread: the first instance must keep its event loop running to answer.
QJsonObject sendFromThread(const QString &name, const QJsonObject &message)
{
    QJsonObject answer;
    QThread *t = QThread::create([&] { answer = SingleInstance::send(name, message, 5000); });
    t->start();
    while (!t->wait(10))
        QCoreApplication::processEvents();
    delete t;
    return answer;
}
} // namespace

void TestSingleInstance::secondLaunchActivatesTheFirst()
{
    QTemporaryDir dir;
    SingleInstance first(dir.path());
    QString error;
    QVERIFY2(first.listen(&error), qPrintable(error));
    QSignalSpy activate(&first, &SingleInstance::activateRequested);
    bool running = false;
    QThread *t = QThread::create([&] {
        SingleInstance second(dir.path());
        running = second.activateRunning();
    });
    t->start();
    while (!t->wait(10))
        QCoreApplication::processEvents();
    delete t;
    QVERIFY(running);
    QCOMPARE(activate.count(), 1);
}

void TestSingleInstance::commandsAreHandedOn()
{
    QTemporaryDir dir;
    SingleInstance first(dir.path());
    QString error;
    QVERIFY(first.listen(&error));
    QSignalSpy commands(&first, &SingleInstance::commandReceived);
    connect(&first, &SingleInstance::commandReceived, this, [](const QJsonObject &m, QLocalSocket *client) {
        SingleInstance::respond(client, {{QLatin1String("echo"), m.value(QLatin1String("cmd"))}});
    });
    const QJsonObject answer
        = sendFromThread(first.serverName(), {{QLatin1String("cmd"), QStringLiteral("state")}});
    QCOMPARE(answer.value(QLatin1String("echo")).toString(), QStringLiteral("state"));
    QCOMPARE(commands.count(), 1);
    const QJsonObject bad = sendFromThread(first.serverName(), {{QLatin1String("nocmd"), 1}});
    QCOMPARE(bad.value(QLatin1String("ok")).toBool(true), false);
    QCOMPARE(commands.count(), 1);
}

void TestSingleInstance::differentDataDirsDoNotMeet()
{
    QTemporaryDir a;
    QTemporaryDir b;
    SingleInstance first(a.path());
    QString error;
    QVERIFY(first.listen(&error));
    SingleInstance other(b.path());
    QVERIFY(first.serverName() != other.serverName());
    QVERIFY(!other.activateRunning(500));
}

void TestSingleInstance::leftoverSocketIsReplaced()
{
    QTemporaryDir dir;
    const QString name = SingleInstance(dir.path()).serverName();
    // The socket file is taken (as after a crash, when the file stays behind).
    QLocalServer stale;
    QVERIFY(stale.listen(name));
    SingleInstance fresh(dir.path());
    QString error;
    QVERIFY2(fresh.listen(&error), qPrintable(error)); // the name was taken: removed and re-made
    QSignalSpy activate(&fresh, &SingleInstance::activateRequested);
    const QJsonObject answer = sendFromThread(name, {{QLatin1String("cmd"), QStringLiteral("activate")}});
    QCOMPARE(answer.value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(activate.count(), 1);
}

QTEST_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
