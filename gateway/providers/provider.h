// SPDX-License-Identifier: MIT
#pragma once

#include "engine/config.h"
#include "http/gatewayerror.h"
#include "protocol/chatrequest.h"
#include "protocol/openaiformat.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QObject>

#include <functional>
#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcProviders)

/**
 * @brief The wire protocols a client or a provider speaks (Responses: OpenAI's Responses API, which
 * clients speak; no provider is reached through it yet).
 */
enum class WireProtocol { OpenAI, Anthropic, Gemini, Responses };

/**
 * @brief The client's own request, for a provider that speaks the client's protocol: it is then
 * relayed as sent (model replaced), which keeps what translation cannot (thinking signatures,
 * cache_control, beta features).
 */
struct NativeRequest
{
    WireProtocol protocol = WireProtocol::OpenAI;
    QJsonObject body;
    QList<QPair<QByteArray, QByteArray>> headers; ///< protocol headers to pass on (anthropic-beta, ...)
};

/** @brief One chat call to a provider: the canonical request and the provider's model id. */
struct ChatCall
{
    std::shared_ptr<const ChatRequest> request;
    QString model; ///< the upstream model id to ask for
    QByteArray requestId;
    std::shared_ptr<const NativeRequest> native; ///< set when the client spoke another protocol than OpenAI
};

/**
 * @brief What a provider reports back; all called in the engine thread, never synchronously
 * from within Provider::chat().
 *
 * Responses and chunks are in canonical (OpenAI chat-completions) shape. `raw` is the upstream's
 * own serialisation of the chunk when it already is that shape (relayed unchanged when nothing is
 * added), else empty.
 */
struct ChatCallbacks
{
    std::function<void(const QJsonObject &chunk, const QByteArray &raw)> onChunk; ///< stream
    std::function<void(const QJsonObject &response)> onResponse; ///< not streamed
    /// Optional, just before onResponse: the upstream bytes the response was parsed from, so the
    /// ingress can relay them instead of re-serialising (RawJson checks the response is unchanged).
    std::function<void(const RawJson &source)> onResponseSource;
    std::function<void()> onStreamEnd; ///< the stream finished cleanly
    /// @p midStream: chunks were already delivered (the call cannot be retried elsewhere).
    std::function<void(const GatewayError &error, bool midStream)> onError;
    /// Native relay (the provider speaks the client's protocol): one event of the client's
    /// protocol, relayed as @p raw SSE bytes, and the whole answer when not streamed. Streams end
    /// with onStreamEnd / onError as above.
    std::function<void(const QByteArray &type, const QJsonObject &data, const QByteArray &raw)> onNativeEvent;
    std::function<void(const QJsonObject &body)> onNativeResponse;
    /// Usage known from a native relay (canonical paths carry it in chunks and responses).
    std::function<void(const Usage &usage)> onUsage;
};

struct EmbeddingsCall
{
    QJsonObject body; ///< OpenAI embeddings body
    QString model;
    QByteArray requestId;
};

/// Cancels a call in flight (client went away); no callback follows. Safe to call after the end.
using CancelCall = std::function<void()>;

/** @brief The answer to a health probe: a request that spends no tokens (GET /models). */
struct ProbeResult
{
    bool reachable = false; ///< an HTTP answer came back
    int status = 0;
    double latencyMs = 0;
    QStringList models; ///< what the service says it serves (model discovery)
    QString message; ///< what went wrong, in words (never a secret)
    /// Able to serve: it answered, accepted the key, and is neither failing nor rate-limiting.
    [[nodiscard]] bool healthy() const
    {
        return reachable && status != 401 && status != 403 && status != 429 && status < 500;
    }
};

/**
 * @brief An upstream LLM service (or the built-in mock) that serves a set of models.
 */
class Provider : public QObject
{
    Q_OBJECT
public:
    explicit Provider(ProviderConfig config, QObject *parent = nullptr);
    ~Provider() override;

    [[nodiscard]] const ProviderConfig &config() const { return m_config; }
    [[nodiscard]] QString id() const { return m_config.id; }
    [[nodiscard]] QString type() const { return m_config.type; }
    /// The model ids this provider serves (configured, preset or discovered).
    [[nodiscard]] virtual QStringList models() const = 0;
    /// Runs on this machine (mock, Ollama, LM Studio...): no data leaves it, no per-token price.
    [[nodiscard]] virtual bool isLocal() const { return false; }
    /// State for /health: {"status": "ok|unknown|error", "message"?}.
    [[nodiscard]] virtual QJsonObject health() const;

    virtual CancelCall chat(const ChatCall &call, ChatCallbacks callbacks) = 0;
    virtual CancelCall embeddings(const EmbeddingsCall &call,
        std::function<void(const QJsonObject &)> onResult, std::function<void(const GatewayError &)> onError)
        = 0;

    /// The protocol this provider speaks natively.
    [[nodiscard]] virtual WireProtocol protocol() const { return WireProtocol::OpenAI; }
    /// Starts background work (model discovery); called once the engine runs.
    virtual void start() { }

    /// Asks the service whether it is up (and what it serves) without spending tokens; @p done
    /// runs later in the engine thread. The default answers healthy with models().
    virtual CancelCall probe(std::function<void(const ProbeResult &)> done);

    /// Calls in flight, counted by the execute stage: a provider replaced by a new configuration
    /// is deleted only once it has none (idle()).
    void callStarted() { ++m_activeCalls; }
    void callFinished();
    [[nodiscard]] int activeCalls() const { return m_activeCalls; }

Q_SIGNALS:
    void modelsChanged();
    /// The last call in flight finished.
    void idle();

protected:
    ProviderConfig m_config;

private:
    int m_activeCalls = 0;
};
