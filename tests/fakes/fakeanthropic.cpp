// SPDX-License-Identifier: MIT
#include "fakeanthropic.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace FakeAnthropic {

namespace {

    QJsonObject text(const QString &t)
    {
        return {{QLatin1String("type"), QStringLiteral("text")}, {QLatin1String("text"), t}};
    }

    /// Splits @p s into @p n roughly equal pieces (the fragments a real stream would send).
    QStringList pieces(const QString &s, int n)
    {
        QStringList out;
        const qsizetype step = qMax<qsizetype>(1, (s.size() + n - 1) / n);
        for (qsizetype i = 0; i < s.size(); i += step)
            out << s.mid(i, step);
        return out;
    }

    /// The validation api.anthropic.com does on a Messages request; an empty string when it passes.
    QString validate(const FakeRequest &r, const QJsonObject &body, QString *type, int *status)
    {
        *status = 400;
        *type = QStringLiteral("invalid_request_error");
        if (r.header("x-api-key").isEmpty()) {
            *status = 401;
            *type = QStringLiteral("authentication_error");
            return QStringLiteral("x-api-key header is required");
        }
        if (r.header("anthropic-version").isEmpty())
            return QStringLiteral("anthropic-version: header is required");
        static const QStringList known = {QStringLiteral("model"), QStringLiteral("messages"),
            QStringLiteral("max_tokens"), QStringLiteral("system"), QStringLiteral("metadata"),
            QStringLiteral("stop_sequences"), QStringLiteral("stream"), QStringLiteral("temperature"),
            QStringLiteral("top_p"), QStringLiteral("top_k"), QStringLiteral("tools"),
            QStringLiteral("tool_choice"), QStringLiteral("thinking"), QStringLiteral("service_tier"),
            QStringLiteral("output_config"), QStringLiteral("container"), QStringLiteral("mcp_servers"),
            QStringLiteral("context_management")};
        for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
            if (!known.contains(it.key()))
                return it.key() + QStringLiteral(": Extra inputs are not permitted");
        }
        if (!body.value(QLatin1String("model")).isString())
            return QStringLiteral("model: Field required");
        const QJsonValue maxTokens = body.value(QLatin1String("max_tokens"));
        if (!maxTokens.isDouble() || maxTokens.toDouble() < 1
            || maxTokens.toDouble() != double(maxTokens.toInteger()))
            return QStringLiteral("max_tokens: Field required");
        const QJsonValue temperature = body.value(QLatin1String("temperature"));
        if (temperature.isDouble() && temperature.toDouble() > 1)
            return QStringLiteral("temperature: Input should be less than or equal to 1");
        if (temperature.isDouble() && body.contains(QLatin1String("top_p")))
            return QStringLiteral(
                "`temperature` and `top_p` cannot both be specified for this model. Please use only one.");
        const QJsonObject thinking = body.value(QLatin1String("thinking")).toObject();
        if (thinking.value(QLatin1String("type")).toString() == QLatin1String("enabled")
            && thinking.value(QLatin1String("budget_tokens")).toInteger() >= maxTokens.toInteger())
            return QStringLiteral("`max_tokens` must be greater than `thinking.budget_tokens`");
        const QJsonValue system = body.value(QLatin1String("system"));
        if (!system.isUndefined() && !system.isString() && !system.isArray())
            return QStringLiteral("system: Input should be a valid string or list");
        const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
        if (messages.isEmpty())
            return QStringLiteral("messages: Field required");
        QStringList lastToolUses;
        for (qsizetype i = 0; i < messages.size(); ++i) {
            const QJsonObject m = messages.at(i).toObject();
            const QString role = m.value(QLatin1String("role")).toString();
            if (role != QLatin1String("user") && role != QLatin1String("assistant"))
                return QStringLiteral("messages.%1.role: Input should be 'user' or 'assistant'").arg(i);
            const QJsonValue content = m.value(QLatin1String("content"));
            if (!content.isString() && !content.isArray())
                return QStringLiteral("messages.%1.content: Input should be a valid list").arg(i);
            QStringList toolUses;
            const QJsonArray blocks = content.toArray();
            for (qsizetype b = 0; b < blocks.size(); ++b) {
                const QJsonObject block = blocks.at(b).toObject();
                const QString bt = block.value(QLatin1String("type")).toString();
                const QString at = QStringLiteral("messages.%1.content.%2").arg(i).arg(b);
                if (bt == QLatin1String("text") && block.value(QLatin1String("text")).toString().isEmpty())
                    return at + QStringLiteral(": text content blocks must be non-empty");
                if (bt == QLatin1String("tool_use")) {
                    const QString id = block.value(QLatin1String("id")).toString();
                    for (const QChar c : id) {
                        if (!c.isLetterOrNumber() && c != u'_' && c != u'-')
                            return at + QStringLiteral(".id: String should match pattern '^[a-zA-Z0-9_-]+$'");
                    }
                    if (!block.value(QLatin1String("input")).isObject())
                        return at + QStringLiteral(".input: Input should be a valid dictionary");
                    toolUses << id;
                } else if (bt == QLatin1String("tool_result")) {
                    if (!lastToolUses.contains(block.value(QLatin1String("tool_use_id")).toString()))
                        return at
                            + QStringLiteral(
                                ": unexpected `tool_use_id` found in `tool_result` blocks: %1. Each "
                                "`tool_result` block must have a corresponding `tool_use` block in the "
                                "previous message.")
                                  .arg(block.value(QLatin1String("tool_use_id")).toString());
                } else if (bt == QLatin1String("thinking")) {
                    if (block.value(QLatin1String("signature")).toString() != QLatin1String(kSignature))
                        return at + QStringLiteral(": Invalid `signature` in `thinking` block");
                } else if (bt == QLatin1String("image")) {
                    const QString st = block.value(QLatin1String("source"))
                                           .toObject()
                                           .value(QLatin1String("type"))
                                           .toString();
                    if (st != QLatin1String("base64") && st != QLatin1String("url"))
                        return at
                            + QStringLiteral(".source: Input tag '%1' found using 'type' does not match any "
                                             "of the expected tags")
                                  .arg(st);
                } else if (bt.isEmpty()) {
                    return at + QStringLiteral(".type: Field required");
                }
            }
            lastToolUses = toolUses;
        }
        for (const QJsonValue &t : body.value(QLatin1String("tools")).toArray()) {
            const QJsonObject tool = t.toObject();
            if (tool.value(QLatin1String("type")).toString().isEmpty()
                && !tool.value(QLatin1String("input_schema")).isObject())
                return QStringLiteral("tools.0.custom.input_schema: Field required");
        }
        return {};
    }

} // namespace

