// SPDX-License-Identifier: MIT
#include "protocol/responsesstreamwriter.h"

#include <QJsonArray>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcResponses)

namespace {
const QLatin1String kType("type");
const QLatin1String kText("text");
const QLatin1String kItemId("item_id");
const QLatin1String kOutputIndex("output_index");
const QLatin1String kContentIndex("content_index");
} // namespace

ResponsesStreamWriter::ResponsesStreamWriter(QJsonObject shell, OpenAIResponses::ToolNames tools)
    : m_shell(std::move(shell))
    , m_tools(std::move(tools))
{ }

QJsonObject ResponsesStreamWriter::event(const char *type, QJsonObject data)
{
    data.insert(kType, QLatin1String(type));
    data.insert(QLatin1String("sequence_number"), m_sequence++);
    return data;
}

QList<QJsonObject> ResponsesStreamWriter::start()
{
    return {event("response.created", {{QLatin1String("response"), m_shell}}),
        event("response.in_progress", {{QLatin1String("response"), m_shell}})};
}

void ResponsesStreamWriter::openItem(Kind kind, QList<QJsonObject> &out)
{
    if (m_kind == kind)
        return;
    closeOpen(out);
    m_kind = kind;
    m_outputIndex = int(m_output.size());
    m_parts = {};
    QJsonObject item;
    if (kind == Kind::Message) {
        m_itemId = OpenAIResponses::newId("msg");
        item = {{QLatin1String("id"), m_itemId}, {kType, QStringLiteral("message")},
            {QLatin1String("status"), QStringLiteral("in_progress")},
            {QLatin1String("role"), QStringLiteral("assistant")}, {QLatin1String("content"), QJsonArray()}};
    } else {
        m_itemId = OpenAIResponses::newId("rs");
        item = {{QLatin1String("id"), m_itemId}, {kType, QStringLiteral("reasoning")},
            {QLatin1String("summary"), QJsonArray()}, {QLatin1String("content"), QJsonArray()}};
    }
    out << event(
        "response.output_item.added", {{kOutputIndex, m_outputIndex}, {QLatin1String("item"), item}});
}

void ResponsesStreamWriter::openPart(const QString &type, QList<QJsonObject> &out)
{
    if (m_partType == type)
        return;
    closePart(out);
    m_partType = type;
    m_partText.clear();
    QJsonObject part {{kType, type}};
    if (type == QLatin1String("refusal")) {
        part.insert(QLatin1String("refusal"), QString());
    } else {
        part.insert(kText, QString());
        if (type == QLatin1String("output_text")) {
            part.insert(QLatin1String("annotations"), QJsonArray());
            part.insert(QLatin1String("logprobs"), QJsonArray());
        }
    }
    out << event("response.content_part.added",
        {{kItemId, m_itemId}, {kOutputIndex, m_outputIndex}, {kContentIndex, int(m_parts.size())},
            {QLatin1String("part"), part}});
}

void ResponsesStreamWriter::closePart(QList<QJsonObject> &out)
{
    if (m_partType.isEmpty())
        return;
    const int index = int(m_parts.size());
    QJsonObject part {{kType, m_partType}};
    QJsonObject where {{kItemId, m_itemId}, {kOutputIndex, m_outputIndex}, {kContentIndex, index}};
    if (m_partType == QLatin1String("refusal")) {
        part.insert(QLatin1String("refusal"), m_partText);
        QJsonObject done = where;
        done.insert(QLatin1String("refusal"), m_partText);
        out << event("response.refusal.done", done);
    } else {
        part.insert(kText, m_partText);
        QJsonObject done = where;
        done.insert(kText, m_partText);
        if (m_partType == QLatin1String("output_text")) {
            part.insert(QLatin1String("annotations"), QJsonArray());
            part.insert(QLatin1String("logprobs"), QJsonArray());
            done.insert(QLatin1String("logprobs"), QJsonArray());
            out << event("response.output_text.done", done);
        } else {
            out << event("response.reasoning_text.done", done);
        }
    }
    QJsonObject partDone = where;
    partDone.insert(QLatin1String("part"), part);
    out << event("response.content_part.done", partDone);
    m_parts.append(part);
    m_partType.clear();
    m_partText.clear();
}

void ResponsesStreamWriter::closeCall(Call &call, QList<QJsonObject> &out)
{
    if (!call.open)
        return;
    call.open = false;
    const QJsonObject item
        = OpenAIResponses::callItem(call.itemId, call.callId, call.name, call.arguments, m_tools, true);
    if (item.value(kType).toString() == QLatin1String("custom_tool_call")) {
        out << event("response.custom_tool_call_input.done",
            {{kItemId, call.itemId}, {kOutputIndex, call.outputIndex},
                {QLatin1String("input"), item.value(QLatin1String("input"))}});
    } else {
        out << event("response.function_call_arguments.done",
            {{kItemId, call.itemId}, {kOutputIndex, call.outputIndex},
                {QLatin1String("name"), item.value(QLatin1String("name"))},
                {QLatin1String("arguments"), call.arguments}});
    }
    out << event(
        "response.output_item.done", {{kOutputIndex, call.outputIndex}, {QLatin1String("item"), item}});
    m_output.append(item);
    m_kind = Kind::None;
}

