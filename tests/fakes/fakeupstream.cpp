// SPDX-License-Identifier: MIT
#include "fakeupstream.h"

#include "fakeanthropic.h"
#include "fakegemini.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QtEndian>

struct FakeUpstream::Conn
{
    int serial = 0;
    QByteArray buffer;
    bool answering = false;
};

QByteArray FakeRequest::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QJsonObject FakeRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray FakeRequest::path() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

FakeReply FakeReply::json(int status, const QByteArray &body)
{
    FakeReply r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = body;
    return r;
}

FakeReply FakeReply::json(int status, const QJsonObject &body)
{
    return json(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

FakeReply FakeReply::sse(const QList<QByteArray> &payloads, int paceMs, bool done)
{
    FakeReply r;
    r.streamed = true;
    r.headers = {{"Content-Type", "text/event-stream"}};
    for (const QByteArray &p : payloads)
        r.chunks.append({paceMs, "data: " + p + "\n\n"});
    if (done)
        r.chunks.append({paceMs, "data: [DONE]\n\n"});
    return r;
}

FakeUpstream::FakeUpstream(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *s = m_server.nextPendingConnection()) {
            auto *c = new Conn;
            c->serial = ++m_connections;
            m_conns.insert(s, c);
            connect(s, &QTcpSocket::readyRead, this, [this, s] { onReadyRead(s); });
            connect(s, &QTcpSocket::disconnected, this, [this, s] {
                Conn *c = m_conns.take(s);
                if (c && c->answering) {
                    ++m_clientAborts;
                    --m_inFlight;
                }
                delete c;
                s->deleteLater();
            });
        }
    });
}

FakeUpstream::~FakeUpstream()
{
    for (auto it = m_conns.begin(); it != m_conns.end(); ++it)
        it.key()->disconnect(this); // sockets are deleted with m_server, after m_conns
    qDeleteAll(m_conns);
}

bool FakeUpstream::listen(quint16 port)
{
    m_server.setListenBacklogSize(1024); // Qt's default (50) drops SYNs of a concurrent burst
    m_server.setMaxPendingConnections(1024);
    return m_server.listen(QHostAddress::LocalHost, port);
}

quint16 FakeUpstream::port() const
{
    return m_server.serverPort();
}

QString FakeUpstream::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1/v1").arg(port());
}

QString FakeUpstream::rootUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

void FakeUpstream::enqueue(FakeReply reply)
{
    m_queue.append(std::move(reply));
}

void FakeUpstream::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

int FakeUpstream::openConnections() const
{
    return int(m_conns.size());
}

void FakeUpstream::reset()
{
    m_queue.clear();
    m_handler = {};
    m_requests.clear();
    m_maxInFlight = m_inFlight;
    m_clientAborts = 0;
}

void FakeUpstream::onReadyRead(QTcpSocket *socket)
{
    Conn *c = m_conns.value(socket);
    if (!c)
        return;
    c->buffer += socket->readAll();
    while (!c->answering) {
        const qsizetype end = c->buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        FakeRequest r;
        const QList<QByteArray> lines = c->buffer.left(end).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        r.method = requestLine.value(0);
        r.target = requestLine.value(1);
        qint64 length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            r.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
            if (r.headers.last().first.compare("content-length", Qt::CaseInsensitive) == 0)
                length = r.headers.last().second.toLongLong();
        }
        if (c->buffer.size() < end + 4 + length)
            return;
        r.body = c->buffer.mid(end + 4, length);
        c->buffer.remove(0, end + 4 + length);
        r.connectionSerial = c->serial;
        m_requests.append(r);
        c->answering = true;
        ++m_inFlight;
        m_maxInFlight = qMax(m_maxInFlight, m_inFlight);
        Q_EMIT requestReceived(r);
        answer(socket, r);
        if (!m_conns.contains(socket))
            return;
    }
}

void FakeUpstream::answer(QTcpSocket *socket, const FakeRequest &request)
{
    FakeReply reply;
    if (!m_queue.isEmpty())
        reply = m_queue.takeFirst();
    else if (m_handler)
        reply = m_handler(request);
    else
        reply = defaultReply(request);

    if (reply.hang)
        return;
    if (reply.closeImmediately) {
        socket->abort();
        return;
    }
    QPointer<QTcpSocket> guard(socket);
    auto sendHead = [this, guard, reply]() mutable {
        if (!guard)
            return;
        QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + " Fake\r\n";
        for (const auto &h : std::as_const(reply.headers))
            head += h.first + ": " + h.second + "\r\n";
        if (reply.closeAfter)
            head += "Connection: close\r\n";
        if (reply.streamed) {
            head += "Transfer-Encoding: chunked\r\n\r\n";
            guard->write(head);
            sendChunks(guard, reply, 0);
            return;
        }
        head += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n\r\n";
        guard->write(head + reply.body);
        finishAnswer(guard, reply.closeAfter);
    };
    if (reply.delayMs > 0)
        QTimer::singleShot(reply.delayMs, this, sendHead);
    else
        sendHead();
}

