// SPDX-License-Identifier: MIT
#include "fakescript.h"

#include "fakeanthropic.h"
#include "fakegemini.h"

#include <QJsonDocument>

namespace {

const QLatin1String kType("type");
const QLatin1String kText("text");
const QLatin1String kContent("content");
const QLatin1String kRole("role");

QString compact(const QJsonValue &v)
{
    return QString::fromUtf8(v.isObject() ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)
                                          : QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
}

/// Text of OpenAI content (string or parts) or of Anthropic blocks (text blocks only).
QString textOf(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QStringList texts;
    for (const QJsonValue &p : content.toArray()) {
        if (p.toObject().value(kType).toString() == kText)
            texts << p.toObject().value(kText).toString();
    }
    return texts.join(u'\n');
}

/// @p text in roughly @p n pieces, as a stream would bring it.
QStringList pieces(const QString &text, int n)
{
    QStringList out;
    const qsizetype step = qMax<qsizetype>(1, (text.size() + n - 1) / n);
    for (qsizetype i = 0; i < text.size(); i += step)
        out << text.mid(i, step);
    return out;
}

void readOpenAI(const QJsonObject &body, FakeScript::Reading &r)
{
    r.includeUsage = body.value(QLatin1String("stream_options"))
                         .toObject()
                         .value(QLatin1String("include_usage"))
                         .toBool();
    const QString format = body.value(QLatin1String("response_format")).toObject().value(kType).toString();
    r.wantsJson = format == QLatin1String("json_object") || format == QLatin1String("json_schema");
    for (const QJsonValue &v : body.value(QLatin1String("messages")).toArray()) {
        const QJsonObject m = v.toObject();
        const QString role = m.value(kRole).toString();
        const QString text = textOf(m.value(kContent));
        if (role == QLatin1String("user")) {
            r.userTexts << text;
            r.lastUser = text;
        } else if (role == QLatin1String("tool")) {
            r.toolResults << text;
        } else if (role == QLatin1String("system") || role == QLatin1String("developer")) {
            r.system += text + u'\n';
        }
    }
    for (const QJsonValue &t : body.value(QLatin1String("tools")).toArray())
        r.tools << t.toObject()
                       .value(QLatin1String("function"))
                       .toObject()
                       .value(QLatin1String("name"))
                       .toString();
}

void readAnthropic(const QJsonObject &body, FakeScript::Reading &r)
{
    r.system = textOf(body.value(QLatin1String("system")));
    r.wantsJson = body.value(QLatin1String("output_config")).toObject().contains(QLatin1String("format"));
    for (const QJsonValue &v : body.value(QLatin1String("messages")).toArray()) {
        const QJsonObject m = v.toObject();
        if (m.value(kRole).toString() != QLatin1String("user"))
            continue;
        const QJsonValue content = m.value(kContent);
        QStringList texts;
        if (content.isString())
            texts << content.toString();
        for (const QJsonValue &b : content.toArray()) {
            const QJsonObject block = b.toObject();
            const QString type = block.value(kType).toString();
            if (type == kText)
                texts << block.value(kText).toString();
            else if (type == QLatin1String("tool_result"))
                r.toolResults << textOf(block.value(kContent));
        }
        if (!texts.isEmpty()) {
            r.lastUser = texts.join(u'\n');
            r.userTexts << r.lastUser;
        } else {
            r.lastUser.clear(); // the last turn only carried tool results
        }
    }
    for (const QJsonValue &t : body.value(QLatin1String("tools")).toArray())
        r.tools << t.toObject().value(QLatin1String("name")).toString();
}

void readGemini(const QJsonObject &body, FakeScript::Reading &r)
{
    const auto field = [](const QJsonObject &o, const char *camel, const char *snake) {
        return o.contains(QLatin1String(camel)) ? o.value(QLatin1String(camel))
                                                : o.value(QLatin1String(snake));
    };
    for (const QJsonValue &p : field(body, "systemInstruction", "system_instruction")
                                   .toObject()
                                   .value(QLatin1String("parts"))
                                   .toArray())
        r.system += p.toObject().value(kText).toString() + u'\n';
    const QJsonObject gen = field(body, "generationConfig", "generation_config").toObject();
    r.wantsJson = field(gen, "responseMimeType", "response_mime_type").toString()
        == QLatin1String("application/json");
    for (const QJsonValue &v : body.value(QLatin1String("contents")).toArray()) {
        const QJsonObject c = v.toObject();
        if (c.value(kRole).toString(QStringLiteral("user")) != QLatin1String("user"))
            continue;
        QStringList texts;
        for (const QJsonValue &pv : c.value(QLatin1String("parts")).toArray()) {
            const QJsonObject part = pv.toObject();
            if (part.contains(kText))
                texts << part.value(kText).toString();
            const QJsonValue fr = field(part, "functionResponse", "function_response");
            if (fr.isObject())
                r.toolResults << compact(fr.toObject().value(QLatin1String("response")));
        }
        if (!texts.isEmpty()) {
            r.lastUser = texts.join(u'\n');
            r.userTexts << r.lastUser;
        } else {
            r.lastUser.clear();
        }
    }
    for (const QJsonValue &t : body.value(QLatin1String("tools")).toArray()) {
        for (const QJsonValue &d :
            field(t.toObject(), "functionDeclarations", "function_declarations").toArray())
            r.tools << d.toObject().value(QLatin1String("name")).toString();
    }
}

/// The scripted answer in OpenAI chat-completions form.
FakeReply openAIReply(const FakeScript::Reading &r, const QString &text, const QString &callName,
    const QJsonObject &callArgs, const QString &callId)
{
    const QString args = callName.isEmpty() ? QString() : compact(callArgs);
    const QString finish = callName.isEmpty() ? QStringLiteral("stop") : QStringLiteral("tool_calls");
    if (!r.stream) {
        QJsonObject c = FakeUpstream::completion(r.model, text);
        QJsonArray choices = c.value(QLatin1String("choices")).toArray();
        QJsonObject choice = choices.first().toObject();
        QJsonObject message = choice.value(QLatin1String("message")).toObject();
        if (!callName.isEmpty()) {
            if (text.isEmpty())
                message.insert(kContent, QJsonValue::Null);
            message.insert(QLatin1String("tool_calls"),
                QJsonArray {QJsonObject {{QLatin1String("id"), callId}, {kType, QStringLiteral("function")},
                    {QLatin1String("function"),
                        QJsonObject {
                            {QLatin1String("name"), callName}, {QLatin1String("arguments"), args}}}}});
        }
        choice.insert(QLatin1String("message"), message);
        choice.insert(QLatin1String("finish_reason"), finish);
        choices[0] = choice;
        c.insert(QLatin1String("choices"), choices);
        return FakeReply::json(200, c);
    }
    QList<QByteArray> events;
    events << FakeUpstream::chunk(r.model,
        {{kRole, QStringLiteral("assistant")}, {kContent, QString()},
            {QLatin1String("refusal"), QJsonValue::Null}});
    for (const QString &p : pieces(text, 4))
        events << FakeUpstream::chunk(r.model, {{kContent, p}});
    if (!callName.isEmpty()) {
        events << FakeUpstream::chunk(r.model,
            {{QLatin1String("tool_calls"),
                QJsonArray {QJsonObject {{QLatin1String("index"), 0}, {QLatin1String("id"), callId},
                    {kType, QStringLiteral("function")},
                    {QLatin1String("function"),
                        QJsonObject {
                            {QLatin1String("name"), callName}, {QLatin1String("arguments"), QString()}}}}}}});
        for (const QString &p : pieces(args, 3))
            events << FakeUpstream::chunk(r.model,
                {{QLatin1String("tool_calls"),
                    QJsonArray {QJsonObject {{QLatin1String("index"), 0},
                        {QLatin1String("function"), QJsonObject {{QLatin1String("arguments"), p}}}}}}});
    }
    events << FakeUpstream::chunk(r.model, {}, finish);
    if (r.includeUsage) {
        QJsonObject u = QJsonDocument::fromJson(FakeUpstream::chunk(r.model, {})).object();
        u.insert(QLatin1String("choices"), QJsonArray());
        u.insert(QLatin1String("usage"),
            QJsonObject {{QLatin1String("prompt_tokens"), 9}, {QLatin1String("completion_tokens"), 12},
                {QLatin1String("total_tokens"), 21}});
        events << QJsonDocument(u).toJson(QJsonDocument::Compact);
    }
    return FakeReply::sse(events);
}

FakeReply anthropicReply(const FakeScript::Reading &r, const QString &text, const QString &callName,
    const QJsonObject &callArgs, const QString &callId)
{
    QJsonArray content;
    if (!text.isEmpty())
        content.append(QJsonObject {{kType, QStringLiteral("text")}, {kText, text}});
    if (!callName.isEmpty())
        content.append(QJsonObject {{kType, QStringLiteral("tool_use")}, {QLatin1String("id"), callId},
            {QLatin1String("name"), callName}, {QLatin1String("input"), callArgs}});
    const QJsonObject msg = FakeAnthropic::message(r.model, content,
        callName.isEmpty() ? QStringLiteral("end_turn") : QStringLiteral("tool_use"),
        FakeAnthropic::usage(25, 12));
    if (!r.stream)
        return FakeReply::json(200, msg);
    return FakeAnthropic::events(FakeAnthropic::streamOf(msg));
}

FakeReply geminiReply(
    const FakeScript::Reading &r, const QString &text, const QString &callName, const QJsonObject &callArgs)
{
    QJsonArray whole;
    QList<QJsonObject> stream;
    const QStringList textPieces = pieces(text, 3);
    for (qsizetype i = 0; i < textPieces.size(); ++i)
        stream << FakeGemini::response(r.model, {QJsonObject {{kText, textPieces.at(i)}}}, {}, int(i + 1));
    if (!text.isEmpty())
        whole.append(QJsonObject {{kText, text}});
    if (!callName.isEmpty()) {
        const QJsonObject call {
            {QLatin1String("functionCall"),
                QJsonObject {{QLatin1String("name"), callName}, {QLatin1String("args"), callArgs}}},
            {QLatin1String("thoughtSignature"), QString::fromLatin1(FakeGemini::kSignature)}};
        whole.append(call);
        stream << FakeGemini::response(r.model, {call}, {}, 8);
    }
    if (!r.stream)
        return FakeReply::json(200, FakeGemini::response(r.model, whole, QStringLiteral("STOP"), 12));
    stream << FakeGemini::response(r.model, {QJsonObject {{kText, QString()}}}, QStringLiteral("STOP"), 12);
    return FakeGemini::sse(stream);
}

} // namespace

