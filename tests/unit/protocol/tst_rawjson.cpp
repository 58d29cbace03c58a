// SPDX-License-Identifier: MIT
// RawJson (relay a parsed object's own bytes while it is unchanged) and JsonWriter (bytes built
// member by member): what they write must always parse to what QJsonDocument would have written.
#include "protocol/jsonwriter.h"
#include "protocol/rawjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>

static QJsonObject parse(const QByteArray &json)
{
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &e);
    if (e.error != QJsonParseError::NoError || !doc.isObject())
        qFatal("not a JSON object: %s", json.constData());
    return doc.object();
}

static RawJson source(const QByteArray &json)
{
    return RawJson(json, parse(json));
}

class TestRawJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void memberCount_data();
    void memberCount();
    void unchangedObjectKeepsItsBytes();
    void changedObjectIsSerialisedAgain();
    void duplicatedMembersAreNeverRelayed();
    void splice_data();
    void splice();
    void spliceFallsBackWhenAKeyExists();
    void spliceReplacesAMemberInPlace();
    void spliceOfAnEscapedKeyFallsBack();
    void writerMatchesQJsonDocument();
    void writerNumbers_data();
    void writerNumbers();
    void writerRoundedNumbersEverywhere();
    void writerMilliseconds_data();
    void writerMilliseconds();
    void writerEscapesStrings_data();
    void writerEscapesStrings();
};

void TestRawJson::memberCount_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("count");
    QTest::newRow("empty") << QByteArray("{}") << 0;
    QTest::newRow("spaces") << QByteArray(" \n{ \"a\" : 1 , \"b\":true }\n") << 2;
    QTest::newRow("nested with braces in strings")
        << QByteArray(R"({"a":{"b":[1,{"c":"}]"}]},"d":"\"}","e":null})") << 3;
    QTest::newRow("escaped backslash before quote") << QByteArray(R"({"a":"x\\","b":2})") << 2;
    QTest::newRow("duplicates counted") << QByteArray(R"({"model":"a","model":"b"})") << 2;
    QTest::newRow("array") << QByteArray("[1,2]") << -1;
    QTest::newRow("truncated") << QByteArray(R"({"a":{"b":1})") << -1;
    QTest::newRow("trailing comma") << QByteArray(R"({"a":1,})") << -1;
}

void TestRawJson::memberCount()
{
    QFETCH(QByteArray, json);
    QFETCH(int, count);
    QCOMPARE(RawJson::topLevelMemberCount(json), count);
}

void TestRawJson::unchangedObjectKeepsItsBytes()
{
    // Pretty-printed, unsorted: a re-serialisation would look different.
    const QByteArray json = "{ \"z\": 1,\n  \"a\": [1, 2, {\"k\": \"v\"}] }\n";
    const RawJson raw = source(json);
    const QJsonObject copy = parse(json); // equal, but not the same data
    QVERIFY(raw.holds(copy));
    QCOMPARE(raw.serialize(copy), json);
}

void TestRawJson::changedObjectIsSerialisedAgain()
{
    const QByteArray json = R"({"model":"gpt-4o","x-extension":"drop me"})";
    QJsonObject body = parse(json);
    const RawJson raw(json, body);
    body.remove(QLatin1String("x-extension"));
    QVERIFY(!raw.holds(body));
    QCOMPARE(raw.serialize(body), QByteArray(R"({"model":"gpt-4o"})"));
    QCOMPARE(RawJson().serialize(body), QByteArray(R"({"model":"gpt-4o"})"));
}

void TestRawJson::duplicatedMembersAreNeverRelayed()
{
    // The gateway would route and bill the model it parsed, the upstream might read the other.
    const QByteArray json = R"({"model":"cheap","messages":[],"model":"expensive"})";
    const QJsonObject body = parse(json);
    const RawJson raw(json, body);
    QVERIFY(!raw.holds(body));
    const QByteArray out = raw.serialize(body);
    QCOMPARE(out.count("\"model\""), 1);
    QCOMPARE(parse(out), body);
}

void TestRawJson::splice_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("compact") << QByteArray(R"({"a":1})") << QByteArray(R"({"a":1,"x":{"n":2},"y":"s"})");
    QTest::newRow("trailing newline and space")
        << QByteArray("{\"a\":1 }\r\n") << QByteArray(R"({"a":1 ,"x":{"n":2},"y":"s"})");
    QTest::newRow("empty object") << QByteArray("{}") << QByteArray(R"({"x":{"n":2},"y":"s"})");
}

