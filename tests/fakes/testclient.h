// SPDX-License-Identifier: MIT
#pragma once

#include "protocol/sseparser.h"
#include "providers/upstreamclient.h"

#include <QJsonObject>

#include <memory>

/** @brief One answer as a client saw it: head, body, SSE events, or a transport failure. */
struct TestResponse
{
    int status = 0;
    UpstreamHead head;
    QByteArray body; ///< everything received (raw SSE text for streams)
    QList<QByteArray> events; ///< `data:` payloads of an SSE stream, in order
    bool done = false; ///< completed (successfully or not)
    bool failed = false;
    UpstreamFailure failure;
    qint64 firstEventNs = 0;
    qint64 startNs = 0;
    qint64 endNs = 0;
    UpstreamClient::RequestId id = 0;

    [[nodiscard]] QJsonObject json() const;
    [[nodiscard]] QByteArray header(const QByteArray &name) const { return head.header(name); }
    [[nodiscard]] QJsonObject event(qsizetype i) const;
};

/**
 * @brief HTTP client for tests, event-loop driven (the engine under test runs in the same thread):
 * requests return at once; wait with QTRY_VERIFY(r->done) or TestClient::wait().
 */
class TestClient
{
public:
    explicit TestClient(quint16 port);

    std::shared_ptr<TestResponse> post(
        const QByteArray &path, const QByteArray &body, QList<QPair<QByteArray, QByteArray>> headers = {});
    std::shared_ptr<TestResponse> get(
        const QByteArray &path, QList<QPair<QByteArray, QByteArray>> headers = {});
    std::shared_ptr<TestResponse> send(const QByteArray &method, const QByteArray &path,
        const QByteArray &body, QList<QPair<QByteArray, QByteArray>> headers);
    void cancel(const std::shared_ptr<TestResponse> &r);

    /// Spins the event loop until @p r is done; false on timeout.
    static bool wait(const std::shared_ptr<TestResponse> &r, int timeoutMs = 10000);

    UpstreamClient &client() { return m_client; }

private:
    quint16 m_port;
    UpstreamClient m_client;
};

/** @brief Raw bytes over one TCP connection, for malformed requests; returns what came back. */
QByteArray rawExchange(quint16 port, const QByteArray &bytes, int timeoutMs = 5000);
