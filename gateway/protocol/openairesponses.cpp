// SPDX-License-Identifier: MIT
#include "protocol/openairesponses.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>

Q_LOGGING_CATEGORY(lcResponses, "switchyard.protocol.responses", QtInfoMsg)

namespace OpenAIResponses {

namespace {

    const QLatin1String kType("type");
    const QLatin1String kText("text");
    const QLatin1String kContent("content");
    const QLatin1String kRole("role");
    const QLatin1String kName("name");

    /// The argument a custom tool's free text travels in as a function.
    const QLatin1String kCustomInput("input");

    GatewayError invalid(const QString &message, const QString &param, const QString &code)
    {
        return GatewayError::invalidRequest(message, param, code);
    }

    GatewayError wrongType(const QString &param, const QString &expected)
    {
        return invalid(QStringLiteral("Invalid type for '%1': expected %2.").arg(param, expected), param,
            QStringLiteral("invalid_type"));
    }

    GatewayError badValue(const QString &param, const QString &why)
    {
        return invalid(QStringLiteral("Invalid value for '%1': %2").arg(param, why), param,
            QStringLiteral("invalid_value"));
    }

    /// A tool type that runs on OpenAI's servers: refused with what to do instead.
    GatewayError hostedTool(const QString &param, const QString &type)
    {
        QString hint;
        if (type.startsWith(QLatin1String("web_search")))
            hint = QStringLiteral(" In Codex, set web_search = \"disabled\" in ~/.codex/config.toml.");
        return invalid(QStringLiteral("The '%1' tool runs on OpenAI's own servers and none of Switchyard's "
                                      "providers can run it: remove it from 'tools'.%2")
                           .arg(type, hint),
            param, QStringLiteral("unsupported_tool"));
    }

    QJsonObject textPart(const QString &text)
    {
        return {{kType, QStringLiteral("text")}, {kText, text}};
    }

    /// One input content part (or a part of a function call's output) -> a chat content part.
    bool contentPart(const QJsonValue &value, const QString &at, QJsonObject *out, GatewayError *error)
    {
        if (!value.isObject() || !value.toObject().value(kType).isString()) {
            *error = wrongType(at, QStringLiteral("an object with a 'type'"));
            return false;
        }
        const QJsonObject p = value.toObject();
        const QString type = p.value(kType).toString();
        if (type == QLatin1String("input_text") || type == QLatin1String("output_text")
            || type == QLatin1String("text") || type == QLatin1String("summary_text")) {
            if (!p.value(kText).isString()) {
                *error = wrongType(at + QStringLiteral(".text"), QStringLiteral("a string"));
                return false;
            }
            *out = textPart(p.value(kText).toString());
            return true;
        }
        if (type == QLatin1String("refusal")) {
            *out = textPart(p.value(QLatin1String("refusal")).toString());
            return true;
        }
        if (type == QLatin1String("input_image")) {
            const QJsonValue url = p.value(QLatin1String("image_url"));
            if (!url.isString() || url.toString().isEmpty()) {
                *error = p.contains(QLatin1String("file_id"))
                    ? invalid(QStringLiteral("'%1.file_id': uploaded files are not available through "
                                             "Switchyard; send the image as image_url (a data URL or "
                                             "an https URL).")
                                  .arg(at),
                        at + QStringLiteral(".file_id"), QStringLiteral("unsupported_value"))
                    : invalid(QStringLiteral("Missing required parameter: '%1.image_url'.").arg(at),
                        at + QStringLiteral(".image_url"), QStringLiteral("missing_required_parameter"));
                return false;
            }
            QJsonObject image {{QLatin1String("url"), url}};
            if (p.value(QLatin1String("detail")).isString())
                image.insert(QLatin1String("detail"), p.value(QLatin1String("detail")));
            *out = {{kType, QStringLiteral("image_url")}, {QLatin1String("image_url"), image}};
            return true;
        }
        if (type == QLatin1String("input_file")) {
            const QJsonValue data = p.value(QLatin1String("file_data"));
            if (!data.isString() || data.toString().isEmpty()) {
                *error = invalid(QStringLiteral("'%1': only inline files (file_data) are supported; "
                                                "file_id and file_url need OpenAI's own storage.")
                                     .arg(at),
                    at, QStringLiteral("unsupported_value"));
                return false;
            }
            QJsonObject file {{QLatin1String("file_data"), data}};
            if (p.value(QLatin1String("filename")).isString())
                file.insert(QLatin1String("filename"), p.value(QLatin1String("filename")));
            *out = {{kType, QStringLiteral("file")}, {QLatin1String("file"), file}};
            return true;
        }
        if (type == QLatin1String("input_audio")) {
            *out = {{kType, QStringLiteral("input_audio")},
                {QLatin1String("input_audio"), p.value(QLatin1String("input_audio"))}};
            return true;
        }
        *error = badValue(at + QStringLiteral(".type"),
            QStringLiteral("'%1' is not a content type Switchyard can translate (input_text, input_image, "
                           "input_file, input_audio, output_text, refusal).")
                .arg(type));
        return false;
    }