std::optional<FakeScript> FakeScript::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (!doc.isObject()) {
        *error = QStringLiteral("the script is not a JSON object: %1").arg(pe.errorString());
        return std::nullopt;
    }
    static const QStringList conditions = {QStringLiteral("lastUserSays"), QStringLiteral("anyUserSays"),
        QStringLiteral("toolResultSays"), QStringLiteral("noToolResult"), QStringLiteral("offersTool"),
        QStringLiteral("wantsJson"), QStringLiteral("format"), QStringLiteral("systemSays")};
    FakeScript s;
    const QJsonArray rules = doc.object().value(QLatin1String("rules")).toArray();
    for (qsizetype i = 0; i < rules.size(); ++i) {
        const QJsonObject o = rules.at(i).toObject();
        Rule r;
        r.name = o.value(QLatin1String("name")).toString(QStringLiteral("rule %1").arg(i));
        r.when = o.value(QLatin1String("when")).toObject();
        for (auto it = r.when.constBegin(); it != r.when.constEnd(); ++it) {
            if (!conditions.contains(it.key())) {
                *error = QStringLiteral("rule '%1': unknown condition '%2'").arg(r.name, it.key());
                return std::nullopt;
            }
        }
        r.say = o.value(QLatin1String("say")).toString();
        const QJsonObject call = o.value(QLatin1String("call")).toObject();
        r.callName = call.value(QLatin1String("name")).toString();
        r.callArguments = call.value(QLatin1String("arguments")).toObject();
        if (r.say.isEmpty() && r.callName.isEmpty()) {
            *error = QStringLiteral("rule '%1' neither says anything nor calls a tool").arg(r.name);
            return std::nullopt;
        }
        s.m_rules.append(r);
    }
    s.m_otherwise = doc.object()
                        .value(QLatin1String("otherwise"))
                        .toString(QStringLiteral("Nothing was scripted for this."));
    return s;
}

