// SPDX-License-Identifier: MIT
#include "pipeline/guardrailstage.h"

#include "protocol/sseparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>

namespace {

/// Holds back the tail of each streamed text until it can no longer be part of a match.
class StreamRedaction
{
public:
    explicit StreamRedaction(std::shared_ptr<const Redactor> redactor)
        : m_redactor(std::move(redactor))
    { }

    /// Adds @p piece to the text of @p slot and returns what can be sent now, redacted.
    QString feed(int slot, const QString &piece)
    {
        QString &pending = m_pending[slot];
        pending += piece;
        qsizetype cut = qMax<qsizetype>(0, pending.size() - Redactor::HoldBack);
        for (const Redactor::Span &s : m_redactor->matches(pending)) {
            // A match across the cut, or one touching the end (it may go on), waits whole.
            if (s.start < cut && (s.end > cut || s.end == pending.size()))
                cut = s.start;
        }
        const QString out = m_redactor->redact(pending.left(cut));
        pending.remove(0, cut);
        return out;
    }
    /// Everything still held for @p slot, redacted.
    QString flush(int slot)
    {
        const QString out = m_redactor->redact(m_pending.value(slot));
        m_pending.remove(slot);
        return out;
    }
    [[nodiscard]] QList<int> heldSlots() const { return m_pending.keys(); }
    [[nodiscard]] bool holdsText() const
    {
        for (const QString &p : m_pending) {
            if (!p.isEmpty())
                return true;
        }
        return false;
    }

private:
    std::shared_ptr<const Redactor> m_redactor;
    QMap<int, QString> m_pending;
};

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray sseEvent(const QByteArray &type, const QJsonObject &data)
{
    return "event: " + type + "\ndata: " + compact(data) + "\n\n";
}

} // namespace

std::optional<GatewayError> GuardrailStage::before(RequestContext &ctx)
{
    if (!m_redactor->onRequests())
        return std::nullopt;
    if (ctx.chat) {
        QJsonObject body = ctx.chat->body;
        if (m_redactor->redactBody(body) > 0) {
            auto redacted = std::make_shared<ChatRequest>(*ctx.chat);
            redacted->body = body;
            redacted->source = {}; // the client's bytes hold what was redacted: never relay them
            ctx.chat = redacted;
        }
    }
    if (ctx.native) {
        QJsonObject body = ctx.native->body;
        if (m_redactor->redactBody(body) > 0) {
            auto redacted = std::make_shared<NativeRequest>(*ctx.native);
            redacted->body = body;
            ctx.native = redacted;
        }
    }
    return std::nullopt;
}

void GuardrailStage::after(RequestContext &ctx)
{
    if (m_redactor->onLogs() && !ctx.errorMessage.isEmpty())
        ctx.errorMessage = m_redactor->redact(ctx.errorMessage);
}

void GuardrailStage::redactEmbeddings(QJsonObject &body) const
{
    if (m_redactor->onRequests())
        m_redactor->redactBody(body);
}

