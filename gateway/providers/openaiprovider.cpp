// SPDX-License-Identifier: MIT
#include "providers/openaiprovider.h"

#include "http/httprequest.h"
#include "protocol/openaiformat.h"
#include "protocol/sseparser.h"
#include "routing/catalog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

Q_LOGGING_CATEGORY(lcProviders, "switchyard.providers", QtInfoMsg)

OpenAIProvider::OpenAIProvider(
    ProviderConfig config, const Catalog &catalog, UpstreamClient *client, QObject *parent)
    : Provider(std::move(config), parent)
    , m_client(client)
{
    QString preset = m_config.preset;
    if (preset.isEmpty() && m_config.type == QLatin1String("openai") && m_config.baseUrl.isEmpty())
        preset = QStringLiteral("openai");
    if (const ProviderPreset *p = catalog.preset(preset)) {
        m_apiBase = p->baseUrl;
        m_presetModels = p->models;
        m_local = p->local;
        m_streamUsage = p->streamUsage;
    }
    if (!m_config.baseUrl.isEmpty())
        m_apiBase = m_config.baseUrl;
    while (m_apiBase.endsWith(u'/'))
        m_apiBase.chop(1);
    const QUrl base(m_apiBase);
    const QString host = base.host();
    if (host == QLatin1String("localhost") || host.startsWith(QLatin1String("127."))
        || host == QLatin1String("::1"))
        m_local = true;
    m_keyIsKeychainRef = m_config.apiKey.startsWith(QLatin1String("keychain:"));
    m_health = {{QLatin1String("status"), QStringLiteral("unknown")}};
    if (m_keyIsKeychainRef)
        m_health = {{QLatin1String("status"), QStringLiteral("error")},
            {QLatin1String("message"),
                QStringLiteral("keychain secrets (%1) are not readable by this build yet; "
                               "use a literal or ${ENV} apiKey")
                    .arg(m_config.apiKey)}};
}

QStringList OpenAIProvider::models() const
{
    return m_config.models.isEmpty() ? m_presetModels : m_config.models;
}

bool OpenAIProvider::isLocal() const
{
    return m_local;
}

QJsonObject OpenAIProvider::health() const
{
    return m_health;
}

void OpenAIProvider::recordOutcome(bool ok, const QString &message) const
{
    if (m_keyIsKeychainRef)
        return;
    m_health = ok ? QJsonObject {{QLatin1String("status"), QStringLiteral("ok")}}
                  : QJsonObject {{QLatin1String("status"), QStringLiteral("error")},
                      {QLatin1String("message"), message}};
}

UpstreamRequest OpenAIProvider::makeRequest(const QString &path, const QByteArray &body, bool stream) const
{
    UpstreamRequest r;
    r.method = "POST";
    r.url = QUrl(m_apiBase + path);
    r.body = body;
    r.connectTimeoutMs = m_config.connectTimeoutMs;
    r.firstByteTimeoutMs = m_config.timeoutMs;
    r.idleTimeoutMs = m_config.timeoutMs;
    r.headers.reserve(4 + m_config.headers.size());
    r.headers.emplaceBack("Content-Type", "application/json");
    r.headers.emplaceBack("Accept", stream ? "text/event-stream" : "application/json");
    if (!m_config.apiKey.isEmpty() && !m_keyIsKeychainRef)
        r.headers.emplaceBack("Authorization", "Bearer " + m_config.apiKey.toUtf8());
    for (auto it = m_config.headers.constBegin(); it != m_config.headers.constEnd(); ++it)
        r.headers.append({it.key().toUtf8(), it.value().toUtf8()});
    return r;
}

GatewayError OpenAIProvider::mapHttpError(
    int status, const QByteArray &body, const QByteArray &retryAfter) const
{
    const QJsonObject doc = QJsonDocument::fromJson(body).object();
    const QJsonValue errorValue = doc.value(QLatin1String("error"));
    QString upstreamMessage = errorValue.isObject()
        ? errorValue.toObject().value(QLatin1String("message")).toString()
        : errorValue.toString();
    if (upstreamMessage.isEmpty())
        upstreamMessage = QString::fromUtf8(body.left(300)).simplified();
    const QString upstreamCode = errorValue.toObject().value(QLatin1String("code")).toVariant().toString();
    GatewayError e;
    e.message = QStringLiteral("Provider '%1' answered HTTP %2: %3")
                    .arg(m_config.id)
                    .arg(status)
                    .arg(upstreamMessage);
    if (status == 401 || status == 403) {
        e.status = 502;
        e.type = QStringLiteral("api_error");
        e.code = QStringLiteral("upstream_auth_failed");
        e.message = QStringLiteral(
            "Provider '%1' refused Switchyard's API key for it (HTTP %2); check its apiKey in "
            "the config. Upstream said: %3")
                        .arg(m_config.id)
                        .arg(status)
                        .arg(upstreamMessage);
    } else if (status == 429) {
        e.status = 429;
        e.type = QStringLiteral("rate_limit_error");
        e.code = QStringLiteral("upstream_rate_limited");
        bool ok = false;
        const int seconds = retryAfter.trimmed().toInt(&ok);
        if (ok)
            e.retryAfterSeconds = seconds;
    } else if (status >= 400 && status < 500) {
        e.status = status;
        e.type = errorValue.toObject()
                     .value(QLatin1String("type"))
                     .toString(QStringLiteral("invalid_request_error"));
        e.code = upstreamCode.isEmpty() ? QStringLiteral("upstream_rejected") : upstreamCode;
        e.param = errorValue.toObject().value(QLatin1String("param")).toString();
    } else {
        e.status = 502;
        e.type = QStringLiteral("api_error");
        e.code = QStringLiteral("upstream_error");
    }
    return e;
}

