// SPDX-License-Identifier: MIT
#include "protocol/anthropicmessages.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>

Q_LOGGING_CATEGORY(lcAnthropic, "switchyard.protocol.anthropic", QtInfoMsg)

namespace AnthropicMessages {

namespace {

    const QLatin1String kType("type");
    const QLatin1String kText("text");
    const QLatin1String kContent("content");
    const QLatin1String kRole("role");
    const QLatin1String kCacheControl("cache_control");

    /// Appended to the system prompt for `response_format: json_object`: the Messages API has no
    /// JSON mode (structured outputs need a schema), so the instruction is what is left.
    const QString kJsonObjectInstruction = QStringLiteral(
        "Respond with a single valid JSON object and nothing else: no prose, no code fences.");

    GatewayError invalid(const QString &message, const QString &param = {})
    {
        return GatewayError::invalidRequest(message, param, QStringLiteral("invalid_request"));
    }

    QJsonObject textBlock(const QString &text)
    {
        return {{kType, QStringLiteral("text")}, {kText, text}};
    }

    /// An OpenAI image_url part -> an Anthropic image block (base64 data URLs and http(s) URLs).
    QJsonObject imageBlock(const QJsonObject &part)
    {
        const QString url
            = part.value(QLatin1String("image_url")).toObject().value(QLatin1String("url")).toString();
        QString mime;
        QString data;
        QJsonObject source;
        if (OpenAIFormat::parseDataUrl(url, &mime, &data))
            source = {{kType, QStringLiteral("base64")}, {QLatin1String("media_type"), mime},
                {QLatin1String("data"), data}};
        else
            source = {{kType, QStringLiteral("url")}, {QLatin1String("url"), url}};
        QJsonObject block {{kType, QStringLiteral("image")}, {QLatin1String("source"), source}};
        if (part.contains(kCacheControl))
            block.insert(kCacheControl, part.value(kCacheControl));
        return block;
    }

    /// OpenAI message content (string or parts) -> Anthropic content blocks.
    bool contentBlocks(const QJsonValue &content, const QString &at, QJsonArray *out, GatewayError *error)
    {
        if (content.isString()) {
            if (!content.toString().isEmpty())
                out->append(textBlock(content.toString()));
            return true;
        }
        const QJsonArray parts = content.toArray();
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const QJsonObject part = parts.at(i).toObject();
            const QString type = part.value(kType).toString();
            if (type == QLatin1String("text") || type == QLatin1String("refusal")) {
                const QString text
                    = part.value(type == QLatin1String("text") ? kText : QLatin1String("refusal")).toString();
                if (text.isEmpty())
                    continue;
                QJsonObject block = textBlock(text);
                if (part.contains(kCacheControl))
                    block.insert(kCacheControl, part.value(kCacheControl));
                out->append(block);
            } else if (type == QLatin1String("image_url")) {
                out->append(imageBlock(part));
            } else if (type == QLatin1String("file")) {
                const QJsonObject file = part.value(QLatin1String("file")).toObject();
                QString mime;
                QString data;
                if (!OpenAIFormat::parseDataUrl(
                        file.value(QLatin1String("file_data")).toString(), &mime, &data)) {
                    *error = invalid(QStringLiteral("%1.content[%2]: Anthropic takes files as base64 data "
                                                    "('file_data'), not file ids.")
                                         .arg(at)
                                         .arg(i),
                        QStringLiteral("%1.content[%2]").arg(at).arg(i));
                    return false;
                }
                QJsonObject block {{kType, QStringLiteral("document")},
                    {QLatin1String("source"),
                        QJsonObject {{kType, QStringLiteral("base64")}, {QLatin1String("media_type"), mime},
                            {QLatin1String("data"), data}}}};
                const QString name = file.value(QLatin1String("filename")).toString();
                if (!name.isEmpty())
                    block.insert(QLatin1String("title"), name);
                out->append(block);
            } else {
                *error = OpenAIFormat::unsupportedPart(at, i, type, QStringLiteral("an Anthropic"));
                return false;
            }
        }
        return true;
    }

    QJsonObject toolUseBlock(const QJsonObject &call)
    {
        const QJsonObject fn = call.value(QLatin1String("function")).toObject();
        return {{kType, QStringLiteral("tool_use")},
            {QLatin1String("id"), toolId(call.value(QLatin1String("id")).toString())},
            {QLatin1String("name"), fn.value(QLatin1String("name")).toString()},
            {QLatin1String("input"),
                OpenAIFormat::argumentsObject(fn.value(QLatin1String("arguments")).toString())}};
    }