    /// A plain string when every part is text (what OpenAI-compatible servers take best), else parts.
    QJsonValue contentValue(const QJsonArray &parts)
    {
        QStringList texts;
        for (const QJsonValue &p : parts) {
            if (p.toObject().value(kType).toString() != QLatin1String("text"))
                return parts;
            texts << p.toObject().value(kText).toString();
        }
        return texts.join(QStringLiteral("\n\n"));
    }

    /// Builds the canonical messages from Responses items, in order.
    class MessageBuilder
    {
    public:
        bool add(const QJsonValue &value, const QString &at, GatewayError *error)
        {
            if (!value.isObject()) {
                *error = wrongType(at, QStringLiteral("an object"));
                return false;
            }
            const QJsonObject item = value.toObject();
            QString type = item.value(kType).toString();
            if (type.isEmpty() && item.contains(kRole))
                type = QStringLiteral("message"); // EasyInputMessage: {role, content}
            if (type != QLatin1String("function_call_output")
                && type != QLatin1String("custom_tool_call_output"))
                flushImages();
            if (type == QLatin1String("message"))
                return message(item, at, error);
            if (type == QLatin1String("function_call") || type == QLatin1String("custom_tool_call"))
                return call(item, at, type == QLatin1String("custom_tool_call"), error);
            if (type == QLatin1String("function_call_output")
                || type == QLatin1String("custom_tool_call_output"))
                return output(item, at, error);
            if (type == QLatin1String("reasoning") || type == QLatin1String("web_search_call")) {
                // Encrypted reasoning and OpenAI's search calls mean nothing to another model; the
                // answer they led to is in the following message.
                qCDebug(lcResponses) << "input item left out of the canonical request:" << type;
                return true;
            }
            if (type.isEmpty()) {
                *error = invalid(QStringLiteral("Missing required parameter: '%1.type'.").arg(at),
                    at + QStringLiteral(".type"), QStringLiteral("missing_required_parameter"));
                return false;
            }
            if (type == QLatin1String("item_reference")) {
                *error = invalid(QStringLiteral("'%1': item references need items stored by OpenAI; send the "
                                                "items themselves, or use previous_response_id.")
                                     .arg(at),
                    at, QStringLiteral("unsupported_value"));
                return false;
            }
            *error = badValue(at + QStringLiteral(".type"),
                QStringLiteral("'%1' items come from tools that run on OpenAI's servers; Switchyard "
                               "cannot translate them.")
                    .arg(type));
            return false;
        }

        QJsonArray finish()
        {
            flushImages();
            return m_messages;
        }

    private:
        bool message(const QJsonObject &item, const QString &at, GatewayError *error)
        {
            const QJsonValue roleValue = item.value(kRole);
            const QString role = roleValue.toString();
            static const QStringList roles = {QStringLiteral("user"), QStringLiteral("assistant"),
                QStringLiteral("system"), QStringLiteral("developer")};
            if (!roles.contains(role)) {
                *error = roleValue.isUndefined()
                    ? invalid(QStringLiteral("Missing required parameter: '%1.role'.").arg(at),
                        at + QStringLiteral(".role"), QStringLiteral("missing_required_parameter"))
                    : badValue(at + QStringLiteral(".role"),
                        QStringLiteral("expected one of user, assistant, system, developer."));
                return false;
            }
            const QJsonValue content = item.value(kContent);
            QJsonValue canonical;
            if (content.isString()) {
                canonical = content;
            } else if (content.isArray()) {
                QJsonArray parts;
                const QJsonArray list = content.toArray();
                for (qsizetype i = 0; i < list.size(); ++i) {
                    QJsonObject part;
                    if (!contentPart(
                            list.at(i), QStringLiteral("%1.content[%2]").arg(at).arg(i), &part, error))
                        return false;
                    parts.append(part);
                }
                canonical = contentValue(parts);
            } else {
                *error = wrongType(at + QStringLiteral(".content"), QStringLiteral("a string or an array"));
                return false;
            }
            // Developer messages are system messages to every provider (and OpenAI-compatible
            // servers that predate the developer role refuse it).
            const QString canonicalRole
                = role == QLatin1String("developer") ? QStringLiteral("system") : role;
            if (canonicalRole == QLatin1String("assistant")) {
                const QString text
                    = canonical.isString() ? canonical.toString() : OpenAIFormat::textOf(canonical);
                m_messages.append(OpenAIFormat::assistantMessage(text, {}, {}, false));
                return true;
            }
            m_messages.append(QJsonObject {{kRole, canonicalRole}, {kContent, canonical}});
            return true;
        }

