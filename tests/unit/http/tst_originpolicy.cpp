// SPDX-License-Identifier: MIT
#include "http/originpolicy.h"

#include <QTest>

class TestOriginPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void loopbackHosts_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<bool>("loopback");
        QTest::newRow("localhost:4000") << QByteArray("localhost:4000") << true;
        QTest::newRow("LOCALHOST") << QByteArray("LOCALHOST") << true;
        QTest::newRow("127.0.0.1:4000") << QByteArray("127.0.0.1:4000") << true;
        QTest::newRow("127.1.2.3") << QByteArray("127.1.2.3") << true;
        QTest::newRow("[::1]:4000") << QByteArray("[::1]:4000") << true;
        QTest::newRow("app.localhost") << QByteArray("app.localhost:4000") << true;
        QTest::newRow("evil.example") << QByteArray("evil.example:4000") << false;
        QTest::newRow("127.0.0.1.evil.example") << QByteArray("127.0.0.1.evil.example") << false;
        QTest::newRow("localhost.evil.example") << QByteArray("localhost.evil.example") << false;
        QTest::newRow("[::2]") << QByteArray("[::2]:4000") << false;
        QTest::newRow("192.168.1.5") << QByteArray("192.168.1.5:4000") << false;
    }
    void loopbackHosts()
    {
        QFETCH(QByteArray, host);
        QFETCH(bool, loopback);
        QCOMPARE(OriginPolicy::isLoopbackHost(host), loopback);
    }

    void requests_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<bool>("boundToLoopback");
        QTest::addColumn<QString>("refusal");
        QTest::addColumn<QByteArray>("fetchSite");
        QTest::newRow("sdk, no origin")
            << QByteArray("localhost:4000") << QByteArray() << true << QString() << QByteArray();
        QTest::newRow("no host header") << QByteArray() << QByteArray() << true << QString() << QByteArray();
        QTest::newRow("allowed origin") << QByteArray("localhost:4000") << QByteArray("http://localhost:5173")
                                        << true << QString() << QByteArray();
        QTest::newRow("allowed origin, trailing slash in config")
            << QByteArray("localhost:4000") << QByteArray("https://app.example") << true << QString()
            << QByteArray();
        QTest::newRow("foreign origin") << QByteArray("localhost:4000") << QByteArray("https://evil.example")
                                        << true << QStringLiteral("origin_not_allowed") << QByteArray();
        QTest::newRow("null origin") << QByteArray("localhost:4000") << QByteArray("null") << true
                                     << QStringLiteral("origin_not_allowed") << QByteArray();
        QTest::newRow("dns rebinding") << QByteArray("evil.example:4000") << QByteArray() << true
                                       << QStringLiteral("host_not_allowed") << QByteArray();
        QTest::newRow("lan host when bound to all")
            << QByteArray("192.168.1.5:4000") << QByteArray() << false << QString() << QByteArray();
        QTest::newRow("no-cors from another site")
            << QByteArray("localhost:4000") << QByteArray() << true << QStringLiteral("origin_not_allowed")
            << QByteArray("cross-site");
        QTest::newRow("no-cors from another port")
            << QByteArray("127.0.0.1:4000") << QByteArray() << true << QStringLiteral("origin_not_allowed")
            << QByteArray("same-site");
        QTest::newRow("typed in the address bar")
            << QByteArray("127.0.0.1:4000") << QByteArray() << true << QString() << QByteArray("none");
        QTest::newRow("allowed origin, cross-site")
            << QByteArray("localhost:4000") << QByteArray("http://localhost:5173") << true << QString()
            << QByteArray("cross-site");
    }
    void requests()
    {
        QFETCH(QByteArray, host);
        QFETCH(QByteArray, origin);
        QFETCH(QByteArray, fetchSite);
        QFETCH(bool, boundToLoopback);
        QFETCH(QString, refusal);
        const OriginPolicy policy(
            {QStringLiteral("http://localhost:5173"), QStringLiteral("https://app.example/")},
            boundToLoopback);
        HttpRequest r;
        if (!host.isEmpty())
            r.headers.append({"Host", host});
        if (!origin.isEmpty())
            r.headers.append({"Origin", origin});
        if (!fetchSite.isEmpty())
            r.headers.append({"Sec-Fetch-Site", fetchSite});
        const auto error = policy.check(r);
        QCOMPARE(error ? error->code : QString(), refusal);
        if (error) {
            QCOMPARE(error->status, 403);
            QVERIFY(!error->message.isEmpty());
        }
    }

    void corsOnlyForAllowedOrigins()
    {
        const OriginPolicy policy({QStringLiteral("http://localhost:5173")}, true);
        QVERIFY(policy.isAllowedOrigin("http://localhost:5173"));
        QVERIFY(!policy.isAllowedOrigin("http://localhost:5174"));
        QVERIFY(!policy.isAllowedOrigin(""));
        const auto headers = policy.corsHeaders("http://localhost:5173", true);
        QCOMPARE(headers.first().first, QByteArray("Access-Control-Allow-Origin"));
        QCOMPARE(headers.first().second, QByteArray("http://localhost:5173"));
        bool allowsAuthorization = false;
        for (const auto &h : headers)
            allowsAuthorization
                |= h.first == "Access-Control-Allow-Headers" && h.second.contains("Authorization");
        QVERIFY(allowsAuthorization);
        const OriginPolicy none;
        QVERIFY(!none.isAllowedOrigin("http://localhost:5173"));
        // Actual responses let the page read the rate-limit headers.
        bool exposesRateLimits = false;
        for (const auto &h : policy.corsHeaders("http://localhost:5173", false))
            exposesRateLimits |= h.first == "Access-Control-Expose-Headers"
                && h.second.contains("x-ratelimit-remaining-requests");
        QVERIFY(exposesRateLimits);
    }

    void preflightAnswersWhatTheOriginAsksFor()
    {
        const OriginPolicy policy({QStringLiteral("http://localhost:5173")}, true);
        HttpRequest r;
        r.method = "OPTIONS";
        r.headers = {{"Origin", "http://localhost:5173"}, {"Access-Control-Request-Method", "POST"},
            {"Access-Control-Request-Headers",
                "content-type,x-api-key,anthropic-dangerous-direct-browser-access"},
            {"Access-Control-Request-Private-Network", "true"}};
        QByteArray allowHeaders, privateNetwork;
        for (const auto &h : policy.preflightHeaders(r)) {
            if (h.first == "Access-Control-Allow-Headers")
                allowHeaders = h.second;
            if (h.first == "Access-Control-Allow-Private-Network")
                privateNetwork = h.second;
        }
        QCOMPARE(
            allowHeaders, QByteArray("content-type,x-api-key,anthropic-dangerous-direct-browser-access"));
        QCOMPARE(privateNetwork, QByteArray("true"));
    }
};

QTEST_GUILESS_MAIN(TestOriginPolicy)
#include "tst_originpolicy.moc"