FakeScript::Reading FakeScript::read(const FakeRequest &request)
{
    Reading r;
    const QJsonObject body = request.json();
    const QByteArray path = request.path();
    if (path.startsWith("/v1/messages")) {
        r.format = QStringLiteral("anthropic");
        r.model = body.value(QLatin1String("model")).toString();
        r.stream = body.value(QLatin1String("stream")).toBool();
        readAnthropic(body, r);
    } else if (path.startsWith("/v1beta/")) {
        r.format = QStringLiteral("gemini");
        r.model = FakeGemini::modelOf(request);
        r.stream = path.endsWith(":streamGenerateContent");
        readGemini(body, r);
    } else {
        r.format = QStringLiteral("openai");
        r.model = body.value(QLatin1String("model")).toString();
        r.stream = body.value(QLatin1String("stream")).toBool();
        readOpenAI(body, r);
    }
    return r;
}

bool FakeScript::holds(const Rule &rule, const Reading &r) const
{
    const auto says = [](const QStringList &texts, const QString &what) {
        for (const QString &t : texts) {
            if (t.contains(what))
                return true;
        }
        return false;
    };
    for (auto it = rule.when.constBegin(); it != rule.when.constEnd(); ++it) {
        const QString key = it.key();
        const QString want = it.value().toString();
        if (key == QLatin1String("lastUserSays") && !r.lastUser.contains(want))
            return false;
        if (key == QLatin1String("anyUserSays") && !says(r.userTexts, want))
            return false;
        if (key == QLatin1String("toolResultSays") && !says(r.toolResults, want))
            return false;
        if (key == QLatin1String("noToolResult") && it.value().toBool() != r.toolResults.isEmpty())
            return false;
        if (key == QLatin1String("offersTool") && !r.tools.contains(want))
            return false;
        if (key == QLatin1String("wantsJson") && it.value().toBool() != r.wantsJson)
            return false;
        if (key == QLatin1String("format") && r.format != want)
            return false;
        if (key == QLatin1String("systemSays") && !r.system.contains(want))
            return false;
    }
    return true;
}

