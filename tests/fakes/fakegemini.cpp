// SPDX-License-Identifier: MIT
#include "fakegemini.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace FakeGemini {

namespace {

    /// Google takes proto field names in snake_case as well as camelCase.
    QString camel(QString key)
    {
        for (qsizetype i = key.indexOf(u'_'); i >= 0 && i + 1 < key.size(); i = key.indexOf(u'_', i))
            key.replace(i, 2, key.at(i + 1).toUpper());
        return key;
    }

    QString unknownField(const QJsonObject &o, const QStringList &known, const QString &where)
    {
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            if (!known.contains(camel(it.key())))
                return QStringLiteral(
                    "Invalid JSON payload received. Unknown name \"%1\" at '%2': Cannot find field.")
                    .arg(it.key(), where);
        }
        return {};
    }

    QString validate(const QJsonObject &body, const QString &model)
    {
        QString bad = unknownField(body,
            {QStringLiteral("contents"), QStringLiteral("systemInstruction"),
                QStringLiteral("generationConfig"), QStringLiteral("tools"), QStringLiteral("toolConfig"),
                QStringLiteral("safetySettings"), QStringLiteral("cachedContent")},
            QString());
        if (!bad.isEmpty())
            return bad;
        bad = unknownField(body.value(QLatin1String("generationConfig")).toObject(),
            {QStringLiteral("temperature"), QStringLiteral("topP"), QStringLiteral("topK"),
                QStringLiteral("candidateCount"), QStringLiteral("maxOutputTokens"),
                QStringLiteral("stopSequences"), QStringLiteral("presencePenalty"),
                QStringLiteral("frequencyPenalty"), QStringLiteral("seed"),
                QStringLiteral("responseMimeType"), QStringLiteral("responseSchema"),
                QStringLiteral("responseJsonSchema"), QStringLiteral("responseLogprobs"),
                QStringLiteral("logprobs"), QStringLiteral("thinkingConfig"),
                QStringLiteral("responseModalities")},
            QStringLiteral("generation_config"));
        if (!bad.isEmpty())
            return bad;
        const QJsonArray contents = body.value(QLatin1String("contents")).toArray();
        if (contents.isEmpty())
            return QStringLiteral("* GenerateContentRequest.contents: contents is not specified");
        for (qsizetype i = 0; i < contents.size(); ++i) {
            const QJsonObject c = contents.at(i).toObject();
            const QString role = c.value(QLatin1String("role")).toString();
            if (!role.isEmpty() && role != QLatin1String("user") && role != QLatin1String("model"))
                return QStringLiteral("Please use a valid role: user, model.");
            const QJsonArray parts = c.value(QLatin1String("parts")).toArray();
            if (parts.isEmpty())
                return QStringLiteral(
                    "* GenerateContentRequest.contents[%1].parts: contents.parts must not be empty.")
                    .arg(i);
            bool firstCall = true;
            for (qsizetype p = 0; p < parts.size(); ++p) {
                const QJsonObject part = parts.at(p).toObject();
                bad = unknownField(part,
                    {QStringLiteral("text"), QStringLiteral("inlineData"), QStringLiteral("fileData"),
                        QStringLiteral("functionCall"), QStringLiteral("functionResponse"),
                        QStringLiteral("thought"), QStringLiteral("thoughtSignature")},
                    QStringLiteral("contents[%1].parts[%2]").arg(i).arg(p));
                if (!bad.isEmpty())
                    return bad;
                if (part.size() == 1 && part.value(QLatin1String("text")).toString().isEmpty()
                    && part.contains(QLatin1String("text")))
                    return QStringLiteral(
                        "Unable to submit request because it has an empty text parameter. Add a value to the "
                        "parameter and try again.");
                if (part.contains(QLatin1String("functionCall"))) {
                    const QString sig = part.value(QLatin1String("thoughtSignature")).toString();
                    if (model.startsWith(QLatin1String("gemini-3")) && firstCall && sig.isEmpty())
                        return QStringLiteral(
                            "Function call is missing a thought_signature in functionCall parts. This is "
                            "required for "
                            "tools to work correctly, and missing thought_signature may lead to degraded "
                            "model "
                            "performance. Additional data, function call `default_api:%1` , position %2.")
                            .arg(part.value(QLatin1String("functionCall"))
                                     .toObject()
                                     .value(QLatin1String("name"))
                                     .toString())
                            .arg(p + 1);
                    if (!sig.isEmpty() && sig != QLatin1String(kSignature)
                        && sig != QLatin1String("context_engineering_is_the_way_to_go"))
                        return QStringLiteral("Corrupted thought signature.");
                    firstCall = false;
                }
                if (part.contains(QLatin1String("functionResponse"))
                    && !part.value(QLatin1String("functionResponse"))
                            .toObject()
                            .value(QLatin1String("response"))
                            .isObject())
                    return QStringLiteral(
                        "Invalid value at 'contents[%1].parts[%2].function_response.response' "
                        "(type.googleapis.com/"
                        "google.protobuf.Struct)")
                        .arg(i)
                        .arg(p);
            }
        }
        for (const QJsonValue &t : body.value(QLatin1String("tools")).toArray()) {
            for (const QJsonValue &d : t.toObject().value(QLatin1String("functionDeclarations")).toArray()) {
                const QJsonObject decl = d.toObject();
                if (decl.contains(QLatin1String("parameters"))
                    && decl.contains(QLatin1String("parametersJsonSchema")))
                    return QStringLiteral("parameters and parameters_json_schema are mutually exclusive");
                bad = unknownField(decl,
                    {QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("parameters"),
                        QStringLiteral("parametersJsonSchema"), QStringLiteral("response"),
                        QStringLiteral("responseJsonSchema")},
                    QStringLiteral("tools[0].function_declarations[0]"));
                if (!bad.isEmpty())
                    return bad;
            }
        }
        return {};
    }

    QJsonObject usageMetadata(const QString &model, int candidates)
    {
        QJsonObject u {{QLatin1String("promptTokenCount"), 9},
            {QLatin1String("candidatesTokenCount"), candidates},
            {QLatin1String("totalTokenCount"), 9 + candidates},
            {QLatin1String("promptTokensDetails"),
                QJsonArray {QJsonObject {
                    {QLatin1String("modality"), QStringLiteral("TEXT")}, {QLatin1String("tokenCount"), 9}}}}};
        if (model.endsWith(QLatin1String("-thinking"))) {
            u.insert(QLatin1String("thoughtsTokenCount"), 30);
            u.insert(QLatin1String("totalTokenCount"), 9 + candidates + 30);
        }
        if (model.endsWith(QLatin1String("-cached"))) {
            u.insert(QLatin1String("promptTokenCount"), 2009);
            u.insert(QLatin1String("cachedContentTokenCount"), 2000);
            u.insert(QLatin1String("totalTokenCount"), 2009 + candidates);
        }
        return u;
    }

    QJsonObject responseOf(
        const QString &model, const QJsonArray &parts, const QString &finish, int candidates)
    {
        QJsonObject cand {{QLatin1String("content"),
                              QJsonObject {{QLatin1String("parts"), parts},
                                  {QLatin1String("role"), QStringLiteral("model")}}},
            {QLatin1String("index"), 0}};
        if (!finish.isEmpty())
            cand.insert(QLatin1String("finishReason"), finish);
        return {{QLatin1String("candidates"), QJsonArray {cand}},
            {QLatin1String("usageMetadata"), usageMetadata(model, candidates)},
            {QLatin1String("modelVersion"), model},
            {QLatin1String("responseId"), QStringLiteral("fakeGeminiResponse01")}};
    }

} // namespace