void TestRawJson::splice()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, expected);
    const QJsonObject object = parse(json);
    const QByteArray out = RawJson(json, object)
                               .serializeWith(object,
                                   {{QLatin1String("x"), QByteArray(R"({"n":2})")},
                                       {QLatin1String("y"), QByteArray(R"("s")")}});
    QCOMPARE(out, expected);
    QJsonObject want = object;
    want.insert(QLatin1String("x"), QJsonObject {{QLatin1String("n"), 2}});
    want.insert(QLatin1String("y"), QStringLiteral("s"));
    QCOMPARE(parse(out), want);
}

void TestRawJson::spliceFallsBackWhenAKeyExists()
{
    const QByteArray json = R"({"model":"alias","stream":true})";
    const QJsonObject object = parse(json);
    const QByteArray out
        = RawJson(json, object).serializeWith(object, {{QLatin1String("model"), QByteArray(R"("real-id")")}});
    QCOMPARE(out.count("\"model\""), 1);
    QCOMPARE(parse(out).value(QLatin1String("model")).toString(), QStringLiteral("real-id"));
    QCOMPARE(parse(out).value(QLatin1String("stream")).toBool(), true);
}

void TestRawJson::spliceReplacesAMemberInPlace()
{
    // A virtual model resolved to a deployment: only the model's value changes, every other byte
    // of the client's body (spacing, member order, a "model" inside a string) is relayed as sent.
    const QByteArray json
        = R"({ "model" : "auto", "messages":[{"role":"user","content":"say \"model\":1"}], "stream":true })";
    const QJsonObject object = parse(json);
    const RawJson raw(json, object);
    QByteArray out = raw.serializeWith(object, {{QLatin1String("model"), QByteArray(R"("real-id")")}});
    QCOMPARE(out,
        QByteArray(
            R"({ "model" : "real-id", "messages":[{"role":"user","content":"say \"model\":1"}], "stream":true })"));
    // Replaced and added together: the new member goes before the closing brace.
    out = raw.serializeWith(object,
        {{QLatin1String("stream_options"), QByteArray(R"({"include_usage":true})")},
            {QLatin1String("model"), QByteArray(R"("real-id")")}});
    QCOMPARE(out,
        QByteArray(
            R"({ "model" : "real-id", "messages":[{"role":"user","content":"say \"model\":1"}], "stream":true ,"stream_options":{"include_usage":true}})"));
    QJsonObject expected = object;
    expected.insert(QLatin1String("model"), QStringLiteral("real-id"));
    expected.insert(QLatin1String("stream_options"), QJsonObject {{QLatin1String("include_usage"), true}});
    QCOMPARE(parse(out), expected);
}

void TestRawJson::spliceOfAnEscapedKeyFallsBack()
{
    // "mod\u0065l" is "model": not found as written, so the object is serialised again rather
    // than given a second "model" member.
    const QByteArray json = R"({"mod\u0065l":"auto","n":1})";
    const QJsonObject object = parse(json);
    QVERIFY(object.contains(QLatin1String("model")));
    const QByteArray out
        = RawJson(json, object).serializeWith(object, {{QLatin1String("model"), QByteArray(R"("real-id")")}});
    QCOMPARE(out, QByteArray(R"({"model":"real-id","n":1})"));
}

void TestRawJson::writerMatchesQJsonDocument()
{
    const QString text = QStringLiteral("tab\t \"quoted\" back\\slash caf\u00e9 \u2603 \x01");
    JsonWriter w;
    w.add(QLatin1String("a_int"), qint64(-42))
        .add(QLatin1String("b_double"), 0.000024)
        .add(QLatin1String("c_whole"), 3.0)
        .add(QLatin1String("d_bool"), true)
        .add(QLatin1String("e_text"), text)
        .add(QLatin1String("f_latin"), QLatin1String("plain"))
        .addRaw(QLatin1String("g_raw"), QByteArray(R"([1,{"k":null}])"));
    const QByteArray ours = w.take();
    const QJsonObject expected {{QLatin1String("a_int"), -42}, {QLatin1String("b_double"), 0.000024},
        {QLatin1String("c_whole"), 3.0}, {QLatin1String("d_bool"), true}, {QLatin1String("e_text"), text},
        {QLatin1String("f_latin"), QStringLiteral("plain")},
        {QLatin1String("g_raw"), QJsonArray {1, QJsonObject {{QLatin1String("k"), QJsonValue::Null}}}}};
    QCOMPARE(parse(ours), expected);
    // Same bytes for what both can write (our keys are in sorted order here).
    QCOMPARE(ours.left(ours.indexOf("\"e_text\"")),
        QJsonDocument(expected).toJson(QJsonDocument::Compact).left(ours.indexOf("\"e_text\"")));
    QCOMPARE(w.take(), QByteArray("{}")); // empty after take()
}

