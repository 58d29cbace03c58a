// SPDX-License-Identifier: MIT
// HttpRequestParser: one request at a time from the front of a connection's bytes, however they
// are split, and a clear status for everything that must not be read as a request.
#include "http/httprequestparser.h"

#include <QTest>

using Headers = QList<QPair<QByteArray, QByteArray>>;

namespace {

constexpr qint64 MaxHead = 1024;
constexpr qint64 MaxBody = 64;

/// Feeds @p bytes in pieces of @p step bytes (0: all at once) until the parser decides.
HttpRequestParser::Status feed(
    HttpRequestParser &p, const QByteArray &bytes, qsizetype step, QByteArray *rest)
{
    QByteArray buffer;
    HttpRequestParser::Status s = HttpRequestParser::Status::NeedMore;
    qsizetype at = 0;
    while (s == HttpRequestParser::Status::NeedMore && at < bytes.size()) {
        const qsizetype n = step ? qMin(step, bytes.size() - at) : bytes.size();
        buffer.append(bytes.mid(at, n));
        at += n;
        s = p.parse(buffer);
    }
    *rest = buffer + bytes.mid(at);
    return s;
}

} // namespace

class TestHttpRequestParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requests_data();
    void requests();
    void pipelinedRequestsStayInTheBuffer();
    void refusals_data();
    void refusals();
    void expectContinueWaitsForTheBody();
};

void TestHttpRequestParser::requests_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("query");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("http10");

    QTest::newRow("get") << QByteArray("GET /v1/models HTTP/1.1\r\nHost: localhost:4000\r\n\r\n")
                         << QByteArray("GET") << QStringLiteral("/v1/models") << QString()
                         << Headers {{"Host", "localhost:4000"}} << QByteArray() << false;
    QTest::newRow("post with length")
        << QByteArray(
               "POST /v1/chat/completions HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
               "11\r\n\r\n{\"a\":\"xyz\"}")
        << QByteArray("POST") << QStringLiteral("/v1/chat/completions") << QString()
        << Headers {{"Content-Type", "application/json"}, {"Content-Length", "11"}}
        << QByteArray("{\"a\":\"xyz\"}") << false;
    QTest::newRow("chunked with extension and trailer")
        << QByteArray(
               "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\n"
               "X-Trailer: yes\r\n\r\n")
        << QByteArray("POST") << QStringLiteral("/x") << QString()
        << Headers {{"Transfer-Encoding", "chunked"}} << QByteArray("Wikipedia") << false;
    QTest::newRow("bare LF line ends, leading empty line, header spaces")
        << QByteArray("\r\nGET /health HTTP/1.0\nX-A:   spaced value  \n\n") << QByteArray("GET")
        << QStringLiteral("/health") << QString() << Headers {{"X-A", "spaced value"}} << QByteArray()
        << true;
    QTest::newRow("percent-decoded path, query kept")
        << QByteArray("GET /v1/models/openai%2Fgpt-4o%20x?limit=5&after=a%26b HTTP/1.1\r\n\r\n")
        << QByteArray("GET") << QStringLiteral("/v1/models/openai/gpt-4o x")
        << QStringLiteral("limit=5&after=a%26b") << Headers {} << QByteArray() << false;
    QTest::newRow("absolute form") << QByteArray("GET http://127.0.0.1:4000/v1/models?x=1 HTTP/1.1\r\n\r\n")
                                   << QByteArray("GET") << QStringLiteral("/v1/models")
                                   << QStringLiteral("x=1") << Headers {} << QByteArray() << false;
    QTest::newRow("repeated header kept twice")
        << QByteArray("GET / HTTP/1.1\r\nAccept: a\r\nAccept: b\r\nContent-Length: 0\r\n\r\n")
        << QByteArray("GET") << QStringLiteral("/") << QString()
        << Headers {{"Accept", "a"}, {"Accept", "b"}, {"Content-Length", "0"}} << QByteArray() << false;
}

void TestHttpRequestParser::requests()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, query);
    QFETCH(Headers, headers);
    QFETCH(QByteArray, body);
    QFETCH(bool, http10);
    // Whole, then split at every possible point: the same request.
    for (const qsizetype step : {qsizetype(0), qsizetype(1), qsizetype(7)}) {
        HttpRequestParser p(MaxHead, MaxBody);
        QByteArray rest;
        QCOMPARE(feed(p, bytes, step, &rest), HttpRequestParser::Status::Complete);
        QVERIFY(rest.isEmpty());
        const HttpRequest r = p.takeRequest();
        QCOMPARE(r.method, method);
        QCOMPARE(r.path, path);
        QCOMPARE(r.query.query(QUrl::FullyEncoded), query);
        QCOMPARE(r.headers, headers);
        QCOMPARE(r.body, body);
        QCOMPARE(r.http10, http10);
    }
}

