// SPDX-License-Identifier: MIT
#include "protocol/geminicontent.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrl>

Q_LOGGING_CATEGORY(lcGemini, "switchyard.protocol.gemini", QtInfoMsg)

namespace GeminiContent {

namespace {

    const QLatin1String kParts("parts");
    const QLatin1String kRole("role");
    const QLatin1String kText("text");
    const QLatin1String kType("type");
    const QLatin1String kContent("content");
    const QLatin1String kSignatureMark("__ts_");

    GatewayError invalid(const QString &message, const QString &param)
    {
        return GatewayError::invalidRequest(message, param, QStringLiteral("invalid_request"));
    }

    /// A MIME type for a URL Gemini fetches itself (fileData needs one).
    QString mimeForUrl(const QString &url)
    {
        const QString path = QUrl(url).path().toLower();
        static const QList<QPair<QLatin1String, QLatin1String>> types
            = {{QLatin1String(".png"), QLatin1String("image/png")},
                {QLatin1String(".jpg"), QLatin1String("image/jpeg")},
                {QLatin1String(".jpeg"), QLatin1String("image/jpeg")},
                {QLatin1String(".webp"), QLatin1String("image/webp")},
                {QLatin1String(".gif"), QLatin1String("image/gif")},
                {QLatin1String(".heic"), QLatin1String("image/heic")},
                {QLatin1String(".pdf"), QLatin1String("application/pdf")}};
        for (const auto &t : types) {
            if (path.endsWith(t.first))
                return t.second;
        }
        return QStringLiteral("image/jpeg");
    }

    QJsonObject inlineData(const QString &mime, const QString &data)
    {
        return {{QLatin1String("inlineData"),
            QJsonObject {{QLatin1String("mimeType"), mime}, {QLatin1String("data"), data}}}};
    }

    /// OpenAI content (string or parts) -> Gemini parts.
    bool partsOf(const QJsonValue &content, const QString &at, QJsonArray *out, GatewayError *error)
    {
        if (content.isString()) {
            if (!content.toString().isEmpty())
                out->append(QJsonObject {{kText, content}});
            return true;
        }
        const QJsonArray parts = content.toArray();
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const QJsonObject p = parts.at(i).toObject();
            const QString type = p.value(kType).toString();
            QString mime;
            QString data;
            if (type == QLatin1String("text") || type == QLatin1String("refusal")) {
                const QString text
                    = p.value(type == QLatin1String("text") ? kText : QLatin1String("refusal")).toString();
                if (!text.isEmpty())
                    out->append(QJsonObject {{kText, text}});
            } else if (type == QLatin1String("image_url")) {
                const QString url
                    = p.value(QLatin1String("image_url")).toObject().value(QLatin1String("url")).toString();
                if (OpenAIFormat::parseDataUrl(url, &mime, &data))
                    out->append(inlineData(mime, data));
                else
                    out->append(QJsonObject {{QLatin1String("fileData"),
                        QJsonObject {
                            {QLatin1String("mimeType"), mimeForUrl(url)}, {QLatin1String("fileUri"), url}}}});
            } else if (type == QLatin1String("input_audio")) {
                const QJsonObject audio = p.value(QLatin1String("input_audio")).toObject();
                out->append(inlineData(QStringLiteral("audio/")
                        + audio.value(QLatin1String("format")).toString(QStringLiteral("wav")),
                    audio.value(QLatin1String("data")).toString()));
            } else if (type == QLatin1String("file")
                && OpenAIFormat::parseDataUrl(
                    p.value(QLatin1String("file")).toObject().value(QLatin1String("file_data")).toString(),
                    &mime, &data)) {
                out->append(inlineData(mime, data));
            } else {
                *error = OpenAIFormat::unsupportedPart(at, i, type, QStringLiteral("a Gemini"));
                return false;
            }
        }
        return true;
    }

    /// A tool result as Gemini wants it: an object (JSON results as they are, text as {"result": ...}).
    QJsonObject functionResponseBody(const QString &content)
    {
        const QJsonDocument doc = QJsonDocument::fromJson(content.toUtf8());
        if (doc.isObject())
            return doc.object();
        return {{QLatin1String("result"), content}};
    }

    QString base64Url(QString base64)
    {
        base64.replace(u'+', u'-').replace(u'/', u'_');
        while (base64.endsWith(u'='))
            base64.chop(1);
        return base64;
    }

