// SPDX-License-Identifier: MIT
// Format: how numbers read on every screen.
#include "core/format.h"

#include <QTest>

class TestFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void latency_data();
    void latency();
    void count_data();
    void count();
    void cost_data();
    void cost();
    void percentAndDuration();
    void price();
};

void TestFormat::latency_data()
{
    QTest::addColumn<double>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("none") << 0.0 << QStringLiteral("–");
    QTest::newRow("sub-ms") << 0.084 << QStringLiteral("0.08 ms");
    QTest::newRow("ms") << 4.26 << QStringLiteral("4.3 ms");
    QTest::newRow("tens") << 84.4 << QStringLiteral("84 ms");
    QTest::newRow("seconds") << 1830.0 << QStringLiteral("1.83 s");
    QTest::newRow("tens of s") << 12345.0 << QStringLiteral("12.3 s");
    QTest::newRow("minutes") << 125000.0 << QStringLiteral("2 min 5 s");
}

void TestFormat::latency()
{
    QFETCH(double, ms);
    QFETCH(QString, text);
    QCOMPARE(Format::latency(ms), text);
}

void TestFormat::count_data()
{
    QTest::addColumn<qint64>("n");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0");
    QTest::newRow("plain") << qint64(9999) << QStringLiteral("9999");
    QTest::newRow("k") << qint64(12345) << QStringLiteral("12.3k");
    QTest::newRow("k round") << qint64(123456) << QStringLiteral("123k");
    QTest::newRow("M") << qint64(4560000) << QStringLiteral("4.6M");
    QTest::newRow("B") << qint64(2100000000) << QStringLiteral("2.1B");
}

void TestFormat::count()
{
    QFETCH(qint64, n);
    QFETCH(QString, text);
    QCOMPARE(Format::count(n), text);
}

void TestFormat::cost_data()
{
    QTest::addColumn<double>("usd");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0.0 << QStringLiteral("$0.00");
    QTest::newRow("micro") << 0.0000061 << QStringLiteral("$0.000006");
    QTest::newRow("milli") << 0.0042 << QStringLiteral("$0.0042");
    QTest::newRow("cents") << 1.5 << QStringLiteral("$1.50");
    QTest::newRow("thousands") << 12345.6 << QStringLiteral("$12346");
}

void TestFormat::cost()
{
    QFETCH(double, usd);
    QFETCH(QString, text);
    QCOMPARE(Format::cost(usd), text);
}

void TestFormat::percentAndDuration()
{
    QCOMPARE(Format::percent(0), QStringLiteral("0 %"));
    QCOMPARE(Format::percent(0.056), QStringLiteral("5.6 %"));
    QCOMPARE(Format::percent(0.5), QStringLiteral("50 %"));
    QCOMPARE(Format::duration(12000), QStringLiteral("12 s"));
    QCOMPARE(Format::duration(3 * 3600000 + 12 * 60000), QStringLiteral("3 h 12 min"));
    QCOMPARE(Format::duration(2 * 86400000 + 3600000), QStringLiteral("2 d 1 h"));
    QCOMPARE(Format::rate(0), QStringLiteral("0"));
    QCOMPARE(Format::rate(1.84), QStringLiteral("1.8"));
    QCOMPARE(Format::rate(2500.4), QStringLiteral("2500"));
}

void TestFormat::price()
{
    QCOMPARE(Format::pricePer1M(0, 0), QStringLiteral("free"));
    QCOMPARE(Format::pricePer1M(0.15, 0.6), QStringLiteral("$0.15 / $0.60"));
    QCOMPARE(Format::pricePer1M(0.05, 2.5), QStringLiteral("$0.050 / $2.50"));
}

QTEST_GUILESS_MAIN(TestFormat)
#include "tst_format.moc"