    /// Thinking budget for an OpenAI reasoning_effort (0: no thinking).
    qint64 thinkingBudget(const QString &effort)
    {
        if (effort == QLatin1String("low"))
            return 2048;
        if (effort == QLatin1String("medium"))
            return 8192;
        if (effort == QLatin1String("high"))
            return 24576;
        return 0;
    }

    QString randomId(const char *prefix)
    {
        static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        QString s = QString::fromLatin1(prefix);
        auto *rng = QRandomGenerator::global();
        for (int i = 0; i < 24; ++i)
            s += QLatin1Char(alphabet[rng->bounded(62)]);
        return s;
    }

    // --- Anthropic -> canonical -------------------------------------------------------------------

    /// What an assistant's content blocks say in chat-completions terms.
    struct AssistantParts
    {
        QString text;
        QString reasoning;
        QJsonArray calls;
    };

    AssistantParts assistantParts(const QJsonArray &blocks)
    {
        AssistantParts p;
        for (const QJsonValue &v : blocks) {
            const QJsonObject b = v.toObject();
            const QString type = b.value(kType).toString();
            if (type == QLatin1String("text"))
                p.text += b.value(kText).toString();
            else if (type == QLatin1String("thinking"))
                p.reasoning += b.value(QLatin1String("thinking")).toString();
            else if (type == QLatin1String("tool_use"))
                p.calls.append(OpenAIFormat::toolCall(b.value(QLatin1String("id")).toString(),
                    b.value(QLatin1String("name")).toString(),
                    OpenAIFormat::compactJson(b.value(QLatin1String("input")).toObject())));
        }
        return p;
    }

    /// Anthropic's own validation messages read "field.path: problem"; so do ours.
    GatewayError fieldError(const QString &path, const QString &problem)
    {
        return GatewayError::invalidRequest(
            path + QStringLiteral(": ") + problem, path, QStringLiteral("invalid_request"));
    }

    /// Text of an Anthropic `system` (string or text blocks).
    bool systemText(const QJsonValue &system, QString *out, GatewayError *error)
    {
        if (system.isUndefined() || system.isNull())
            return true;
        if (system.isString()) {
            *out = system.toString();
            return true;
        }
        if (!system.isArray()) {
            *error = fieldError(
                QStringLiteral("system"), QStringLiteral("Input should be a valid string or list"));
            return false;
        }
        QStringList texts;
        const QJsonArray blocks = system.toArray();
        for (qsizetype i = 0; i < blocks.size(); ++i) {
            const QJsonObject b = blocks.at(i).toObject();
            if (b.value(kType).toString() != QLatin1String("text") || !b.value(kText).isString()) {
                *error = fieldError(
                    QStringLiteral("system.%1").arg(i), QStringLiteral("Input should be a text block"));
                return false;
            }
            texts << b.value(kText).toString();
        }
        *out = texts.join(QStringLiteral("\n\n"));
        return true;
    }

    QJsonObject imagePart(const QJsonObject &block)
    {
        const QJsonObject source = block.value(QLatin1String("source")).toObject();
        const QString url = source.value(kType).toString() == QLatin1String("base64")
            ? OpenAIFormat::dataUrl(source.value(QLatin1String("media_type")).toString(),
                source.value(QLatin1String("data")).toString())
            : source.value(QLatin1String("url")).toString();
        return {{kType, QStringLiteral("image_url")},
            {QLatin1String("image_url"), QJsonObject {{QLatin1String("url"), url}}}};
    }

    /// One Anthropic user/tool_result block -> an OpenAI content part; false when it has no
    /// equivalent (it is then left out of the canonical request; a native relay still carries it).
    bool userPart(const QJsonObject &block, QJsonObject *part)
    {
        const QString type = block.value(kType).toString();
        const QJsonObject source = block.value(QLatin1String("source")).toObject();
        const QString sourceType = source.value(kType).toString();
        if (type == QLatin1String("text")) {
            *part = {{kType, QStringLiteral("text")}, {kText, block.value(kText).toString()}};
            return true;
        }
        if (type == QLatin1String("image")
            && (sourceType == QLatin1String("base64") || sourceType == QLatin1String("url"))) {
            *part = imagePart(block);
            return true;
        }
        if (type == QLatin1String("document") && sourceType == QLatin1String("base64")) {
            QString name = block.value(QLatin1String("title")).toString();
            if (name.isEmpty())
                name = QStringLiteral("document.pdf");
            *part = {{kType, QStringLiteral("file")},
                {QLatin1String("file"),
                    QJsonObject {{QLatin1String("filename"), name},
                        {QLatin1String("file_data"),
                            OpenAIFormat::dataUrl(source.value(QLatin1String("media_type")).toString(),
                                source.value(QLatin1String("data")).toString())}}}};
            return true;
        }
        if (type == QLatin1String("document") && sourceType == QLatin1String("text")) {
            *part
                = {{kType, QStringLiteral("text")}, {kText, source.value(QLatin1String("data")).toString()}};
            return true;
        }
        qCDebug(lcAnthropic) << "content block without an OpenAI equivalent left out:" << type << sourceType;
        return false;
    }