    QJsonObject lowerTypes(const QJsonObject &schema);

    QJsonValue lowerTypesValue(const QJsonValue &v)
    {
        if (v.isObject())
            return lowerTypes(v.toObject());
        if (v.isArray()) {
            QJsonArray a;
            for (const QJsonValue &e : v.toArray())
                a.append(lowerTypesValue(e));
            return a;
        }
        return v;
    }

    /// Gemini's `parameters`/`responseSchema` (OpenAPI subset) spell types in capitals; JSON Schema
    /// wants them lower-case.
    QJsonObject lowerTypes(const QJsonObject &schema)
    {
        QJsonObject out;
        for (auto it = schema.constBegin(); it != schema.constEnd(); ++it) {
            if (it.key() == kType && it.value().isString())
                out.insert(it.key(), it.value().toString().toLower());
            else
                out.insert(it.key(), lowerTypesValue(it.value()));
        }
        return out;
    }

    /// Google's REST API takes field names in camelCase and in proto snake_case ("system_instruction",
    /// "inline_data"); clients send both. Keys are made camelCase except inside user data (function
    /// arguments and results, schemas' property names).
    QJsonObject camelCase(const QJsonObject &o);

    QJsonValue camelCaseValue(const QJsonValue &v)
    {
        if (v.isObject())
            return camelCase(v.toObject());
        if (v.isArray()) {
            QJsonArray a;
            for (const QJsonValue &e : v.toArray())
                a.append(camelCaseValue(e));
            return a;
        }
        return v;
    }

    QJsonObject camelCase(const QJsonObject &o)
    {
        static const QStringList opaque
            = {QStringLiteral("args"), QStringLiteral("response"), QStringLiteral("parameters"),
                QStringLiteral("parametersJsonSchema"), QStringLiteral("responseSchema"),
                QStringLiteral("responseJsonSchema"), QStringLiteral("properties")};
        QJsonObject out;
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            QString key = it.key();
            for (qsizetype i = key.indexOf(u'_'); i >= 0 && i + 1 < key.size(); i = key.indexOf(u'_', i))
                key.replace(i, 2, key.at(i + 1).toUpper());
            out.insert(key, opaque.contains(key) ? it.value() : camelCaseValue(it.value()));
        }
        return out;
    }

    QString newResponseId()
    {
        return OpenAIFormat::newCompletionId().mid(9);
    }

} // namespace

// --- canonical -> Gemini ----------------------------------------------------------------------

