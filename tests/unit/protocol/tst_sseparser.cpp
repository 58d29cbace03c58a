// SPDX-License-Identifier: MIT
#include "protocol/sseparser.h"

#include <QTest>

using Events = QList<QPair<QByteArray, QByteArray>>; // (event, data)

static Events collect(const QList<SseEvent> &events)
{
    Events out;
    for (const SseEvent &e : events)
        out.append({e.event, e.data});
    return out;
}

class TestSseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wholeStreams_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<Events>("expected");
        QTest::newRow("openai") << QByteArray("data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n")
                                << Events {{"", "{\"a\":1}"}, {"", "{\"b\":2}"}, {"", "[DONE]"}};
        QTest::newRow("anthropic named events")
            << QByteArray("event: message_start\ndata: {\"x\":1}\n\nevent: ping\ndata: {}\n\n")
            << Events {{"message_start", "{\"x\":1}"}, {"ping", "{}"}};
        QTest::newRow("crlf") << QByteArray("data: one\r\n\r\ndata: two\r\n\r\n")
                              << Events {{"", "one"}, {"", "two"}};
        QTest::newRow("cr only") << QByteArray("data: one\r\rdata: two\r\r")
                                 << Events {{"", "one"}, {"", "two"}};
        QTest::newRow("multi-line data") << QByteArray("data: a\ndata: b\n\n") << Events {{"", "a\nb"}};
        QTest::newRow("comments and keep-alives")
            << QByteArray(": ping\n\ndata: x\n: note\n\n") << Events {{"", "x"}};
        QTest::newRow("no space after colon") << QByteArray("data:x\n\n") << Events {{"", "x"}};
        QTest::newRow("two spaces keep one") << QByteArray("data:  x\n\n") << Events {{"", " x"}};
        QTest::newRow("event without data is dropped")
            << QByteArray("event: lonely\n\ndata: y\n\n") << Events {{"", "y"}};
        QTest::newRow("unknown fields ignored")
            << QByteArray("retry: 100\nfoo: bar\ndata: z\n\n") << Events {{"", "z"}};
        QTest::newRow("utf8") << QByteArray("data: caf\xc3\xa9 \xf0\x9f\x9a\x82\n\n")
                              << Events {{"", "caf\xc3\xa9 \xf0\x9f\x9a\x82"}};
    }

    void wholeStreams()
    {
        QFETCH(QByteArray, stream);
        QFETCH(Events, expected);
        SseParser p;
        QCOMPARE(collect(p.feed(stream)), expected);
    }

    void splitAtEveryByte_data() { wholeStreams_data(); }

    /// Upstream reads can end anywhere: mid-line, between CR and LF, inside a UTF-8 sequence.
    void splitAtEveryByte()
    {
        QFETCH(QByteArray, stream);
        QFETCH(Events, expected);
        for (qsizetype cut = 1; cut < stream.size(); ++cut) {
            SseParser p;
            Events got = collect(p.feed(stream.left(cut)));
            got += collect(p.feed(stream.mid(cut)));
            QVERIFY2(got == expected, qPrintable(QStringLiteral("cut at %1").arg(cut)));
        }
        SseParser bytewise;
        Events got;
        for (char c : stream)
            got += collect(bytewise.feed(QByteArray(1, c)));
        QCOMPARE(got, expected);
    }

    void eventsComeOutAsSoonAsComplete()
    {
        SseParser p;
        QVERIFY(p.feed("data: first\n").isEmpty());
        QCOMPARE(collect(p.feed("\ndata: sec")), (Events {{"", "first"}}));
        QVERIFY(p.feed("ond\n").isEmpty());
        QCOMPARE(collect(p.feed("\n")), (Events {{"", "second"}}));
    }

    void mergedReadsYieldAllEvents()
    {
        SseParser p;
        QByteArray many;
        for (int i = 0; i < 500; ++i)
            many += "data: {\"i\":" + QByteArray::number(i) + "}\n\n";
        const auto events = p.feed(many);
        QCOMPARE(events.size(), 500);
        QCOMPARE(events.last().data, QByteArray("{\"i\":499}"));
        QCOMPARE(p.pending(), 0);
    }

    void finishFlushesUnterminatedEvent()
    {
        SseParser p;
        QVERIFY(p.feed("data: tail").isEmpty());
        QCOMPARE(collect(p.finish()), (Events {{"", "tail"}}));
    }

    void encoder()
    {
        QCOMPARE(Sse::data("{}"), QByteArray("data: {}\n\n"));
        QCOMPARE(Sse::event("ping", "{}"), QByteArray("event: ping\ndata: {}\n\n"));
        SseParser p;
        QCOMPARE(collect(p.feed(Sse::event("message_stop", "{\"type\":\"message_stop\"}"))),
            (Events {{"message_stop", "{\"type\":\"message_stop\"}"}}));
    }
};

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