    /// Plain string when only text, else the parts (most OpenAI-compatible servers take strings best).
    QJsonValue partsValue(const QJsonArray &parts)
    {
        QStringList texts;
        for (const QJsonValue &p : parts) {
            if (p.toObject().value(kType).toString() != QLatin1String("text"))
                return parts;
            texts << p.toObject().value(kText).toString();
        }
        return texts.join(QStringLiteral("\n\n"));
    }

    bool translateMessages(const QJsonArray &in, QJsonArray *out, GatewayError *error)
    {
        for (qsizetype i = 0; i < in.size(); ++i) {
            const QString at = QStringLiteral("messages.%1").arg(i);
            if (!in.at(i).isObject()) {
                *error = fieldError(at, QStringLiteral("Input should be a valid dictionary"));
                return false;
            }
            const QJsonObject m = in.at(i).toObject();
            const QString role = m.value(kRole).toString();
            if (role == QLatin1String("system")) {
                // Claude Code sends these (even last) when the model is not a Claude one: a system
                // message in place, as chat completions have them.
                QString text;
                if (!systemText(m.value(kContent), &text, error)) {
                    error->param = at + QStringLiteral(".content");
                    error->message.replace(QStringLiteral("system"), error->param);
                    return false;
                }
                out->append(QJsonObject {{kRole, role}, {kContent, text}});
                continue;
            }
            if (role != QLatin1String("user") && role != QLatin1String("assistant")) {
                *error = fieldError(at + QStringLiteral(".role"),
                    QStringLiteral("Input should be 'user', 'assistant' or 'system'"));
                return false;
            }
            const QJsonValue content = m.value(kContent);
            if (content.isString()) {
                out->append(QJsonObject {{kRole, role}, {kContent, content}});
                continue;
            }
            if (!content.isArray()) {
                *error = fieldError(at + QStringLiteral(".content"),
                    QStringLiteral("Input should be a valid string or list"));
                return false;
            }
            const QJsonArray blocks = content.toArray();
            for (qsizetype b = 0; b < blocks.size(); ++b) {
                if (!blocks.at(b).isObject() || !blocks.at(b).toObject().value(kType).isString()) {
                    *error = fieldError(QStringLiteral("%1.content.%2.type").arg(at).arg(b),
                        QStringLiteral("Field required"));
                    return false;
                }
            }
            if (role == QLatin1String("assistant")) {
                // thinking / redacted_thinking / server tool blocks have no OpenAI form: left out.
                const AssistantParts p = assistantParts(blocks);
                out->append(OpenAIFormat::assistantMessage(p.text, p.calls, {}, false));
                continue;
            }
            // user: tool results become tool messages (first, as OpenAI wants them right after the
            // assistant's tool_calls), the rest one user message.
            QJsonArray parts;
            QJsonArray toolImages;
            for (const QJsonValue &v : blocks) {
                const QJsonObject b = v.toObject();
                if (b.value(kType).toString() != QLatin1String("tool_result")) {
                    QJsonObject part;
                    if (userPart(b, &part))
                        parts.append(part);
                    continue;
                }
                QString text;
                const QJsonValue rc = b.value(kContent);
                if (rc.isString()) {
                    text = rc.toString();
                } else {
                    QStringList texts;
                    for (const QJsonValue &r : rc.toArray()) {
                        const QJsonObject rb = r.toObject();
                        if (rb.value(kType).toString() == QLatin1String("text"))
                            texts << rb.value(kText).toString();
                        else if (rb.value(kType).toString() == QLatin1String("image"))
                            toolImages.append(imagePart(rb));
                    }
                    text = texts.join(u'\n');
                }
                if (b.value(QLatin1String("is_error")).toBool())
                    text = QStringLiteral("Error: ") + text;
                out->append(QJsonObject {{kRole, QStringLiteral("tool")},
                    {QLatin1String("tool_call_id"), b.value(QLatin1String("tool_use_id")).toString()},
                    {kContent, text}});
            }
            // OpenAI tool messages carry text only: images a tool returned follow as user content.
            for (const QJsonValue &img : std::as_const(toolImages))
                parts.append(img);
            if (!parts.isEmpty())
                out->append(QJsonObject {{kRole, role}, {kContent, partsValue(parts)}});
        }
        return true;
    }