void TestHttpRequestParser::pipelinedRequestsStayInTheBuffer()
{
    HttpRequestParser p(MaxHead, MaxBody);
    QByteArray buffer(
        "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nonePOST /b HTTP/1.1\r\nTransfer-Encoding: "
        "chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\nGET /c HTTP/1.1\r\n");
    QCOMPARE(p.parse(buffer), HttpRequestParser::Status::Complete);
    HttpRequest r = p.takeRequest();
    QCOMPARE(r.path, QStringLiteral("/a"));
    QCOMPARE(r.body, QByteArray("one"));
    QCOMPARE(p.parse(buffer), HttpRequestParser::Status::Complete);
    r = p.takeRequest();
    QCOMPARE(r.path, QStringLiteral("/b"));
    QCOMPARE(r.body, QByteArray("two"));
    QCOMPARE(p.parse(buffer), HttpRequestParser::Status::NeedMore); // the third is incomplete
    QVERIFY(!p.headComplete());
    buffer.append("\r\n");
    QCOMPARE(p.parse(buffer), HttpRequestParser::Status::Complete);
    QCOMPARE(p.takeRequest().path, QStringLiteral("/c"));
    QVERIFY(buffer.isEmpty());
}

void TestHttpRequestParser::refusals_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("code");
    const QByteArray big(MaxHead + 10, 'a');
    QTest::newRow("garbage") << QByteArray("GARBAGE\r\n\r\n") << 400 << QByteArray("bad_request");
    QTest::newRow("space in method") << QByteArray("GE T / HTTP/1.1\r\n\r\n") << 400
                                     << QByteArray("bad_request");
    QTest::newRow("relative target") << QByteArray("GET v1 HTTP/1.1\r\n\r\n") << 400
                                     << QByteArray("bad_request");
    QTest::newRow("http/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505
                                    << QByteArray("http_version_not_supported");
    QTest::newRow("length and chunked (smuggling)")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        << 400 << QByteArray("bad_request");
    QTest::newRow("conflicting lengths")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd") << 400
        << QByteArray("bad_request");
    QTest::newRow("signed length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: +3\r\n\r\nabc") << 400
                                   << QByteArray("bad_request");
    QTest::newRow("gzip transfer coding") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n")
                                          << 501 << QByteArray("not_implemented");
    QTest::newRow("folded header") << QByteArray("GET / HTTP/1.1\r\nX-A: a\r\n  b\r\n\r\n") << 400
                                   << QByteArray("bad_request");
    QTest::newRow("space before colon")
        << QByteArray("GET / HTTP/1.1\r\nX-A : a\r\n\r\n") << 400 << QByteArray("bad_request");
    QTest::newRow("head too large, unfinished")
        << QByteArray("GET / HTTP/1.1\r\nX-A: " + big) << 431 << QByteArray("headers_too_large");
    QTest::newRow("head too large, finished")
        << QByteArray("GET / HTTP/1.1\r\nX-A: " + big + "\r\n\r\n") << 431 << QByteArray("headers_too_large");
    QTest::newRow("declared body over the limit, refused before it arrives") << QByteArray(
        "POST / HTTP/1.1\r\nContent-Length: 65\r\n\r\n") << 413 << QByteArray("request_too_large");
    QTest::newRow("chunked body over the limit") << QByteArray(
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" + QByteArray(32, 'x') + "\r\n21\r\n")
                                                 << 413 << QByteArray("request_too_large");
    QTest::newRow("bad chunk size") << QByteArray(
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                    << 400 << QByteArray("bad_request");
    QTest::newRow("chunk without its CRLF")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXY\r\n") << 400
        << QByteArray("bad_request");
}

void TestHttpRequestParser::refusals()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    QFETCH(QByteArray, code);
    for (const qsizetype step : {qsizetype(0), qsizetype(1)}) {
        HttpRequestParser p(MaxHead, MaxBody);
        QByteArray rest;
        QCOMPARE(feed(p, bytes, step, &rest), HttpRequestParser::Status::Error);
        QCOMPARE(p.errorStatus(), status);
        QCOMPARE(p.errorCode(), code);
        QVERIFY(!p.errorMessage().isEmpty());
        QByteArray more("GET / HTTP/1.1\r\n\r\n");
        QCOMPARE(p.parse(more), HttpRequestParser::Status::Error); // stays refused
    }
}

void TestHttpRequestParser::expectContinueWaitsForTheBody()
{
    HttpRequestParser p(MaxHead, MaxBody);
    QByteArray buffer(
        "POST /v1/chat/completions HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
    QCOMPARE(p.parse(buffer), HttpRequestParser::Status::NeedMore);
    QVERIFY(p.headComplete());
    QVERIFY(p.expectsContinue());
    buffer.append("{}");
    QCOMPARE(p.parse(buffer), HttpRequestParser::Status::Complete);
    QVERIFY(!p.expectsContinue());
    QCOMPARE(p.takeRequest().body, QByteArray("{}"));
}

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
