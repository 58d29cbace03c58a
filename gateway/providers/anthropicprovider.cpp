// SPDX-License-Identifier: MIT
#include "providers/anthropicprovider.h"

#include "protocol/anthropicmessages.h"
#include "protocol/anthropicstreamreader.h"
#include "routing/catalog.h"

#include <QJsonDocument>

AnthropicProvider::AnthropicProvider(
    ProviderConfig config, const Catalog &catalog, UpstreamClient *client, QObject *parent)
    : HttpProvider(std::move(config), catalog, client, parent)
{ }

QList<QPair<QByteArray, QByteArray>> AnthropicProvider::authHeaders() const
{
    if (!hasUsableKey())
        return {};
    return {{"x-api-key", m_config.apiKey.toUtf8()}};
}

UpstreamRequest AnthropicProvider::messagesRequest(
    const QJsonObject &body, bool stream, const NativeRequest *native) const
{
    // baseUrl may be the host (as the official SDKs take it) or end in /v1.
    const QString path = m_apiBase.endsWith(QLatin1String("/v1")) ? QStringLiteral("/messages")
                                                                  : QStringLiteral("/v1/messages");
    UpstreamRequest r = makeRequest(path, QJsonDocument(body).toJson(QJsonDocument::Compact), stream);
    QByteArray version;
    if (native) {
        for (const auto &h : native->headers) {
            if (h.first.compare("anthropic-version", Qt::CaseInsensitive) == 0)
                version = h.second;
            else
                r.headers.append(h); // anthropic-beta and the like, as the client sent them
        }
    }
    r.headers.append(
        {"anthropic-version", version.isEmpty() ? QByteArray(AnthropicMessages::kDefaultVersion) : version});
    return r;
}

GatewayError AnthropicProvider::mapError(
    int status, const QJsonObject &error, const QByteArray &retryAfter) const
{
    const QString type = error.value(QLatin1String("type")).toString();
    const QString upstream = error.value(QLatin1String("message")).toString();
    GatewayError e;
    e.message = status
        ? QStringLiteral("Provider '%1' answered HTTP %2 (%3): %4")
              .arg(m_config.id)
              .arg(status)
              .arg(type, upstream)
        : QStringLiteral("Provider '%1' sent a stream error (%2): %3").arg(m_config.id, type, upstream);
    bool ok = false;
    const int seconds = retryAfter.trimmed().toInt(&ok);
    if (ok)
        e.retryAfterSeconds = seconds;
    if (status == 401 || status == 403 || type == QLatin1String("authentication_error")
        || type == QLatin1String("permission_error")) {
        e.status = 502;
        e.type = QStringLiteral("api_error");
        e.code = QStringLiteral("upstream_auth_failed");
        e.message
            = QStringLiteral("Provider '%1' refused Switchyard's API key for it (HTTP %2); check its apiKey "
                             "in the config. Upstream said: %3")
                  .arg(m_config.id)
                  .arg(status)
                  .arg(upstream);
        e.retryAfterSeconds = -1;
    } else if (status == 529 || type == QLatin1String("overloaded_error")) {
        e.status = 529;
        e.type = QStringLiteral("api_error");
        e.code = QStringLiteral("upstream_overloaded");
    } else if (status == 429 || type == QLatin1String("rate_limit_error")) {
        e.status = 429;
        e.type = QStringLiteral("rate_limit_error");
        e.code = QStringLiteral("upstream_rate_limited");
    } else if (status >= 400 && status < 500) {
        e.status = status;
        e.type = QStringLiteral("invalid_request_error");
        e.code = type.isEmpty() ? QStringLiteral("upstream_rejected") : type;
    } else if (status == 504 || type == QLatin1String("timeout_error")) {
        e.status = 504;
        e.type = QStringLiteral("api_error");
        e.code = QStringLiteral("upstream_timeout");
    } else {
        e.status = 502;
        e.type = QStringLiteral("api_error");
        e.code = QStringLiteral("upstream_error");
    }
    return e;
}

GatewayError AnthropicProvider::mapHttpError(
    int status, const QByteArray &body, const QByteArray &retryAfter) const
{
    QJsonObject error = QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toObject();
    if (error.isEmpty())
        error = {{QLatin1String("message"), QString::fromUtf8(body.left(300)).simplified()}};
    return mapError(status, error, retryAfter);
}

namespace {

/// The JSON data of an Anthropic event, or an empty object when it is not one.
QJsonObject eventData(const SseEvent &e)
{
    return QJsonDocument::fromJson(e.data).object();
}

/// The event's name: its `event:` line, else its data's `type`.
QByteArray eventType(const SseEvent &e, const QJsonObject &data)
{
    return e.event.isEmpty() ? data.value(QLatin1String("type")).toString().toUtf8() : e.event;
}

} // namespace

CancelCall AnthropicProvider::chat(const ChatCall &call, ChatCallbacks callbacks)
{
    auto cb = std::make_shared<ChatCallbacks>(std::move(callbacks));
    if (call.native && call.native->protocol == WireProtocol::Anthropic)
        return relayNative(call, cb);
    return translate(call, cb);
}