    std::optional<QJsonObject> toOpenAI(const QJsonObject &a, bool requireMaxTokens, GatewayError *error)
    {
        const QJsonValue model = a.value(QLatin1String("model"));
        if (!model.isString() || model.toString().trimmed().isEmpty()) {
            *error = fieldError(QStringLiteral("model"),
                model.isUndefined() ? QStringLiteral("Field required")
                                    : QStringLiteral("Input should be a valid string"));
            return std::nullopt;
        }
        QJsonObject out {{QLatin1String("model"), model}};
        const QJsonValue maxTokens = a.value(QLatin1String("max_tokens"));
        if (maxTokens.isUndefined() && requireMaxTokens) {
            *error = fieldError(QStringLiteral("max_tokens"), QStringLiteral("Field required"));
            return std::nullopt;
        }
        if (!maxTokens.isUndefined()) {
            const double d = maxTokens.toDouble(-1);
            if (!maxTokens.isDouble() || d != double(qint64(d)) || d < 1) {
                *error = fieldError(QStringLiteral("max_tokens"),
                    QStringLiteral("Input should be an integer greater than or equal to 1"));
                return std::nullopt;
            }
            out.insert(QLatin1String("max_tokens"), qint64(d));
        }
        const QJsonValue messages = a.value(QLatin1String("messages"));
        if (!messages.isArray()) {
            *error = fieldError(QStringLiteral("messages"),
                messages.isUndefined() ? QStringLiteral("Field required")
                                       : QStringLiteral("Input should be a valid list"));
            return std::nullopt;
        }
        QString system;
        if (!systemText(a.value(QLatin1String("system")), &system, error))
            return std::nullopt;
        QJsonArray outMessages;
        if (!system.isEmpty())
            outMessages.append(QJsonObject {{kRole, QStringLiteral("system")}, {kContent, system}});
        if (!translateMessages(messages.toArray(), &outMessages, error))
            return std::nullopt;
        if (messages.toArray().isEmpty()) {
            *error
                = fieldError(QStringLiteral("messages"), QStringLiteral("at least one message is required"));
            return std::nullopt;
        }
        out.insert(QLatin1String("messages"), outMessages);

        const QJsonValue temperature = a.value(QLatin1String("temperature"));
        if (!temperature.isUndefined()) {
            if (!temperature.isDouble() || temperature.toDouble() < 0 || temperature.toDouble() > 1) {
                *error = fieldError(QStringLiteral("temperature"),
                    QStringLiteral("Input should be a number between 0 and 1"));
                return std::nullopt;
            }
            out.insert(QLatin1String("temperature"), temperature);
        }
        if (a.value(QLatin1String("top_p")).isDouble())
            out.insert(QLatin1String("top_p"), a.value(QLatin1String("top_p")));
        const QJsonValue stream = a.value(QLatin1String("stream"));
        if (!stream.isUndefined() && !stream.isBool()) {
            *error = fieldError(QStringLiteral("stream"), QStringLiteral("Input should be a valid boolean"));
            return std::nullopt;
        }
        if (stream.toBool()) {
            out.insert(QLatin1String("stream"), true);
            out.insert(QLatin1String("stream_options"), QJsonObject {{QLatin1String("include_usage"), true}});
        }
        const QJsonValue stops = a.value(QLatin1String("stop_sequences"));
        if (!stops.isUndefined()) {
            if (!stops.isArray()) {
                *error = fieldError(
                    QStringLiteral("stop_sequences"), QStringLiteral("Input should be a valid list"));
                return std::nullopt;
            }
            if (!stops.toArray().isEmpty())
                out.insert(QLatin1String("stop"), stops);
        }
        const QString user
            = a.value(QLatin1String("metadata")).toObject().value(QLatin1String("user_id")).toString();
        if (!user.isEmpty())
            out.insert(QLatin1String("user"), user);

        const QJsonValue tools = a.value(QLatin1String("tools"));
        if (!tools.isUndefined() && !tools.isArray()) {
            *error = fieldError(QStringLiteral("tools"), QStringLiteral("Input should be a valid list"));
            return std::nullopt;
        }
        QJsonArray outTools;
        const QJsonArray toolList = tools.toArray();
        for (qsizetype i = 0; i < toolList.size(); ++i) {
            const QJsonObject t = toolList.at(i).toObject();
            const QString type = t.value(kType).toString();
            if (!type.isEmpty() && type != QLatin1String("custom")) {
                // Server tools (web search, code execution, computer use...) run at Anthropic only.
                qCDebug(lcAnthropic) << "server tool left out of the canonical request:" << type;
                continue;
            }
            if (!t.value(QLatin1String("name")).isString()) {
                *error = fieldError(QStringLiteral("tools.%1.name").arg(i), QStringLiteral("Field required"));
                return std::nullopt;
            }
            QJsonObject fn {{QLatin1String("name"), t.value(QLatin1String("name"))},
                {QLatin1String("parameters"), t.value(QLatin1String("input_schema")).toObject()}};
            if (t.contains(QLatin1String("description")))
                fn.insert(QLatin1String("description"), t.value(QLatin1String("description")));
            if (t.value(QLatin1String("strict")).toBool())
                fn.insert(QLatin1String("strict"), true);
            outTools.append(
                QJsonObject {{kType, QStringLiteral("function")}, {QLatin1String("function"), fn}});
        }
        if (!outTools.isEmpty()) {
            out.insert(QLatin1String("tools"), outTools);
            const QJsonObject choice = a.value(QLatin1String("tool_choice")).toObject();
            const QString ct = choice.value(kType).toString();
            if (ct == QLatin1String("auto"))
                out.insert(QLatin1String("tool_choice"), QStringLiteral("auto"));
            else if (ct == QLatin1String("any"))
                out.insert(QLatin1String("tool_choice"), QStringLiteral("required"));
            else if (ct == QLatin1String("none"))
                out.insert(QLatin1String("tool_choice"), QStringLiteral("none"));
            else if (ct == QLatin1String("tool"))
                out.insert(QLatin1String("tool_choice"),
                    QJsonObject {{kType, QStringLiteral("function")},
                        {QLatin1String("function"),
                            QJsonObject {{QLatin1String("name"), choice.value(QLatin1String("name"))}}}});
            if (choice.value(QLatin1String("disable_parallel_tool_use")).toBool())
                out.insert(QLatin1String("parallel_tool_calls"), false);
        }
        QJsonObject format
            = a.value(QLatin1String("output_config")).toObject().value(QLatin1String("format")).toObject();
        if (format.isEmpty())
            format = a.value(QLatin1String("output_format")).toObject(); // the structured-outputs beta's name
        if (format.value(kType).toString() == QLatin1String("json_schema"))
            out.insert(QLatin1String("response_format"),
                QJsonObject {{kType, QStringLiteral("json_schema")},
                    {QLatin1String("json_schema"),
                        QJsonObject {{QLatin1String("name"), QStringLiteral("output")},
                            {QLatin1String("schema"), format.value(QLatin1String("schema"))},
                            {QLatin1String("strict"), true}}}});
        return out;
    }

} // namespace

