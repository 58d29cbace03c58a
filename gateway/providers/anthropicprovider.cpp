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

UpstreamRequest AnthropicProvider::probeRequest() const
{
    UpstreamRequest r = HttpProvider::probeRequest();
    if (!m_apiBase.endsWith(QLatin1String("/v1")))
        r.url = QUrl(m_apiBase + QStringLiteral("/v1/models"));
    bool versioned = false;
    for (const auto &h : std::as_const(r.headers))
        versioned |= h.first.compare("anthropic-version", Qt::CaseInsensitive) == 0;
    if (!versioned)
        r.headers.append({"anthropic-version", QByteArray(AnthropicMessages::kDefaultVersion)});
    return r;
}

UpstreamRequest AnthropicProvider::messagesRequest(
    const QJsonObject &body, bool stream, const NativeRequest *native) const
{
    // baseUrl may be the host (as the official SDKs take it) or end in /v1.
    const QString path = m_apiBase.endsWith(QLatin1String("/v1")) ? QStringLiteral("/messages")
                                                                  : QStringLiteral("/v1/messages");
    UpstreamRequest r = makeRequest(path, QJsonDocument(body).toJson(QJsonDocument::Compact), stream);
    // anthropic-version: the client's, else the config's `headers`, else ours.
    QByteArray version;
    if (native) {
        for (const auto &h : native->headers) {
            if (h.first.compare("anthropic-version", Qt::CaseInsensitive) == 0)
                version = h.second;
            else
                r.headers.append(h); // anthropic-beta and the like, as the client sent them
        }
    }
    for (qsizetype i = 0; i < r.headers.size(); ++i) {
        if (r.headers.at(i).first.compare("anthropic-version", Qt::CaseInsensitive) != 0)
            continue;
        if (version.isEmpty())
            return r; // the config's stands
        r.headers.removeAt(i);
        break;
    }
    r.headers.append(
        {"anthropic-version", version.isEmpty() ? QByteArray(AnthropicMessages::kDefaultVersion) : version});
    return r;
}

GatewayError AnthropicProvider::mapError(
    int status, const QJsonObject &error, const QByteArray &retryAfter) const
{
    Refusal r;
    r.type = error.value(QLatin1String("type")).toString();
    r.status = status;
    if (r.type == QLatin1String("timeout_error"))
        r.status = 504;
    else if (r.type == QLatin1String("rate_limit_error"))
        r.status = 429;
    r.message = r.type.isEmpty()
        ? error.value(QLatin1String("message")).toString()
        : r.type + QStringLiteral(": ") + error.value(QLatin1String("message")).toString();
    r.code = r.type;
    r.type = QStringLiteral("invalid_request_error");
    r.keyRefused
        = r.code == QLatin1String("authentication_error") || r.code == QLatin1String("permission_error");
    r.overloaded = status == 529 || r.code == QLatin1String("overloaded_error");
    r.retryAfterSeconds = retryAfterSeconds(retryAfter);
    return refusal(r);
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
    // An Anthropic client's own request is relayed natively; everything else is translated.
    const bool native = call.native && call.native->protocol == WireProtocol::Anthropic;
    QJsonObject body;
    if (native) {
        body = AnthropicMessages::withSystemMessagesFolded(call.native->body);
        body.insert(QLatin1String("model"), call.model);
    } else {
        GatewayError error;
        auto translated = AnthropicMessages::requestFromOpenAI(
            call.request->body, call.model, m_catalog.model(call.model).maxOutputTokens, &error);
        if (!translated)
            return failSoon(error, [cb](const GatewayError &e) { cb->onError(e, false); });
        body = std::move(*translated);
    }
    const bool stream = body.value(QLatin1String("stream")).toBool();
    struct Stream
    {
        int delivered = 0;
        bool stopped = false;
        QJsonObject startUsage; ///< native: message_start's usage, merged with message_delta's
        AnthropicStreamReader reader; ///< translated
    };
    auto s = std::make_shared<Stream>();
    ExchangeHandlers h;
    h.onEvent = [this, cb, s, native](const SseEvent &e) {
        // Relayed events are parsed only when they carry usage or an error; the rest go out untouched.
        QByteArray type = e.event;
        const bool parse = !native || type.isEmpty() || type == "message_start" || type == "message_delta"
            || type == "error";
        const QJsonObject data = parse ? eventData(e) : QJsonObject();
        if (type.isEmpty())
            type = eventType(e, data);
        if (type == "error") {
            cb->onError(mapError(0, data.value(QLatin1String("error")).toObject(), {}), s->delivered > 0);
            return false;
        }
        if (parse && data.isEmpty() && type != "ping") {
            cb->onError(badAnswer(QStringLiteral("upstream_bad_stream"),
                            QStringLiteral("sent an event that is not JSON.")),
                s->delivered > 0);
            return false;
        }
        if (type == "message_stop")
            s->stopped = true;
        if (!native) {
            for (const QJsonObject &chunk : s->reader.feed(type, data)) {
                ++s->delivered;
                cb->onChunk(chunk, {});
            }
            return true;
        }
        if (type == "message_start")
            s->startUsage
                = data.value(QLatin1String("message")).toObject().value(QLatin1String("usage")).toObject();
        if (type == "message_delta") {
            const QJsonObject delta = data.value(QLatin1String("usage")).toObject();
            for (auto it = delta.constBegin(); it != delta.constEnd(); ++it)
                s->startUsage.insert(it.key(), it.value());
            cb->onUsage(AnthropicMessages::usageFromAnthropic(s->startUsage));
        }
        ++s->delivered;
        cb->onNativeEvent(type, data, Sse::event(type, e.data));
        return true;
    };
    h.onBody = [this, cb, native](const QByteArray &full) {
        const QJsonObject message = QJsonDocument::fromJson(full).object();
        if (message.value(QLatin1String("type")).toString() != QLatin1String("message")) {
            cb->onError(badAnswer(QStringLiteral("upstream_bad_response"),
                            QStringLiteral("answered with a body that is not a message.")),
                false);
        } else if (native) {
            cb->onUsage(
                AnthropicMessages::usageFromAnthropic(message.value(QLatin1String("usage")).toObject()));
            cb->onNativeResponse(message);
        } else {
            cb->onResponse(AnthropicMessages::responseToOpenAI(message));
        }
    };
    h.onEnd = [this, cb, s] { endChatStream(*cb, s->stopped, s->delivered, QStringLiteral("message_stop")); };
    h.onError = [this, cb, s](const GatewayError &error, bool transport) {
        reportChatError(*cb, error, transport, s->delivered);
    };
    return exchange(
        messagesRequest(body, stream, native ? call.native.get() : nullptr), stream, std::move(h));
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