FakeReply FakeScript::answer(const FakeRequest &request, QString *rule) const
{
    const QByteArray path = request.path();
    if (request.method == "GET" && (path == "/v1/models" || path == "/v1beta/models")) {
        // The model lists the gateway's health probes ask for, in each provider's shape.
        *rule = QStringLiteral("models");
        if (path == "/v1beta/models") {
            return FakeReply::json(200,
                QJsonObject {{QLatin1String("models"),
                    QJsonArray {QJsonObject {{QLatin1String("name"), QStringLiteral("models/scripted")}}}}});
        }
        if (!request.header("anthropic-version").isEmpty())
            return FakeReply::json(200,
                QJsonObject {{QLatin1String("data"),
                                 QJsonArray {QJsonObject {{QLatin1String("type"), QStringLiteral("model")},
                                     {QLatin1String("id"), QStringLiteral("scripted")}}}},
                    {QLatin1String("has_more"), false}});
        return FakeReply::json(200,
            QJsonObject {{QLatin1String("object"), QStringLiteral("list")},
                {QLatin1String("data"),
                    QJsonArray {QJsonObject {{QLatin1String("id"), QStringLiteral("scripted")},
                        {QLatin1String("object"), QStringLiteral("model")}}}}});
    }
    const Reading r = read(request);
    if (r.format == QLatin1String("anthropic")) {
        if (auto refused = FakeAnthropic::check(request)) {
            *rule = QStringLiteral("refused");
            return *refused;
        }
    } else if (r.format == QLatin1String("gemini")) {
        if (auto refused = FakeGemini::check(request)) {
            *rule = QStringLiteral("refused");
            return *refused;
        }
    }
    QString text = m_otherwise;
    QString callName;
    QJsonObject callArgs;
    *rule = QStringLiteral("otherwise");
    for (const Rule &candidate : m_rules) {
        if (!holds(candidate, r))
            continue;
        *rule = candidate.name;
        text = candidate.say;
        callName = candidate.callName;
        callArgs = candidate.callArguments;
        break;
    }
    // One id per turn (a conversation with several calls keeps them apart).
    const QString callId = QStringLiteral("call_script_%1").arg(r.toolResults.size() + 1);
    if (r.format == QLatin1String("anthropic"))
        return anthropicReply(
            r, text, callName, callArgs, QStringLiteral("toolu_script_%1").arg(r.toolResults.size() + 1));
    if (r.format == QLatin1String("gemini"))
        return geminiReply(r, text, callName, callArgs);
    return openAIReply(r, text, callName, callArgs, callId);
}