GatewayError OpenAIProvider::mapFailure(const UpstreamFailure &failure) const
{
    const QString where = QStringLiteral("provider '%1'").arg(m_config.id);
    switch (failure.kind) {
    case UpstreamFailure::ConnectTimeout:
    case UpstreamFailure::FirstByteTimeout:
    case UpstreamFailure::IdleTimeout:
        return GatewayError::upstream(504, QStringLiteral("upstream_timeout"),
            QStringLiteral("Timed out waiting for %1: %2").arg(where, failure.message));
    case UpstreamFailure::ConnectFailed:
        return GatewayError::upstream(502, QStringLiteral("upstream_unreachable"),
            QStringLiteral("Cannot reach %1: %2").arg(where, failure.message));
    default:
        return GatewayError::upstream(502, QStringLiteral("upstream_error"),
            QStringLiteral("Bad answer from %1: %2").arg(where, failure.message));
    }
}

namespace {

/// Relays one streamed call: SSE in, canonical chunks out.
struct StreamState
{
    SseParser parser;
    QByteArray errorBody; ///< non-2xx: the error document
    int status = 0;
    QByteArray retryAfter;
    bool sawDone = false;
    bool sawFinish = false;
    int chunks = 0;
    bool ended = false;
};

} // namespace

CancelCall OpenAIProvider::chat(const ChatCall &call, ChatCallbacks callbacks)
{
    QJsonObject body = call.request->body;
    body.insert(QLatin1String("model"), call.model);
    const bool stream = call.request->stream;
    if (stream && m_streamUsage) {
        QJsonObject options = body.value(QLatin1String("stream_options")).toObject();
        options.insert(QLatin1String("include_usage"), true);
        body.insert(QLatin1String("stream_options"), options);
    }
    const UpstreamRequest request = makeRequest(
        QStringLiteral("/chat/completions"), QJsonDocument(body).toJson(QJsonDocument::Compact), stream);
    QPointer<OpenAIProvider> self(this);
    UpstreamHandlers h;
    auto state = std::make_shared<StreamState>();
    auto cb = std::make_shared<ChatCallbacks>(std::move(callbacks));
    h.onHead = [state](const UpstreamHead &head) {
        state->status = head.status;
        state->retryAfter = head.header("retry-after");
    };
    if (stream) {
        h.onData = [this, self, state, cb](const QByteArray &data) {
            if (!self || state->ended)
                return;
            if (state->status < 200 || state->status > 299) {
                state->errorBody.append(data.left(64 * 1024 - state->errorBody.size()));
                return;
            }
            const QList<SseEvent> events = state->parser.feed(data);
            for (const SseEvent &e : events) {
                if (state->ended)
                    return;
                if (e.data == "[DONE]") {
                    state->sawDone = true;
                    continue;
                }
                QJsonParseError pe;
                const QJsonDocument doc = QJsonDocument::fromJson(e.data, &pe);
                if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
                    state->ended = true;
                    cb->onError(
                        GatewayError::upstream(502, QStringLiteral("upstream_bad_stream"),
                            QStringLiteral("Provider '%1' sent an event that is not JSON.").arg(m_config.id)),
                        state->chunks > 0);
                    return;
                }
                const QJsonObject chunk = doc.object();
                if (chunk.contains(QLatin1String("error"))) {
                    state->ended = true;
                    GatewayError err = mapHttpError(502, e.data, {});
                    err.code = QStringLiteral("upstream_stream_error");
                    cb->onError(err, state->chunks > 0);
                    return;
                }
                if (OpenAIFormat::hasFinishReason(chunk))
                    state->sawFinish = true;
                ++state->chunks;
                cb->onChunk(chunk, e.data);
            }
        };
    }
    h.onComplete = [this, self, state, cb, stream](const QByteArray &full) {
        if (!self || state->ended)
            return;
        state->ended = true;
        if (state->status < 200 || state->status > 299) {
            const GatewayError err
                = mapHttpError(state->status, stream ? state->errorBody : full, state->retryAfter);
            recordOutcome(state->status < 500 && state->status != 401 && state->status != 403, err.message);
            cb->onError(err, false);
            return;
        }
        recordOutcome(true, {});
        if (!stream) {
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(full, &pe);
            if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
                cb->onError(GatewayError::upstream(502, QStringLiteral("upstream_bad_response"),
                                QStringLiteral("Provider '%1' answered with a body that is not a JSON "
                                               "object.")
                                    .arg(m_config.id)),
                    false);
                return;
            }
            cb->onResponse(doc.object());
            return;
        }
        for (const SseEvent &e : state->parser.finish()) {
            if (e.data == "[DONE]")
                state->sawDone = true;
        }
        if (state->sawDone || state->sawFinish) {
            cb->onStreamEnd();
            return;
        }
        cb->onError(GatewayError::upstream(502, QStringLiteral("upstream_stream_incomplete"),
                        QStringLiteral("Provider '%1' ended the stream without finishing the answer.")
                            .arg(m_config.id)),
            state->chunks > 0);
    };
    h.onFailure = [this, self, state, cb](const UpstreamFailure &failure) {
        if (!self || state->ended)
            return;
        state->ended = true;
        const GatewayError err = mapFailure(failure);
        recordOutcome(false, err.message);
        GatewayError reported = err;
        if (state->chunks > 0) {
            reported.code = QStringLiteral("upstream_stream_interrupted");
            reported.message = QStringLiteral("The stream from provider '%1' broke off after %2 chunks: %3")
                                   .arg(m_config.id)
                                   .arg(state->chunks)
                                   .arg(failure.message);
        }
        cb->onError(reported, state->chunks > 0);
    };
    const UpstreamClient::RequestId id = m_client->send(request, stream, std::move(h));
    QPointer<UpstreamClient> client(m_client);
    return [client, id, state] {
        state->ended = true;
        if (client)
            client->cancel(id);
    };
}