std::optional<QJsonObject> requestFromOpenAI(const QJsonObject &o, const QString &model, GatewayError *error)
{
    const bool gemini3 = model.startsWith(QLatin1String("gemini-3"));
    QJsonArray system;
    QJsonArray contents;
    QHash<QString, QString> toolNames; // tool call id -> function name, for the responses
    const QJsonArray in = o.value(QLatin1String("messages")).toArray();
    for (qsizetype i = 0; i < in.size(); ++i) {
        const QJsonObject m = in.at(i).toObject();
        const QString role = m.value(kRole).toString();
        const QString at = QStringLiteral("messages[%1]").arg(i);
        QJsonArray parts;
        if (role == QLatin1String("system") || role == QLatin1String("developer")) {
            if (!partsOf(m.value(kContent), at, &system, error))
                return std::nullopt;
        } else if (role == QLatin1String("user")) {
            if (!partsOf(m.value(kContent), at, &parts, error))
                return std::nullopt;
            if (parts.isEmpty())
                parts.append(QJsonObject {{kText, QString()}});
            OpenAIFormat::appendTurn(contents, QStringLiteral("user"), kParts, parts);
        } else if (role == QLatin1String("assistant")) {
            if (!partsOf(m.value(kContent), at, &parts, error))
                return std::nullopt;
            bool firstCall = true;
            for (const QJsonValue &v : m.value(QLatin1String("tool_calls")).toArray()) {
                const QJsonObject call = v.toObject();
                const QJsonObject fn = call.value(QLatin1String("function")).toObject();
                const QString id = call.value(QLatin1String("id")).toString();
                toolNames.insert(id, fn.value(QLatin1String("name")).toString());
                QJsonObject part {{QLatin1String("functionCall"),
                    QJsonObject {{QLatin1String("name"), fn.value(QLatin1String("name"))},
                        {QLatin1String("args"),
                            OpenAIFormat::argumentsObject(
                                fn.value(QLatin1String("arguments")).toString())}}}};
                QString signature = call.value(QLatin1String("extra_content"))
                                        .toObject()
                                        .value(QLatin1String("google"))
                                        .toObject()
                                        .value(QLatin1String("thought_signature"))
                                        .toString();
                if (signature.isEmpty())
                    signature = signatureOf(id);
                // Gemini 3 validates the first call of each model turn: a call that never had a
                // signature (another model wrote it) gets the documented stand-in.
                if (signature.isEmpty() && gemini3 && firstCall)
                    signature = QString::fromLatin1(kDummySignature);
                if (!signature.isEmpty())
                    part.insert(QLatin1String("thoughtSignature"), signature);
                parts.append(part);
                firstCall = false;
            }
            OpenAIFormat::appendTurn(contents, QStringLiteral("model"), kParts, parts);
        } else if (role == QLatin1String("tool") || role == QLatin1String("function")) {
            const QString id = m.value(QLatin1String("tool_call_id")).toString();
            QString name = toolNames.value(id, m.value(QLatin1String("name")).toString());
            if (name.isEmpty())
                name = QStringLiteral("function");
            parts.append(QJsonObject {{QLatin1String("functionResponse"),
                QJsonObject {{QLatin1String("name"), name},
                    {QLatin1String("response"),
                        functionResponseBody(OpenAIFormat::textOf(m.value(kContent)))}}}});
            OpenAIFormat::appendTurn(contents, QStringLiteral("user"), kParts, parts);
        }
    }
    QJsonObject out {{QLatin1String("contents"), contents}};
    if (!system.isEmpty())
        out.insert(QLatin1String("systemInstruction"), QJsonObject {{kParts, system}});

    QJsonObject gen;
    const auto copy = [&](const char *from, const char *to) {
        const QJsonValue v = o.value(QLatin1String(from));
        if (v.isDouble())
            gen.insert(QLatin1String(to), v);
    };
    copy("temperature", "temperature");
    copy("top_p", "topP");
    copy("top_k", "topK");
    copy("presence_penalty", "presencePenalty");
    copy("frequency_penalty", "frequencyPenalty");
    copy("seed", "seed");
    copy("n", "candidateCount");
    qint64 maxTokens = o.value(QLatin1String("max_completion_tokens")).toInteger(-1);
    if (maxTokens < 1)
        maxTokens = o.value(QLatin1String("max_tokens")).toInteger(-1);
    if (maxTokens > 0)
        gen.insert(QLatin1String("maxOutputTokens"), maxTokens);
    const QJsonValue stop = o.value(QLatin1String("stop"));
    if (stop.isString())
        gen.insert(QLatin1String("stopSequences"), QJsonArray {stop});
    else if (stop.isArray() && !stop.toArray().isEmpty())
        gen.insert(QLatin1String("stopSequences"), stop);
    if (o.value(QLatin1String("logprobs")).toBool()) {
        gen.insert(QLatin1String("responseLogprobs"), true);
        if (o.value(QLatin1String("top_logprobs")).isDouble())
            gen.insert(QLatin1String("logprobs"), o.value(QLatin1String("top_logprobs")));
    }
    const QJsonObject format = o.value(QLatin1String("response_format")).toObject();
    const QString formatType = format.value(kType).toString();
    if (formatType == QLatin1String("json_object") || formatType == QLatin1String("json_schema"))
        gen.insert(QLatin1String("responseMimeType"), QStringLiteral("application/json"));
    if (formatType == QLatin1String("json_schema"))
        gen.insert(QLatin1String("responseJsonSchema"),
            format.value(QLatin1String("json_schema")).toObject().value(QLatin1String("schema")));
    const QString effort = o.value(QLatin1String("reasoning_effort")).toString();
    if (!effort.isEmpty() && effort != QLatin1String("none")) {
        QJsonObject thinking {{QLatin1String("includeThoughts"), true}};
        if (gemini3) {
            thinking.insert(QLatin1String("thinkingLevel"), effort);
        } else {
            const qint64 budget = effort == QLatin1String("minimal") ? 0
                : effort == QLatin1String("low")                     ? 1024
                : effort == QLatin1String("medium")                  ? 8192
                                                                     : 24576;
            thinking.insert(QLatin1String("thinkingBudget"), budget);
        }
        gen.insert(QLatin1String("thinkingConfig"), thinking);
    }
    if (!gen.isEmpty())
        out.insert(QLatin1String("generationConfig"), gen);

    QJsonArray declarations;
    for (const QJsonValue &v : o.value(QLatin1String("tools")).toArray()) {
        const QJsonObject t = v.toObject();
        if (t.value(kType).toString() != QLatin1String("function")) {
            *error = invalid(QStringLiteral("Tools of type '%1' cannot be sent to a Gemini model.")
                                 .arg(t.value(kType).toString()),
                QStringLiteral("tools"));
            return std::nullopt;
        }
        const QJsonObject fn = t.value(QLatin1String("function")).toObject();
        QJsonObject d {{QLatin1String("name"), fn.value(QLatin1String("name"))}};
        if (fn.value(QLatin1String("description")).isString())
            d.insert(QLatin1String("description"), fn.value(QLatin1String("description")));
        // parametersJsonSchema takes JSON Schema as OpenAI clients write it (no OpenAPI rewrite).
        const QJsonObject params = fn.value(QLatin1String("parameters")).toObject();
        if (!params.isEmpty())
            d.insert(QLatin1String("parametersJsonSchema"), params);
        declarations.append(d);
    }
    if (!declarations.isEmpty()) {
        out.insert(QLatin1String("tools"),
            QJsonArray {QJsonObject {{QLatin1String("functionDeclarations"), declarations}}});
        const QJsonValue choice = o.value(QLatin1String("tool_choice"));
        QJsonObject config;
        if (choice.toString() == QLatin1String("auto"))
            config = {{QLatin1String("mode"), QStringLiteral("AUTO")}};
        else if (choice.toString() == QLatin1String("none"))
            config = {{QLatin1String("mode"), QStringLiteral("NONE")}};
        else if (choice.toString() == QLatin1String("required"))
            config = {{QLatin1String("mode"), QStringLiteral("ANY")}};
        else if (choice.isObject())
            config = {{QLatin1String("mode"), QStringLiteral("ANY")},
                {QLatin1String("allowedFunctionNames"),
                    QJsonArray {choice.toObject()
                                    .value(QLatin1String("function"))
                                    .toObject()
                                    .value(QLatin1String("name"))}}};
        if (!config.isEmpty())
            out.insert(
                QLatin1String("toolConfig"), QJsonObject {{QLatin1String("functionCallingConfig"), config}});
    }
    return out;
}