// --- canonical -> Anthropic -------------------------------------------------------------------

std::optional<QJsonObject> requestFromOpenAI(
    const QJsonObject &o, const QString &model, qint64 defaultMaxTokens, GatewayError *error)
{
    if (o.value(QLatin1String("n")).toInt(1) > 1) {
        *error = invalid(QStringLiteral("Anthropic models return one choice per request: 'n' must be 1."),
            QStringLiteral("n"));
        return std::nullopt;
    }
    QJsonObject out {{QLatin1String("model"), model}};
    qint64 maxTokens = o.value(QLatin1String("max_completion_tokens")).toInteger(-1);
    if (maxTokens < 1)
        maxTokens = o.value(QLatin1String("max_tokens")).toInteger(-1);
    if (maxTokens < 1)
        maxTokens = defaultMaxTokens > 0 ? defaultMaxTokens : kFallbackMaxTokens;

    QJsonArray system;
    bool systemCached = false;
    QJsonArray messages;
    const QJsonArray in = o.value(QLatin1String("messages")).toArray();
    for (qsizetype i = 0; i < in.size(); ++i) {
        const QJsonObject m = in.at(i).toObject();
        const QString role = m.value(kRole).toString();
        const QString at = QStringLiteral("messages[%1]").arg(i);
        QJsonArray blocks;
        if (role == QLatin1String("system") || role == QLatin1String("developer")) {
            // The Messages API has one system prompt: every system message joins it, in order.
            if (!contentBlocks(m.value(kContent), at, &blocks, error))
                return std::nullopt;
            for (const QJsonValue &b : std::as_const(blocks)) {
                systemCached = systemCached || b.toObject().contains(kCacheControl);
                system.append(b);
            }
        } else if (role == QLatin1String("user")) {
            if (!contentBlocks(m.value(kContent), at, &blocks, error))
                return std::nullopt;
            if (blocks.isEmpty())
                blocks.append(textBlock(OpenAIFormat::textOf(m.value(kContent))));
            OpenAIFormat::appendTurn(messages, QStringLiteral("user"), kContent, blocks);
        } else if (role == QLatin1String("assistant")) {
            if (!contentBlocks(m.value(kContent), at, &blocks, error))
                return std::nullopt;
            for (const QJsonValue &c : m.value(QLatin1String("tool_calls")).toArray())
                blocks.append(toolUseBlock(c.toObject()));
            const QJsonObject legacy = m.value(QLatin1String("function_call")).toObject();
            if (!legacy.isEmpty())
                blocks.append(toolUseBlock(QJsonObject {
                    {QLatin1String("id"),
                        QString(QStringLiteral("call_") + legacy.value(QLatin1String("name")).toString())},
                    {QLatin1String("function"), legacy}}));
            if (!blocks.isEmpty())
                OpenAIFormat::appendTurn(messages, QStringLiteral("assistant"), kContent, blocks);
        } else if (role == QLatin1String("tool") || role == QLatin1String("function")) {
            const QString id = role == QLatin1String("tool")
                ? m.value(QLatin1String("tool_call_id")).toString()
                : QStringLiteral("call_") + m.value(QLatin1String("name")).toString();
            const QJsonValue c = m.value(kContent);
            QJsonObject result {
                {kType, QStringLiteral("tool_result")}, {QLatin1String("tool_use_id"), toolId(id)}};
            if (c.isArray()) {
                QJsonArray parts;
                if (!contentBlocks(c, at, &parts, error))
                    return std::nullopt;
                result.insert(kContent, parts);
            } else {
                result.insert(kContent, c.toString());
            }
            OpenAIFormat::appendTurn(messages, QStringLiteral("user"), kContent, {result});
        }
    }

    const QJsonObject responseFormat = o.value(QLatin1String("response_format")).toObject();
    const QString formatType = responseFormat.value(kType).toString();
    if (formatType == QLatin1String("json_object"))
        system.append(textBlock(kJsonObjectInstruction));
    if (!system.isEmpty()) {
        if (systemCached) {
            out.insert(QLatin1String("system"), system);
        } else {
            QStringList texts;
            for (const QJsonValue &b : std::as_const(system))
                texts << b.toObject().value(kText).toString();
            out.insert(QLatin1String("system"), texts.join(QStringLiteral("\n\n")));
        }
    }
    out.insert(QLatin1String("messages"), messages);
    if (formatType == QLatin1String("json_schema"))
        out.insert(QLatin1String("output_config"),
            QJsonObject {{QLatin1String("format"),
                QJsonObject {{kType, QStringLiteral("json_schema")},
                    {QLatin1String("schema"),
                        responseFormat.value(QLatin1String("json_schema"))
                            .toObject()
                            .value(QLatin1String("schema"))}}}});

    // Sampling: Anthropic's temperature range is 0-1 (OpenAI's 0-2: clamped), and current models
    // refuse temperature and top_p together, so top_p goes unless it is the only one set.
    const QJsonValue temperature = o.value(QLatin1String("temperature"));
    const QJsonValue topP = o.value(QLatin1String("top_p"));
    if (temperature.isDouble())
        out.insert(QLatin1String("temperature"), qBound(0.0, temperature.toDouble(), 1.0));
    if (topP.isDouble() && !temperature.isDouble() && topP.toDouble() < 1.0)
        out.insert(QLatin1String("top_p"), topP);
    if (o.value(QLatin1String("top_k")).isDouble())
        out.insert(QLatin1String("top_k"), o.value(QLatin1String("top_k")));

    const QJsonValue stop = o.value(QLatin1String("stop"));
    QJsonArray stops;
    if (stop.isString())
        stops.append(stop);
    for (const QJsonValue &s : stop.toArray()) {
        if (!s.toString().isEmpty())
            stops.append(s);
    }
    if (!stops.isEmpty())
        out.insert(QLatin1String("stop_sequences"), stops);
    if (o.value(QLatin1String("stream")).toBool())
        out.insert(QLatin1String("stream"), true);
    const QString user = o.value(QLatin1String("user")).toString();
    if (!user.isEmpty())
        out.insert(QLatin1String("metadata"), QJsonObject {{QLatin1String("user_id"), user}});

    QJsonArray tools;
    for (const QJsonValue &v : o.value(QLatin1String("tools")).toArray()) {
        const QJsonObject t = v.toObject();
        if (t.value(kType).toString() != QLatin1String("function")) {
            *error = invalid(QStringLiteral("Tools of type '%1' cannot be sent to an Anthropic model.")
                                 .arg(t.value(kType).toString()),
                QStringLiteral("tools"));
            return std::nullopt;
        }
        const QJsonObject fn = t.value(QLatin1String("function")).toObject();
        QJsonObject schema = fn.value(QLatin1String("parameters")).toObject();
        if (schema.isEmpty())
            schema = {{kType, QStringLiteral("object")}, {QLatin1String("properties"), QJsonObject()}};
        QJsonObject tool {{QLatin1String("name"), fn.value(QLatin1String("name"))},
            {QLatin1String("input_schema"), schema}};
        if (fn.value(QLatin1String("description")).isString())
            tool.insert(QLatin1String("description"), fn.value(QLatin1String("description")));
        if (fn.value(QLatin1String("strict")).toBool())
            tool.insert(QLatin1String("strict"), true);
        if (t.contains(kCacheControl))
            tool.insert(kCacheControl, t.value(kCacheControl));
        tools.append(tool);
    }
    if (!tools.isEmpty()) {
        out.insert(QLatin1String("tools"), tools);
        const QJsonValue choice = o.value(QLatin1String("tool_choice"));
        QJsonObject tc;
        if (choice.toString() == QLatin1String("required"))
            tc = {{kType, QStringLiteral("any")}};
        else if (choice.toString() == QLatin1String("none"))
            tc = {{kType, QStringLiteral("none")}};
        else if (choice.isObject())
            tc = {{kType, QStringLiteral("tool")},
                {QLatin1String("name"),
                    choice.toObject()
                        .value(QLatin1String("function"))
                        .toObject()
                        .value(QLatin1String("name"))}};
        else if (choice.toString() == QLatin1String("auto"))
            tc = {{kType, QStringLiteral("auto")}};
        if (o.value(QLatin1String("parallel_tool_calls")) == QJsonValue(false)) {
            if (tc.isEmpty())
                tc = {{kType, QStringLiteral("auto")}};
            if (tc.value(kType).toString() != QLatin1String("none"))
                tc.insert(QLatin1String("disable_parallel_tool_use"), true);
        }
        if (!tc.isEmpty())
            out.insert(QLatin1String("tool_choice"), tc);
    }

    // Thinking: an explicit Anthropic `thinking` object is kept; OpenAI's reasoning_effort becomes a
    // budget that must stay below max_tokens (and thinking runs at the default temperature).
    QJsonObject thinking = o.value(QLatin1String("thinking")).toObject();
    if (thinking.isEmpty()) {
        qint64 budget = thinkingBudget(o.value(QLatin1String("reasoning_effort")).toString());
        if (budget > 0 && maxTokens > 1024) {
            budget = qBound<qint64>(1024, budget, maxTokens / 2);
            thinking = {{kType, QStringLiteral("enabled")}, {QLatin1String("budget_tokens"), budget}};
        }
    }
    if (!thinking.isEmpty()) {
        out.insert(QLatin1String("thinking"), thinking);
        if (thinking.value(kType).toString() == QLatin1String("enabled")) {
            out.remove(QLatin1String("temperature"));
            out.remove(QLatin1String("top_k"));
            out.remove(QLatin1String("top_p"));
        }
    }
    out.insert(QLatin1String("max_tokens"), maxTokens);
    return out;
}