void TestRawJson::writerNumbers_data()
{
    QTest::addColumn<double>("value");
    QTest::newRow("zero") << 0.0;
    QTest::newRow("negative zero") << -0.0;
    QTest::newRow("whole") << 75.0;
    QTest::newRow("million") << 1e6; // QJsonValue keeps it an integer: 1000000, not 1e+06
    QTest::newRow("1e15") << 1e15;
    QTest::newRow("2^53") << 9007199254740992.0;
    QTest::newRow("1e16") << 1e16;
    QTest::newRow("1e20") << 1e20;
    QTest::newRow("negative whole") << -3.0;
    QTest::newRow("tenth") << 0.1;
    QTest::newRow("score") << 0.123;
    QTest::newRow("negative score") << -0.457;
    QTest::newRow("four decimals") << 0.0012;
    QTest::newRow("below 1e-3") << 0.0002; // 2e-04: shorter than 0.0002
    QTest::newRow("below 1e-4") << 0.00002;
    QTest::newRow("price") << 2.5e-05;
    QTest::newRow("eight decimals") << 0.00012345;
    QTest::newRow("latency") << 1234.5;
    QTest::newRow("large with fraction") << 98765432109.5;
    QTest::newRow("beyond the fast form") << 123456789012.25;
    QTest::newRow("third") << 1.0 / 3;
    QTest::newRow("tiny") << 1e-300;
    QTest::newRow("huge") << 1e300;
}

void TestRawJson::writerNumbers()
{
    QFETCH(double, value);
    JsonWriter w;
    w.add(QLatin1String("v"), value);
    QCOMPARE(
        w.take(), QJsonDocument(QJsonObject {{QLatin1String("v"), value}}).toJson(QJsonDocument::Compact));
}

void TestRawJson::writerRoundedNumbersEverywhere()
{
    // Scores, prices and latencies rounded to 1-4 decimals take the writer's direct path: every
    // one must come out as QJsonDocument writes it (integers, fixed notation, the exponent below 1e-4).
    int checked = 0;
    for (double scale : {10.0, 100.0, 1000.0, 10000.0, 1e8}) {
        for (qint64 n = -2000; n <= 120000; n += (n < 0 || n > 3000) ? 7 : 1) {
            const double value = double(n) / scale;
            JsonWriter w;
            w.add(QLatin1String("v"), value);
            const QByteArray ours = w.take();
            const QByteArray qt
                = QJsonDocument(QJsonObject {{QLatin1String("v"), value}}).toJson(QJsonDocument::Compact);
            if (ours != qt)
                QFAIL(qPrintable(QStringLiteral("%1 / %2: %3, QJsonDocument %4")
                                     .arg(n)
                                     .arg(scale)
                                     .arg(QString::fromLatin1(ours), QString::fromLatin1(qt))));
            ++checked;
        }
    }
    QVERIFY(checked > 50000);
}

void TestRawJson::writerMilliseconds_data()
{
    QTest::addColumn<double>("ms");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("whole") << 12.0 << QByteArray("12");
    QTest::newRow("half") << 12.5 << QByteArray("12.5");
    QTest::newRow("thousandths") << 0.765 << QByteArray("0.765");
    QTest::newRow("rounded") << 0.0764999 << QByteArray("0.076");
    QTest::newRow("rounded up to whole") << 1.9999 << QByteArray("2");
    QTest::newRow("zero") << 0.0 << QByteArray("0");
    QTest::newRow("negative") << -0.001 << QByteArray("-0.001");
    QTest::newRow("large") << 123456.789 << QByteArray("123456.789");
}

void TestRawJson::writerMilliseconds()
{
    QFETCH(double, ms);
    QFETCH(QByteArray, json);
    JsonWriter w;
    w.addMilliseconds(QLatin1String("t"), ms);
    const QByteArray out = w.take();
    QCOMPARE(out, "{\"t\":" + json + '}');
    // What QJsonDocument writes for the same value rounded to 3 decimals.
    QCOMPARE(out,
        QJsonDocument(QJsonObject {{QLatin1String("t"), std::round(ms * 1000.0) / 1000.0}})
            .toJson(QJsonDocument::Compact));
}

void TestRawJson::writerEscapesStrings_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("quote and backslash") << QStringLiteral("a\"b\\c");
    QTest::newRow("controls") << QStringLiteral("\n\r\t\b\f\x1f");
    QTest::newRow("non-ascii") << QStringLiteral("\u00fc\u4e2d\U0001F600");
    QTest::newRow("empty") << QString();
}

void TestRawJson::writerEscapesStrings()
{
    QFETCH(QString, text);
    QByteArray out;
    JsonWriter::appendString(out, text);
    QCOMPARE(QJsonDocument::fromJson('[' + out + ']').array().at(0).toString(), text);
}

QTEST_GUILESS_MAIN(TestRawJson)
#include "tst_rawjson.moc"