void ResponsesStreamWriter::closeOpen(QList<QJsonObject> &out)
{
    if (m_kind == Kind::Call) {
        for (Call &c : m_calls)
            closeCall(c, out);
        return;
    }
    if (m_kind == Kind::None)
        return;
    closePart(out);
    QJsonObject item;
    if (m_kind == Kind::Message)
        item = {{QLatin1String("id"), m_itemId}, {kType, QStringLiteral("message")},
            {QLatin1String("status"), QStringLiteral("completed")},
            {QLatin1String("role"), QStringLiteral("assistant")}, {QLatin1String("content"), m_parts}};
    else
        item = {{QLatin1String("id"), m_itemId}, {kType, QStringLiteral("reasoning")},
            {QLatin1String("summary"), QJsonArray()}, {QLatin1String("content"), m_parts}};
    out << event("response.output_item.done", {{kOutputIndex, m_outputIndex}, {QLatin1String("item"), item}});
    m_output.append(item);
    m_kind = Kind::None;
}

QList<QJsonObject> ResponsesStreamWriter::feed(const QJsonObject &chunk)
{
    QList<QJsonObject> out;
    const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
    if (choices.isEmpty())
        return out;
    const QJsonObject choice = choices.first().toObject();
    if (choice.value(QLatin1String("index")).toInt() != 0)
        return out; // n > 1 is not a Responses API notion: the first choice is the answer
    const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
    const auto textDelta
        = [&](Kind kind, const QString &partType, const char *eventType, const QString &text) {
              openItem(kind, out);
              openPart(partType, out);
              m_partText += text;
              QJsonObject d {{kItemId, m_itemId}, {kOutputIndex, m_outputIndex},
                  {kContentIndex, int(m_parts.size())}, {QLatin1String("delta"), text}};
              if (partType == QLatin1String("output_text"))
                  d.insert(QLatin1String("logprobs"), QJsonArray());
              out << event(eventType, d);
          };
    const QString reasoning = delta.value(QLatin1String("reasoning_content")).toString();
    if (!reasoning.isEmpty())
        textDelta(
            Kind::Reasoning, QStringLiteral("reasoning_text"), "response.reasoning_text.delta", reasoning);
    const QString text = delta.value(QLatin1String("content")).toString();
    if (!text.isEmpty())
        textDelta(Kind::Message, QStringLiteral("output_text"), "response.output_text.delta", text);
    const QString refusal = delta.value(QLatin1String("refusal")).toString();
    if (!refusal.isEmpty())
        textDelta(Kind::Message, QStringLiteral("refusal"), "response.refusal.delta", refusal);

    for (const QJsonValue &v : delta.value(QLatin1String("tool_calls")).toArray()) {
        const QJsonObject tc = v.toObject();
        const int index = tc.value(QLatin1String("index")).toInt();
        const QJsonObject fn = tc.value(QLatin1String("function")).toObject();
        auto it = m_calls.find(index);
        if (it == m_calls.end()) {
            // A new call: whatever was open is complete (chat streams send calls one after another).
            closeOpen(out);
            Call c;
            c.callId = tc.value(QLatin1String("id")).toString();
            if (c.callId.isEmpty())
                c.callId = OpenAIFormat::newToolCallId();
            c.name = fn.value(QLatin1String("name")).toString();
            const bool custom = m_tools.value(c.name).custom;
            c.itemId = OpenAIResponses::newId(custom ? "ctc" : "fc");
            c.outputIndex = int(m_output.size());
            c.open = true;
            m_kind = Kind::Call;
            it = m_calls.insert(index, c);
            out << event("response.output_item.added",
                {{kOutputIndex, c.outputIndex},
                    {QLatin1String("item"),
                        OpenAIResponses::callItem(c.itemId, c.callId, c.name, {}, m_tools, false)}});
        }
        const QString args = fn.value(QLatin1String("arguments")).toString();
        if (args.isEmpty())
            continue;
        if (!it->open) {
            qCWarning(lcResponses) << "arguments for a tool call already completed were dropped";
            continue;
        }
        it->arguments += args;
        // A custom tool's input is one JSON string argument: it is sent whole when the call ends.
        if (!m_tools.value(it->name).custom)
            out << event("response.function_call_arguments.delta",
                {{kItemId, it->itemId}, {kOutputIndex, it->outputIndex}, {QLatin1String("delta"), args}});
    }
    const QJsonValue finish = choice.value(QLatin1String("finish_reason"));
    if (finish.isString())
        m_finishReason = finish.toString();
    return out;
}

QList<QJsonObject> ResponsesStreamWriter::finish(const Usage &usage, const QJsonObject &extra)
{
    QList<QJsonObject> out;
    closeOpen(out);
    m_shell.insert(QLatin1String("output"), m_output);
    OpenAIResponses::setStatus(m_shell, m_finishReason);
    m_shell.insert(QLatin1String("usage"), OpenAIResponses::usageToResponses(usage));
    QJsonObject response = m_shell;
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
        response.insert(it.key(), it.value());
    const bool complete = m_shell.value(QLatin1String("status")).toString() == QLatin1String("completed");
    out << event(
        complete ? "response.completed" : "response.incomplete", {{QLatin1String("response"), response}});
    return out;
}

QList<QJsonObject> ResponsesStreamWriter::fail(const GatewayError &error)
{
    m_shell.insert(QLatin1String("output"), m_output);
    m_shell.insert(QLatin1String("status"), QStringLiteral("failed"));
    m_shell.insert(QLatin1String("error"),
        QJsonObject {
            {QLatin1String("code"), error.code.isEmpty() ? QStringLiteral("server_error") : error.code},
            {QLatin1String("message"), error.message}});
    return {event("response.failed", {{QLatin1String("response"), m_shell}})};
}