// --- Gemini -> canonical ----------------------------------------------------------------------

std::optional<QJsonObject> requestToOpenAI(
    const QJsonObject &request, const QString &model, bool stream, GatewayError *error)
{
    const QJsonObject g = camelCase(request);
    const QJsonValue contentsValue = g.value(QLatin1String("contents"));
    if (!contentsValue.isArray() || contentsValue.toArray().isEmpty()) {
        *error = invalid(QStringLiteral("* GenerateContentRequest.contents: contents is not specified"),
            QStringLiteral("contents"));
        return std::nullopt;
    }
    QJsonArray messages;
    QStringList systemTexts;
    for (const QJsonValue &p : g.value(QLatin1String("systemInstruction")).toObject().value(kParts).toArray())
        systemTexts << p.toObject().value(kText).toString();
    if (!systemTexts.isEmpty())
        messages.append(QJsonObject {{kRole, QStringLiteral("system")}, {kContent, systemTexts.join(u'\n')}});

    QList<QPair<QString, QString>> pending; // (name, id) of calls awaiting their response, in order
    int callCounter = 0;
    const QJsonArray contents = contentsValue.toArray();
    for (qsizetype i = 0; i < contents.size(); ++i) {
        const QJsonObject c = contents.at(i).toObject();
        const QString role = c.value(kRole).toString(QStringLiteral("user"));
        if (role != QLatin1String("user") && role != QLatin1String("model")) {
            *error = invalid(QStringLiteral("contents[%1].role: must be 'user' or 'model'").arg(i),
                QStringLiteral("contents[%1].role").arg(i));
            return std::nullopt;
        }
        QJsonArray userParts;
        QString text;
        QJsonArray calls;
        for (const QJsonValue &pv : c.value(kParts).toArray()) {
            const QJsonObject part = pv.toObject();
            if (part.contains(kText)) {
                if (part.value(QLatin1String("thought")).toBool())
                    continue;
                if (role == QLatin1String("model"))
                    text += part.value(kText).toString();
                else
                    userParts.append(
                        QJsonObject {{kType, QStringLiteral("text")}, {kText, part.value(kText)}});
            } else if (part.contains(QLatin1String("inlineData"))) {
                const QJsonObject d = part.value(QLatin1String("inlineData")).toObject();
                const QString mime = d.value(QLatin1String("mimeType")).toString();
                const QString data = d.value(QLatin1String("data")).toString();
                if (mime.startsWith(QLatin1String("image/")))
                    userParts.append(QJsonObject {{kType, QStringLiteral("image_url")},
                        {QLatin1String("image_url"),
                            QJsonObject {{QLatin1String("url"), OpenAIFormat::dataUrl(mime, data)}}}});
                else if (mime.startsWith(QLatin1String("audio/")))
                    userParts.append(QJsonObject {{kType, QStringLiteral("input_audio")},
                        {QLatin1String("input_audio"),
                            QJsonObject {
                                {QLatin1String("data"), data}, {QLatin1String("format"), mime.mid(6)}}}});
                else
                    userParts.append(QJsonObject {{kType, QStringLiteral("file")},
                        {QLatin1String("file"),
                            QJsonObject {{QLatin1String("file_data"), OpenAIFormat::dataUrl(mime, data)}}}});
            } else if (part.contains(QLatin1String("fileData"))) {
                userParts.append(QJsonObject {{kType, QStringLiteral("image_url")},
                    {QLatin1String("image_url"),
                        QJsonObject {{QLatin1String("url"),
                            part.value(QLatin1String("fileData"))
                                .toObject()
                                .value(QLatin1String("fileUri"))}}}});
            } else if (part.contains(QLatin1String("functionCall"))) {
                QJsonObject call = toolCallFor(part, 0, false);
                QString id = part.value(QLatin1String("functionCall"))
                                 .toObject()
                                 .value(QLatin1String("id"))
                                 .toString();
                if (id.isEmpty())
                    id = QStringLiteral("call_%1").arg(++callCounter);
                id = toolCallId(id, part.value(QLatin1String("thoughtSignature")).toString());
                call.insert(QLatin1String("id"), id);
                calls.append(call);
                pending.append(
                    {call.value(QLatin1String("function")).toObject().value(QLatin1String("name")).toString(),
                        id});
            } else if (part.contains(QLatin1String("functionResponse"))) {
                const QJsonObject r = part.value(QLatin1String("functionResponse")).toObject();
                const QString name = r.value(QLatin1String("name")).toString();
                const QString responseId = r.value(QLatin1String("id")).toString();
                // The call it answers, under the id the upstream knows: by id when the call carried
                // one, else the first open call of that name (Gemini CLI numbers its responses
                // itself when a call came without an id).
                QString id;
                for (qsizetype k = 0; id.isEmpty() && !responseId.isEmpty() && k < pending.size(); ++k) {
                    if (baseId(pending.at(k).second) == responseId)
                        id = pending.takeAt(k).second;
                }
                for (qsizetype k = 0; id.isEmpty() && k < pending.size(); ++k) {
                    if (pending.at(k).first == name)
                        id = pending.takeAt(k).second;
                }
                if (id.isEmpty())
                    id = responseId.isEmpty() ? QStringLiteral("call_%1").arg(++callCounter) : responseId;
                const QJsonObject response = r.value(QLatin1String("response")).toObject();
                const QString content
                    = response.size() == 1 && response.value(QLatin1String("result")).isString()
                    ? response.value(QLatin1String("result")).toString()
                    : OpenAIFormat::compactJson(response);
                messages.append(QJsonObject {{kRole, QStringLiteral("tool")},
                    {QLatin1String("tool_call_id"), id}, {kContent, content}});
            }
        }
        if (role == QLatin1String("model")) {
            messages.append(OpenAIFormat::assistantMessage(text, calls, {}, false));
        } else if (!userParts.isEmpty()) {
            bool allText = true;
            QStringList texts;
            for (const QJsonValue &p : std::as_const(userParts)) {
                allText = allText && p.toObject().value(kType).toString() == QLatin1String("text");
                texts << p.toObject().value(kText).toString();
            }
            messages.append(QJsonObject {{kRole, QStringLiteral("user")},
                {kContent, allText ? QJsonValue(texts.join(u'\n')) : QJsonValue(userParts)}});
        }
    }
    QJsonObject out {{QLatin1String("model"), model}, {QLatin1String("messages"), messages}};
    if (stream) {
        out.insert(QLatin1String("stream"), true);
        out.insert(QLatin1String("stream_options"), QJsonObject {{QLatin1String("include_usage"), true}});
    }
    const QJsonObject gen = g.value(QLatin1String("generationConfig")).toObject();
    const auto copy = [&](const char *from, const char *to) {
        const QJsonValue v = gen.value(QLatin1String(from));
        if (v.isDouble())
            out.insert(QLatin1String(to), v);
    };
    copy("temperature", "temperature");
    copy("topP", "top_p");
    copy("maxOutputTokens", "max_tokens");
    copy("presencePenalty", "presence_penalty");
    copy("frequencyPenalty", "frequency_penalty");
    copy("seed", "seed");
    copy("candidateCount", "n");
    if (gen.value(QLatin1String("stopSequences")).isArray())
        out.insert(QLatin1String("stop"), gen.value(QLatin1String("stopSequences")));
    if (gen.value(QLatin1String("responseMimeType")).toString() == QLatin1String("application/json")) {
        QJsonObject schema = gen.value(QLatin1String("responseJsonSchema")).toObject();
        if (schema.isEmpty())
            schema = lowerTypes(gen.value(QLatin1String("responseSchema")).toObject());
        if (schema.isEmpty())
            out.insert(
                QLatin1String("response_format"), QJsonObject {{kType, QStringLiteral("json_object")}});
        else
            out.insert(QLatin1String("response_format"),
                QJsonObject {{kType, QStringLiteral("json_schema")},
                    {QLatin1String("json_schema"),
                        QJsonObject {{QLatin1String("name"), QStringLiteral("output")},
                            {QLatin1String("schema"), schema}}}});
    }
    QJsonArray tools;
    for (const QJsonValue &tv : g.value(QLatin1String("tools")).toArray()) {
        for (const QJsonValue &dv : tv.toObject().value(QLatin1String("functionDeclarations")).toArray()) {
            const QJsonObject d = dv.toObject();
            QJsonObject params = d.value(QLatin1String("parametersJsonSchema")).toObject();
            if (params.isEmpty())
                params = lowerTypes(d.value(QLatin1String("parameters")).toObject());
            if (params.isEmpty())
                params = {{kType, QStringLiteral("object")}, {QLatin1String("properties"), QJsonObject()}};
            QJsonObject fn {{QLatin1String("name"), d.value(QLatin1String("name"))},
                {QLatin1String("parameters"), params}};
            if (d.value(QLatin1String("description")).isString())
                fn.insert(QLatin1String("description"), d.value(QLatin1String("description")));
            tools.append(QJsonObject {{kType, QStringLiteral("function")}, {QLatin1String("function"), fn}});
        }
        // Built-in Gemini tools (googleSearch, codeExecution, urlContext) run at Google only.
    }
    if (!tools.isEmpty()) {
        out.insert(QLatin1String("tools"), tools);
        const QJsonObject fc = g.value(QLatin1String("toolConfig"))
                                   .toObject()
                                   .value(QLatin1String("functionCallingConfig"))
                                   .toObject();
        const QString mode = fc.value(QLatin1String("mode")).toString();
        const QJsonArray allowed = fc.value(QLatin1String("allowedFunctionNames")).toArray();
        if (mode == QLatin1String("NONE"))
            out.insert(QLatin1String("tool_choice"), QStringLiteral("none"));
        else if (mode == QLatin1String("ANY") && allowed.size() == 1)
            out.insert(QLatin1String("tool_choice"),
                QJsonObject {{kType, QStringLiteral("function")},
                    {QLatin1String("function"), QJsonObject {{QLatin1String("name"), allowed.first()}}}});
        else if (mode == QLatin1String("ANY"))
            out.insert(QLatin1String("tool_choice"), QStringLiteral("required"));
        else if (mode == QLatin1String("AUTO"))
            out.insert(QLatin1String("tool_choice"), QStringLiteral("auto"));
    }
    return out;
}

