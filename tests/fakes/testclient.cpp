// SPDX-License-Identifier: MIT
#include "testclient.h"

#include "http/httprequest.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

QJsonObject TestResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QJsonObject TestResponse::event(qsizetype i) const
{
    return QJsonDocument::fromJson(events.value(i)).object();
}

TestClient::TestClient(quint16 port)
    : m_port(port)
{ }

std::shared_ptr<TestResponse> TestClient::post(
    const QByteArray &path, const QByteArray &body, QList<QPair<QByteArray, QByteArray>> headers)
{
    bool hasType = false;
    for (const auto &h : headers)
        hasType = hasType || h.first.compare("content-type", Qt::CaseInsensitive) == 0;
    if (!hasType)
        headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return send("POST", path, body, std::move(headers));
}

std::shared_ptr<TestResponse> TestClient::get(
    const QByteArray &path, QList<QPair<QByteArray, QByteArray>> headers)
{
    return send("GET", path, {}, std::move(headers));
}

std::shared_ptr<TestResponse> TestClient::send(const QByteArray &method, const QByteArray &path,
    const QByteArray &body, QList<QPair<QByteArray, QByteArray>> headers)
{
    auto r = std::make_shared<TestResponse>();
    UpstreamRequest req;
    req.method = method;
    req.url = QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(QString::fromLatin1(path)));
    req.headers = std::move(headers);
    req.body = body;
    req.firstByteTimeoutMs = 30000;
    req.idleTimeoutMs = 30000;
    auto parser = std::make_shared<SseParser>();
    UpstreamHandlers h;
    h.onHead = [r](const UpstreamHead &head) {
        r->head = head;
        r->status = head.status;
    };
    h.onData = [r, parser](const QByteArray &bytes) {
        r->body += bytes;
        for (const SseEvent &e : parser->feed(bytes)) {
            if (!r->firstEventNs)
                r->firstEventNs = HttpClock::nowNs();
            r->events.append(e.data);
        }
    };
    h.onComplete = [r](const QByteArray &) {
        r->done = true;
        r->endNs = HttpClock::nowNs();
    };
    h.onFailure = [r](const UpstreamFailure &f) {
        r->failed = true;
        r->failure = f;
        r->done = true;
        r->endNs = HttpClock::nowNs();
    };
    r->startNs = HttpClock::nowNs();
    r->id = m_client.send(req, true, std::move(h));
    return r;
}

void TestClient::cancel(const std::shared_ptr<TestResponse> &r)
{
    m_client.cancel(r->id);
}

bool TestClient::wait(const std::shared_ptr<TestResponse> &r, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!r->done && !deadline.hasExpired())
        QTest::qWait(5);
    return r->done;
}

QByteArray rawExchange(quint16 port, const QByteArray &bytes, int timeoutMs)
{
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), port);
    QDeadlineTimer deadline(timeoutMs);
    while (s.state() != QAbstractSocket::ConnectedState && !deadline.hasExpired())
        QTest::qWait(2);
    s.write(bytes);
    QByteArray out;
    while (!deadline.hasExpired() && s.state() == QAbstractSocket::ConnectedState) {
        QTest::qWait(5);
        out += s.readAll();
        // A complete Content-Length response is enough; no need to wait for the close.
        const qsizetype end = out.indexOf("\r\n\r\n");
        if (end > 0) {
            const qsizetype cl = out.toLower().indexOf("content-length:");
            if (cl > 0 && cl < end) {
                const qsizetype eol = out.indexOf("\r\n", cl);
                const qint64 n = out.mid(cl + 15, eol - cl - 15).trimmed().toLongLong();
                if (out.size() >= end + 4 + n)
                    break;
            }
        }
    }
    out += s.readAll();
    return out;
}