ChatCallbacks GuardrailStage::wrap(ChatCallbacks downstream) const
{
    if (!m_redactor->onResponses())
        return downstream;
    auto next = std::make_shared<ChatCallbacks>(std::move(downstream));
    auto stream = std::make_shared<StreamRedaction>(m_redactor);
    auto lastChunk = std::make_shared<QJsonObject>();
    std::shared_ptr<const Redactor> redactor = m_redactor;
    // Streams: the text held back is sent with the chunk that finishes its choice, or before
    // the end (or the error) of the stream.
    auto flushChunk = [stream, lastChunk]() -> std::optional<QJsonObject> {
        if (!stream->holdsText() || lastChunk->isEmpty())
            return std::nullopt;
        QJsonArray choices;
        for (int slot : stream->heldSlots()) {
            const QString text = stream->flush(slot);
            if (!text.isEmpty())
                choices.append(QJsonObject {{QLatin1String("index"), slot},
                    {QLatin1String("delta"), QJsonObject {{QLatin1String("content"), text}}},
                    {QLatin1String("finish_reason"), QJsonValue()}});
        }
        QJsonObject chunk = *lastChunk;
        chunk.remove(QLatin1String("usage"));
        chunk.insert(QLatin1String("choices"), choices);
        return chunk;
    };
    ChatCallbacks cb = *next;
    cb.onChunk = [next, stream, lastChunk](const QJsonObject &chunk, const QByteArray &) {
        QJsonObject out = chunk;
        QJsonArray choices = out.value(QLatin1String("choices")).toArray();
        for (qsizetype i = 0; i < choices.size(); ++i) {
            QJsonObject choice = choices.at(i).toObject();
            const int slot = choice.value(QLatin1String("index")).toInt();
            QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
            QString text = stream->feed(slot, delta.value(QLatin1String("content")).toString());
            if (!choice.value(QLatin1String("finish_reason")).isNull()
                && !choice.value(QLatin1String("finish_reason")).isUndefined())
                text += stream->flush(slot);
            if (delta.contains(QLatin1String("content")) || !text.isEmpty())
                delta.insert(QLatin1String("content"), text);
            choice.insert(QLatin1String("delta"), delta);
            choices.replace(i, choice);
        }
        if (!choices.isEmpty())
            out.insert(QLatin1String("choices"), choices);
        *lastChunk = out;
        next->onChunk(out, QByteArray());
    };
    cb.onResponse = [next, redactor](const QJsonObject &response) {
        QJsonObject out = response;
        redactor->redactBody(out);
        next->onResponse(out);
    };
    cb.onStreamEnd = [next, flushChunk] {
        if (auto chunk = flushChunk())
            next->onChunk(*chunk, QByteArray());
        next->onStreamEnd();
    };
    cb.onError = [next, flushChunk](const GatewayError &error, bool midStream) {
        if (midStream) {
            if (auto chunk = flushChunk())
                next->onChunk(*chunk, QByteArray());
        }
        next->onError(error, midStream);
    };
    // Native relays (the provider speaks the client's protocol): Anthropic text deltas are held
    // per content block and released by its content_block_stop.
    if (next->onNativeEvent) {
        cb.onNativeEvent = [next, stream](
                               const QByteArray &type, const QJsonObject &data, const QByteArray &raw) {
            const int slot = data.value(QLatin1String("index")).toInt();
            if (type == "content_block_delta") {
                QJsonObject delta = data.value(QLatin1String("delta")).toObject();
                if (delta.value(QLatin1String("type")).toString() == QLatin1String("text_delta")) {
                    const QString text = stream->feed(slot, delta.value(QLatin1String("text")).toString());
                    if (text.isEmpty())
                        return;
                    delta.insert(QLatin1String("text"), text);
                    QJsonObject out = data;
                    out.insert(QLatin1String("delta"), delta);
                    next->onNativeEvent(type, out, sseEvent(type, out));
                    return;
                }
            } else if (type == "content_block_stop") {
                const QString text = stream->flush(slot);
                if (!text.isEmpty()) {
                    const QJsonObject delta {{QLatin1String("type"), QStringLiteral("content_block_delta")},
                        {QLatin1String("index"), slot},
                        {QLatin1String("delta"),
                            QJsonObject {{QLatin1String("type"), QStringLiteral("text_delta")},
                                {QLatin1String("text"), text}}}};
                    next->onNativeEvent("content_block_delta", delta, sseEvent("content_block_delta", delta));
                }
            }
            next->onNativeEvent(type, data, raw);
        };
    }
    if (next->onNativeResponse) {
        cb.onNativeResponse = [next, redactor](const QJsonObject &body) {
            QJsonObject out = body;
            redactor->redactBody(out);
            next->onNativeResponse(out);
        };
    }
    return cb;
}
