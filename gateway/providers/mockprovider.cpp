// SPDX-License-Identifier: MIT
#include "providers/mockprovider.h"

#include "protocol/openaiformat.h"
#include "protocol/tokenestimate.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTimer>
#include <QtEndian>

#include <cmath>

namespace {

const QString kFast = QStringLiteral("mock-fast");
const QString kSmart = QStringLiteral("mock-smart");
const QString kEmbed = QStringLiteral("mock-embed");

/// Picks the tool to call: tool_choice's named function, else the first function tool.
QJsonObject chosenTool(const QJsonObject &body)
{
    const QJsonValue choice = body.value(QLatin1String("tool_choice"));
    QString wanted;
    if (choice.isObject())
        wanted = choice.toObject()
                     .value(QLatin1String("function"))
                     .toObject()
                     .value(QLatin1String("name"))
                     .toString();
    for (const QJsonValue &t : body.value(QLatin1String("tools")).toArray()) {
        const QJsonObject fn = t.toObject().value(QLatin1String("function")).toObject();
        if (fn.isEmpty())
            continue;
        if (wanted.isEmpty() || fn.value(QLatin1String("name")).toString() == wanted)
            return fn;
    }
    return {};
}

QJsonValue sampleValue(const QJsonObject &schema, const QString &name, const QString &prompt)
{
    const QJsonArray enumValues = schema.value(QLatin1String("enum")).toArray();
    if (!enumValues.isEmpty())
        return enumValues.first();
    const QString type = schema.value(QLatin1String("type")).toString();
    if (type == QLatin1String("integer") || type == QLatin1String("number"))
        return 1;
    if (type == QLatin1String("boolean"))
        return true;
    if (type == QLatin1String("array"))
        return QJsonArray {sampleValue(schema.value(QLatin1String("items")).toObject(), name, prompt)};
    if (type == QLatin1String("object")) {
        QJsonObject o;
        const QJsonObject props = schema.value(QLatin1String("properties")).toObject();
        for (const QJsonValue &r : schema.value(QLatin1String("required")).toArray())
            o.insert(r.toString(), sampleValue(props.value(r.toString()).toObject(), r.toString(), prompt));
        return o;
    }
    // Strings: the last word of the prompt is a fair guess for "city", "query", "path"...
    const QStringList words = prompt.split(u' ', Qt::SkipEmptyParts);
    QString guess = words.isEmpty() ? name : words.last();
    while (!guess.isEmpty() && !guess.back().isLetterOrNumber())
        guess.chop(1);
    return guess.isEmpty() ? name : guess;
}

QJsonObject toolArguments(const QJsonObject &function, const QString &prompt)
{
    const QJsonObject params = function.value(QLatin1String("parameters")).toObject();
    return sampleValue(
        params.isEmpty() ? QJsonObject {{QLatin1String("type"), QStringLiteral("object")}} : params,
        QStringLiteral("value"), prompt)
        .toObject();
}

QJsonObject lastMessage(const ChatRequest &r)
{
    return r.body.value(QLatin1String("messages")).toArray().last().toObject();
}

QString lastUserText(const ChatRequest &r)
{
    const QJsonArray messages = r.body.value(QLatin1String("messages")).toArray();
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const QJsonObject m = messages.at(i).toObject();
        if (m.value(QLatin1String("role")).toString() == QLatin1String("user"))
            return OpenAIFormat::textOf(m.value(QLatin1String("content")));
    }
    return {};
}

bool wantsToolCall(const ChatRequest &r)
{
    if (!r.hasTools)
        return false;
    const QJsonValue choice = r.body.value(QLatin1String("tool_choice"));
    if (choice.isString() && choice.toString() == QLatin1String("none"))
        return false;
    return lastMessage(r).value(QLatin1String("role")).toString() != QLatin1String("tool");
}

/// One streamed mock answer; deletes itself when done or cancelled.
class MockStream : public QObject
{
public:
    MockStream(const ChatCall &call, ChatCallbacks callbacks, int paceMs, int firstDelayMs, QObject *parent)
        : QObject(parent)
        , m_callbacks(std::move(callbacks))
        , m_model(call.model)
        , m_request(call.request)
        , m_pace(paceMs)
    {
        m_id = OpenAIFormat::newCompletionId();
        m_created = QDateTime::currentSecsSinceEpoch();
        if (wantsToolCall(*m_request)) {
            m_tool = chosenTool(m_request->body);
            m_toolArgs = QString::fromUtf8(QJsonDocument(toolArguments(m_tool, lastUserText(*m_request)))
                                               .toJson(QJsonDocument::Compact));
        } else {
            m_words = MockProvider::replyText(m_model, *m_request).split(u' ');
        }
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &MockStream::step);
        m_timer.start(firstDelayMs);
    }

    void cancel()
    {
        m_timer.stop();
        deleteLater();
    }