QJsonObject usage(int input, int output, int cacheRead, int cacheWrite)
{
    return {{QLatin1String("input_tokens"), input},
        {QLatin1String("cache_creation_input_tokens"), cacheWrite},
        {QLatin1String("cache_read_input_tokens"), cacheRead}, {QLatin1String("output_tokens"), output},
        {QLatin1String("service_tier"), QStringLiteral("standard")}};
}

QJsonObject message(
    const QString &model, const QJsonArray &content, const QString &stopReason, const QJsonObject &u)
{
    return {{QLatin1String("id"), QStringLiteral("msg_01FakeAnthropic0000001")},
        {QLatin1String("type"), QStringLiteral("message")},
        {QLatin1String("role"), QStringLiteral("assistant")}, {QLatin1String("model"), model},
        {QLatin1String("content"), content}, {QLatin1String("stop_reason"), stopReason},
        {QLatin1String("stop_sequence"), QJsonValue::Null}, {QLatin1String("usage"), u}};
}

FakeReply error(int status, const QString &type, const QString &msg)
{
    FakeReply r = FakeReply::json(status,
        QJsonObject {{QLatin1String("type"), QStringLiteral("error")},
            {QLatin1String("error"),
                QJsonObject {{QLatin1String("type"), type}, {QLatin1String("message"), msg}}}});
    r.headers.append(qMakePair(QByteArray("request-id"), QByteArray("req_fake_anthropic")));
    if (status == 429)
        r.headers.append(qMakePair(QByteArray("retry-after"), QByteArray("7")));
    return r;
}

FakeReply events(const QList<QPair<QByteArray, QJsonObject>> &list, int paceMs)
{
    FakeReply r;
    r.streamed = true;
    r.headers = {{"Content-Type", "text/event-stream; charset=utf-8"}, {"Cache-Control", "no-cache"}};
    for (const auto &e : list)
        r.chunks.append({paceMs,
            "event: " + e.first + "\ndata: " + QJsonDocument(e.second).toJson(QJsonDocument::Compact)
                + "\n\n"});
    return r;
}