        bool call(const QJsonObject &item, const QString &at, bool custom, GatewayError *error)
        {
            const QString callId = item.value(QLatin1String("call_id")).toString();
            const QString name = item.value(kName).toString();
            if (callId.isEmpty() || name.isEmpty()) {
                const QString field = callId.isEmpty() ? QStringLiteral("call_id") : QStringLiteral("name");
                *error = invalid(QStringLiteral("Missing required parameter: '%1.%2'.").arg(at, field),
                    at + u'.' + field, QStringLiteral("missing_required_parameter"));
                return false;
            }
            QString arguments;
            if (custom) {
                arguments = OpenAIFormat::compactJson(
                    QJsonObject {{kCustomInput, item.value(QLatin1String("input")).toString()}});
            } else {
                const QJsonValue args = item.value(QLatin1String("arguments"));
                arguments = args.isString() ? args.toString() : OpenAIFormat::compactJson(args.toObject());
            }
            const QString canonicalName
                = canonicalToolName(item.value(QLatin1String("namespace")).toString(), name);
            const QJsonObject tc = OpenAIFormat::toolCall(callId, canonicalName, arguments);
            // Calls of one turn are one assistant message, with the text that came before them.
            if (!m_messages.isEmpty()
                && m_messages.last().toObject().value(kRole).toString() == QLatin1String("assistant")) {
                QJsonObject last = m_messages.last().toObject();
                QJsonArray calls = last.value(QLatin1String("tool_calls")).toArray();
                calls.append(tc);
                last.insert(QLatin1String("tool_calls"), calls);
                if (last.value(kContent).toString().isEmpty())
                    last.insert(kContent, QJsonValue::Null);
                m_messages[m_messages.size() - 1] = last;
            } else {
                m_messages.append(OpenAIFormat::assistantMessage({}, {tc}, {}, false));
            }
            return true;
        }

        bool output(const QJsonObject &item, const QString &at, GatewayError *error)
        {
            const QString callId = item.value(QLatin1String("call_id")).toString();
            if (callId.isEmpty()) {
                *error = invalid(QStringLiteral("Missing required parameter: '%1.call_id'.").arg(at),
                    at + QStringLiteral(".call_id"), QStringLiteral("missing_required_parameter"));
                return false;
            }
            const QJsonValue out = item.value(QLatin1String("output"));
            QString text;
            if (out.isString()) {
                text = out.toString();
            } else if (out.isArray()) {
                QStringList texts;
                const QJsonArray list = out.toArray();
                for (qsizetype i = 0; i < list.size(); ++i) {
                    QJsonObject part;
                    if (!contentPart(
                            list.at(i), QStringLiteral("%1.output[%2]").arg(at).arg(i), &part, error))
                        return false;
                    if (part.value(kType).toString() == QLatin1String("text"))
                        texts << part.value(kText).toString();
                    else
                        m_images.append(part); // tool messages carry text only: see flushImages()
                }
                text = texts.join(u'\n');
            } else if (out.isObject()) {
                text = OpenAIFormat::compactJson(out.toObject());
            } else {
                *error = wrongType(at + QStringLiteral(".output"), QStringLiteral("a string or an array"));
                return false;
            }
            m_messages.append(QJsonObject {
                {kRole, QStringLiteral("tool")}, {QLatin1String("tool_call_id"), callId}, {kContent, text}});
            return true;
        }

        /// Images a tool returned go in a user message after the run of tool messages (chat
        /// completions want tool messages right after the call).
        void flushImages()
        {
            if (m_images.isEmpty())
                return;
            QJsonArray parts {textPart(QStringLiteral("The tool output above came with these images:"))};
            for (const QJsonValue &p : std::as_const(m_images))
                parts.append(p);
            m_messages.append(QJsonObject {{kRole, QStringLiteral("user")}, {kContent, parts}});
            m_images = {};
        }

        QJsonArray m_messages;
        QJsonArray m_images;
    };

    QJsonObject functionTool(const QString &name, const QString &description, const QJsonValue &parameters,
        const QJsonValue &strict)
    {
        QJsonObject params = parameters.toObject();
        if (params.isEmpty())
            params = {{kType, QStringLiteral("object")}, {QLatin1String("properties"), QJsonObject()}};
        QJsonObject fn {{kName, name}, {QLatin1String("parameters"), params}};
        if (!description.isEmpty())
            fn.insert(QLatin1String("description"), description);
        if (strict.isBool())
            fn.insert(QLatin1String("strict"), strict);
        return {{kType, QStringLiteral("function")}, {QLatin1String("function"), fn}};
    }

