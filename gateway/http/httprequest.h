// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

/**
 * @brief One HTTP request as the client sent it (HttpRequestParser), handed to the routes; it
 * outlives the connection's parse state, so handlers may keep it across asynchronous work.
 */
struct HttpRequest
{
    QByteArray method; ///< "GET", "POST", ...
    QString path; ///< percent-decoded path, no query
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress peer;
    QByteArray requestId;
    qint64 receivedNs = 0; ///< monotonic clock (HttpClock) when the request was complete
    QStringList pathArgs; ///< values captured by {placeholders} of the matched route
    bool http10 = false; ///< HTTP/1.0: the connection closes after the answer unless it asked to stay

    /// Case-insensitive header lookup; empty when absent.
    [[nodiscard]] QByteArray header(QByteArrayView name) const
    {
        for (const auto &h : headers) {
            if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    [[nodiscard]] bool hasHeader(QByteArrayView name) const
    {
        for (const auto &h : headers) {
            if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
};

/** @brief Monotonic nanoseconds, shared by every timing in the gateway. */
namespace HttpClock {
qint64 nowNs();
inline double msSince(qint64 ns)
{
    return double(nowNs() - ns) / 1e6;
}
} // namespace HttpClock