QList<QPair<QByteArray, QJsonObject>> streamOf(const QJsonObject &msg)
{
    QList<QPair<QByteArray, QJsonObject>> out;
    QJsonObject start = msg;
    start.insert(QLatin1String("content"), QJsonArray());
    start.insert(QLatin1String("stop_reason"), QJsonValue::Null);
    QJsonObject startUsage = msg.value(QLatin1String("usage")).toObject();
    startUsage.insert(QLatin1String("output_tokens"), 1);
    start.insert(QLatin1String("usage"), startUsage);
    out.append({"message_start",
        {{QLatin1String("type"), QStringLiteral("message_start")}, {QLatin1String("message"), start}}});
    const QJsonArray content = msg.value(QLatin1String("content")).toArray();
    for (qsizetype i = 0; i < content.size(); ++i) {
        const QJsonObject block = content.at(i).toObject();
        const QString type = block.value(QLatin1String("type")).toString();
        QJsonObject startBlock = block;
        QList<QJsonObject> deltas;
        if (type == QLatin1String("text")) {
            startBlock.insert(QLatin1String("text"), QString());
            for (const QString &p : pieces(block.value(QLatin1String("text")).toString(), 4))
                deltas << QJsonObject {
                    {QLatin1String("type"), QStringLiteral("text_delta")}, {QLatin1String("text"), p}};
        } else if (type == QLatin1String("thinking")) {
            startBlock = {
                {QLatin1String("type"), QStringLiteral("thinking")}, {QLatin1String("thinking"), QString()}};
            for (const QString &p : pieces(block.value(QLatin1String("thinking")).toString(), 2))
                deltas << QJsonObject {{QLatin1String("type"), QStringLiteral("thinking_delta")},
                    {QLatin1String("thinking"), p}};
            deltas << QJsonObject {{QLatin1String("type"), QStringLiteral("signature_delta")},
                {QLatin1String("signature"), block.value(QLatin1String("signature"))}};
        } else if (type == QLatin1String("tool_use")) {
            startBlock.insert(QLatin1String("input"), QJsonObject());
            deltas << QJsonObject {{QLatin1String("type"), QStringLiteral("input_json_delta")},
                {QLatin1String("partial_json"), QString()}};
            const QString json = QString::fromUtf8(
                QJsonDocument(block.value(QLatin1String("input")).toObject()).toJson(QJsonDocument::Compact));
            for (const QString &p : pieces(json, 3))
                deltas << QJsonObject {{QLatin1String("type"), QStringLiteral("input_json_delta")},
                    {QLatin1String("partial_json"), p}};
        }
        out.append({"content_block_start",
            {{QLatin1String("type"), QStringLiteral("content_block_start")}, {QLatin1String("index"), int(i)},
                {QLatin1String("content_block"), startBlock}}});
        if (i == 0)
            out.append({"ping", {{QLatin1String("type"), QStringLiteral("ping")}}});
        for (const QJsonObject &d : std::as_const(deltas))
            out.append({"content_block_delta",
                {{QLatin1String("type"), QStringLiteral("content_block_delta")},
                    {QLatin1String("index"), int(i)}, {QLatin1String("delta"), d}}});
        out.append({"content_block_stop",
            {{QLatin1String("type"), QStringLiteral("content_block_stop")},
                {QLatin1String("index"), int(i)}}});
    }
    QJsonObject finalUsage = msg.value(QLatin1String("usage")).toObject();
    finalUsage.remove(QLatin1String("service_tier"));
    out.append({"message_delta",
        {{QLatin1String("type"), QStringLiteral("message_delta")},
            {QLatin1String("delta"),
                QJsonObject {{QLatin1String("stop_reason"), msg.value(QLatin1String("stop_reason"))},
                    {QLatin1String("stop_sequence"), QJsonValue::Null}}},
            {QLatin1String("usage"), finalUsage}}});
    out.append({"message_stop", {{QLatin1String("type"), QStringLiteral("message_stop")}}});
    return out;
}

std::optional<FakeReply> check(const FakeRequest &request)
{
    QString type;
    int status = 400;
    const QString problem = validate(request, request.json(), &type, &status);
    if (problem.isEmpty())
        return std::nullopt;
    return error(status, type, problem);
}