    /// A custom (free-form input) tool as a function taking its text in `input`.
    QJsonObject customTool(const QJsonObject &t)
    {
        QString description = t.value(QLatin1String("description")).toString();
        const QJsonObject format = t.value(QLatin1String("format")).toObject();
        QString inputDescription = QStringLiteral("The tool's input, as free text.");
        if (format.value(kType).toString() == QLatin1String("grammar")) {
            inputDescription = QStringLiteral("The tool's input: text in this %1 grammar:\n%2")
                                   .arg(format.value(QLatin1String("syntax")).toString(),
                                       format.value(QLatin1String("definition")).toString());
        }
        const QJsonObject params {{kType, QStringLiteral("object")},
            {QLatin1String("properties"),
                QJsonObject {{kCustomInput,
                    QJsonObject {{kType, QStringLiteral("string")},
                        {QLatin1String("description"), inputDescription}}}}},
            {QLatin1String("required"), QJsonArray {kCustomInput}},
            {QLatin1String("additionalProperties"), false}};
        return functionTool(t.value(kName).toString(), description, params, QJsonValue::Undefined);
    }

    /// `tools` -> canonical function tools; @p names gets what each canonical name stands for.
    bool translateTools(const QJsonValue &value, QJsonArray *out, ToolNames *names, GatewayError *error)
    {
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isArray()) {
            *error = wrongType(QStringLiteral("tools"), QStringLiteral("an array"));
            return false;
        }
        const QJsonArray list = value.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString at = QStringLiteral("tools[%1]").arg(i);
            const QJsonObject t = list.at(i).toObject();
            const QString type = t.value(kType).toString();
            if (type == QLatin1String("function") || type == QLatin1String("custom")) {
                const QString name = t.value(kName).toString();
                if (name.isEmpty()) {
                    *error = invalid(QStringLiteral("Missing required parameter: '%1.name'.").arg(at),
                        at + QStringLiteral(".name"), QStringLiteral("missing_required_parameter"));
                    return false;
                }
                const bool custom = type == QLatin1String("custom");
                out->append(custom
                        ? customTool(t)
                        : functionTool(name, t.value(QLatin1String("description")).toString(),
                            t.value(QLatin1String("parameters")), t.value(QLatin1String("strict"))));
                if (custom)
                    names->insert(name, {name, {}, true});
                continue;
            }
            if (type == QLatin1String("namespace")) {
                const QString ns = t.value(kName).toString();
                const QString nsDescription = t.value(QLatin1String("description")).toString();
                const QJsonArray inner = t.value(QLatin1String("tools")).toArray();
                for (qsizetype k = 0; k < inner.size(); ++k) {
                    const QJsonObject f = inner.at(k).toObject();
                    const QString name = f.value(kName).toString();
                    if (ns.isEmpty() || name.isEmpty()) {
                        *error = invalid(
                            QStringLiteral("Missing required parameter: '%1.name'.")
                                .arg(ns.isEmpty() ? at : QStringLiteral("%1.tools[%2]").arg(at).arg(k)),
                            at + QStringLiteral(".name"), QStringLiteral("missing_required_parameter"));
                        return false;
                    }
                    const QString canonical = canonicalToolName(ns, name);
                    QString description = f.value(QLatin1String("description")).toString();
                    if (!nsDescription.isEmpty())
                        description = QStringLiteral("[%1: %2] %3").arg(ns, nsDescription, description);
                    const bool custom = f.value(kType).toString() == QLatin1String("custom");
                    QJsonObject tool = custom
                        ? customTool(f)
                        : functionTool(canonical, description, f.value(QLatin1String("parameters")),
                            f.value(QLatin1String("strict")));
                    QJsonObject fn = tool.value(QLatin1String("function")).toObject();
                    fn.insert(kName, canonical);
                    fn.insert(QLatin1String("description"), description);
                    tool.insert(QLatin1String("function"), fn);
                    out->append(tool);
                    names->insert(canonical, {name, ns, custom});
                }
                continue;
            }
            *error = type.isEmpty()
                ? invalid(QStringLiteral("Missing required parameter: '%1.type'.").arg(at),
                    at + QStringLiteral(".type"), QStringLiteral("missing_required_parameter"))
                : hostedTool(at, type);
            return false;
        }
        return true;
    }

    bool translateToolChoice(const QJsonValue &value, QJsonObject &out, GatewayError *error)
    {
        if (value.isUndefined() || value.isNull())
            return true;
        if (value.isString()) {
            const QString mode = value.toString();
            if (mode != QLatin1String("auto") && mode != QLatin1String("none")
                && mode != QLatin1String("required")) {
                *error = badValue(
                    QStringLiteral("tool_choice"), QStringLiteral("expected auto, none or required."));
                return false;
            }
            out.insert(QLatin1String("tool_choice"), mode);
            return true;
        }
        const QJsonObject choice = value.toObject();
        const QString type = choice.value(kType).toString();
        if (type == QLatin1String("function") || type == QLatin1String("custom")) {
            const QString name = canonicalToolName(
                choice.value(QLatin1String("namespace")).toString(), choice.value(kName).toString());
            out.insert(QLatin1String("tool_choice"),
                QJsonObject {{kType, QStringLiteral("function")},
                    {QLatin1String("function"), QJsonObject {{kName, name}}}});
            return true;
        }
        if (type == QLatin1String("allowed_tools")) {
            // Only these tools, in the given mode: the others are left out of the request.
            QSet<QString> allowed;
            for (const QJsonValue &t : choice.value(QLatin1String("tools")).toArray())
                allowed.insert(canonicalToolName(t.toObject().value(QLatin1String("namespace")).toString(),
                    t.toObject().value(kName).toString()));
            QJsonArray kept;
            for (const QJsonValue &t : out.value(QLatin1String("tools")).toArray()) {
                if (allowed.contains(
                        t.toObject().value(QLatin1String("function")).toObject().value(kName).toString()))
                    kept.append(t);
            }
            out.insert(QLatin1String("tools"), kept);
            out.insert(QLatin1String("tool_choice"),
                choice.value(QLatin1String("mode")).toString() == QLatin1String("required")
                    ? QStringLiteral("required")
                    : QStringLiteral("auto"));
            return true;
        }
        *error = hostedTool(QStringLiteral("tool_choice"), type.isEmpty() ? QStringLiteral("?") : type);
        return false;
    }

    bool translateFormat(const QJsonValue &text, QJsonObject &out, GatewayError *error)
    {
        const QJsonObject format = text.toObject().value(QLatin1String("format")).toObject();
        const QString type = format.value(kType).toString();
        if (type.isEmpty() || type == QLatin1String("text"))
            return true;
        if (type == QLatin1String("json_object")) {
            out.insert(
                QLatin1String("response_format"), QJsonObject {{kType, QStringLiteral("json_object")}});
            return true;
        }
        if (type == QLatin1String("json_schema")) {
            if (!format.value(QLatin1String("schema")).isObject()) {
                *error = invalid(QStringLiteral("Missing required parameter: 'text.format.schema'."),
                    QStringLiteral("text.format.schema"), QStringLiteral("missing_required_parameter"));
                return false;
            }
            QJsonObject schema {{kName, format.value(kName).toString(QStringLiteral("output"))},
                {QLatin1String("schema"), format.value(QLatin1String("schema"))}};
            if (format.value(QLatin1String("strict")).isBool())
                schema.insert(QLatin1String("strict"), format.value(QLatin1String("strict")));
            if (format.value(QLatin1String("description")).isString())
                schema.insert(QLatin1String("description"), format.value(QLatin1String("description")));
            out.insert(QLatin1String("response_format"),
                QJsonObject {{kType, QStringLiteral("json_schema")}, {QLatin1String("json_schema"), schema}});
            return true;
        }
        *error = badValue(
            QStringLiteral("text.format.type"), QStringLiteral("expected text, json_object or json_schema."));
        return false;
    }

    QString hex(int bytes)
    {
        QByteArray raw(bytes, Qt::Uninitialized);
        for (char &c : raw)
            c = char(QRandomGenerator::global()->bounded(256));
        return QString::fromLatin1(raw.toHex());
    }

} // namespace