private:
    void emitChunk(const QJsonObject &chunk) { m_callbacks.onChunk(chunk, {}); }

    void step()
    {
        const QPointer<MockStream> self(this);
        if (!m_tool.isEmpty()) {
            // Two chunks: the call with its name, then its arguments, as OpenAI streams them.
            QJsonObject call {{QLatin1String("index"), 0},
                {QLatin1String("id"), OpenAIFormat::newToolCallId()},
                {QLatin1String("type"), QStringLiteral("function")},
                {QLatin1String("function"),
                    QJsonObject {{QLatin1String("name"), m_tool.value(QLatin1String("name"))},
                        {QLatin1String("arguments"), QString()}}}};
            emitChunk(chunk(QJsonObject {{QLatin1String("role"), QStringLiteral("assistant")},
                {QLatin1String("content"), QJsonValue::Null},
                {QLatin1String("tool_calls"), QJsonArray {call}}}));
            if (!self)
                return;
            emitChunk(chunk(QJsonObject {{QLatin1String("tool_calls"),
                QJsonArray {QJsonObject {{QLatin1String("index"), 0},
                    {QLatin1String("function"), QJsonObject {{QLatin1String("arguments"), m_toolArgs}}}}}}}));
            if (!self)
                return;
            m_completionText = m_toolArgs;
            finish(QStringLiteral("tool_calls"));
            return;
        }
        const qint64 limit = m_request->maxTokens;
        if (m_next == 0)
            emitChunk(chunk(QJsonObject {{QLatin1String("role"), QStringLiteral("assistant")},
                {QLatin1String("content"), QString()}}));
        if (!self)
            return;
        if (m_next < m_words.size() && (limit < 0 || m_emittedTokens < limit)) {
            const QString &word = m_words.at(m_next);
            const QString piece = m_next == 0 ? word : QStringLiteral(" ") + word;
            ++m_next;
            m_completionText += piece;
            m_emittedTokens += 1;
            emitChunk(chunk(QJsonObject {{QLatin1String("content"), piece}}));
            if (!self)
                return;
            if (m_next < m_words.size() && (limit < 0 || m_emittedTokens < limit)) {
                m_timer.start(m_pace);
                return;
            }
        }
        finish(m_next < m_words.size() ? QStringLiteral("length") : QStringLiteral("stop"));
    }

    QJsonObject chunk(const QJsonObject &delta, const QJsonValue &finish = QJsonValue::Null)
    {
        return OpenAIFormat::chunk(
            m_id, m_created, m_model, QJsonArray {OpenAIFormat::deltaChoice(delta, finish)});
    }

    void finish(const QString &reason)
    {
        const QPointer<MockStream> self(this);
        emitChunk(chunk(QJsonObject {}, reason));
        if (!self)
            return;
        Usage usage;
        usage.promptTokens = m_request->estimatedPromptTokens;
        usage.completionTokens = m_tool.isEmpty() ? m_emittedTokens : TokenEstimate::text(m_completionText);
        usage.reported = true;
        QJsonObject usageChunk = OpenAIFormat::chunk(m_id, m_created, m_model, QJsonArray());
        usageChunk.insert(QLatin1String("usage"), usage.toOpenAI());
        emitChunk(usageChunk);
        if (!self)
            return;
        auto end = m_callbacks.onStreamEnd;
        deleteLater();
        m_callbacks = {};
        end();
    }

    ChatCallbacks m_callbacks;
    QString m_model;
    std::shared_ptr<const ChatRequest> m_request;
    int m_pace;
    QTimer m_timer;
    QString m_id;
    qint64 m_created = 0;
    QStringList m_words;
    qsizetype m_next = 0;
    qint64 m_emittedTokens = 0;
    QString m_completionText;
    QJsonObject m_tool;
    QString m_toolArgs;
};

} // namespace

MockProvider::MockProvider(ProviderConfig config, QObject *parent)
    : Provider(std::move(config), parent)
{ }

QStringList MockProvider::models() const
{
    return m_config.models.isEmpty() ? QStringList {kFast, kSmart, kEmbed} : m_config.models;
}

int MockProvider::paceMs(const QString &model) const
{
    if (m_config.paceMs >= 0)
        return m_config.paceMs;
    return model == kSmart ? 40 : 15;
}

