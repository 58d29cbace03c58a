// SPDX-License-Identifier: MIT
// Budgets: periods in the user's time zone, reservations that hold under concurrency, alerts.
#include "keys/budgetledger.h"

#include <QRandomGenerator>
#include <QTest>

class TestBudgetLedger : public QObject
{
    Q_OBJECT

    static qint64 utc(const char *iso)
    {
        return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
    }
    static BudgetSpec usd(double limit, BudgetPeriod period = BudgetPeriod::Month, bool hard = true)
    {
        BudgetSpec s;
        s.usd = limit;
        s.period = period;
        s.hard = hard;
        return s;
    }

private Q_SLOTS:
    void periodStart_data();
    void periodStart();
    void daysFollowTheUsersTimeZone();
    void reservationsHoldAgainstConcurrency();
    void interleavedRequestsNeverOverspend();
    void refusalSaysWhyAndWhen();
    void softBudgetWarnsAndAdmits();
    void tokenBudget();
    void deltasPersistReservationsAtOnce();
    void alertsFireOncePerThresholdAndPeriod();
    void exhaustedHardBudgetRaisesTheLastAlert();
};

void TestBudgetLedger::periodStart_data()
{
    QTest::addColumn<int>("period");
    QTest::addColumn<QDate>("day");
    QTest::addColumn<QDate>("start");
    QTest::addColumn<QDate>("next");
    QTest::newRow("day") << int(BudgetPeriod::Day) << QDate(2026, 12, 31) << QDate(2026, 12, 31)
                         << QDate(2027, 1, 1);
    QTest::newRow("week from Monday") << int(BudgetPeriod::Week) << QDate(2026, 12, 3) // Thursday
                                      << QDate(2026, 11, 30) << QDate(2026, 12, 7);
    QTest::newRow("week on Sunday") << int(BudgetPeriod::Week) << QDate(2026, 12, 6) << QDate(2026, 11, 30)
                                    << QDate(2026, 12, 7);
    QTest::newRow("week on Monday") << int(BudgetPeriod::Week) << QDate(2026, 12, 7) << QDate(2026, 12, 7)
                                    << QDate(2026, 12, 14);
    QTest::newRow("month") << int(BudgetPeriod::Month) << QDate(2026, 12, 15) << QDate(2026, 12, 1)
                           << QDate(2027, 1, 1);
    QTest::newRow("february") << int(BudgetPeriod::Month) << QDate(2028, 2, 29) << QDate(2028, 2, 1)
                              << QDate(2028, 3, 1);
}

void TestBudgetLedger::periodStart()
{
    QFETCH(int, period);
    QFETCH(QDate, day);
    QFETCH(QDate, start);
    QFETCH(QDate, next);
    QCOMPARE(BudgetSpec::periodStart(BudgetPeriod(period), day), start);
    QCOMPARE(BudgetSpec::nextPeriodStart(BudgetPeriod(period), day), next);
}

void TestBudgetLedger::daysFollowTheUsersTimeZone()
{
    // 23:30 UTC on 30 November is already 1 December in Paris: a monthly budget has reset there.
    const qint64 lateNovemberUtc = utc("2026-11-30T23:30:00Z");
    BudgetLedger paris(QTimeZone("Europe/Paris"));
    BudgetLedger london(QTimeZone("Europe/London"));
    QCOMPARE(paris.today(lateNovemberUtc), QDate(2026, 12, 1));
    QCOMPARE(london.today(lateNovemberUtc), QDate(2026, 11, 30));
    for (BudgetLedger *ledger : {&paris, &london}) {
        BudgetTicket t = ledger->reserve(QStringLiteral("k"), 1, 10, utc("2026-11-20T12:00:00Z"));
        ledger->settle(t, 1, 10, BudgetSpec(), utc("2026-11-20T12:00:00Z"));
    }
    QCOMPARE(paris.spend(QStringLiteral("k"), BudgetPeriod::Month, lateNovemberUtc).usd, 0.0);
    QCOMPARE(london.spend(QStringLiteral("k"), BudgetPeriod::Month, lateNovemberUtc).usd, 1.0);
    const BudgetLedger::Spend s = paris.spend(QStringLiteral("k"), BudgetPeriod::Month, lateNovemberUtc);
    QCOMPARE(s.periodStart, QDate(2026, 12, 1));
    QCOMPARE(s.resetsAtMs, utc("2026-12-31T23:00:00Z")); // midnight, 1 January, in Paris
    // Across the spring DST change the day still starts at local midnight.
    QCOMPARE(
        BudgetSpec::startOfDayMs(QDate(2027, 3, 29), QTimeZone("Europe/Paris")), utc("2027-03-28T22:00:00Z"));
    QCOMPARE(paris.today(utc("2027-03-28T21:59:59Z")), QDate(2027, 3, 28));
    QCOMPARE(paris.today(utc("2027-03-28T22:00:00Z")), QDate(2027, 3, 29));
}