QString canonicalToolName(const QString &ns, const QString &name)
{
    if (ns.isEmpty())
        return name;
    QString out = ns + QStringLiteral("__") + name;
    if (out.size() > 64) {
        // Function names are capped at 64 characters (OpenAI, Anthropic, Gemini): keep a readable
        // head and a hash that stays the same on every turn.
        const QString hash = QString::fromLatin1(
            QCryptographicHash::hash(out.toUtf8(), QCryptographicHash::Sha1).toHex().left(8));
        out = out.left(55) + u'_' + hash;
    }
    return out;
}

QString newId(const char *prefix)
{
    return QString::fromLatin1(prefix) + u'_' + hex(24);
}

std::optional<Translated> requestToOpenAI(
    const QJsonObject &body, const QJsonArray &history, GatewayError *error)
{
    const QJsonValue model = body.value(QLatin1String("model"));
    if (model.isUndefined() || model.isNull()) {
        *error = invalid(QStringLiteral("Missing required parameter: 'model'."), QStringLiteral("model"),
            QStringLiteral("missing_required_parameter"));
        return std::nullopt;
    }
    if (!model.isString() || model.toString().trimmed().isEmpty()) {
        *error = wrongType(QStringLiteral("model"), QStringLiteral("a non-empty string"));
        return std::nullopt;
    }
    for (const char *unsupported : {"background", "conversation", "prompt"}) {
        const QJsonValue v = body.value(QLatin1String(unsupported));
        if (!v.isUndefined() && !v.isNull() && v != QJsonValue(false)) {
            *error = invalid(QStringLiteral("'%1' needs OpenAI's own storage and is not supported by "
                                            "Switchyard; send the conversation as 'input' (or use "
                                            "previous_response_id).")
                                 .arg(QLatin1String(unsupported)),
                QLatin1String(unsupported), QStringLiteral("unsupported_parameter"));
            return std::nullopt;
        }
    }
    Translated t;
    QJsonObject &out = t.chat;
    out.insert(QLatin1String("model"), model);

    QJsonArray tools;
    if (!translateTools(body.value(QLatin1String("tools")), &tools, &t.tools, error))
        return std::nullopt;

    // The conversation: the stored history, then this request's input.
    const QJsonValue input = body.value(QLatin1String("input"));
    if (input.isUndefined() || input.isNull()) {
        if (history.isEmpty()) {
            *error = invalid(QStringLiteral("Missing required parameter: 'input'."), QStringLiteral("input"),
                QStringLiteral("missing_required_parameter"));
            return std::nullopt;
        }
    } else if (!input.isString() && !input.isArray()) {
        *error = wrongType(QStringLiteral("input"), QStringLiteral("a string or an array of input items"));
        return std::nullopt;
    }
    t.inputItems = history;
    if (input.isString())
        t.inputItems.append(QJsonObject {{kType, QStringLiteral("message")}, {kRole, QStringLiteral("user")},
            {kContent, QJsonArray {QJsonObject {{kType, QStringLiteral("input_text")}, {kText, input}}}}});
    for (const QJsonValue &item : input.toArray())
        t.inputItems.append(item);

    MessageBuilder builder;
    for (qsizetype i = 0; i < t.inputItems.size(); ++i) {
        // Errors name the item as the client sent it (history items were validated when stored).
        const QString at = i < history.size() ? QStringLiteral("previous_response_id")
            : input.isString()                ? QStringLiteral("input")
                                              : QStringLiteral("input[%1]").arg(i - history.size());
        if (!builder.add(t.inputItems.at(i), at, error))
            return std::nullopt;
    }
    QJsonArray messages = builder.finish();
    const QJsonValue instructions = body.value(QLatin1String("instructions"));
    if (!instructions.isUndefined() && !instructions.isNull() && !instructions.isString()) {
        *error = wrongType(QStringLiteral("instructions"), QStringLiteral("a string"));
        return std::nullopt;
    }
    if (!instructions.toString().isEmpty())
        messages.prepend(QJsonObject {{kRole, QStringLiteral("system")}, {kContent, instructions}});
    if (messages.isEmpty()) {
        *error = invalid(QStringLiteral("'input' must contain at least one message."),
            QStringLiteral("input"), QStringLiteral("empty_array"));
        return std::nullopt;
    }
    out.insert(QLatin1String("messages"), messages);

    if (!tools.isEmpty())
        out.insert(QLatin1String("tools"), tools);
    if (!translateToolChoice(body.value(QLatin1String("tool_choice")), out, error))
        return std::nullopt;
    if (out.value(QLatin1String("tools")).toArray().isEmpty()) {
        out.remove(QLatin1String("tools"));
        out.remove(QLatin1String("tool_choice"));
    }
    const QJsonValue parallel = body.value(QLatin1String("parallel_tool_calls"));
    if (parallel.isBool() && out.contains(QLatin1String("tools")))
        out.insert(QLatin1String("parallel_tool_calls"), parallel);

    const QJsonValue stream = body.value(QLatin1String("stream"));
    if (!stream.isUndefined() && !stream.isNull() && !stream.isBool()) {
        *error = wrongType(QStringLiteral("stream"), QStringLiteral("a boolean"));
        return std::nullopt;
    }
    if (stream.toBool()) {
        out.insert(QLatin1String("stream"), true);
        out.insert(QLatin1String("stream_options"), QJsonObject {{QLatin1String("include_usage"), true}});
    }
    const QJsonValue maxTokens = body.value(QLatin1String("max_output_tokens"));
    if (!maxTokens.isUndefined() && !maxTokens.isNull()) {
        const double d = maxTokens.toDouble(-1);
        if (!maxTokens.isDouble() || d != double(qint64(d)) || d < 16) {
            *error
                = badValue(QStringLiteral("max_output_tokens"), QStringLiteral("expected an integer >= 16."));
            return std::nullopt;
        }
        out.insert(QLatin1String("max_tokens"), qint64(d));
    }
    for (const char *key : {"temperature", "top_p"}) {
        const QJsonValue v = body.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            continue;
        if (!v.isDouble()) {
            *error = wrongType(QLatin1String(key), QStringLiteral("a number"));
            return std::nullopt;
        }
        out.insert(QLatin1String(key), v);
    }
    const QString effort
        = body.value(QLatin1String("reasoning")).toObject().value(QLatin1String("effort")).toString();
    if (!effort.isEmpty())
        out.insert(QLatin1String("reasoning_effort"), effort);
    if (!translateFormat(body.value(QLatin1String("text")), out, error))
        return std::nullopt;
    QString user = body.value(QLatin1String("safety_identifier")).toString();
    if (user.isEmpty())
        user = body.value(QLatin1String("user")).toString();
    if (!user.isEmpty())
        out.insert(QLatin1String("user"), user);
    // Left out (no provider-neutral meaning): store, metadata, include, prompt_cache_key, truncation,
    // service_tier, top_logprobs, text.verbosity, reasoning.summary, client_metadata.
    return t;
}

