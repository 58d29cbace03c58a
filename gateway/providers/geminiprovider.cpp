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
    Refusal r;
    r.status = status ? status : error.value(QLatin1String("code")).toInt(500);
    const QString rpcStatus = error.value(QLatin1String("status")).toString();
    r.message = rpcStatus + QStringLiteral(": ") + error.value(QLatin1String("message")).toString();
    r.code = rpcStatus.toLower();
    for (const QJsonValue &d : error.value(QLatin1String("details")).toArray()) {
        const QJsonObject detail = d.toObject();
        // An invalid key is a 400 INVALID_ARGUMENT with reason API_KEY_INVALID at Google.
        if (detail.value(QLatin1String("reason")).toString() == QLatin1String("API_KEY_INVALID"))
            r.keyRefused = true;
        const QString delay = detail.value(QLatin1String("retryDelay")).toString(); // RetryInfo: "37s"
        if (delay.endsWith(u's'))
            r.retryAfterSeconds = qCeil(delay.chopped(1).toDouble());
    }
    if (const int header = retryAfterSeconds(retryAfter); header >= 0)
        r.retryAfterSeconds = header;
    r.overloaded = r.status == 503; // UNAVAILABLE: "The model is overloaded"
    return refusal(r);
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
        if (reader->finished() && !native)
            cb->onChunk(reader->finish(), {});
        endChatStream(*cb, reader->finished(), *delivered, QStringLiteral("a finishReason"));
    };
    h.onError = [this, cb, delivered](const GatewayError &error, bool transport) {
        reportChatError(*cb, error, transport, *delivered);
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