CancelCall AnthropicProvider::relayNative(const ChatCall &call, const std::shared_ptr<ChatCallbacks> &cb)
{
    QJsonObject body = call.native->body;
    body.insert(QLatin1String("model"), call.model);
    const bool stream = body.value(QLatin1String("stream")).toBool();
    struct Relay
    {
        int delivered = 0;
        bool stopped = false;
        QJsonObject startUsage;
    };
    auto relay = std::make_shared<Relay>();
    ExchangeHandlers h;
    h.onEvent = [this, cb, relay](const SseEvent &e) {
        // Only the events that carry usage or an error are parsed; the rest go out untouched.
        QByteArray type = e.event;
        const bool parse
            = type.isEmpty() || type == "message_start" || type == "message_delta" || type == "error";
        const QJsonObject data = parse ? eventData(e) : QJsonObject();
        if (type.isEmpty())
            type = eventType(e, data);
        if (type == "error") {
            cb->onError(mapError(0, data.value(QLatin1String("error")).toObject(), {}), relay->delivered > 0);
            return false;
        }
        if (type == "message_start")
            relay->startUsage
                = data.value(QLatin1String("message")).toObject().value(QLatin1String("usage")).toObject();
        if (type == "message_delta") {
            QJsonObject merged = relay->startUsage;
            const QJsonObject delta = data.value(QLatin1String("usage")).toObject();
            for (auto it = delta.constBegin(); it != delta.constEnd(); ++it)
                merged.insert(it.key(), it.value());
            cb->onUsage(AnthropicMessages::usageFromAnthropic(merged));
        }
        if (type == "message_stop")
            relay->stopped = true;
        ++relay->delivered;
        cb->onNativeEvent(type, data, Sse::event(type, e.data));
        return true;
    };
    h.onBody = [this, cb](const QByteArray &full) {
        const QJsonObject message = QJsonDocument::fromJson(full).object();
        if (message.value(QLatin1String("type")).toString() != QLatin1String("message")) {
            cb->onError(badAnswer(QStringLiteral("upstream_bad_response"),
                            QStringLiteral("answered with a body that is not a message.")),
                false);
            return;
        }
        cb->onUsage(AnthropicMessages::usageFromAnthropic(message.value(QLatin1String("usage")).toObject()));
        cb->onNativeResponse(message);
    };
    h.onEnd = [this, cb, relay] {
        if (relay->stopped) {
            cb->onStreamEnd();
            return;
        }
        cb->onError(badAnswer(QStringLiteral("upstream_stream_incomplete"),
                        QStringLiteral("ended the stream before message_stop.")),
            relay->delivered > 0);
    };
    h.onError = [this, cb, relay](const GatewayError &error, bool transport) {
        cb->onError(transport ? brokeOff(error, relay->delivered) : error, relay->delivered > 0);
    };
    return exchange(messagesRequest(body, stream, call.native.get()), stream, std::move(h));
}

CancelCall AnthropicProvider::translate(const ChatCall &call, const std::shared_ptr<ChatCallbacks> &cb)
{
    GatewayError error;
    const auto body = AnthropicMessages::requestFromOpenAI(
        call.request->body, call.model, m_catalog.model(call.model).maxOutputTokens, &error);
    if (!body)
        return failSoon(error, [cb](const GatewayError &e) { cb->onError(e, false); });
    const bool stream = call.request->stream;
    auto reader = std::make_shared<AnthropicStreamReader>();
    auto delivered = std::make_shared<int>(0);
    ExchangeHandlers h;
    h.onEvent = [this, cb, reader, delivered](const SseEvent &e) {
        const QJsonObject data = eventData(e);
        const QByteArray type = eventType(e, data);
        if (type == "error") {
            cb->onError(mapError(0, data.value(QLatin1String("error")).toObject(), {}), *delivered > 0);
            return false;
        }
        if (data.isEmpty() && type != "ping") {
            cb->onError(badAnswer(QStringLiteral("upstream_bad_stream"),
                            QStringLiteral("sent an event that is not JSON.")),
                *delivered > 0);
            return false;
        }
        for (const QJsonObject &chunk : reader->feed(type, data)) {
            ++*delivered;
            cb->onChunk(chunk, {});
        }
        return true;
    };
    h.onBody = [this, cb](const QByteArray &full) {
        const QJsonObject message = QJsonDocument::fromJson(full).object();
        if (message.value(QLatin1String("type")).toString() != QLatin1String("message")) {
            cb->onError(badAnswer(QStringLiteral("upstream_bad_response"),
                            QStringLiteral("answered with a body that is not a message.")),
                false);
            return;
        }
        cb->onResponse(AnthropicMessages::responseToOpenAI(message));
    };
    h.onEnd = [this, cb, reader, delivered] {
        if (reader->finished()) {
            cb->onStreamEnd();
            return;
        }
        cb->onError(badAnswer(QStringLiteral("upstream_stream_incomplete"),
                        QStringLiteral("ended the stream before message_stop.")),
            *delivered > 0);
    };
    h.onError = [this, cb, delivered](const GatewayError &error, bool transport) {
        cb->onError(transport ? brokeOff(error, *delivered) : error, *delivered > 0);
    };
    return exchange(messagesRequest(*body, stream, nullptr), stream, std::move(h));
}

CancelCall AnthropicProvider::embeddings(const EmbeddingsCall &, std::function<void(const QJsonObject &)>,
    std::function<void(const GatewayError &)> onError)
{
    return failSoon(GatewayError::invalidRequest(
                        QStringLiteral("Provider '%1' is Anthropic's Messages API, which has no embeddings.")
                            .arg(m_config.id),
                        QStringLiteral("model"), QStringLiteral("embeddings_not_supported")),
        std::move(onError));
}