void TestBudgetLedger::reservationsHoldAgainstConcurrency()
{
    // Budget $1, each request may cost up to $0.30: only three fit while all are in flight.
    BudgetLedger ledger(QTimeZone::utc());
    const BudgetSpec spec = usd(1.0);
    const qint64 now = utc("2026-12-10T10:00:00Z");
    QList<BudgetTicket> held;
    for (int i = 0; i < 10; ++i) {
        bool soft = false;
        if (!ledger.check(QStringLiteral("k"), spec, 0.30, 0, now, &soft))
            held << ledger.reserve(QStringLiteral("k"), 0.30, 0, now);
        QVERIFY(!soft);
    }
    QCOMPARE(held.size(), 3);
    // One finishes having cost $0.05: room for another worst case.
    ledger.settle(held[0], 0.05, 0, spec, now);
    QVERIFY(!ledger.check(QStringLiteral("k"), spec, 0.30, 0, now, nullptr));
    const BudgetLedger::Spend s = ledger.spend(QStringLiteral("k"), BudgetPeriod::Month, now);
    QCOMPARE(s.usd, 0.05);
    QCOMPARE(s.reservedUsd, 0.60);
}

void TestBudgetLedger::interleavedRequestsNeverOverspend()
{
    // Random arrivals and completions; real costs up to the reserved worst case.
    BudgetLedger ledger(QTimeZone::utc());
    const BudgetSpec spec = usd(2.0);
    const qint64 now = utc("2026-12-10T10:00:00Z");
    QRandomGenerator rng(7);
    QList<BudgetTicket> inFlight;
    int admitted = 0, refused = 0;
    double settled = 0;
    for (int step = 0; step < 5000; ++step) {
        if (rng.bounded(2) == 0 || inFlight.isEmpty()) {
            const double worst = 0.01 + rng.bounded(0.2);
            if (ledger.check(QStringLiteral("k"), spec, worst, 0, now, nullptr)) {
                ++refused;
            } else {
                inFlight << ledger.reserve(QStringLiteral("k"), worst, 0, now);
                ++admitted;
            }
        } else {
            BudgetTicket t = inFlight.takeAt(rng.bounded(int(inFlight.size())));
            const double real = t.usd * rng.bounded(1.0);
            ledger.settle(t, real, 0, spec, now);
            settled += real;
        }
        const BudgetLedger::Spend s = ledger.spend(QStringLiteral("k"), BudgetPeriod::Month, now);
        QVERIFY2(s.usd + s.reservedUsd <= 2.0 + 1e-9, qPrintable(QString::number(s.usd + s.reservedUsd)));
    }
    qInfo("interleaved: %d admitted, %d refused, settled $%.4f of a $2 budget", admitted, refused, settled);
    QVERIFY(refused > 0);
    QVERIFY(settled <= 2.0 + 1e-9);
}