std::optional<QJsonObject> requestToOpenAI(const QJsonObject &anthropic, GatewayError *error)
{
    return toOpenAI(anthropic, true, error);
}

QJsonObject withSystemMessagesFolded(QJsonObject body)
{
    const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
    QJsonArray kept;
    QJsonArray moved;
    for (const QJsonValue &m : messages) {
        if (m.toObject().value(kRole).toString() != QLatin1String("system")) {
            kept.append(m);
            continue;
        }
        const QJsonValue content = m.toObject().value(kContent);
        if (content.isString())
            moved.append(textBlock(content.toString()));
        for (const QJsonValue &b : content.toArray())
            moved.append(b);
    }
    if (moved.isEmpty())
        return body;
    const QJsonValue system = body.value(QLatin1String("system"));
    QJsonArray blocks = system.isArray() ? system.toArray() : QJsonArray();
    if (system.isString() && !system.toString().isEmpty())
        blocks.append(textBlock(system.toString()));
    for (const QJsonValue &b : std::as_const(moved))
        blocks.append(b);
    body.insert(QLatin1String("system"), blocks);
    body.insert(QLatin1String("messages"), kept);
    return body;
}

std::optional<QJsonObject> countRequestToOpenAI(const QJsonObject &anthropic, GatewayError *error)
{
    return toOpenAI(anthropic, false, error);
}