QJsonObject responseShell(const QString &id, qint64 createdAt, const QJsonObject &request)
{
    const auto orNull = [&](const char *key) {
        const QJsonValue v = request.value(QLatin1String(key));
        return v.isUndefined() ? QJsonValue(QJsonValue::Null) : v;
    };
    QJsonObject reasoning {
        {QLatin1String("effort"), QJsonValue::Null}, {QLatin1String("summary"), QJsonValue::Null}};
    const QJsonObject askedReasoning = request.value(QLatin1String("reasoning")).toObject();
    for (auto it = askedReasoning.constBegin(); it != askedReasoning.constEnd(); ++it)
        reasoning.insert(it.key(), it.value());
    QJsonObject text = request.value(QLatin1String("text")).toObject();
    if (!text.contains(QLatin1String("format")))
        text.insert(QLatin1String("format"), QJsonObject {{kType, QStringLiteral("text")}});
    return {{QLatin1String("id"), id}, {QLatin1String("object"), QStringLiteral("response")},
        {QLatin1String("created_at"), createdAt}, {QLatin1String("status"), QStringLiteral("in_progress")},
        {QLatin1String("background"), false}, {QLatin1String("error"), QJsonValue::Null},
        {QLatin1String("incomplete_details"), QJsonValue::Null},
        {QLatin1String("instructions"), orNull("instructions")},
        {QLatin1String("max_output_tokens"), orNull("max_output_tokens")},
        {QLatin1String("model"), request.value(QLatin1String("model"))},
        {QLatin1String("output"), QJsonArray()},
        {QLatin1String("parallel_tool_calls"),
            request.value(QLatin1String("parallel_tool_calls")).toBool(true)},
        {QLatin1String("previous_response_id"), orNull("previous_response_id")},
        {QLatin1String("reasoning"), reasoning},
        {QLatin1String("store"), request.value(QLatin1String("store")).toBool(true)},
        {QLatin1String("temperature"), request.value(QLatin1String("temperature")).toDouble(1.0)},
        {QLatin1String("text"), text},
        {QLatin1String("tool_choice"),
            request.contains(QLatin1String("tool_choice")) ? request.value(QLatin1String("tool_choice"))
                                                           : QJsonValue(QStringLiteral("auto"))},
        {QLatin1String("tools"), request.value(QLatin1String("tools")).toArray()},
        {QLatin1String("top_p"), request.value(QLatin1String("top_p")).toDouble(1.0)},
        {QLatin1String("truncation"),
            request.value(QLatin1String("truncation")).toString(QStringLiteral("disabled"))},
        {QLatin1String("usage"), QJsonValue::Null}, {QLatin1String("user"), orNull("user")},
        {QLatin1String("metadata"), request.value(QLatin1String("metadata")).toObject()}};
}

