// SPDX-License-Identifier: MIT
#include "routing/modelpattern.h"

#include <QTest>

class TestModelPattern : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matches_data();
    void matches();
    void emptyListAllowsAll();
};

void TestModelPattern::matches_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("match");
    QTest::newRow("exact") << "gpt-4o"
                           << "gpt-4o" << true;
    QTest::newRow("exact, other") << "gpt-4o"
                                  << "gpt-4o-mini" << false;
    QTest::newRow("prefix star") << "gpt-4o*"
                                 << "gpt-4o-mini" << true;
    QTest::newRow("prefix star, empty rest") << "gpt-4o*"
                                             << "gpt-4o" << true;
    QTest::newRow("prefix star, other family") << "gpt-4o*"
                                               << "gpt-4.1" << false;
    QTest::newRow("inner star") << "claude-*-4*"
                                << "claude-sonnet-4-5" << true;
    QTest::newRow("inner star, no match") << "claude-*-4*"
                                          << "claude-3-5-haiku" << false;
    QTest::newRow("question mark") << "o?"
                                   << "o3" << true;
    QTest::newRow("question mark needs one") << "o?"
                                             << "o" << false;
    QTest::newRow("star only") << "*"
                               << "anything/at-all" << true;
    QTest::newRow("backtracking") << "*a*b"
                                  << "xaxxab" << true;
    QTest::newRow("backtracking, no b") << "*a*b"
                                        << "xaxxa" << false;
    QTest::newRow("provider prefix") << "groq/*"
                                     << "groq/llama-3.3-70b" << true;
    QTest::newRow("case matters") << "GPT-4o"
                                  << "gpt-4o" << false;
}

void TestModelPattern::matches()
{
    QFETCH(QString, pattern);
    QFETCH(QString, model);
    QFETCH(bool, match);
    QCOMPARE(ModelPattern::matches(pattern, model), match);
}

void TestModelPattern::emptyListAllowsAll()
{
    QVERIFY(ModelPattern::allowed({}, u"gpt-4o"));
    QVERIFY(ModelPattern::allowed({QStringLiteral("mid"), QStringLiteral("gpt-*")}, u"gpt-4o"));
    QVERIFY(!ModelPattern::allowed({QStringLiteral("mid")}, u"gpt-4o"));
}

QTEST_GUILESS_MAIN(TestModelPattern)
#include "tst_modelpattern.moc"
