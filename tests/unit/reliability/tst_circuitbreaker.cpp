// SPDX-License-Identifier: MIT
// The breaker's state machine, driven step by step with an explicit clock.
#include "reliability/circuitbreaker.h"

#include <QTest>

class TestCircuitBreaker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void script_data();
    void script();
    void trialSlotIsReleasedOnCancel();
    void setConfigKeepsState();
};

void TestCircuitBreaker::script_data()
{
    // Steps: "f@t" failure at t, "s@t" success, "a@t" tryAcquire (expects the state letter after
    // '=': a@10=y admitted, =n refused), "?S" expects state S (C closed, O open, H half-open).
    QTest::addColumn<QString>("steps");
    QTest::newRow("stays closed below the threshold") << "f@0 f@1 ?C a@2=y s@3 f@4 f@5 ?C";
    QTest::newRow("a success resets the count") << "f@0 f@1 s@2 f@3 f@4 ?C f@5 ?O";
    QTest::newRow("opens at the threshold and refuses") << "f@0 f@1 f@2 ?O a@10=n a@999=n";
    QTest::newRow("half-open after the cool-down, one trial at a time")
        << "f@0 f@1 f@2 ?O a@1002=y ?H a@1003=n a@1004=n";
    QTest::newRow("a good trial closes") << "f@0 f@1 f@2 a@1002=y s@1010 ?C a@1011=y a@1012=y";
    QTest::newRow("a failed trial re-opens with double cool-down")
        << "f@0 f@1 f@2 a@1002=y f@1010 ?O a@2500=n a@3009=n a@3010=y ?H";
    QTest::newRow("cool-down is capped") << "f@0 f@0 f@0 a@1000=y f@1000 a@3000=y f@3000 a@7000=y f@7000 "
                                            "a@10999=n a@11000=y ?H";
    QTest::newRow("closing resets the cool-down")
        << "f@0 f@0 f@0 a@1000=y f@1000 a@3000=y s@3000 ?C f@3001 f@3002 f@3003 ?O a@4002=n a@4003=y";
    QTest::newRow("outcomes of calls admitted before opening are ignored")
        << "f@0 f@1 f@2 ?O s@5 ?O f@6 ?O a@1002=y ?H";
}

void TestCircuitBreaker::script()
{
    QFETCH(QString, steps);
    CircuitBreakerConfig config;
    config.failureThreshold = 3;
    config.cooldownMs = 1000;
    config.maxCooldownMs = 4000;
    config.halfOpenSuccesses = 1;
    CircuitBreaker b(config);
    for (const QString &step : steps.split(u' ', Qt::SkipEmptyParts)) {
        const QChar op = step.at(0);
        if (op == u'?') {
            const CircuitBreaker::State want = step.at(1) == u'C' ? CircuitBreaker::State::Closed
                : step.at(1) == u'O'                              ? CircuitBreaker::State::Open
                                                                  : CircuitBreaker::State::HalfOpen;
            QVERIFY2(b.state() == want,
                qPrintable(
                    QStringLiteral("%1: state is %2").arg(step, CircuitBreaker::stateName(b.state()))));
            continue;
        }
        const QStringList parts = step.mid(2).split(u'=');
        const qint64 t = parts.at(0).toLongLong();
        if (op == u'f') {
            b.onFailure(t, QStringLiteral("boom"));
        } else if (op == u's') {
            b.onSuccess(t);
        } else if (op == u'a') {
            const bool admitted = b.tryAcquire(t);
            QVERIFY2(admitted == (parts.at(1) == QLatin1String("y")), qPrintable(step));
        }
    }
}

void TestCircuitBreaker::trialSlotIsReleasedOnCancel()
{
    CircuitBreakerConfig config;
    config.failureThreshold = 1;
    config.cooldownMs = 100;
    CircuitBreaker b(config);
    b.onFailure(0, QStringLiteral("down"));
    QCOMPARE(b.trips(), 1);
    QCOMPARE(b.retryAtMs(), 100);
    QVERIFY(!b.isAvailable(50));
    QVERIFY(b.isAvailable(100));
    QVERIFY(b.tryAcquire(100));
    QVERIFY(!b.isAvailable(101)); // the trial is out
    b.release(); // ...and was cancelled: the next call may try
    QVERIFY(b.isAvailable(102));
    QVERIFY(b.tryAcquire(102));
    QCOMPARE(b.lastFailure(), QStringLiteral("down"));
    CircuitBreakerConfig two = config;
    two.halfOpenSuccesses = 2;
    b.setConfig(two);
    b.onSuccess(103);
    QCOMPARE(b.state(), CircuitBreaker::State::HalfOpen); // one of two
    QVERIFY(b.tryAcquire(104));
    b.onSuccess(105);
    QCOMPARE(b.state(), CircuitBreaker::State::Closed);
}

void TestCircuitBreaker::setConfigKeepsState()
{
    CircuitBreakerConfig config;
    config.failureThreshold = 2;
    CircuitBreaker b(config);
    b.onFailure(0, QStringLiteral("x"));
    config.failureThreshold = 5;
    b.setConfig(config);
    QCOMPARE(b.consecutiveFailures(), 1);
    for (int i = 0; i < 3; ++i)
        b.onFailure(i + 1, QStringLiteral("x"));
    QCOMPARE(b.state(), CircuitBreaker::State::Closed);
    b.onFailure(10, QStringLiteral("x"));
    QCOMPARE(b.state(), CircuitBreaker::State::Open);
    b.reset();
    QCOMPARE(b.state(), CircuitBreaker::State::Closed);
    QCOMPARE(b.consecutiveFailures(), 0);
}

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuitbreaker.moc"
