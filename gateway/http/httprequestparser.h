// SPDX-License-Identifier: MIT
#pragma once

#include "http/httprequest.h"

#include <QByteArray>
#include <QString>

/**
 * @brief Incremental HTTP/1.x request parser: request line, headers, and a Content-Length or
 * chunked body, with the gateway's limits.
 *
 * Fed the connection's bytes as they arrive; it takes what belongs to one request from the front
 * of the buffer and leaves the rest (a pipelined next request). Why ours: QHttpServer 6.4 reads
 * the head one byte per QIODevice::read() call, about 60 k instructions per request (a sixth of a
 * proxied call, bench/README.md), and has no limits of its own. Refuses what would let two parsers
 * disagree on where a request ends (Content-Length with chunked, conflicting lengths, folded
 * headers) with 400, a head over the limit with 431, a body over it with 413.
 */
class HttpRequestParser
{
public:
    enum class Status {
        NeedMore, ///< the request is not complete yet (headComplete() tells whether its head is)
        Complete, ///< takeRequest() has it
        Error, ///< errorStatus() and errorMessage() say why; the connection cannot continue
    };

    HttpRequestParser(qint64 maxHeaderBytes, qint64 maxBodyBytes);

    /// Limits for the next request (a request under way keeps its own).
    void setLimits(qint64 maxHeaderBytes, qint64 maxBodyBytes);

    /// Consumes bytes of one request from the front of @p buffer.
    Status parse(QByteArray &buffer);

    [[nodiscard]] bool headComplete() const { return m_state != State::Head; }
    /// The head asked for "Expect: 100-continue" and its body is still to come.
    [[nodiscard]] bool expectsContinue() const { return m_expectContinue; }
    /// The request once Complete; the parser is then ready for the next one.
    [[nodiscard]] HttpRequest takeRequest();

    [[nodiscard]] int errorStatus() const { return m_errorStatus; }
    [[nodiscard]] QByteArray errorCode() const { return m_errorCode; }
    [[nodiscard]] QString errorMessage() const { return m_errorMessage; }

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailer, Done, Failed };

    Status fail(int status, const char *code, const QString &message);
    Status parseHead(QByteArray &buffer);
    Status parseChunked(QByteArray &buffer);

    qint64 m_maxHeaderBytes;
    qint64 m_maxBodyBytes;
    State m_state = State::Head;
    HttpRequest m_request;
    qint64 m_remaining = 0; ///< body or chunk bytes still to come
    bool m_expectContinue = false;
    int m_errorStatus = 0;
    QByteArray m_errorCode;
    QString m_errorMessage;
};
