// SPDX-License-Identifier: MIT
#pragma once

#include "protocol/sseparser.h"
#include "providers/provider.h"
#include "providers/upstreamclient.h"

#include <QHash>
#include <QUrl>

class Catalog;

/**
 * @brief A provider reached over HTTP through the UpstreamClient: what every wire format shares.
 *
 * Holds the API base (preset or `baseUrl`), the preset's models, the health state, and runs one
 * exchange at a time for its subclasses: a whole JSON body, or an SSE stream parsed event by event
 * as it arrives. HTTP errors are mapped by the subclass (each API has its own error document);
 * transport failures are mapped here.
 */
class HttpProvider : public Provider
{
    Q_OBJECT
public:
    HttpProvider(
        ProviderConfig config, const Catalog &catalog, UpstreamClient *client, QObject *parent = nullptr);

    [[nodiscard]] QStringList models() const override;
    [[nodiscard]] bool isLocal() const override;
    [[nodiscard]] QJsonObject health() const override;

    /// The API root requests go to (".../v1").
    [[nodiscard]] QString apiBase() const { return m_apiBase; }
    /// Maps an upstream failure (status + body) to a gateway error naming this provider.
    [[nodiscard]] virtual GatewayError mapHttpError(
        int status, const QByteArray &body, const QByteArray &retryAfter) const = 0;
    [[nodiscard]] GatewayError mapFailure(const UpstreamFailure &failure) const;
    /// GET the API's model list: reachability, the key's acceptance and the served model ids,
    /// without spending tokens (OpenAI-compatible `data[].id`, Gemini `models[].name`).
    CancelCall probe(std::function<void(const ProbeResult &)> done) override;

    static constexpr int ProbeTimeoutMs = 10000;

protected:
    /// An upstream's refusal, as its own error document said it.
    struct Refusal
    {
        int status = 0; ///< HTTP status; 0: an error event inside a stream
        QString message;
        QString type; ///< the upstream's error type, for 4xx answers
        QString code; ///< the upstream's code, for 4xx answers
        QString param;
        int retryAfterSeconds = -1;
        bool keyRefused = false; ///< the upstream said so without a 401/403 (Google's API_KEY_INVALID)
        bool overloaded = false; ///< Anthropic's overloaded_error (529), Google's UNAVAILABLE (503)
    };
    /// The gateway error for a refusal: our key refused is 502 `upstream_auth_failed` (never the
    /// client's fault), 429 keeps Retry-After, an overloaded upstream keeps its status (retryable),
    /// other 4xx keep theirs and the upstream's words, 504 is a timeout, other 5xx are 502.
    [[nodiscard]] GatewayError refusal(const Refusal &r) const;
    /// Retry-After as seconds, -1 when absent or not a number.
    static int retryAfterSeconds(const QByteArray &header);

    /// What one exchange reports; exactly one of onBody / onEnd / onError ends it.
    struct ExchangeHandlers
    {
        /// Streaming, 2xx: one SSE event; return false to stop reading (the call is then over).
        std::function<bool(const SseEvent &)> onEvent;
        /// Not streaming, 2xx: the whole body.
        std::function<void(const QByteArray &body)> onBody;
        /// Streaming, 2xx: the body ended.
        std::function<void()> onEnd;
        /// An HTTP error (mapped by mapHttpError) or a transport failure (@p transport true).
        std::function<void(const GatewayError &error, bool transport)> onError;
    };

    /// The headers that authenticate us to the upstream (our key, never the client's).
    [[nodiscard]] virtual QList<QPair<QByteArray, QByteArray>> authHeaders() const = 0;

    UpstreamRequest makeRequest(const QString &pathAndQuery, const QByteArray &body, bool stream) const;
    /// The health probe's request: GET {apiBase}/models with our key.
    [[nodiscard]] virtual UpstreamRequest probeRequest() const;
    /// Runs @p request; the returned canceller stops it (no handler is called afterwards).
    CancelCall exchange(const UpstreamRequest &request, bool stream, ExchangeHandlers handlers);
    void recordOutcome(bool ok, const QString &message) const;
    void setApiBase(const QString &base);

    /// Reports @p error on the next event-loop turn (providers never call back from within chat()).
    CancelCall failSoon(const GatewayError &error, std::function<void(const GatewayError &)> onError);
    /// The error for a stream that broke off after @p delivered events (a transport failure).
    [[nodiscard]] GatewayError brokeOff(const GatewayError &error, int delivered) const;
    /// Reports an exchange's failure to a chat call that has delivered @p delivered events.
    void reportChatError(ChatCallbacks &cb, const GatewayError &error, bool transport, int delivered) const;
    /// The end of a chat stream: clean when @p complete, else a failure naming the @p missing end.
    void endChatStream(ChatCallbacks &cb, bool complete, int delivered, const QString &missing) const;
    /// A 502 for an upstream body or event that is not what the API documents.
    [[nodiscard]] GatewayError badAnswer(const QString &code, const QString &what) const;
    /// The key is a `keychain:` reference (not readable yet): nothing is sent with it.
    [[nodiscard]] bool hasUsableKey() const { return !m_config.apiKey.isEmpty() && !m_keyIsKeychainRef; }

    const Catalog &m_catalog;
    UpstreamClient *m_client;
    QString m_apiBase;
    QStringList m_presetModels;
    bool m_local = false;
    bool m_streamUsage = true;
    bool m_keyIsKeychainRef = false;
    mutable QJsonObject m_health;
    mutable bool m_healthOk = false; ///< m_health says ok
    mutable QHash<QString, QUrl> m_urls; ///< endpoint path (and query) -> full upstream URL
};
