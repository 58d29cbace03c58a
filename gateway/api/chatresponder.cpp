// SPDX-License-Identifier: MIT
#include "api/chatresponder.h"

#include "pipeline/pipeline.h"

#include <utility>

ChatResponder::ChatResponder(ExchangePtr exchange, ContextPtr ctx, Pipeline &pipeline)
    : m_ex(std::move(exchange))
    , m_ctx(std::move(ctx))
    , m_pipeline(pipeline)
{ }

ChatResponder::~ChatResponder() = default;

void ChatResponder::start()
{
    auto self = shared_from_this();
    ChatCallbacks cb;
    cb.onChunk = [self](const QJsonObject &chunk, const QByteArray &raw) { self->onChunk(chunk, raw); };
    cb.onResponseSource = [self](const RawJson &source) { self->m_responseSource = source; };
    cb.onResponse = [self](const QJsonObject &response) { self->onResponse(response); };
    cb.onNativeEvent = [self](const QByteArray &type, const QJsonObject &data, const QByteArray &raw) {
        self->onNativeEvent(type, data, raw);
    };
    cb.onNativeResponse = [self](const QJsonObject &body) { self->onNativeResponse(body); };
    cb.onStreamEnd = [self] { self->onStreamEnd(); };
    cb.onError = [self](const GatewayError &e, bool midStream) { self->onError(e, midStream); };
    m_ctx->streamed = m_ctx->chat->stream;
    m_cancel = m_pipeline.execute(m_ctx, std::move(cb));
    m_ex->onClientGone([self] { self->onClientGone(); });
}

void ChatResponder::onNativeEvent(const QByteArray &, const QJsonObject &, const QByteArray &) { }

void ChatResponder::onNativeResponse(const QJsonObject &) { }

void ChatResponder::noteError(const GatewayError &error)
{
    m_ctx->status = error.status;
    m_ctx->errorCode = error.code;
    m_ctx->errorMessage = error.message;
}

CancelCall ChatResponder::finish()
{
    m_done = true;
    return std::exchange(m_cancel, nullptr);
}

bool ChatResponder::settleAnswer()
{
    if (m_done)
        return false;
    finish();
    m_ctx->status = 200;
    m_pipeline.settle(*m_ctx);
    return true;
}

void ChatResponder::onError(const GatewayError &error, bool midStream)
{
    if (m_done)
        return;
    finish();
    noteError(error);
    m_pipeline.settle(*m_ctx);
    if (!m_ex->isStreaming() && !midStream) {
        m_ex->setOverheadMs(m_ctx->overheadMs(HttpClock::nowNs()));
        GatewayError withHeaders = error; // x-ratelimit-* of the key go with errors too
        withHeaders.headers.append(m_ctx->responseHeaders);
        answerError(withHeaders);
    } else {
        endStreamWithError(error);
    }
    m_pipeline.record(*m_ctx);
}

void ChatResponder::onClientGone()
{
    if (m_done)
        return;
    if (const CancelCall cancel = finish())
        cancel();
    m_ctx->status = 499;
    m_ctx->errorCode = QStringLiteral("client_closed_request");
    m_pipeline.settle(*m_ctx);
    m_pipeline.record(*m_ctx);
}