int MockProvider::firstTokenDelayMs(const QString &model) const
{
    if (m_config.paceMs >= 0)
        return m_config.paceMs;
    return model == kSmart ? 250 : 20;
}

QString MockProvider::replyText(const QString &model, const ChatRequest &request)
{
    const QJsonObject last = lastMessage(request);
    if (last.value(QLatin1String("role")).toString() == QLatin1String("tool")) {
        const QString result
            = OpenAIFormat::textOf(last.value(QLatin1String("content"))).simplified().left(300);
        return QStringLiteral("The tool returned: %1").arg(result);
    }
    const QString prompt = lastUserText(request).simplified();
    // Deterministic variety: the prompt's hash picks the closing sentence.
    static const QStringList closings = {
        QStringLiteral("Point a real provider at Switchyard to get a real answer."),
        QStringLiteral("This reply was generated offline, so it cost nothing and left no trace."),
        QStringLiteral("Every word arrives as its own streamed chunk, like a real model."),
        QStringLiteral("Routing, logging and accounting treat this answer like any other."),
    };
    const QByteArray hash = QCryptographicHash::hash(prompt.toUtf8(), QCryptographicHash::Sha1);
    const QString closing = closings.at(quint8(hash.at(0)) % closings.size());
    const QString echo = prompt.left(120) + (prompt.size() > 120 ? QStringLiteral("...") : QString());
    if (model == kSmart) {
        return QStringLiteral(
            "Hello! I am mock-smart, Switchyard's built-in offline model for careful answers. "
            "You asked: \"%1\". After some thought: a real model would answer that properly. %2")
            .arg(echo, closing);
    }
    return QStringLiteral("Hello! I am mock-fast, Switchyard's built-in offline model. You said: \"%1\". %2")
        .arg(echo, closing);
}

CancelCall MockProvider::chat(const ChatCall &call, ChatCallbacks callbacks)
{
    if (call.model == kEmbed) {
        auto onError = callbacks.onError;
        QTimer::singleShot(0, this, [onError] {
            onError(GatewayError::invalidRequest(
                        QStringLiteral("mock-embed is an embeddings model; use /v1/embeddings."),
                        QStringLiteral("model"), QStringLiteral("model_not_supported")),
                false);
        });
        return [] {};
    }
    if (!call.request->stream) {
        // Not streamed: the same answer, collected, after the first-token delay.
        auto collected = std::make_shared<QJsonObject>();
        auto message = std::make_shared<QJsonObject>(
            QJsonObject {{QLatin1String("role"), QStringLiteral("assistant")}});
        auto text = std::make_shared<QString>();
        auto toolCalls = std::make_shared<QJsonArray>();
        auto finish = std::make_shared<QString>();
        auto usage = std::make_shared<Usage>();
        ChatCallbacks inner;
        inner.onChunk = [=](const QJsonObject &chunk, const QByteArray &) {
            if (collected->isEmpty())
                *collected = chunk;
            if (chunk.value(QLatin1String("usage")).isObject())
                usage->readOpenAI(chunk.value(QLatin1String("usage")));
            for (const QJsonValue &c : chunk.value(QLatin1String("choices")).toArray()) {
                const QJsonObject choice = c.toObject();
                const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
                *text += delta.value(QLatin1String("content")).toString();
                for (const QJsonValue &tc : delta.value(QLatin1String("tool_calls")).toArray()) {
                    const QJsonObject part = tc.toObject();
                    if (part.contains(QLatin1String("id"))) {
                        QJsonObject full = part;
                        full.remove(QLatin1String("index"));
                        toolCalls->append(full);
                    } else if (!toolCalls->isEmpty()) {
                        QJsonObject lastCall = toolCalls->last().toObject();
                        QJsonObject fn = lastCall.value(QLatin1String("function")).toObject();
                        fn.insert(QLatin1String("arguments"),
                            QString(fn.value(QLatin1String("arguments")).toString()
                                + part.value(QLatin1String("function"))
                                      .toObject()
                                      .value(QLatin1String("arguments"))
                                      .toString()));
                        lastCall.insert(QLatin1String("function"), fn);
                        (*toolCalls)[toolCalls->size() - 1] = lastCall;
                    }
                }
                if (choice.value(QLatin1String("finish_reason")).isString())
                    *finish = choice.value(QLatin1String("finish_reason")).toString();
            }
        };
        const auto onResponse = callbacks.onResponse;
        inner.onStreamEnd = [=] {
            QJsonObject m = *message;
            m.insert(QLatin1String("content"), toolCalls->isEmpty() ? QJsonValue(*text) : QJsonValue::Null);
            if (!toolCalls->isEmpty())
                m.insert(QLatin1String("tool_calls"), *toolCalls);
            m.insert(QLatin1String("refusal"), QJsonValue::Null);
            onResponse(OpenAIFormat::completion(collected->value(QLatin1String("id")).toString(),
                collected->value(QLatin1String("created")).toInteger(), call.model, m, *finish, *usage));
        };
        inner.onError = callbacks.onError;
        auto *stream = new MockStream(call, std::move(inner), 0, firstTokenDelayMs(call.model), this);
        QPointer<MockStream> guard(stream);
        return [guard] {
            if (guard)
                guard->cancel();
        };
    }
    auto *stream
        = new MockStream(call, std::move(callbacks), paceMs(call.model), firstTokenDelayMs(call.model), this);
    QPointer<MockStream> guard(stream);
    return [guard] {
        if (guard)
            guard->cancel();
    };
}