// --- responses --------------------------------------------------------------------------------

QJsonObject toolCallFor(const QJsonObject &part, int index, bool withIndex)
{
    const QJsonObject fc = part.value(QLatin1String("functionCall")).toObject();
    QString base = fc.value(QLatin1String("id")).toString();
    if (base.isEmpty())
        base = OpenAIFormat::newToolCallId();
    const QString signature = part.value(QLatin1String("thoughtSignature")).toString();
    QJsonObject call
        = OpenAIFormat::toolCall(toolCallId(base, signature), fc.value(QLatin1String("name")).toString(),
            OpenAIFormat::compactJson(fc.value(QLatin1String("args")).toObject()));
    if (withIndex)
        call.insert(QLatin1String("index"), index);
    if (!signature.isEmpty())
        call.insert(QLatin1String("extra_content"),
            QJsonObject {
                {QLatin1String("google"), QJsonObject {{QLatin1String("thought_signature"), signature}}}});
    return call;
}

QJsonObject responseToOpenAI(const QJsonObject &response, const QString &model)
{
    QJsonArray choices;
    const QJsonArray candidates = response.value(QLatin1String("candidates")).toArray();
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        const QJsonObject cand = candidates.at(i).toObject();
        QString text;
        QString reasoning;
        QJsonArray calls;
        for (const QJsonValue &pv : cand.value(kContent).toObject().value(kParts).toArray()) {
            const QJsonObject part = pv.toObject();
            if (part.contains(QLatin1String("functionCall")))
                calls.append(toolCallFor(part, 0, false));
            else if (part.value(QLatin1String("thought")).toBool())
                reasoning += part.value(kText).toString();
            else
                text += part.value(kText).toString();
        }
        const QJsonObject msg = OpenAIFormat::assistantMessage(text, calls, reasoning, true);
        choices.append(QJsonObject {
            {QLatin1String("index"), cand.value(QLatin1String("index")).toInt(int(i))},
            {QLatin1String("message"), msg}, {QLatin1String("logprobs"), QJsonValue::Null},
            {QLatin1String("finish_reason"),
                finishReasonFor(cand.value(QLatin1String("finishReason")).toString(), !calls.isEmpty())}});
    }
    if (choices.isEmpty()) {
        // The prompt itself was blocked (promptFeedback.blockReason): no candidates at all.
        choices.append(QJsonObject {{QLatin1String("index"), 0},
            {QLatin1String("message"),
                QJsonObject {{kRole, QStringLiteral("assistant")}, {kContent, QString()},
                    {QLatin1String("refusal"), QJsonValue::Null}}},
            {QLatin1String("logprobs"), QJsonValue::Null},
            {QLatin1String("finish_reason"), QStringLiteral("content_filter")}});
    }
    QString id = response.value(QLatin1String("responseId")).toString();
    id = id.isEmpty() ? OpenAIFormat::newCompletionId() : QStringLiteral("chatcmpl-") + id;
    const QString served = response.value(QLatin1String("modelVersion")).toString();
    return {{QLatin1String("id"), id}, {QLatin1String("object"), QStringLiteral("chat.completion")},
        {QLatin1String("created"), QDateTime::currentSecsSinceEpoch()},
        {QLatin1String("model"), served.isEmpty() ? model : served},
        {QLatin1String("system_fingerprint"), QJsonValue::Null}, {QLatin1String("choices"), choices},
        {QLatin1String("usage"),
            usageFromGemini(response.value(QLatin1String("usageMetadata")).toObject()).toOpenAI()}};
}