void TestBudgetLedger::refusalSaysWhyAndWhen()
{
    BudgetLedger ledger(QTimeZone::utc());
    ledger.setLabeler([](const QString &) { return QStringLiteral("key 'ci'"); });
    const BudgetSpec spec = usd(1.0, BudgetPeriod::Day);
    const qint64 now = utc("2026-12-10T22:00:00Z");
    BudgetTicket t = ledger.reserve(QStringLiteral("k"), 1.0, 0, now);
    // In flight: retry in a second.
    auto busy = ledger.check(QStringLiteral("k"), spec, 0.5, 0, now, nullptr);
    QVERIFY(busy);
    QCOMPARE(busy->status, 429);
    QCOMPARE(busy->code, QStringLiteral("budget_exceeded"));
    QCOMPARE(busy->type, QStringLiteral("insufficient_quota"));
    QCOMPARE(busy->retryAfterSeconds, 1);
    QVERIFY2(
        busy->message.contains(QLatin1String("reserved by requests in flight")), qPrintable(busy->message));
    // Spent: retry when the day resets, two hours later.
    ledger.settle(t, 1.0, 0, spec, now);
    auto spent = ledger.check(QStringLiteral("k"), spec, 0.5, 0, now, nullptr);
    QVERIFY(spent);
    QCOMPARE(spent->retryAfterSeconds, 2 * 3600);
    QVERIFY2(spent->message.contains(QLatin1String("key 'ci'")), qPrintable(spent->message));
    QVERIFY2(spent->message.contains(QLatin1String("2026-12-11T00:00:00")), qPrintable(spent->message));
    // The next day has the whole budget again.
    QVERIFY(!ledger.check(QStringLiteral("k"), spec, 0.5, 0, utc("2026-12-11T00:00:00Z"), nullptr));
}

void TestBudgetLedger::softBudgetWarnsAndAdmits()
{
    BudgetLedger ledger(QTimeZone::utc());
    const BudgetSpec spec = usd(0.10, BudgetPeriod::Week, false);
    const qint64 now = utc("2026-12-10T10:00:00Z");
    BudgetTicket t = ledger.reserve(QStringLiteral("k"), 0.09, 0, now);
    ledger.settle(t, 0.09, 0, spec, now);
    bool soft = false;
    QVERIFY(!ledger.check(QStringLiteral("k"), spec, 0.05, 0, now, &soft));
    QVERIFY(soft);
}

void TestBudgetLedger::tokenBudget()
{
    BudgetLedger ledger(QTimeZone::utc());
    BudgetSpec spec;
    spec.tokens = 1000;
    spec.period = BudgetPeriod::Day;
    const qint64 now = utc("2026-12-10T10:00:00Z");
    QVERIFY(!ledger.check(QStringLiteral("k"), spec, 0, 600, now, nullptr));
    BudgetTicket t = ledger.reserve(QStringLiteral("k"), 0, 600, now);
    auto refused = ledger.check(QStringLiteral("k"), spec, 0, 500, now, nullptr);
    QVERIFY(refused);
    QVERIFY2(refused->message.contains(QLatin1String("tokens")), qPrintable(refused->message));
    ledger.settle(t, 0, 200, spec, now);
    QVERIFY(!ledger.check(QStringLiteral("k"), spec, 0, 500, now, nullptr));
    QCOMPARE(ledger.spend(QStringLiteral("k"), BudgetPeriod::Day, now).tokens, 200);
}

void TestBudgetLedger::deltasPersistReservationsAtOnce()
{
    // The persisted row includes reservations: a crash between reserve and settle keeps them.
    BudgetLedger ledger(QTimeZone::utc());
    QList<SpendRow> deltas;
    ledger.setDeltaSink([&deltas](const SpendRow &d) { deltas << d; });
    const qint64 now = utc("2026-12-10T10:00:00Z");
    BudgetTicket t = ledger.reserve(QStringLiteral("k"), 0.40, 900, now);
    QCOMPARE(deltas.size(), 1);
    QCOMPARE(deltas[0].usd, 0.40);
    QCOMPARE(deltas[0].tokens, 900);
    QCOMPARE(deltas[0].requests, 1);
    QCOMPARE(deltas[0].day, QDate(2026, 12, 10));
    // Settled the next day: the correction goes to the day the reservation was made.
    ledger.settle(t, 0.15, 300, BudgetSpec(), utc("2026-12-11T00:00:05Z"));
    QCOMPARE(deltas.size(), 2);
    QCOMPARE(deltas[1].day, QDate(2026, 12, 10));
    QVERIFY(qAbs(deltas[1].usd + 0.25) < 1e-12);
    QCOMPARE(deltas[1].tokens, -600);
    QCOMPARE(deltas[1].requests, 0);

    // Reloaded after a crash mid-request: the reservation counts as spent.
    BudgetLedger restarted(QTimeZone::utc());
    restarted.load({{QStringLiteral("k"), QDate(2026, 12, 10), 0.40, 900, 1}}, {});
    QCOMPARE(restarted.spend(QStringLiteral("k"), BudgetPeriod::Month, now).usd, 0.40);
}

