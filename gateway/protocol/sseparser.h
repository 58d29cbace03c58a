// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>

/** @brief One Server-Sent Event: its `event:` name (may be empty) and its data lines joined by \n. */
struct SseEvent
{
    QByteArray event;
    QByteArray data;
    QByteArray id;
};

/**
 * @brief Incremental Server-Sent Events parser (WHATWG event-stream rules).
 *
 * Feed bytes as they arrive, split anywhere (mid-line, mid-CRLF, mid-UTF-8); complete events come
 * out as soon as their terminating blank line is seen. Lines end in LF, CRLF or CR; comment lines
 * (starting with ':') and unknown fields are ignored; a single space after the colon is dropped.
 */
class SseParser
{
public:
    /// Appends @p bytes and returns the events they complete.
    QList<SseEvent> feed(const QByteArray &bytes);
    /// Call at end of stream: returns a final event that had data but no blank line (or none).
    QList<SseEvent> finish();
    /// Bytes of an incomplete line or event still held.
    [[nodiscard]] qsizetype pending() const { return m_buffer.size() - m_pos + m_current.data.size(); }

private:
    void processLine(QByteArrayView line, QList<SseEvent> &out);

    QByteArray m_buffer;
    qsizetype m_pos = 0;
    bool m_skipLf = false; ///< last byte seen was CR: a following LF belongs to it
    SseEvent m_current;
    bool m_hasData = false;
};

namespace Sse {
/// `data: <payload>\n\n` (payload must not contain newlines; JSON from QJsonDocument::Compact never does).
QByteArray data(const QByteArray &payload);
/// `event: <name>\ndata: <payload>\n\n`
QByteArray event(const QByteArray &name, const QByteArray &payload);
} // namespace Sse
