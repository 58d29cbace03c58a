// SPDX-License-Identifier: MIT
#include "keys/ratelimiter.h"

namespace {

int retrySeconds(qint64 ms)
{
    return int(qMax<qint64>(1, (ms + 999) / 1000));
}

} // namespace

QByteArray RateLimiter::formatDuration(qint64 ms)
{
    if (ms <= 0)
        return "0s";
    if (ms < 1000)
        return QByteArray::number(ms) + "ms";
    const qint64 minutes = ms / 60000;
    const qint64 restMs = ms % 60000;
    QByteArray seconds = QByteArray::number(double(restMs) / 1000.0, 'f', 3);
    while (seconds.endsWith('0'))
        seconds.chop(1);
    if (seconds.endsWith('.'))
        seconds.chop(1);
    return (minutes > 0 ? QByteArray::number(minutes) + 'm' : QByteArray()) + seconds + 's';
}

void RateLimiter::prune(Window &w, qint64 nowMs)
{
    while (!w.entries.empty() && w.entries.front().timeMs <= nowMs - WindowMs) {
        w.tokens -= w.entries.front().tokens;
        w.entries.pop_front();
    }
}

std::optional<GatewayError> RateLimiter::admit(
    const QString &key, const RateLimits &limits, qint64 tokens, qint64 nowMs, RateTicket *ticket)
{
    *ticket = RateTicket();
    if (!limits.isSet())
        return std::nullopt;
    Window &w = m_windows[key];
    prune(w, nowMs);
    auto refuse = [&](const QString &type, const QString &code, const QString &message, int retryAfter) {
        GatewayError e {429, type, code, message, {}, retryAfter};
        e.headers = headers(key, limits, nowMs);
        return e;
    };
    if (limits.parallel > 0 && w.inFlight >= limits.parallel)
        return refuse(QStringLiteral("requests"), QStringLiteral("too_many_parallel_requests"),
            QStringLiteral("This key allows %1 requests in flight at once and %1 are running; retry when one "
                           "finishes.")
                .arg(limits.parallel),
            1);
    if (limits.rpm > 0 && qint64(w.entries.size()) >= limits.rpm) {
        const qint64 waitMs = w.entries.front().timeMs + WindowMs - nowMs;
        return refuse(QStringLiteral("requests"), QStringLiteral("rate_limit_exceeded"),
            QStringLiteral("Rate limit reached for this key on requests per minute (RPM): limit %1, used %2. "
                           "Please try again in %3.")
                .arg(limits.rpm)
                .arg(w.entries.size())
                .arg(QString::fromLatin1(formatDuration(waitMs))),
            retrySeconds(waitMs));
    }
    if (limits.tpm > 0 && tokens > limits.tpm)
        return refuse(QStringLiteral("tokens"), QStringLiteral("rate_limit_exceeded"),
            QStringLiteral("Request too large for this key's tokens per minute (TPM): limit %1, requested up "
                           "to %2 (prompt + max_tokens). Lower max_tokens or shorten the prompt.")
                .arg(limits.tpm)
                .arg(tokens),
            -1);
    if (limits.tpm > 0 && w.tokens + tokens > limits.tpm) {
        // The wait until enough of the window's tokens have left it.
        qint64 freed = 0;
        qint64 waitMs = WindowMs;
        for (const Entry &e : w.entries) {
            freed += e.tokens;
            if (w.tokens - freed + tokens <= limits.tpm) {
                waitMs = e.timeMs + WindowMs - nowMs;
                break;
            }
        }
        return refuse(QStringLiteral("tokens"), QStringLiteral("rate_limit_exceeded"),
            QStringLiteral("Rate limit reached for this key on tokens per minute (TPM): limit %1, used %2, "
                           "requested up to %3. Please try again in %4.")
                .arg(limits.tpm)
                .arg(w.tokens)
                .arg(tokens)
                .arg(QString::fromLatin1(formatDuration(waitMs))),
            retrySeconds(waitMs));
    }
    ticket->seq = ++m_seq;
    ticket->tokens = tokens;
    ticket->holdsSlot = true;
    w.entries.push_back({nowMs, tokens, ticket->seq});
    w.tokens += tokens;
    ++w.inFlight;
    return std::nullopt;
}

void RateLimiter::reconcile(const QString &key, RateTicket &ticket, qint64 actualTokens)
{
    if (!ticket.seq)
        return;
    auto it = m_windows.find(key);
    if (it == m_windows.end())
        return;
    // Recent entries are at the back; a finished request is almost always among the last ones.
    for (auto e = it->entries.rbegin(); e != it->entries.rend(); ++e) {
        if (e->seq == ticket.seq) {
            it->tokens += actualTokens - e->tokens;
            e->tokens = actualTokens;
            break;
        }
        if (e->seq < ticket.seq)
            break;
    }
    ticket.tokens = actualTokens;
}

void RateLimiter::release(const QString &key, RateTicket &ticket)
{
    if (!ticket.holdsSlot)
        return;
    ticket.holdsSlot = false;
    auto it = m_windows.find(key);
    if (it != m_windows.end() && it->inFlight > 0)
        --it->inFlight;
}

RateLimiter::Usage RateLimiter::usage(const QString &key, qint64 nowMs)
{
    auto it = m_windows.find(key);
    if (it == m_windows.end())
        return {};
    prune(*it, nowMs);
    return {qint64(it->entries.size()), it->tokens, it->inFlight};
}

RateLimiter::Headers RateLimiter::headers(const QString &key, const RateLimits &limits, qint64 nowMs)
{
    Headers h;
    if (limits.rpm <= 0 && limits.tpm <= 0)
        return h;
    Window &w = m_windows[key];
    prune(w, nowMs);
    // Reset: when the window is empty again (its newest entry has left it).
    const qint64 resetMs = w.entries.empty() ? 0 : w.entries.back().timeMs + WindowMs - nowMs;
    if (limits.rpm > 0) {
        h.append({"x-ratelimit-limit-requests", QByteArray::number(limits.rpm)});
        h.append({"x-ratelimit-remaining-requests",
            QByteArray::number(qMax<qint64>(0, limits.rpm - qint64(w.entries.size())))});
        h.append({"x-ratelimit-reset-requests", formatDuration(resetMs)});
    }
    if (limits.tpm > 0) {
        h.append({"x-ratelimit-limit-tokens", QByteArray::number(limits.tpm)});
        h.append(
            {"x-ratelimit-remaining-tokens", QByteArray::number(qMax<qint64>(0, limits.tpm - w.tokens))});
        h.append({"x-ratelimit-reset-tokens", formatDuration(resetMs)});
    }
    return h;
}