CancelCall OpenAIProvider::embeddings(const EmbeddingsCall &call,
    std::function<void(const QJsonObject &)> onResult, std::function<void(const GatewayError &)> onError)
{
    QJsonObject body = call.body;
    body.insert(QLatin1String("model"), call.model);
    const UpstreamRequest request = makeRequest(
        QStringLiteral("/embeddings"), QJsonDocument(body).toJson(QJsonDocument::Compact), false);
    auto status = std::make_shared<int>(0);
    auto retryAfter = std::make_shared<QByteArray>();
    QPointer<OpenAIProvider> self(this);
    UpstreamHandlers h;
    h.onHead = [status, retryAfter](const UpstreamHead &head) {
        *status = head.status;
        *retryAfter = head.header("retry-after");
    };
    h.onComplete = [this, self, status, retryAfter, onResult, onError](const QByteArray &full) {
        if (!self)
            return;
        if (*status < 200 || *status > 299) {
            onError(mapHttpError(*status, full, *retryAfter));
            return;
        }
        const QJsonDocument doc = QJsonDocument::fromJson(full);
        if (!doc.isObject()) {
            onError(GatewayError::upstream(502, QStringLiteral("upstream_bad_response"),
                QStringLiteral("Provider '%1' answered with a body that is not JSON.").arg(m_config.id)));
            return;
        }
        onResult(doc.object());
    };
    h.onFailure = [this, self, onError](const UpstreamFailure &failure) {
        if (self)
            onError(mapFailure(failure));
    };
    const UpstreamClient::RequestId id = m_client->send(request, false, std::move(h));
    QPointer<UpstreamClient> client(m_client);
    return [client, id] {
        if (client)
            client->cancel(id);
    };
}

CancelCall OpenAIProvider::probe(std::function<void(const ProbeResult &)> done)
{
    UpstreamRequest request = makeRequest(QStringLiteral("/models"), {}, false);
    request.method = "GET";
    request.headers.removeIf(
        [](const QPair<QByteArray, QByteArray> &h) { return h.first == "Content-Type"; });
    request.firstByteTimeoutMs = qMin(m_config.timeoutMs, ProbeTimeoutMs);
    request.idleTimeoutMs = request.firstByteTimeoutMs;
    request.maxResponseBytes = 8 * 1024 * 1024;
    const qint64 started = HttpClock::nowNs();
    auto status = std::make_shared<int>(0);
    QPointer<OpenAIProvider> self(this);
    UpstreamHandlers h;
    h.onHead = [status](const UpstreamHead &head) { *status = head.status; };
    h.onComplete = [this, self, status, started, done](const QByteArray &body) {
        if (!self)
            return;
        ProbeResult r;
        r.reachable = true;
        r.status = *status;
        r.latencyMs = HttpClock::msSince(started);
        if (*status >= 200 && *status < 300) {
            for (const QJsonValue &m :
                QJsonDocument::fromJson(body).object().value(QLatin1String("data")).toArray()) {
                const QString id = m.toObject().value(QLatin1String("id")).toString();
                if (!id.isEmpty())
                    r.models << id;
            }
        } else {
            r.message = mapHttpError(*status, body, {}).message;
        }
        done(r);
    };
    h.onFailure = [this, self, started, done](const UpstreamFailure &failure) {
        if (!self)
            return;
        ProbeResult r;
        r.latencyMs = HttpClock::msSince(started);
        r.message = mapFailure(failure).message;
        done(r);
    };
    const UpstreamClient::RequestId id = m_client->send(request, false, std::move(h));
    QPointer<UpstreamClient> client(m_client);
    return [client, id] {
        if (client)
            client->cancel(id);
    };
}
