// SPDX-License-Identifier: MIT
#pragma once

#include "http/gatewayerror.h"
#include "keys/ratelimits.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

#include <deque>
#include <optional>

/** @brief What one admitted request holds in the rate limiter until it is released. */
struct RateTicket
{
    quint64 seq = 0; ///< 0: nothing counted
    qint64 tokens = 0; ///< counted against TPM (the worst case until reconciled)
    bool holdsSlot = false; ///< counted against `parallel`
};

/**
 * @brief Exact sliding-window limits per key: at most `rpm` requests and `tpm` tokens in any 60 s
 * window, and at most `parallel` requests in flight.
 *
 * Every admitted request is remembered with its time and tokens for 60 s (a log, not buckets or
 * counters that reset), so the limit holds over every window, not only aligned ones. Tokens are
 * counted at their worst case when admitted (prompt + max output) and corrected to the real
 * usage afterwards. All in the engine thread: no locks.
 */
class RateLimiter
{
public:
    static constexpr qint64 WindowMs = 60000;
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    /// Admits one request of @p tokens (worst case) or returns the 429 to answer (with
    /// Retry-After and the x-ratelimit-* headers).
    std::optional<GatewayError> admit(
        const QString &key, const RateLimits &limits, qint64 tokens, qint64 nowMs, RateTicket *ticket);
    /// Replaces the worst case counted for @p ticket by the tokens really used.
    void reconcile(const QString &key, RateTicket &ticket, qint64 actualTokens);
    /// Frees the parallel slot (idempotent).
    void release(const QString &key, RateTicket &ticket);
    /// OpenAI's x-ratelimit-{limit,remaining,reset}-{requests,tokens} for @p key.
    [[nodiscard]] Headers headers(const QString &key, const RateLimits &limits, qint64 nowMs);

    struct Usage
    {
        qint64 requests = 0; ///< in the last 60 s
        qint64 tokens = 0; ///< in the last 60 s
        qint64 inFlight = 0;
    };
    [[nodiscard]] Usage usage(const QString &key, qint64 nowMs);
    void forget(const QString &key) { m_windows.remove(key); }

    /// "250ms", "12s", "1m30s" (the format of OpenAI's x-ratelimit-reset-* headers).
    static QByteArray formatDuration(qint64 ms);

private:
    struct Entry
    {
        qint64 timeMs;
        qint64 tokens;
        quint64 seq;
    };
    struct Window
    {
        std::deque<Entry> entries;
        qint64 tokens = 0;
        qint64 inFlight = 0;
    };
    static void prune(Window &w, qint64 nowMs);

    QHash<QString, Window> m_windows;
    quint64 m_seq = 0;
};
