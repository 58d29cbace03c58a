// SPDX-License-Identifier: MIT
#include "providers/openaiprovider.h"

#include "protocol/jsonwriter.h"

#include "http/httprequest.h"
#include "protocol/openaiformat.h"
#include "protocol/sseparser.h"
#include "routing/catalog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

OpenAIProvider::OpenAIProvider(
    ProviderConfig config, const Catalog &catalog, UpstreamClient *client, QObject *parent)
    : HttpProvider(std::move(config), catalog, client, parent)
{ }

QList<QPair<QByteArray, QByteArray>> OpenAIProvider::authHeaders() const
{
    if (!hasUsableKey())
        return {};
    return {{"Authorization", "Bearer " + m_config.apiKey.toUtf8()}};
}

GatewayError OpenAIProvider::mapHttpError(
    int status, const QByteArray &body, const QByteArray &retryAfter) const
{
    const QJsonValue errorValue = QJsonDocument::fromJson(body).object().value(QLatin1String("error"));
    const QJsonObject error = errorValue.toObject();
    Refusal r;
    // Every 5xx is 502 here: OpenAI-compatible servers use them loosely.
    r.status = status >= 500 ? 502 : status;
    r.message
        = errorValue.isObject() ? error.value(QLatin1String("message")).toString() : errorValue.toString();
    if (r.message.isEmpty())
        r.message = QString::fromUtf8(body.left(300)).simplified();
    r.type = error.value(QLatin1String("type")).toString();
    r.code = error.value(QLatin1String("code")).toVariant().toString();
    r.param = error.value(QLatin1String("param")).toString();
    r.retryAfterSeconds = retryAfterSeconds(retryAfter);
    GatewayError e = refusal(r);
    if (status >= 500) // the message names what the upstream really said
        e.message = QStringLiteral("Provider '%1' answered HTTP %2: %3")
                        .arg(m_config.id)
                        .arg(status)
                        .arg(r.message);
    return e;
}

QJsonObject OpenAIProvider::upstreamBody(const ChatCall &call) const
{
    QJsonObject body = call.request->body;
    body.insert(QLatin1String("model"), call.model);
    if (call.request->stream && m_streamUsage) {
        QJsonObject options = body.value(QLatin1String("stream_options")).toObject();
        options.insert(QLatin1String("include_usage"), true);
        body.insert(QLatin1String("stream_options"), options);
    }
    if (call.native) {
        // Translated clients (Claude Code asks for 32000 tokens) must not fail on an OpenAI
        // model's smaller output limit; OpenAI's own API also wants max_completion_tokens.
        const qint64 limit = m_catalog.model(call.model).maxOutputTokens;
        const QJsonValue asked = body.value(QLatin1String("max_tokens"));
        if (limit > 0 && asked.toInteger() > limit)
            body.insert(QLatin1String("max_tokens"), limit);
        if (QUrl(m_apiBase).host() == QLatin1String("api.openai.com")
            && body.contains(QLatin1String("max_tokens")))
            body.insert(QLatin1String("max_completion_tokens"), body.take(QLatin1String("max_tokens")));
    }
    return body;
}

QByteArray OpenAIProvider::upstreamBytes(const ChatCall &call) const
{
    if (call.native) // a translated client: its body is rebuilt anyway
        return QJsonDocument(upstreamBody(call)).toJson(QJsonDocument::Compact);
    // What upstreamBody() changes, as members added to the client's own bytes (protocol/rawjson.h).
    const QJsonObject &body = call.request->body;
    QList<RawJson::Member> changes;
    if (body.value(QLatin1String("model")).toString() != call.model) {
        QByteArray model;
        JsonWriter::appendString(model, call.model);
        changes.append({QLatin1String("model"), model});
    }
    if (call.request->stream && m_streamUsage) {
        QJsonObject options = body.value(QLatin1String("stream_options")).toObject();
        if (options.value(QLatin1String("include_usage")) != QJsonValue(true)) {
            options.insert(QLatin1String("include_usage"), true);
            changes.append(
                {QLatin1String("stream_options"), QJsonDocument(options).toJson(QJsonDocument::Compact)});
        }
    }
    return call.request->source.serializeWith(body, changes);
}

CancelCall OpenAIProvider::chat(const ChatCall &call, ChatCallbacks callbacks)
{
    const bool stream = call.request->stream;
    const UpstreamRequest request
        = makeRequest(QStringLiteral("/chat/completions"), upstreamBytes(call), stream);
    auto cb = std::make_shared<ChatCallbacks>(std::move(callbacks));
    auto chunks = std::make_shared<int>(0);
    auto sawDone = std::make_shared<bool>(false);
    auto sawFinish = std::make_shared<bool>(false);
    ExchangeHandlers h;
    h.onEvent = [this, cb, chunks, sawDone, sawFinish](const SseEvent &e) {
        if (e.data == "[DONE]") {
            *sawDone = true;
            return true;
        }
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(e.data, &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
            cb->onError(badAnswer(QStringLiteral("upstream_bad_stream"),
                            QStringLiteral("sent an event that is not JSON.")),
                *chunks > 0);
            return false;
        }
        const QJsonObject chunk = doc.object();
        if (chunk.contains(QLatin1String("error"))) {
            GatewayError err = mapHttpError(502, e.data, {});
            err.code = QStringLiteral("upstream_stream_error");
            cb->onError(err, *chunks > 0);
            return false;
        }
        if (OpenAIFormat::hasFinishReason(chunk))
            *sawFinish = true;
        ++*chunks;
        cb->onChunk(chunk, e.data);
        return true;
    };
    h.onBody = [this, cb](const QByteArray &full) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(full, &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
            cb->onError(badAnswer(QStringLiteral("upstream_bad_response"),
                            QStringLiteral("answered with a body that is not a JSON object.")),
                false);
            return;
        }
        const QJsonObject response = doc.object();
        if (cb->onResponseSource)
            cb->onResponseSource(RawJson(full, response));
        cb->onResponse(response);
    };
    h.onEnd = [this, cb, chunks, sawDone, sawFinish] {
        endChatStream(*cb, *sawDone || *sawFinish, *chunks, QStringLiteral("finishing the answer"));
    };
    h.onError = [this, cb, chunks](const GatewayError &error, bool transport) {
        reportChatError(*cb, error, transport, *chunks);
    };
    return exchange(request, stream, std::move(h));
}

CancelCall OpenAIProvider::embeddings(const EmbeddingsCall &call,
    std::function<void(const QJsonObject &)> onResult, std::function<void(const GatewayError &)> onError)
{
    QJsonObject body = call.body;
    body.insert(QLatin1String("model"), call.model);
    const UpstreamRequest request = makeRequest(
        QStringLiteral("/embeddings"), QJsonDocument(body).toJson(QJsonDocument::Compact), false);
    ExchangeHandlers h;
    h.onBody = [this, onResult, onError](const QByteArray &full) {
        const QJsonDocument doc = QJsonDocument::fromJson(full);
        if (!doc.isObject()) {
            onError(badAnswer(QStringLiteral("upstream_bad_response"),
                QStringLiteral("answered with a body that is not JSON.")));
            return;
        }
        onResult(doc.object());
    };
    h.onError = [onError](const GatewayError &error, bool) { onError(error); };
    return exchange(request, false, std::move(h));
}