QJsonObject responseFromOpenAI(const QJsonObject &completion)
{
    QJsonArray candidates;
    for (const QJsonValue &cv : completion.value(QLatin1String("choices")).toArray()) {
        const QJsonObject choice = cv.toObject();
        const QJsonObject msg = choice.value(QLatin1String("message")).toObject();
        QJsonArray parts;
        const QString text = OpenAIFormat::textOf(msg.value(kContent));
        if (!text.isEmpty())
            parts.append(QJsonObject {{kText, text}});
        for (const QJsonValue &v : msg.value(QLatin1String("tool_calls")).toArray()) {
            const QJsonObject fn = v.toObject().value(QLatin1String("function")).toObject();
            const QString callId = v.toObject().value(QLatin1String("id")).toString();
            QJsonObject call {{QLatin1String("name"), fn.value(QLatin1String("name"))},
                {QLatin1String("args"),
                    OpenAIFormat::argumentsObject(fn.value(QLatin1String("arguments")).toString())}};
            if (!callId.isEmpty())
                call.insert(QLatin1String("id"), baseId(callId));
            QJsonObject part {{QLatin1String("functionCall"), call}};
            const QString signature = signatureOf(callId);
            if (!signature.isEmpty())
                part.insert(QLatin1String("thoughtSignature"), signature);
            parts.append(part);
        }
        if (parts.isEmpty())
            parts.append(QJsonObject {{kText, QString()}});
        candidates.append(
            QJsonObject {{kContent, QJsonObject {{kRole, QStringLiteral("model")}, {kParts, parts}}},
                {QLatin1String("finishReason"),
                    geminiFinishReasonFor(choice.value(QLatin1String("finish_reason")).toString())},
                {QLatin1String("index"), choice.value(QLatin1String("index")).toInt()}});
    }
    Usage usage;
    usage.readOpenAI(completion.value(QLatin1String("usage")));
    return {{QLatin1String("candidates"), candidates}, {QLatin1String("usageMetadata"), usageToGemini(usage)},
        {QLatin1String("modelVersion"), completion.value(QLatin1String("model"))},
        {QLatin1String("responseId"), newResponseId()}};
}