QJsonObject response(const QString &model, const QJsonArray &parts, const QString &finish, int candidates)
{
    return responseOf(model, parts, finish, candidates);
}

FakeReply error(int status, const QString &rpcStatus, const QString &message, const QJsonArray &details)
{
    QJsonObject e {{QLatin1String("code"), status}, {QLatin1String("message"), message},
        {QLatin1String("status"), rpcStatus}};
    if (!details.isEmpty())
        e.insert(QLatin1String("details"), details);
    return FakeReply::json(status, QJsonObject {{QLatin1String("error"), e}});
}

FakeReply sse(const QList<QJsonObject> &responses, int paceMs)
{
    FakeReply r;
    r.streamed = true;
    r.headers = {{"Content-Type", "text/event-stream"}, {"Content-Disposition", "attachment"}};
    for (const QJsonObject &o : responses)
        r.chunks.append({paceMs, "data: " + QJsonDocument(o).toJson(QJsonDocument::Compact) + "\r\n\r\n"});
    return r;
}

QString modelOf(const FakeRequest &request)
{
    const QByteArray path = request.path();
    const qsizetype colon = path.lastIndexOf(':');
    const qsizetype slash = path.indexOf("/models/");
    if (colon < 0 || slash < 0)
        return {};
    return QString::fromUtf8(path.mid(slash + 8, colon - slash - 8));
}

