// SPDX-License-Identifier: MIT
#include "providers/httpprovider.h"

#include "http/httprequest.h"
#include "routing/catalog.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <QPointer>
#include <QTimer>

HttpProvider::HttpProvider(
    ProviderConfig config, const Catalog &catalog, UpstreamClient *client, QObject *parent)
    : Provider(std::move(config), parent)
    , m_catalog(catalog)
    , m_client(client)
{
    QString preset = m_config.preset;
    // A provider with neither preset nor baseUrl is the service its type names (api.openai.com,
    // api.anthropic.com, Google AI Studio); Ollama finds its own root.
    if (preset.isEmpty() && m_config.baseUrl.isEmpty() && m_config.type != QLatin1String("ollama"))
        preset = m_config.type;
    if (const ProviderPreset *p = catalog.preset(preset)) {
        m_apiBase = p->baseUrl;
        m_presetModels = p->models;
        m_local = p->local;
        m_streamUsage = p->streamUsage;
    }
    if (!m_config.baseUrl.isEmpty())
        m_apiBase = m_config.baseUrl;
    setApiBase(m_apiBase);
    const QString host = QUrl(m_apiBase).host();
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

QStringList HttpProvider::models() const
{
    return m_config.models.isEmpty() ? m_presetModels : m_config.models;
}

bool HttpProvider::isLocal() const
{
    return m_local;
}

QJsonObject HttpProvider::health() const
{
    return m_health;
}

void HttpProvider::setApiBase(const QString &base)
{
    m_apiBase = base;
    while (m_apiBase.endsWith(u'/'))
        m_apiBase.chop(1);
    m_urls.clear();
}

void HttpProvider::recordOutcome(bool ok, const QString &message) const
{
    if (m_keyIsKeychainRef)
        return;
    if (ok && m_healthOk)
        return; // the common case, per request: nothing to rebuild
    m_healthOk = ok;
    m_health = ok ? QJsonObject {{QLatin1String("status"), QStringLiteral("ok")}}
                  : QJsonObject {{QLatin1String("status"), QStringLiteral("error")},
                      {QLatin1String("message"), message}};
}

UpstreamRequest HttpProvider::makeRequest(
    const QString &pathAndQuery, const QByteArray &body, bool stream) const
{
    UpstreamRequest r;
    r.method = "POST";
    auto url = m_urls.constFind(pathAndQuery); // parsing a QUrl costs more than the rest of this
    if (url == m_urls.constEnd())
        url = m_urls.insert(pathAndQuery, QUrl(m_apiBase + pathAndQuery));
    r.url = *url;
    r.body = body;
    r.connectTimeoutMs = m_config.connectTimeoutMs;
    r.firstByteTimeoutMs = m_config.timeoutMs;
    r.idleTimeoutMs = m_config.timeoutMs;
    const QList<QPair<QByteArray, QByteArray>> auth = authHeaders();
    r.headers.reserve(2 + auth.size() + m_config.headers.size());
    r.headers.emplaceBack("Content-Type", "application/json");
    r.headers.emplaceBack("Accept", stream ? "text/event-stream" : "application/json");
    r.headers.append(auth);
    for (auto it = m_config.headers.constBegin(); it != m_config.headers.constEnd(); ++it)
        r.headers.append({it.key().toUtf8(), it.value().toUtf8()});
    return r;
}

GatewayError HttpProvider::mapFailure(const UpstreamFailure &failure) const
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

int HttpProvider::retryAfterSeconds(const QByteArray &header)
{
    bool ok = false;
    const int seconds = header.trimmed().toInt(&ok);
    return ok ? seconds : -1;
}

GatewayError HttpProvider::refusal(const Refusal &r) const
{
    GatewayError e;
    e.message = r.status
        ? QStringLiteral("Provider '%1' answered HTTP %2: %3").arg(m_config.id).arg(r.status).arg(r.message)
        : QStringLiteral("Provider '%1' sent a stream error: %2").arg(m_config.id, r.message);
    e.type = QStringLiteral("api_error");
    if (r.keyRefused || r.status == 401 || r.status == 403) {
        e.status = 502;
        e.code = QStringLiteral("upstream_auth_failed");
        e.message = QStringLiteral(
            "Provider '%1' refused Switchyard's API key for it (HTTP %2); check its apiKey in "
            "the config. Upstream said: %3")
                        .arg(m_config.id)
                        .arg(r.status)
                        .arg(r.message);
    } else if (r.status == 429) {
        e.status = 429;
        e.type = QStringLiteral("rate_limit_error");
        e.code = QStringLiteral("upstream_rate_limited");
        e.retryAfterSeconds = r.retryAfterSeconds;
    } else if (r.overloaded) {
        e.status = r.status ? r.status : 529;
        e.code = QStringLiteral("upstream_overloaded");
        e.retryAfterSeconds = r.retryAfterSeconds;
    } else if (r.status >= 400 && r.status < 500) {
        e.status = r.status;
        e.type = r.type.isEmpty() ? QStringLiteral("invalid_request_error") : r.type;
        e.code = r.code.isEmpty() ? QStringLiteral("upstream_rejected") : r.code;
        e.param = r.param;
    } else if (r.status == 504) {
        e.status = 504;
        e.code = QStringLiteral("upstream_timeout");
    } else {
        e.status = 502;
        e.code = QStringLiteral("upstream_error");
    }
    return e;
}

GatewayError HttpProvider::brokeOff(const GatewayError &error, int delivered) const
{
    if (delivered <= 0)
        return error;
    GatewayError e = error;
    e.code = QStringLiteral("upstream_stream_interrupted");
    e.message = QStringLiteral("The stream from provider '%1' broke off after %2 events: %3")
                    .arg(m_config.id)
                    .arg(delivered)
                    .arg(error.message);
    return e;
}

void HttpProvider::reportChatError(
    ChatCallbacks &cb, const GatewayError &error, bool transport, int delivered) const
{
    cb.onError(transport ? brokeOff(error, delivered) : error, delivered > 0);
}

void HttpProvider::endChatStream(
    ChatCallbacks &cb, bool complete, int delivered, const QString &missing) const
{
    if (complete)
        cb.onStreamEnd();
    else
        cb.onError(badAnswer(QStringLiteral("upstream_stream_incomplete"),
                       QStringLiteral("ended the stream without %1.").arg(missing)),
            delivered > 0);
}

CancelCall HttpProvider::failSoon(
    const GatewayError &error, std::function<void(const GatewayError &)> onError)
{
    auto cancelled = std::make_shared<bool>(false);
    QTimer::singleShot(0, this, [cancelled, error, onError = std::move(onError)] {
        if (!*cancelled)
            onError(error);
    });
    return [cancelled] { *cancelled = true; };
}

GatewayError HttpProvider::badAnswer(const QString &code, const QString &what) const
{
    return GatewayError::upstream(502, code, QStringLiteral("Provider '%1' %2").arg(m_config.id, what));
}

namespace {

/// One exchange in flight.
struct ExchangeState
{
    SseParser parser;
    QByteArray errorBody; ///< non-2xx stream: the error document
    int status = 0;
    QByteArray retryAfter;
    bool ended = false;
};

} // namespace

CancelCall HttpProvider::exchange(const UpstreamRequest &request, bool stream, ExchangeHandlers handlers)
{
    QPointer<HttpProvider> self(this);
    auto state = std::make_shared<ExchangeState>();
    auto h = std::make_shared<ExchangeHandlers>(std::move(handlers));
    UpstreamHandlers up;
    up.onHead = [state](const UpstreamHead &head) {
        state->status = head.status;
        state->retryAfter = head.header("retry-after");
    };
    QPointer<UpstreamClient> client(m_client);
    auto id = std::make_shared<UpstreamClient::RequestId>(0);
    if (stream) {
        up.onData = [self, state, h, client, id](const QByteArray &data) {
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
                if (!h->onEvent(e)) {
                    state->ended = true;
                    // Not from inside the client's own callback: it would free this handler.
                    if (client)
                        QMetaObject::invokeMethod(
                            client, [client, id] { client->cancel(*id); }, Qt::QueuedConnection);
                    return;
                }
            }
        };
    }
    up.onComplete = [this, self, state, h, stream, client, id](const QByteArray &full) {
        if (!self || state->ended)
            return;
        if (state->status < 200 || state->status > 299) {
            state->ended = true;
            const GatewayError err
                = mapHttpError(state->status, stream ? state->errorBody : full, state->retryAfter);
            recordOutcome(state->status < 500 && state->status != 401 && state->status != 403, err.message);
            h->onError(err, false);
            return;
        }
        recordOutcome(true, {});
        if (!stream) {
            state->ended = true;
            h->onBody(full);
            return;
        }
        for (const SseEvent &e : state->parser.finish()) {
            if (state->ended || !h->onEvent(e)) {
                state->ended = true;
                return;
            }
        }
        state->ended = true;
        h->onEnd();
    };
    up.onFailure = [this, self, state, h](const UpstreamFailure &failure) {
        if (!self || state->ended)
            return;
        state->ended = true;
        const GatewayError err = mapFailure(failure);
        recordOutcome(false, err.message);
        h->onError(err, true);
    };
    *id = m_client->send(request, stream, std::move(up));
    return [client, id, state] {
        const bool wasEnded = state->ended;
        state->ended = true;
        if (client && !wasEnded)
            client->cancel(*id);
    };
}