void FakeUpstream::sendChunks(QTcpSocket *socket, FakeReply reply, int index)
{
    if (index >= reply.chunks.size()) {
        if (reply.cut) {
            socket->flush();
            Conn *c = m_conns.value(socket);
            if (c && c->answering) {
                c->answering = false;
                --m_inFlight;
            }
            socket->disconnectFromHost();
            return;
        }
        socket->write("0\r\n\r\n");
        finishAnswer(socket, reply.closeAfter);
        return;
    }
    QPointer<QTcpSocket> guard(socket);
    const auto [delay, bytes] = reply.chunks.at(index);
    auto send = [this, guard, reply, index, bytes = bytes]() {
        if (!guard || !m_conns.contains(guard.data()))
            return;
        guard->write(QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n");
        sendChunks(guard, reply, index + 1);
    };
    if (delay > 0)
        QTimer::singleShot(delay, this, send);
    else
        send();
}

void FakeUpstream::finishAnswer(QTcpSocket *socket, bool closeAfter)
{
    Conn *c = m_conns.value(socket);
    if (!c)
        return;
    c->answering = false;
    --m_inFlight;
    if (closeAfter) {
        socket->disconnectFromHost();
        return;
    }
    if (!c->buffer.isEmpty()) // a pipelined request waits for its turn
        QTimer::singleShot(0, this, [this, socket] { onReadyRead(socket); });
}

QJsonObject FakeUpstream::completion(
    const QString &model, const QString &text, int promptTokens, int completionTokens, int cachedTokens)
{
    QJsonObject usage {{QLatin1String("prompt_tokens"), promptTokens},
        {QLatin1String("completion_tokens"), completionTokens},
        {QLatin1String("total_tokens"), promptTokens + completionTokens}};
    if (cachedTokens > 0)
        usage.insert(QLatin1String("prompt_tokens_details"),
            QJsonObject {{QLatin1String("cached_tokens"), cachedTokens}});
    return {{QLatin1String("id"), QStringLiteral("chatcmpl-fake")},
        {QLatin1String("object"), QStringLiteral("chat.completion")}, {QLatin1String("created"), 1700000000},
        {QLatin1String("model"), model},
        {QLatin1String("choices"),
            QJsonArray {QJsonObject {{QLatin1String("index"), 0},
                {QLatin1String("message"),
                    QJsonObject {{QLatin1String("role"), QStringLiteral("assistant")},
                        {QLatin1String("content"), text}, {QLatin1String("refusal"), QJsonValue::Null}}},
                {QLatin1String("logprobs"), QJsonValue::Null},
                {QLatin1String("finish_reason"), QStringLiteral("stop")}}}},
        {QLatin1String("usage"), usage}, {QLatin1String("system_fingerprint"), QStringLiteral("fp_fake")}};
}

QByteArray FakeUpstream::chunk(const QString &model, const QJsonObject &delta, const QJsonValue &finishReason)
{
    const QJsonObject o {{QLatin1String("id"), QStringLiteral("chatcmpl-fake")},
        {QLatin1String("object"), QStringLiteral("chat.completion.chunk")},
        {QLatin1String("created"), 1700000000}, {QLatin1String("model"), model},
        {QLatin1String("system_fingerprint"), QStringLiteral("fp_fake")},
        {QLatin1String("choices"),
            QJsonArray {QJsonObject {{QLatin1String("index"), 0}, {QLatin1String("delta"), delta},
                {QLatin1String("logprobs"), QJsonValue::Null},
                {QLatin1String("finish_reason"), finishReason}}}}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

FakeReply FakeUpstream::defaultReply(const FakeRequest &request)
{
    const QByteArray path = request.path();
    if (path.startsWith("/v1/messages"))
        return FakeAnthropic::defaultReply(request);
    if (path.startsWith("/v1beta/"))
        return FakeGemini::defaultReply(request);
    return openAIDefault(request);
}

FakeReply FakeUpstream::openAIDefault(const FakeRequest &request)
{
    const QByteArray path = request.path();
    if (request.method == "GET" && path == "/v1/models") {
        return FakeReply::json(200,
            QJsonObject {{QLatin1String("object"), QStringLiteral("list")},
                {QLatin1String("data"),
                    QJsonArray {QJsonObject {{QLatin1String("id"), QStringLiteral("fake-model")},
                        {QLatin1String("object"), QStringLiteral("model")},
                        {QLatin1String("owned_by"), QStringLiteral("fake")}}}}});
    }
    const QJsonObject body = request.json();
    const QString model = body.value(QLatin1String("model")).toString();
    if (path == "/v1/embeddings") {
        QJsonArray data;
        const QJsonValue input = body.value(QLatin1String("input"));
        const int n = input.isArray() ? int(input.toArray().size()) : 1;
        // As api.openai.com: base64 of little-endian float32 when asked (the Node SDK's default).
        const bool base64
            = body.value(QLatin1String("encoding_format")).toString() == QLatin1String("base64");
        QByteArray packed(3 * sizeof(float), Qt::Uninitialized);
        for (int i = 0; i < 3; ++i)
            qToLittleEndian(0.25f * float(i + 1), packed.data() + i * sizeof(float));
        const QJsonValue vector = base64 ? QJsonValue(QString::fromLatin1(packed.toBase64()))
                                         : QJsonValue(QJsonArray {0.25, 0.5, 0.75});
        for (int i = 0; i < n; ++i)
            data.append(QJsonObject {{QLatin1String("object"), QStringLiteral("embedding")},
                {QLatin1String("index"), i}, {QLatin1String("embedding"), vector}});
        return FakeReply::json(200,
            QJsonObject {{QLatin1String("object"), QStringLiteral("list")}, {QLatin1String("data"), data},
                {QLatin1String("model"), model},
                {QLatin1String("usage"),
                    QJsonObject {{QLatin1String("prompt_tokens"), 5}, {QLatin1String("total_tokens"), 5}}}});
    }
    if (path != "/v1/chat/completions") {
        return FakeReply::json(404,
            QJsonObject {{QLatin1String("error"),
                QJsonObject {{QLatin1String("message"), QStringLiteral("Unknown path")},
                    {QLatin1String("type"), QStringLiteral("invalid_request_error")}}}});
    }
    const bool hasTools = !body.value(QLatin1String("tools")).toArray().isEmpty();
    if (!body.value(QLatin1String("stream")).toBool()) {
        QJsonObject c = completion(model, QStringLiteral("Hello from the fake upstream."));
        if (hasTools) {
            QJsonArray choices = c.value(QLatin1String("choices")).toArray();
            QJsonObject choice = choices.first().toObject();
            choice.insert(QLatin1String("message"),
                QJsonObject {{QLatin1String("role"), QStringLiteral("assistant")},
                    {QLatin1String("content"), QJsonValue::Null},
                    {QLatin1String("tool_calls"),
                        QJsonArray {QJsonObject {{QLatin1String("id"), QStringLiteral("call_fake1")},
                            {QLatin1String("type"), QStringLiteral("function")},
                            {QLatin1String("function"),
                                QJsonObject {{QLatin1String("name"), QStringLiteral("get_weather")},
                                    {QLatin1String("arguments"),
                                        QStringLiteral("{\"city\":\"Paris\"}")}}}}}}});
            choice.insert(QLatin1String("finish_reason"), QStringLiteral("tool_calls"));
            choices[0] = choice;
            c.insert(QLatin1String("choices"), choices);
        }
        return FakeReply::json(200, c);
    }
    QList<QByteArray> events;
    if (hasTools) {
        events << chunk(model,
            {{QLatin1String("role"), QStringLiteral("assistant")},
                {QLatin1String("content"), QJsonValue::Null},
                {QLatin1String("tool_calls"),
                    QJsonArray {QJsonObject {{QLatin1String("index"), 0},
                        {QLatin1String("id"), QStringLiteral("call_fake1")},
                        {QLatin1String("type"), QStringLiteral("function")},
                        {QLatin1String("function"),
                            QJsonObject {{QLatin1String("name"), QStringLiteral("get_weather")},
                                {QLatin1String("arguments"), QString()}}}}}}});
        for (const char *part : {"{\"city\"", ":\"Par", "is\"}"})
            events << chunk(model,
                {{QLatin1String("tool_calls"),
                    QJsonArray {QJsonObject {{QLatin1String("index"), 0},
                        {QLatin1String("function"),
                            QJsonObject {{QLatin1String("arguments"), QString::fromLatin1(part)}}}}}}});
        events << chunk(model, {}, QStringLiteral("tool_calls"));
    } else {
        events << chunk(model,
            {{QLatin1String("role"), QStringLiteral("assistant")}, {QLatin1String("content"), QString()}});
        for (const char *word : {"Hello", " from", " the", " fake", " upstream."})
            events << chunk(model, {{QLatin1String("content"), QString::fromLatin1(word)}});
        events << chunk(model, {}, QStringLiteral("stop"));
    }
    if (body.value(QLatin1String("stream_options"))
            .toObject()
            .value(QLatin1String("include_usage"))
            .toBool()) {
        QJsonObject u = QJsonDocument::fromJson(chunk(model, {})).object();
        u.insert(QLatin1String("choices"), QJsonArray());
        u.insert(QLatin1String("usage"),
            QJsonObject {{QLatin1String("prompt_tokens"), 9}, {QLatin1String("completion_tokens"), 12},
                {QLatin1String("total_tokens"), 21}});
        events << QJsonDocument(u).toJson(QJsonDocument::Compact);
    }
    return FakeReply::sse(events);
}