void TestBudgetLedger::alertsFireOncePerThresholdAndPeriod()
{
    BudgetLedger ledger(QTimeZone::utc());
    QList<BudgetAlert> fired;
    ledger.setAlertSink([&fired](const BudgetAlert &a) { fired << a; });
    ledger.setLabeler([](const QString &) { return QString(); }); // the global scope has no owner
    const BudgetSpec spec = usd(10.0);
    qint64 now = utc("2026-12-10T10:00:00Z");
    auto spend = [&](double usd) {
        BudgetTicket t = ledger.reserve(QStringLiteral("global"), usd, 0, now);
        ledger.settle(t, usd, 0, spec, now);
    };
    spend(4.0);
    QCOMPARE(fired.size(), 0);
    spend(1.0); // 50%
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fired[0].threshold, 50);
    QVERIFY2(fired[0].message.contains(QLatin1String("$5.00 of $10.00")), qPrintable(fired[0].message));
    QCOMPARE(fired[0].message, QStringLiteral("50% of the global monthly budget used: $5.00 of $10.00."));
    spend(0.5);
    QCOMPARE(fired.size(), 1);
    spend(4.0); // 95%: 80 fires once
    QCOMPARE(fired.size(), 2);
    QCOMPARE(fired[1].threshold, 80);
    spend(0.5); // 100%
    QCOMPARE(fired.size(), 3);
    QCOMPARE(fired[2].threshold, 100);
    QCOMPARE(fired[2].message,
        QStringLiteral("The global monthly budget is spent: $10.00 of $10.00. Requests are refused until it "
                       "resets at 2027-01-01T00:00:00+00:00."));
    spend(0.01);
    QCOMPARE(fired.size(), 3);
    // A restart does not fire them again; the next period does.
    BudgetLedger restarted(QTimeZone::utc());
    QList<BudgetAlert> again;
    restarted.setAlertSink([&again](const BudgetAlert &a) { again << a; });
    restarted.load({{QStringLiteral("global"), QDate(2026, 12, 10), 10.51, 0, 6}}, fired);
    restarted.checkAlerts(QStringLiteral("global"), spec, now);
    QCOMPARE(again.size(), 0);
    now = utc("2027-01-02T10:00:00Z");
    BudgetTicket t = restarted.reserve(QStringLiteral("global"), 6.0, 0, now);
    restarted.settle(t, 6.0, 0, spec, now);
    QCOMPARE(again.size(), 1);
    QCOMPARE(again[0].periodStart, QDate(2027, 1, 1));
}

void TestBudgetLedger::exhaustedHardBudgetRaisesTheLastAlert()
{
    // A hard budget never reaches 100% exactly (the request that would pass it is refused): the
    // first refusal is the moment to say the budget is used up.
    BudgetLedger ledger(QTimeZone::utc());
    QList<BudgetAlert> fired;
    ledger.setAlertSink([&fired](const BudgetAlert &a) { fired << a; });
    ledger.setAlertThresholds({100});
    const BudgetSpec spec = usd(1.0);
    const qint64 now = utc("2026-12-10T10:00:00Z");
    BudgetTicket t = ledger.reserve(QStringLiteral("k"), 0.7, 0, now);
    ledger.settle(t, 0.7, 0, spec, now);
    QVERIFY(ledger.check(QStringLiteral("k"), spec, 0.5, 0, now, nullptr));
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fired[0].threshold, 100);
    QVERIFY2(fired[0].message.contains(QLatin1String("refuses requests")), qPrintable(fired[0].message));
    QVERIFY2(
        fired[0].message.endsWith(QLatin1String("$0.70 of $1.00 used, and the next request does not fit in "
                                                "what is left. It resets at 2027-01-01T00:00:00+00:00.")),
        qPrintable(fired[0].message));

    // A soft budget says that requests go on past it.
    BudgetSpec soft = usd(1.0);
    soft.hard = false;
    BudgetTicket over = ledger.reserve(QStringLiteral("s"), 1.2, 0, now);
    ledger.settle(over, 1.2, 0, soft, now);
    QCOMPARE(fired.size(), 2);
    QVERIFY2(fired[1].message.contains(QLatin1String("soft budget, so requests go on")),
        qPrintable(fired[1].message));
}

QTEST_GUILESS_MAIN(TestBudgetLedger)
#include "tst_budgetledger.moc"