UpstreamRequest HttpProvider::probeRequest() const
{
    UpstreamRequest request = makeRequest(QStringLiteral("/models"), {}, false);
    request.method = "GET";
    request.headers.removeIf(
        [](const QPair<QByteArray, QByteArray> &h) { return h.first == "Content-Type"; });
    request.firstByteTimeoutMs = qMin(m_config.timeoutMs, ProbeTimeoutMs);
    request.idleTimeoutMs = request.firstByteTimeoutMs;
    request.maxResponseBytes = 8 * 1024 * 1024;
    return request;
}

CancelCall HttpProvider::probe(std::function<void(const ProbeResult &)> done)
{
    const UpstreamRequest request = probeRequest();
    const qint64 started = HttpClock::nowNs();
    auto status = std::make_shared<int>(0);
    QPointer<HttpProvider> self(this);
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
            const QJsonObject doc = QJsonDocument::fromJson(body).object();
            for (const QJsonValue &m : doc.value(QLatin1String("data")).toArray()) {
                const QString id = m.toObject().value(QLatin1String("id")).toString();
                if (!id.isEmpty())
                    r.models << id;
            }
            for (const QJsonValue &m : doc.value(QLatin1String("models")).toArray()) {
                QString name = m.toObject().value(QLatin1String("name")).toString();
                if (name.startsWith(QLatin1String("models/")))
                    name.remove(0, 7);
                if (!name.isEmpty())
                    r.models << name;
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