QJsonObject callItem(const QString &itemId, const QString &callId, const QString &canonicalName,
    const QString &arguments, const ToolNames &tools, bool done)
{
    const auto origin = tools.constFind(canonicalName);
    const QString status = done ? QStringLiteral("completed") : QStringLiteral("in_progress");
    if (origin != tools.constEnd() && origin->custom) {
        QJsonObject item {{QLatin1String("id"), itemId}, {kType, QStringLiteral("custom_tool_call")},
            {QLatin1String("status"), status}, {QLatin1String("call_id"), callId}, {kName, origin->name},
            {QLatin1String("input"),
                done ? OpenAIFormat::argumentsObject(arguments).value(kCustomInput).toString() : QString()}};
        if (!origin->ns.isEmpty())
            item.insert(QLatin1String("namespace"), origin->ns);
        return item;
    }
    QJsonObject item {{QLatin1String("id"), itemId}, {kType, QStringLiteral("function_call")},
        {QLatin1String("status"), status}, {QLatin1String("arguments"), done ? arguments : QString()},
        {QLatin1String("call_id"), callId},
        {kName, origin != tools.constEnd() ? origin->name : canonicalName}};
    if (origin != tools.constEnd() && !origin->ns.isEmpty())
        item.insert(QLatin1String("namespace"), origin->ns);
    return item;
}