Usage usageFromGemini(const QJsonObject &u)
{
    Usage usage;
    usage.promptTokens = u.value(QLatin1String("promptTokenCount")).toInteger()
        + u.value(QLatin1String("toolUsePromptTokenCount")).toInteger();
    usage.cachedTokens = u.value(QLatin1String("cachedContentTokenCount")).toInteger();
    usage.reasoningTokens = u.value(QLatin1String("thoughtsTokenCount")).toInteger();
    usage.completionTokens
        = u.value(QLatin1String("candidatesTokenCount")).toInteger() + usage.reasoningTokens;
    usage.reported = !u.isEmpty();
    return usage;
}

QJsonObject usageToGemini(const Usage &u)
{
    QJsonObject out {{QLatin1String("promptTokenCount"), u.promptTokens},
        {QLatin1String("candidatesTokenCount"), u.completionTokens - u.reasoningTokens},
        {QLatin1String("totalTokenCount"), u.total()}};
    if (u.cachedTokens > 0)
        out.insert(QLatin1String("cachedContentTokenCount"), u.cachedTokens);
    if (u.reasoningTokens > 0)
        out.insert(QLatin1String("thoughtsTokenCount"), u.reasoningTokens);
    return out;
}

QString finishReasonFor(const QString &reason, bool hadToolCalls)
{
    if (reason == QLatin1String("MAX_TOKENS"))
        return QStringLiteral("length");
    static const QStringList filtered
        = {QStringLiteral("SAFETY"), QStringLiteral("RECITATION"), QStringLiteral("BLOCKLIST"),
            QStringLiteral("PROHIBITED_CONTENT"), QStringLiteral("SPII"), QStringLiteral("IMAGE_SAFETY"),
            QStringLiteral("IMAGE_PROHIBITED_CONTENT"), QStringLiteral("IMAGE_RECITATION")};
    if (filtered.contains(reason))
        return QStringLiteral("content_filter");
    return hadToolCalls ? QStringLiteral("tool_calls") : QStringLiteral("stop");
}

QString geminiFinishReasonFor(const QString &reason)
{
    if (reason == QLatin1String("length"))
        return QStringLiteral("MAX_TOKENS");
    if (reason == QLatin1String("content_filter"))
        return QStringLiteral("SAFETY");
    return QStringLiteral("STOP");
}

QString toolCallId(const QString &base, const QString &signature)
{
    if (signature.isEmpty())
        return base;
    return base + kSignatureMark + base64Url(signature);
}

QString baseId(const QString &toolCallId)
{
    const qsizetype at = toolCallId.indexOf(kSignatureMark);
    return at < 0 ? toolCallId : toolCallId.left(at);
}

QString signatureOf(const QString &id)
{
    const qsizetype at = id.indexOf(kSignatureMark);
    if (at < 0)
        return {};
    QString s = id.mid(at + kSignatureMark.size());
    s.replace(u'-', u'+').replace(u'_', u'/');
    while (s.size() % 4)
        s += u'=';
    return s;
}

} // namespace GeminiContent
