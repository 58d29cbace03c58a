// SPDX-License-Identifier: MIT
// Sliding-window limits checked against every window, not only aligned ones.
#include "keys/ratelimiter.h"

#include <QRandomGenerator>
#include <QTest>

#include <deque>

class TestRateLimiter : public QObject
{
    Q_OBJECT

    static const QString key() { return QStringLiteral("key_test"); }

private Q_SLOTS:
    void rpmRefusesUntilTheOldestLeavesTheWindow();
    void rpmHoldsOverEveryWindow();
    void tpmCountsTheWorstCaseThenTheRealUsage();
    void requestLargerThanTpmIsRefusedWithoutRetry();
    void parallelSlots();
    void headersFollowOpenAI();
    void formatDuration_data();
    void formatDuration();
    void noLimitsTracksNothing();
};

void TestRateLimiter::rpmRefusesUntilTheOldestLeavesTheWindow()
{
    RateLimiter limiter;
    RateLimits limits;
    limits.rpm = 5;
    RateTicket t;
    for (int i = 0; i < 5; ++i) {
        QVERIFY(!limiter.admit(key(), limits, 10, 1'000'000 + i * 10'000, &t));
        limiter.release(key(), t);
    }
    auto refused = limiter.admit(key(), limits, 10, 1'050'000, &t);
    QVERIFY(refused);
    QCOMPARE(refused->status, 429);
    QCOMPARE(refused->code, QStringLiteral("rate_limit_exceeded"));
    QCOMPARE(refused->type, QStringLiteral("requests"));
    QCOMPARE(refused->retryAfterSeconds, 10); // the first entry (t=1,000,000) leaves at 1,060,000
    QVERIFY(refused->message.contains(QLatin1String("limit 5")));
    QVERIFY(limiter.admit(key(), limits, 10, 1'059'999, &t)); // one ms early: still inside
    QVERIFY(!limiter.admit(key(), limits, 10, 1'060'000, &t)); // exactly 60 s later: out
    QVERIFY(limiter.admit(key(), limits, 10, 1'060'001, &t)); // the second entry leaves at 1,070,000
}

void TestRateLimiter::rpmHoldsOverEveryWindow()
{
    // Random bursts over ten minutes; afterwards every 60 s window (at 1 ms resolution) is checked.
    RateLimiter limiter;
    RateLimits limits;
    limits.rpm = 7;
    QRandomGenerator rng(42);
    QList<qint64> admitted;
    qint64 now = 0;
    int attempts = 0;
    while (now < 600'000) {
        now += rng.bounded(0, 3000);
        const int burst = rng.bounded(1, 6);
        for (int i = 0; i < burst; ++i) {
            ++attempts;
            RateTicket t;
            if (!limiter.admit(key(), limits, 1, now, &t)) {
                admitted << now;
                limiter.release(key(), t);
            }
        }
    }
    int maxInWindow = 0;
    qsizetype first = 0;
    for (qsizetype last = 0; last < admitted.size(); ++last) {
        while (admitted.at(first) <= admitted.at(last) - RateLimiter::WindowMs)
            ++first;
        maxInWindow = qMax(maxInWindow, int(last - first + 1));
    }
    // The limiter must also use the whole allowance: each minute admits the full rpm.
    const int minutes = int(now / 60'000);
    qInfo("RPM exactness: rpm %lld, %d attempts over %lld s, %lld admitted, at most %d in any 60 s window",
        limits.rpm, attempts, now / 1000, qint64(admitted.size()), maxInWindow);
    QCOMPARE(maxInWindow, int(limits.rpm));
    QVERIFY(admitted.size() >= minutes * limits.rpm);
}

void TestRateLimiter::tpmCountsTheWorstCaseThenTheRealUsage()
{
    RateLimiter limiter;
    RateLimits limits;
    limits.tpm = 1000;
    RateTicket a, b;
    QVERIFY(!limiter.admit(key(), limits, 800, 0, &a));
    auto refused = limiter.admit(key(), limits, 300, 1000, &b);
    QVERIFY(refused);
    QCOMPARE(refused->type, QStringLiteral("tokens"));
    QCOMPARE(refused->retryAfterSeconds, 59); // the 800 leave at 60,000
    limiter.reconcile(key(), a, 120); // it really used 120
    limiter.release(key(), a);
    QVERIFY(!limiter.admit(key(), limits, 300, 2000, &b));
    QCOMPARE(limiter.usage(key(), 2000).tokens, 420);
    QCOMPARE(limiter.usage(key(), 60'000).tokens, 300); // the 120 left the window
    QCOMPARE(limiter.usage(key(), 62'000).tokens, 0);
}

void TestRateLimiter::requestLargerThanTpmIsRefusedWithoutRetry()
{
    RateLimiter limiter;
    RateLimits limits;
    limits.tpm = 100;
    RateTicket t;
    auto refused = limiter.admit(key(), limits, 101, 0, &t);
    QVERIFY(refused);
    QCOMPARE(refused->retryAfterSeconds, -1); // waiting never helps
    QVERIFY(refused->message.contains(QLatin1String("max_tokens")));
    QCOMPARE(limiter.usage(key(), 0).requests, 0);
}

void TestRateLimiter::parallelSlots()
{
    RateLimiter limiter;
    RateLimits limits;
    limits.parallel = 2;
    RateTicket a, b, c;
    QVERIFY(!limiter.admit(key(), limits, 1, 0, &a));
    QVERIFY(!limiter.admit(key(), limits, 1, 0, &b));
    auto refused = limiter.admit(key(), limits, 1, 0, &c);
    QVERIFY(refused);
    QCOMPARE(refused->code, QStringLiteral("too_many_parallel_requests"));
    QCOMPARE(refused->retryAfterSeconds, 1);
    limiter.release(key(), a);
    limiter.release(key(), a); // idempotent: frees one slot, not two
    QVERIFY(!limiter.admit(key(), limits, 1, 0, &c));
    QVERIFY(limiter.admit(key(), limits, 1, 0, &a));
    QCOMPARE(limiter.usage(key(), 0).inFlight, 2);
}

void TestRateLimiter::headersFollowOpenAI()
{
    RateLimiter limiter;
    RateLimits limits;
    limits.rpm = 10;
    limits.tpm = 5000;
    RateTicket t;
    QVERIFY(!limiter.admit(key(), limits, 700, 0, &t));
    QVERIFY(!limiter.admit(key(), limits, 300, 30'000, &t));
    const RateLimiter::Headers h = limiter.headers(key(), limits, 45'000);
    auto value = [&h](const QByteArray &name) {
        for (const auto &p : h) {
            if (p.first == name)
                return p.second;
        }
        return QByteArray("absent");
    };
    QCOMPARE(value("x-ratelimit-limit-requests"), QByteArray("10"));
    QCOMPARE(value("x-ratelimit-remaining-requests"), QByteArray("8"));
    QCOMPARE(value("x-ratelimit-reset-requests"), QByteArray("45s")); // the newest leaves at 90 s
    QCOMPARE(value("x-ratelimit-limit-tokens"), QByteArray("5000"));
    QCOMPARE(value("x-ratelimit-remaining-tokens"), QByteArray("4000"));
    QCOMPARE(value("x-ratelimit-reset-tokens"), QByteArray("45s"));
}

void TestRateLimiter::formatDuration_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("zero") << qint64(0) << QByteArray("0s");
    QTest::newRow("ms") << qint64(250) << QByteArray("250ms");
    QTest::newRow("seconds") << qint64(12'000) << QByteArray("12s");
    QTest::newRow("fraction") << qint64(1'500) << QByteArray("1.5s");
    QTest::newRow("minute") << qint64(60'000) << QByteArray("1m0s");
    QTest::newRow("minutes") << qint64(90'250) << QByteArray("1m30.25s");
}

void TestRateLimiter::formatDuration()
{
    QFETCH(qint64, ms);
    QFETCH(QByteArray, text);
    QCOMPARE(RateLimiter::formatDuration(ms), text);
}

void TestRateLimiter::noLimitsTracksNothing()
{
    RateLimiter limiter;
    RateTicket t;
    for (int i = 0; i < 1000; ++i)
        QVERIFY(!limiter.admit(key(), RateLimits(), 1'000'000, i, &t));
    QCOMPARE(t.seq, quint64(0));
    QCOMPARE(limiter.usage(key(), 1000).requests, 0);
    QVERIFY(limiter.headers(key(), RateLimits(), 0).isEmpty());
}

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
