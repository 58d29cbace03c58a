// SPDX-License-Identifier: MIT
#include "providers/geminiprovider.h"

#include "protocol/geminicontent.h"
#include "protocol/geministreamreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtMath>

GeminiProvider::GeminiProvider(
    ProviderConfig config, const Catalog &catalog, UpstreamClient *client, QObject *parent)
    : HttpProvider(std::move(config), catalog, client, parent)
{ }

QList<QPair<QByteArray, QByteArray>> GeminiProvider::authHeaders() const
{
    if (!hasUsableKey())
        return {};
    return {{"x-goog-api-key", m_config.apiKey.toUtf8()}};
}

QString GeminiProvider::methodPath(const QString &model, const QString &method) const
{
    const QString name
        = model.startsWith(QLatin1String("models/")) ? model : QStringLiteral("models/") + model;
    QString path = QStringLiteral("/") + name + u':' + method;
    if (method == QLatin1String("streamGenerateContent"))
        path += QStringLiteral("?alt=sse");
    return path;
}

GatewayError GeminiProvider::mapError(
    int status, const QJsonObject &error, const QByteArray &retryAfter) const
{
    if (status == 0)
        status = error.value(QLatin1String("code")).toInt(500);
    const QString rpcStatus = error.value(QLatin1String("status")).toString();
    const QString upstream = error.value(QLatin1String("message")).toString();
    QString reason;
    int retrySeconds = -1;
    for (const QJsonValue &d : error.value(QLatin1String("details")).toArray()) {
        const QJsonObject detail = d.toObject();
        if (detail.contains(QLatin1String("reason")))
            reason = detail.value(QLatin1String("reason")).toString();
        const QString delay = detail.value(QLatin1String("retryDelay")).toString(); // RetryInfo: "37s"
        if (delay.endsWith(u's'))
            retrySeconds = qCeil(delay.chopped(1).toDouble());
    }
    bool ok = false;
    const int headerSeconds = retryAfter.trimmed().toInt(&ok);
    if (ok)
        retrySeconds = headerSeconds;
    GatewayError e;
    e.message = QStringLiteral("Provider '%1' answered HTTP %2 (%3): %4")
                    .arg(m_config.id)
                    .arg(status)
                    .arg(rpcStatus, upstream);
    // An invalid key is a 400 INVALID_ARGUMENT with reason API_KEY_INVALID at Google.
    if (status == 401 || status == 403 || reason == QLatin1String("API_KEY_INVALID")) {
        e.status = 502;
        e.type = QStringLiteral("api_error");
        e.code = QStringLiteral("upstream_auth_failed");
        e.message
            = QStringLiteral("Provider '%1' refused Switchyard's API key for it (HTTP %2); check its apiKey "
                             "in the config. Upstream said: %3")
                  .arg(m_config.id)
                  .arg(status)
                  .arg(upstream);
    } else if (status == 429) {
        e.status = 429;
        e.type = QStringLiteral("rate_limit_error");
        e.code = QStringLiteral("upstream_rate_limited");
        e.retryAfterSeconds = retrySeconds;
    } else if (status >= 400 && status < 500) {
        e.status = status;
        e.type = QStringLiteral("invalid_request_error");
        e.code = rpcStatus.isEmpty() ? QStringLiteral("upstream_rejected") : rpcStatus.toLower();
    } else if (status == 503) {
        e.status = 503; // UNAVAILABLE: "The model is overloaded"
        e.type = QStringLiteral("api_error");
        e.code = QStringLiteral("upstream_overloaded");
        e.retryAfterSeconds = retrySeconds;
    } else if (status == 504) {
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

GatewayError GeminiProvider::mapHttpError(
    int status, const QByteArray &body, const QByteArray &retryAfter) const
{
    // Google answers {"error": {...}}, and some front ends a list of them.
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    QJsonObject error = (doc.isArray() ? doc.array().first().toObject() : doc.object())
                            .value(QLatin1String("error"))
                            .toObject();
    if (error.isEmpty())
        error = {{QLatin1String("message"), QString::fromUtf8(body.left(300)).simplified()}};
    return mapError(status, error, retryAfter);
}

CancelCall GeminiProvider::chat(const ChatCall &call, ChatCallbacks callbacks)
{
    auto cb = std::make_shared<ChatCallbacks>(std::move(callbacks));
    const bool native = call.native && call.native->protocol == WireProtocol::Gemini;
    const bool stream = call.request->stream;
    QJsonObject body;
    if (native) {
        body = call.native->body;
    } else {
        GatewayError error;
        auto translated = GeminiContent::requestFromOpenAI(call.request->body, call.model, &error);
        if (!translated)
            return failSoon(error, [cb](const GatewayError &e) { cb->onError(e, false); });
        body = std::move(*translated);
    }
    const UpstreamRequest request = makeRequest(
        methodPath(
            call.model, stream ? QStringLiteral("streamGenerateContent") : QStringLiteral("generateContent")),
        QJsonDocument(body).toJson(QJsonDocument::Compact), stream);
    auto reader = std::make_shared<GeminiStreamReader>(call.model);
    auto delivered = std::make_shared<int>(0);
    ExchangeHandlers h;
    h.onEvent = [this, cb, reader, delivered, native](const SseEvent &e) {
        const QJsonDocument doc = QJsonDocument::fromJson(e.data);
        if (!doc.isObject()) {
            cb->onError(badAnswer(QStringLiteral("upstream_bad_stream"),
                            QStringLiteral("sent an event that is not JSON.")),
                *delivered > 0);
            return false;
        }
        const QJsonObject data = doc.object();
        if (data.contains(QLatin1String("error"))) {
            GatewayError err = mapError(0, data.value(QLatin1String("error")).toObject(), {});
            if (*delivered > 0)
                err.code = QStringLiteral("upstream_stream_error");
            cb->onError(err, *delivered > 0);
            return false;
        }
        if (native) {
            // The reader still runs: it knows when the answer is complete and what it cost.
            reader->feed(data);
            ++*delivered;
            cb->onUsage(reader->usage());
            cb->onNativeEvent({}, data, Sse::data(e.data));
            return true;
        }
        for (const QJsonObject &chunk : reader->feed(data)) {
            ++*delivered;
            cb->onChunk(chunk, {});
        }
        return true;
    };
    h.onBody = [this, cb, native, model = call.model](const QByteArray &full) {
        const QJsonDocument doc = QJsonDocument::fromJson(full);
        if (!doc.isObject()) {
            cb->onError(badAnswer(QStringLiteral("upstream_bad_response"),
                            QStringLiteral("answered with a body that is not a JSON object.")),
                false);
            return;
        }
        if (native) {
            cb->onUsage(GeminiContent::usageFromGemini(
                doc.object().value(QLatin1String("usageMetadata")).toObject()));
            cb->onNativeResponse(doc.object());
            return;
        }
        cb->onResponse(GeminiContent::responseToOpenAI(doc.object(), model));
    };
    h.onEnd = [this, cb, reader, delivered, native] {
        if (!reader->finished()) {
            cb->onError(badAnswer(QStringLiteral("upstream_stream_incomplete"),
                            QStringLiteral("ended the stream without a finishReason.")),
                *delivered > 0);
            return;
        }
        if (!native)
            cb->onChunk(reader->finish(), {});
        cb->onStreamEnd();
    };
    h.onError = [this, cb, delivered](const GatewayError &error, bool transport) {
        cb->onError(transport ? brokeOff(error, *delivered) : error, *delivered > 0);
    };
    return exchange(request, stream, std::move(h));
}

CancelCall GeminiProvider::embeddings(const EmbeddingsCall &call,
    std::function<void(const QJsonObject &)> onResult, std::function<void(const GatewayError &)> onError)
{
    const QJsonValue input = call.body.value(QLatin1String("input"));
    QStringList texts;
    if (input.isString())
        texts << input.toString();
    for (const QJsonValue &v : input.toArray()) {
        if (!v.isString())
            return failSoon(GatewayError::invalidRequest(
                                QStringLiteral("Gemini embeds text only: 'input' must be strings, "
                                               "not token ids."),
                                QStringLiteral("input"), QStringLiteral("invalid_value")),
                std::move(onError));
        texts << v.toString();
    }
    const QString model = call.model.startsWith(QLatin1String("models/"))
        ? call.model
        : QStringLiteral("models/") + call.model;
    QJsonArray requests;
    for (const QString &t : std::as_const(texts)) {
        QJsonObject r {{QLatin1String("model"), model},
            {QLatin1String("content"),
                QJsonObject {
                    {QLatin1String("parts"), QJsonArray {QJsonObject {{QLatin1String("text"), t}}}}}}};
        if (call.body.value(QLatin1String("dimensions")).isDouble())
            r.insert(QLatin1String("outputDimensionality"), call.body.value(QLatin1String("dimensions")));
        requests.append(r);
    }
    const UpstreamRequest request = makeRequest(methodPath(call.model, QStringLiteral("batchEmbedContents")),
        QJsonDocument(QJsonObject {{QLatin1String("requests"), requests}}).toJson(QJsonDocument::Compact),
        false);
    ExchangeHandlers h;
    h.onBody = [this, onResult, onError, model = call.model](const QByteArray &full) {
        const QJsonArray embeddings
            = QJsonDocument::fromJson(full).object().value(QLatin1String("embeddings")).toArray();
        if (embeddings.isEmpty()) {
            onError(badAnswer(
                QStringLiteral("upstream_bad_response"), QStringLiteral("answered without embeddings.")));
            return;
        }
        QJsonArray data;
        for (qsizetype i = 0; i < embeddings.size(); ++i)
            data.append(QJsonObject {{QLatin1String("object"), QStringLiteral("embedding")},
                {QLatin1String("index"), int(i)},
                {QLatin1String("embedding"), embeddings.at(i).toObject().value(QLatin1String("values"))}});
        onResult({{QLatin1String("object"), QStringLiteral("list")}, {QLatin1String("data"), data},
            {QLatin1String("model"), model}});
    };
    h.onError = [onError](const GatewayError &error, bool) { onError(error); };
    return exchange(request, false, std::move(h));
}