// --- responses --------------------------------------------------------------------------------

QJsonObject responseToOpenAI(const QJsonObject &message)
{
    const AssistantParts p = assistantParts(message.value(kContent).toArray());
    const QJsonObject msg = OpenAIFormat::assistantMessage(p.text, p.calls, p.reasoning, true);
    return OpenAIFormat::completion(message.value(QLatin1String("id")).toString(QStringLiteral("msg")),
        QDateTime::currentSecsSinceEpoch(), message.value(QLatin1String("model")).toString(), msg,
        finishReasonFor(message.value(QLatin1String("stop_reason")).toString()),
        usageFromAnthropic(message.value(QLatin1String("usage")).toObject()));
}

QJsonObject responseFromOpenAI(const QJsonObject &completion)
{
    const QJsonObject choice = completion.value(QLatin1String("choices")).toArray().first().toObject();
    const QJsonObject msg = choice.value(QLatin1String("message")).toObject();
    QJsonArray content;
    const QString text = OpenAIFormat::textOf(msg.value(kContent));
    if (!text.isEmpty())
        content.append(textBlock(text));
    for (const QJsonValue &c : msg.value(QLatin1String("tool_calls")).toArray())
        content.append(toolUseBlock(c.toObject()));
    Usage usage;
    usage.readOpenAI(completion.value(QLatin1String("usage")));
    return {{QLatin1String("id"), newMessageId()}, {kType, QStringLiteral("message")},
        {kRole, QStringLiteral("assistant")},
        {QLatin1String("model"), completion.value(QLatin1String("model"))}, {kContent, content},
        {QLatin1String("stop_reason"),
            stopReasonFor(choice.value(QLatin1String("finish_reason")).toString())},
        {QLatin1String("stop_sequence"), QJsonValue::Null},
        {QLatin1String("usage"), usageToAnthropic(usage)}};
}