std::optional<FakeReply> check(const FakeRequest &request)
{
    const QByteArray path = request.path();
    const QString model = modelOf(request);
    if (!path.startsWith("/v1beta/models/") || model.isEmpty())
        return error(404, QStringLiteral("NOT_FOUND"), QStringLiteral("Requested entity was not found."));
    const QByteArray key = request.header("x-goog-api-key");
    if (key.isEmpty())
        return error(403, QStringLiteral("PERMISSION_DENIED"),
            QStringLiteral(
                "Method doesn't allow unregistered callers (callers without established identity). Please "
                "use API Key or other form of API consumer identity to call this API."));
    if (key == "bad-key")
        return error(400, QStringLiteral("INVALID_ARGUMENT"),
            QStringLiteral("API key not valid. Please pass a valid API key."),
            {QJsonObject {
                {QLatin1String("@type"), QStringLiteral("type.googleapis.com/google.rpc.ErrorInfo")},
                {QLatin1String("reason"), QStringLiteral("API_KEY_INVALID")},
                {QLatin1String("domain"), QStringLiteral("googleapis.com")}}});
    const QByteArray method = path.mid(path.lastIndexOf(':') + 1);
    if (method == "generateContent" || method == "streamGenerateContent") {
        const QString problem = validate(request.json(), model);
        if (!problem.isEmpty())
            return error(400, QStringLiteral("INVALID_ARGUMENT"), problem);
    }
    return std::nullopt;
}