CancelCall MockProvider::embeddings(const EmbeddingsCall &call,
    std::function<void(const QJsonObject &)> onResult, std::function<void(const GatewayError &)> onError)
{
    QStringList inputs;
    const QJsonValue input = call.body.value(QLatin1String("input"));
    if (input.isString()) {
        inputs << input.toString();
    } else {
        for (const QJsonValue &v : input.toArray())
            inputs << (v.isString() ? v.toString()
                                    : QString::fromUtf8(QJsonDocument(QJsonArray {v}).toJson()));
    }
    const int dimensions = call.body.value(QLatin1String("dimensions")).toInt(256);
    // As OpenAI: "float" (the default) or "base64" of little-endian float32, which the official
    // Node SDK asks for whenever its caller does not choose.
    const QJsonValue format = call.body.value(QLatin1String("encoding_format"));
    const bool base64 = format.toString() == QLatin1String("base64");
    const bool formatOk
        = format.isUndefined() || format.isNull() || base64 || format.toString() == QLatin1String("float");
    const QString model = call.model;
    auto alive = std::make_shared<bool>(true);
    QTimer::singleShot(0, this, [=] {
        if (!*alive)
            return;
        if (dimensions < 1 || dimensions > 4096) {
            onError(GatewayError::invalidRequest(QStringLiteral("'dimensions' must be between 1 and 4096."),
                QStringLiteral("dimensions"), QStringLiteral("invalid_value")));
            return;
        }
        if (!formatOk) {
            onError(GatewayError::invalidRequest(
                QStringLiteral("'encoding_format' must be \"float\" or \"base64\"."),
                QStringLiteral("encoding_format"), QStringLiteral("invalid_value")));
            return;
        }
        QJsonArray data;
        qint64 tokens = 0;
        for (qsizetype i = 0; i < inputs.size(); ++i) {
            // A deterministic unit vector per text: seeded by the text's hash.
            const QByteArray seed
                = QCryptographicHash::hash(inputs.at(i).toUtf8(), QCryptographicHash::Sha256);
            quint64 state = 0;
            memcpy(&state, seed.constData(), sizeof(state));
            QList<double> v(dimensions);
            double norm = 0;
            for (int d = 0; d < dimensions; ++d) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                v[d] = double(qint64(state >> 11)) / double(1ULL << 53) - 0.5;
                norm += v[d] * v[d];
            }
            norm = std::sqrt(norm);
            QJsonValue embedding;
            if (base64) {
                QByteArray packed(qsizetype(dimensions) * qsizetype(sizeof(float)), Qt::Uninitialized);
                for (int d = 0; d < dimensions; ++d)
                    qToLittleEndian(float(v[d] / norm), packed.data() + d * qsizetype(sizeof(float)));
                embedding = QString::fromLatin1(packed.toBase64());
            } else {
                QJsonArray values;
                for (double x : std::as_const(v))
                    values.append(x / norm);
                embedding = values;
            }
            data.append(QJsonObject {{QLatin1String("object"), QStringLiteral("embedding")},
                {QLatin1String("index"), int(i)}, {QLatin1String("embedding"), embedding}});
            tokens += TokenEstimate::text(inputs.at(i));
        }
        onResult(QJsonObject {{QLatin1String("object"), QStringLiteral("list")},
            {QLatin1String("data"), data}, {QLatin1String("model"), model},
            {QLatin1String("usage"),
                QJsonObject {
                    {QLatin1String("prompt_tokens"), tokens}, {QLatin1String("total_tokens"), tokens}}}});
    });
    return [alive] { *alive = false; };
}