Usage usageFromAnthropic(const QJsonObject &u)
{
    Usage usage;
    usage.cachedTokens = u.value(QLatin1String("cache_read_input_tokens")).toInteger();
    usage.cacheWriteTokens = u.value(QLatin1String("cache_creation_input_tokens")).toInteger();
    usage.promptTokens
        = u.value(QLatin1String("input_tokens")).toInteger() + usage.cachedTokens + usage.cacheWriteTokens;
    usage.completionTokens = u.value(QLatin1String("output_tokens")).toInteger();
    usage.reported = !u.isEmpty();
    return usage;
}

QJsonObject usageToAnthropic(const Usage &u)
{
    return {{QLatin1String("input_tokens"),
                qMax<qint64>(0, u.promptTokens - u.cachedTokens - u.cacheWriteTokens)},
        {QLatin1String("cache_creation_input_tokens"), u.cacheWriteTokens},
        {QLatin1String("cache_read_input_tokens"), u.cachedTokens},
        {QLatin1String("output_tokens"), u.completionTokens}};
}

QString finishReasonFor(const QString &stopReason)
{
    if (stopReason == QLatin1String("max_tokens")
        || stopReason == QLatin1String("model_context_window_exceeded"))
        return QStringLiteral("length");
    if (stopReason == QLatin1String("tool_use"))
        return QStringLiteral("tool_calls");
    if (stopReason == QLatin1String("refusal"))
        return QStringLiteral("content_filter");
    return QStringLiteral("stop"); // end_turn, stop_sequence, pause_turn
}

QString stopReasonFor(const QString &finishReason)
{
    if (finishReason == QLatin1String("length"))
        return QStringLiteral("max_tokens");
    if (finishReason == QLatin1String("tool_calls") || finishReason == QLatin1String("function_call"))
        return QStringLiteral("tool_use");
    if (finishReason == QLatin1String("content_filter"))
        return QStringLiteral("refusal");
    return QStringLiteral("end_turn");
}

QString toolId(const QString &id)
{
    QString out = id;
    for (QChar &c : out) {
        const char16_t u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_'
            || u == '-';
        if (!ok)
            c = u'_';
    }
    return out.isEmpty() ? QStringLiteral("toolu_") : out;
}

QString newMessageId()
{
    return randomId("msg_");
}

} // namespace AnthropicMessages