FakeReply defaultReply(const FakeRequest &request)
{
    if (request.path() != "/v1/messages" && request.path() != "/v1/messages/count_tokens")
        return error(404, QStringLiteral("not_found_error"), QStringLiteral("Not found"));
    const QJsonObject body = request.json();
    const QString model = body.value(QLatin1String("model")).toString();
    if (model.startsWith(QLatin1String("fail-"))) {
        const int status = model.mid(5).toInt();
        const QString type = status == 529 ? QStringLiteral("overloaded_error")
            : status == 429                ? QStringLiteral("rate_limit_error")
            : status == 401                ? QStringLiteral("authentication_error")
            : status >= 500                ? QStringLiteral("api_error")
                                           : QStringLiteral("invalid_request_error");
        return error(status, type,
            status == 529 ? QStringLiteral("Overloaded") : QStringLiteral("scripted failure %1").arg(status));
    }
    if (auto refused = check(request))
        return *refused;
    if (request.path() == "/v1/messages/count_tokens")
        return FakeReply::json(200, QJsonObject {{QLatin1String("input_tokens"), 25}});

    const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
    const QJsonValue lastContent = messages.last().toObject().value(QLatin1String("content"));
    QString toolResult;
    for (const QJsonValue &b : lastContent.toArray()) {
        if (b.toObject().value(QLatin1String("type")).toString() == QLatin1String("tool_result")) {
            const QJsonValue c = b.toObject().value(QLatin1String("content"));
            toolResult = c.isString()
                ? c.toString()
                : c.toArray().first().toObject().value(QLatin1String("text")).toString();
        }
    }
    QJsonArray content;
    if (body.value(QLatin1String("thinking")).toObject().value(QLatin1String("type")).toString()
        == QLatin1String("enabled"))
        content.append(QJsonObject {{QLatin1String("type"), QStringLiteral("thinking")},
            {QLatin1String("thinking"), QStringLiteral("The user wants a short answer; keep it brief.")},
            {QLatin1String("signature"), QString::fromLatin1(kSignature)}});
    QString stop = QStringLiteral("end_turn");
    const QJsonArray tools = body.value(QLatin1String("tools")).toArray();
    if (!toolResult.isEmpty()) {
        content.append(text(QStringLiteral("The tool said: ") + toolResult));
    } else if (!tools.isEmpty()
        && body.value(QLatin1String("tool_choice")).toObject().value(QLatin1String("type")).toString()
            != QLatin1String("none")) {
        const QJsonObject tool = tools.first().toObject();
        content.append(text(QStringLiteral("I'll look that up.")));
        QJsonObject input;
        const QJsonObject props = tool.value(QLatin1String("input_schema"))
                                      .toObject()
                                      .value(QLatin1String("properties"))
                                      .toObject();
        for (auto it = props.constBegin(); it != props.constEnd(); ++it)
            input.insert(it.key(), QStringLiteral("Paris"));
        content.append(QJsonObject {{QLatin1String("type"), QStringLiteral("tool_use")},
            {QLatin1String("id"), QStringLiteral("toolu_01FakeToolUse000001")},
            {QLatin1String("name"), tool.value(QLatin1String("name"))}, {QLatin1String("input"), input}});
        stop = QStringLiteral("tool_use");
    } else if (body.value(QLatin1String("output_config")).toObject().contains(QLatin1String("format"))) {
        content.append(text(QStringLiteral("{\"city\":\"Paris\",\"sunny\":true}")));
    } else {
        content.append(text(QStringLiteral("Hello from the fake Anthropic upstream.")));
    }
    const QJsonObject u
        = model.endsWith(QLatin1String("-cached")) ? usage(100, 200, 1000, 500) : usage(25, 12);
    const QString served = model + QStringLiteral("-20250929");
    const QJsonObject msg = message(served, content, stop, u);
    if (!body.value(QLatin1String("stream")).toBool())
        return FakeReply::json(200, msg);
    QList<QPair<QByteArray, QJsonObject>> list = streamOf(msg);
    if (model == QLatin1String("cut-stream")) {
        FakeReply r = events(list.mid(0, 4), 10);
        r.cut = true;
        return r;
    }
    if (model == QLatin1String("overloaded-stream")) {
        list = list.mid(0, 4);
        list.append({"error",
            {{QLatin1String("type"), QStringLiteral("error")},
                {QLatin1String("error"),
                    QJsonObject {{QLatin1String("type"), QStringLiteral("overloaded_error")},
                        {QLatin1String("message"), QStringLiteral("Overloaded")}}}}});
        return events(list, 5);
    }
    if (model == QLatin1String("slow-stream")) {
        QList<QPair<QByteArray, QJsonObject>> slow = list.mid(0, 3);
        for (int i = 0; i < 20; ++i)
            slow.append({"content_block_delta",
                {{QLatin1String("type"), QStringLiteral("content_block_delta")}, {QLatin1String("index"), 0},
                    {QLatin1String("delta"),
                        QJsonObject {{QLatin1String("type"), QStringLiteral("text_delta")},
                            {QLatin1String("text"), QStringLiteral("tick ")}}}}});
        slow.append(list.mid(list.size() - 3));
        return events(slow, 50);
    }
    return events(list);
}

} // namespace FakeAnthropic
