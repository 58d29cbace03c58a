// SPDX-License-Identifier: MIT
#include "protocol/sseparser.h"

QList<SseEvent> SseParser::feed(const QByteArray &bytes)
{
    QList<SseEvent> out;
    m_buffer.append(bytes);
    const char *begin = m_buffer.constData();
    const qsizetype size = m_buffer.size();
    qsizetype i = m_pos;
    if (m_skipLf && i < size) {
        if (begin[i] == '\n')
            ++i;
        m_skipLf = false;
        m_pos = i;
    }
    for (; i < size; ++i) {
        const char c = begin[i];
        if (c != '\n' && c != '\r')
            continue;
        processLine(QByteArrayView(begin + m_pos, i - m_pos), out);
        if (c == '\r') {
            if (i + 1 < size) {
                if (begin[i + 1] == '\n')
                    ++i;
            } else {
                m_skipLf = true; // the LF of this CRLF may come in the next feed
            }
        }
        m_pos = i + 1;
    }
    // Compact the buffer once consumed data dominates, to keep feeding O(n).
    if (m_pos == m_buffer.size()) {
        m_buffer.clear();
        m_pos = 0;
    } else if (m_pos > 4096 && m_pos * 2 > m_buffer.size()) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    return out;
}

QList<SseEvent> SseParser::finish()
{
    QList<SseEvent> out;
    if (m_pos < m_buffer.size())
        processLine(QByteArrayView(m_buffer.constData() + m_pos, m_buffer.size() - m_pos), out);
    m_buffer.clear();
    m_pos = 0;
    if (m_hasData)
        processLine(QByteArrayView(), out);
    return out;
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (line.isEmpty()) {
        if (m_hasData)
            out.append(std::move(m_current));
        m_current = SseEvent();
        m_hasData = false;
        return;
    }
    if (line.front() == ':')
        return; // comment / keep-alive
    const qsizetype colon = line.indexOf(':');
    QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (!value.isEmpty() && value.front() == ' ')
        value = value.sliced(1);
    if (field == "data") {
        if (m_hasData)
            m_current.data.append('\n');
        m_current.data.append(value.data(), value.size());
        m_hasData = true;
    } else if (field == "event") {
        m_current.event = value.toByteArray();
    } else if (field == "id") {
        m_current.id = value.toByteArray();
    }
}

namespace Sse {
QByteArray data(const QByteArray &payload)
{
    QByteArray out;
    out.reserve(payload.size() + 8);
    out.append("data: ", 6).append(payload).append("\n\n", 2);
    return out;
}

QByteArray event(const QByteArray &name, const QByteArray &payload)
{
    QByteArray out;
    out.reserve(name.size() + payload.size() + 16);
    out.append("event: ", 7).append(name).append("\ndata: ", 7).append(payload).append("\n\n", 2);
    return out;
}
} // namespace Sse
