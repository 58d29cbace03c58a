// SPDX-License-Identifier: MIT
// Which failures move on, count against the provider, or retry the same deployment (the table of
// docs/routing.md), and the backoff.
#include "reliability/retrypolicy.h"

#include <QTest>

class TestRetryPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void classification_data();
    void classification();
    void backoffIsExponentialWithJitterAndCapped();
    void retryAfterIsHonouredUpToItsLimit();
};

void TestRetryPolicy::classification_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("movesOn");
    QTest::addColumn<bool>("countsAgainst");
    QTest::addColumn<bool>("retriesSame");
    QTest::newRow("connect refused") << 502 << "upstream_unreachable" << true << true << true;
    QTest::newRow("timeout") << 504 << "upstream_timeout" << true << true << false;
    QTest::newRow("5xx") << 502 << "upstream_error" << true << true << true;
    QTest::newRow("529 overloaded") << 529 << "overloaded_error" << true << true << true;
    QTest::newRow("503") << 503 << "upstream_error" << true << true << true;
    QTest::newRow("429") << 429 << "upstream_rate_limited" << true << false << true;
    QTest::newRow("408") << 408 << "request_timeout" << true << true << false;
    QTest::newRow("our key refused") << 502 << "upstream_auth_failed" << true << true << false;
    QTest::newRow("400") << 400 << "invalid_request_error" << false << false << false;
    QTest::newRow("404") << 404 << "model_not_found" << false << false << false;
    QTest::newRow("413") << 413 << "too_large" << false << false << false;
    QTest::newRow("422") << 422 << "unprocessable" << false << false << false;
}

void TestRetryPolicy::classification()
{
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(bool, movesOn);
    QFETCH(bool, countsAgainst);
    QFETCH(bool, retriesSame);
    GatewayError e {status, QStringLiteral("api_error"), code, QStringLiteral("x"), {}, -1};
    QCOMPARE(RetryPolicy::movesOn(e), movesOn);
    QCOMPARE(RetryPolicy::countsAgainstProvider(e), countsAgainst);
    QCOMPARE(RetryPolicy::retriesSameDeployment(e), retriesSame);
}

void TestRetryPolicy::backoffIsExponentialWithJitterAndCapped()
{
    RetryConfig config;
    config.retries = 5;
    config.baseDelayMs = 100;
    config.maxDelayMs = 1000;
    RetryPolicy policy(config);
    const GatewayError e = GatewayError::upstream(502, QStringLiteral("upstream_error"), QStringLiteral("x"));
    // Equal jitter: between half and all of base * 2^n.
    QCOMPARE(policy.delayMs(0, e, 0.0), 50);
    QCOMPARE(policy.delayMs(0, e, 0.999999), 99);
    QCOMPARE(policy.delayMs(1, e, 0.0), 100);
    QCOMPARE(policy.delayMs(2, e, 0.5), 300);
    QCOMPARE(policy.delayMs(3, e, 0.0), 400);
    QCOMPARE(policy.delayMs(4, e, 0.0), 500); // capped at 1000
    QCOMPARE(policy.delayMs(4, e, 0.999999), 999);
    QCOMPARE(policy.delayMs(5, e, 0.5), -1); // retries exhausted
    RetryConfig none;
    none.retries = 0;
    QCOMPARE(RetryPolicy(none).delayMs(0, e, 0.5), -1);
}

void TestRetryPolicy::retryAfterIsHonouredUpToItsLimit()
{
    RetryConfig config;
    config.maxRetryAfterMs = 5000;
    RetryPolicy policy(config);
    GatewayError e
        = GatewayError::upstream(429, QStringLiteral("upstream_rate_limited"), QStringLiteral("x"));
    e.retryAfterSeconds = 2;
    QCOMPARE(policy.delayMs(0, e, 0.1), 2000);
    e.retryAfterSeconds = 0;
    QCOMPARE(policy.delayMs(0, e, 0.1), 0);
    e.retryAfterSeconds = 30; // longer than we would make a client wait
    QCOMPARE(policy.delayMs(0, e, 0.1), -1);
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