FakeReply defaultReply(const FakeRequest &request)
{
    const QString model = modelOf(request);
    const QByteArray path = request.path();
    const QByteArray method = path.mid(path.lastIndexOf(':') + 1);
    if (auto refused = check(request))
        return *refused;
    if (model.startsWith(QLatin1String("fail-"))) {
        const int status = model.mid(5).toInt();
        if (status == 429)
            return error(429, QStringLiteral("RESOURCE_EXHAUSTED"),
                QStringLiteral("You exceeded your current quota."),
                {QJsonObject {
                    {QLatin1String("@type"), QStringLiteral("type.googleapis.com/google.rpc.RetryInfo")},
                    {QLatin1String("retryDelay"), QStringLiteral("7s")}}});
        if (status == 503)
            return error(503, QStringLiteral("UNAVAILABLE"),
                QStringLiteral("The model is overloaded. Please try again later."));
        return error(status, status >= 500 ? QStringLiteral("INTERNAL") : QStringLiteral("INVALID_ARGUMENT"),
            QStringLiteral("scripted failure %1").arg(status));
    }
    const QJsonObject body = request.json();
    if (method == "batchEmbedContents") {
        QJsonArray embeddings;
        for (const QJsonValue &r : body.value(QLatin1String("requests")).toArray()) {
            if (r.toObject().value(QLatin1String("model")).toString() != QStringLiteral("models/") + model)
                return error(400, QStringLiteral("INVALID_ARGUMENT"),
                    QStringLiteral("Model name mismatch in batch request."));
            embeddings.append(QJsonObject {{QLatin1String("values"), QJsonArray {0.1, 0.2, 0.3, 0.4}}});
        }
        return FakeReply::json(200, QJsonObject {{QLatin1String("embeddings"), embeddings}});
    }
    if (method != "generateContent" && method != "streamGenerateContent")
        return error(404, QStringLiteral("NOT_FOUND"), QStringLiteral("Method not found."));

    const QJsonArray contents = body.value(QLatin1String("contents")).toArray();
    QString functionResult;
    for (const QJsonValue &p : contents.last().toObject().value(QLatin1String("parts")).toArray()) {
        const QJsonObject fr = p.toObject().value(QLatin1String("functionResponse")).toObject();
        if (!fr.isEmpty())
            functionResult = QString::fromUtf8(
                QJsonDocument(fr.value(QLatin1String("response")).toObject()).toJson(QJsonDocument::Compact));
    }
    const QJsonArray declarations = body.value(QLatin1String("tools"))
                                        .toArray()
                                        .first()
                                        .toObject()
                                        .value(QLatin1String("functionDeclarations"))
                                        .toArray();
    const QString mode = body.value(QLatin1String("toolConfig"))
                             .toObject()
                             .value(QLatin1String("functionCallingConfig"))
                             .toObject()
                             .value(QLatin1String("mode"))
                             .toString();
    QList<QJsonObject> stream;
    QJsonArray whole;
    if (functionResult.isEmpty() && !declarations.isEmpty() && mode != QLatin1String("NONE")) {
        const QJsonObject decl = declarations.first().toObject();
        QJsonObject args;
        QJsonObject schema = decl.value(QLatin1String("parametersJsonSchema")).toObject();
        if (schema.isEmpty())
            schema = decl.value(QLatin1String("parameters")).toObject();
        const QJsonObject props = schema.value(QLatin1String("properties")).toObject();
        for (auto it = props.constBegin(); it != props.constEnd(); ++it)
            args.insert(it.key(), QStringLiteral("Paris"));
        const QJsonObject call {{QLatin1String("functionCall"),
                                    QJsonObject {{QLatin1String("name"), decl.value(QLatin1String("name"))},
                                        {QLatin1String("args"), args}}},
            {QLatin1String("thoughtSignature"), QString::fromLatin1(kSignature)}};
        whole.append(call);
        stream << responseOf(model, {call}, QStringLiteral("STOP"), 8);
    } else {
        QString text = QStringLiteral("Hello from the fake Gemini upstream.");
        if (!functionResult.isEmpty())
            text = QStringLiteral("The function said: ") + functionResult;
        else if (body.value(QLatin1String("generationConfig"))
                     .toObject()
                     .value(QLatin1String("responseMimeType"))
                     .toString()
            == QLatin1String("application/json"))
            text = QStringLiteral("{\"city\":\"Paris\",\"sunny\":true}");
        whole.append(QJsonObject {{QLatin1String("text"), text}});
        const QStringList words = text.split(u' ');
        for (qsizetype i = 0; i < words.size(); ++i) {
            const QString w = (i ? QStringLiteral(" ") : QString()) + words.at(i);
            stream << responseOf(model, {QJsonObject {{QLatin1String("text"), w}}},
                i + 1 == words.size() ? QStringLiteral("STOP") : QString(), int(i + 1));
        }
    }
    if (method == "generateContent")
        return FakeReply::json(200, responseOf(model, whole, QStringLiteral("STOP"), 12));
    if (model == QLatin1String("cut-stream")) {
        FakeReply r = sse(stream.mid(0, 2), 10);
        r.cut = true;
        return r;
    }
    if (model == QLatin1String("slow-stream")) {
        QList<QJsonObject> slow;
        for (int i = 0; i < 20; ++i)
            slow << responseOf(
                model, {QJsonObject {{QLatin1String("text"), QStringLiteral("tick ")}}}, QString(), i + 1);
        slow << responseOf(
            model, {QJsonObject {{QLatin1String("text"), QString()}}}, QStringLiteral("STOP"), 20);
        return sse(slow, 50);
    }
    return sse(stream);
}

} // namespace FakeGemini
