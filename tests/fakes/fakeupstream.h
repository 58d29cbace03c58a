// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

/** @brief A request as the fake upstream received it. */
struct FakeRequest
{
    QByteArray method;
    QByteArray target; ///< path and query as sent
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    int connectionSerial = 0; ///< which TCP connection carried it (keep-alive checks)
    [[nodiscard]] QByteArray header(const QByteArray &name) const;
    [[nodiscard]] QJsonObject json() const;
    [[nodiscard]] QByteArray path() const;
};

/**
 * @brief What the fake answers to one request: a scripted exchange.
 *
 * Either a complete body (status, headers, body; sent Content-Length framed) or a stream of
 * chunks (chunked transfer encoding, each chunk after its own delay), optionally cut mid-way
 * (the connection is closed without the terminating chunk), or no answer at all.
 */
struct FakeReply
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    int delayMs = 0; ///< before the response head
    bool streamed = false;
    QList<QPair<int, QByteArray>> chunks; ///< (delay ms before it, bytes)
    bool cut = false; ///< close the connection after the chunks instead of ending the body
    bool hang = false; ///< never answer (timeouts)
    bool closeImmediately = false; ///< close the connection without answering
    bool closeAfter = false; ///< send Connection: close and close after answering

    static FakeReply json(int status, const QByteArray &body);
    static FakeReply json(int status, const QJsonObject &body);
    /// OpenAI-style SSE: one `data:` event per payload, each after @p paceMs, then `data: [DONE]`.
    static FakeReply sse(const QList<QByteArray> &payloads, int paceMs = 0, bool done = true);
};

/**
 * @brief Fake provider upstream on 127.0.0.1: speaks HTTP/1.1 with keep-alive and answers each
 * request from a script (a handler, or a FIFO of replies, or the built-in defaults).
 *
 * The defaults speak each provider's wire format, chosen by path: the OpenAI format as
 * api.openai.com does (/v1/chat/completions with `stream_options.include_usage` honoured, tools ->
 * a tool call, /v1/embeddings, /v1/models), Anthropic's Messages API on /v1/messages
 * (FakeAnthropic) and the Gemini API on /v1beta/models/... (FakeGemini).
 */
class FakeUpstream : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<FakeReply(const FakeRequest &)>;

    explicit FakeUpstream(QObject *parent = nullptr);
    ~FakeUpstream() override;

    bool listen(quint16 port = 0); ///< 127.0.0.1 only
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] QString baseUrl() const; ///< http://127.0.0.1:PORT/v1
    [[nodiscard]] QString rootUrl() const; ///< http://127.0.0.1:PORT

    /// Replies used first, in order; then the handler; then the defaults.
    void enqueue(FakeReply reply);
    void setHandler(Handler handler);

    [[nodiscard]] const QList<FakeRequest> &requests() const { return m_requests; }
    [[nodiscard]] int connectionsAccepted() const { return m_connections; }
    [[nodiscard]] int openConnections() const;
    [[nodiscard]] int inFlight() const { return m_inFlight; }
    [[nodiscard]] int maxInFlight() const { return m_maxInFlight; }
    /// Connections closed by the peer while their answer was still being sent.
    [[nodiscard]] int clientAborts() const { return m_clientAborts; }
    void reset();

    /// The default answer for @p request in the wire format its path belongs to.
    static FakeReply defaultReply(const FakeRequest &request);
    /// The default OpenAI answers, usable from a handler.
    static FakeReply openAIDefault(const FakeRequest &request);
    static QJsonObject completion(const QString &model, const QString &text, int promptTokens = 9,
        int completionTokens = 12, int cachedTokens = 0);
    static QByteArray chunk(
        const QString &model, const QJsonObject &delta, const QJsonValue &finishReason = QJsonValue::Null);

Q_SIGNALS:
    void requestReceived(const FakeRequest &request);

private:
    struct Conn;
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const FakeRequest &request);
    void sendChunks(QTcpSocket *socket, FakeReply reply, int index);
    void finishAnswer(QTcpSocket *socket, bool closeAfter);

    QTcpServer m_server;
    QHash<QTcpSocket *, Conn *> m_conns;
    QList<FakeReply> m_queue;
    Handler m_handler;
    QList<FakeRequest> m_requests;
    int m_connections = 0;
    int m_inFlight = 0;
    int m_maxInFlight = 0;
    int m_clientAborts = 0;
};