QJsonArray outputItems(const QJsonObject &message, const ToolNames &tools)
{
    QJsonArray items;
    const QString reasoning = message.value(QLatin1String("reasoning_content")).toString();
    if (!reasoning.isEmpty())
        items.append(QJsonObject {{QLatin1String("id"), newId("rs")}, {kType, QStringLiteral("reasoning")},
            {QLatin1String("summary"), QJsonArray()},
            {kContent,
                QJsonArray {QJsonObject {{kType, QStringLiteral("reasoning_text")}, {kText, reasoning}}}}});
    const QString text = OpenAIFormat::textOf(message.value(kContent));
    const QString refusal = message.value(QLatin1String("refusal")).toString();
    if (!text.isEmpty() || !refusal.isEmpty()) {
        QJsonArray content;
        if (!text.isEmpty())
            content.append(QJsonObject {{kType, QStringLiteral("output_text")},
                {QLatin1String("annotations"), QJsonArray()}, {QLatin1String("logprobs"), QJsonArray()},
                {kText, text}});
        if (!refusal.isEmpty())
            content.append(
                QJsonObject {{kType, QStringLiteral("refusal")}, {QLatin1String("refusal"), refusal}});
        items.append(QJsonObject {{QLatin1String("id"), newId("msg")}, {kType, QStringLiteral("message")},
            {QLatin1String("status"), QStringLiteral("completed")}, {kRole, QStringLiteral("assistant")},
            {kContent, content}});
    }
    for (const QJsonValue &c : message.value(QLatin1String("tool_calls")).toArray()) {
        const QJsonObject call = c.toObject();
        const QJsonObject fn = call.value(QLatin1String("function")).toObject();
        const QString name = fn.value(kName).toString();
        const bool custom = tools.value(name).custom;
        items.append(callItem(newId(custom ? "ctc" : "fc"), call.value(QLatin1String("id")).toString(), name,
            fn.value(QLatin1String("arguments")).toString(), tools, true));
    }
    return items;
}

void setStatus(QJsonObject &response, const QString &finishReason)
{
    if (finishReason == QLatin1String("length") || finishReason == QLatin1String("content_filter")) {
        response.insert(QLatin1String("status"), QStringLiteral("incomplete"));
        response.insert(QLatin1String("incomplete_details"),
            QJsonObject {{QLatin1String("reason"),
                finishReason == QLatin1String("length") ? QStringLiteral("max_output_tokens")
                                                        : QStringLiteral("content_filter")}});
        return;
    }
    response.insert(QLatin1String("status"), QStringLiteral("completed"));
}

QJsonObject responseFromOpenAI(
    const QJsonObject &completion, QJsonObject shell, const ToolNames &tools, const Usage &usage)
{
    const QJsonObject choice = completion.value(QLatin1String("choices")).toArray().first().toObject();
    shell.insert(
        QLatin1String("output"), outputItems(choice.value(QLatin1String("message")).toObject(), tools));
    setStatus(shell, choice.value(QLatin1String("finish_reason")).toString());
    shell.insert(QLatin1String("usage"), usageToResponses(usage));
    return shell;
}

QJsonObject usageToResponses(const Usage &u)
{
    return {{QLatin1String("input_tokens"), u.promptTokens},
        {QLatin1String("input_tokens_details"),
            QJsonObject {{QLatin1String("cached_tokens"), u.cachedTokens}}},
        {QLatin1String("output_tokens"), u.completionTokens},
        {QLatin1String("output_tokens_details"),
            QJsonObject {{QLatin1String("reasoning_tokens"), u.reasoningTokens}}},
        {QLatin1String("total_tokens"), u.total()}};
}

Usage usageFromResponses(const QJsonObject &usage)
{
    Usage u;
    u.promptTokens = usage.value(QLatin1String("input_tokens")).toInteger();
    u.completionTokens = usage.value(QLatin1String("output_tokens")).toInteger();
    u.cachedTokens = usage.value(QLatin1String("input_tokens_details"))
                         .toObject()
                         .value(QLatin1String("cached_tokens"))
                         .toInteger();
    u.reasoningTokens = usage.value(QLatin1String("output_tokens_details"))
                            .toObject()
                            .value(QLatin1String("reasoning_tokens"))
                            .toInteger();
    u.reported = !usage.isEmpty();
    return u;
}

} // namespace OpenAIResponses
