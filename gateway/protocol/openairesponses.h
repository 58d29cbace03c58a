// SPDX-License-Identifier: MIT
#pragma once

#include "http/gatewayerror.h"
#include "protocol/openaiformat.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

/**
 * @brief OpenAI Responses API (POST /v1/responses) <-> canonical (chat completions) translation:
 * requests with their input items, tools and options, whole responses, output items and usage
 * (docs/protocols.md has the field-by-field table).
 *
 * Chat completions know only flat function tools, so namespaced functions become
 * `<namespace>__<name>` and custom (free-form) tools a function with one string argument `input`;
 * ToolNames maps the canonical names back so answers name what the client declared. Tools that
 * run on OpenAI's servers (web search, file search, code interpreter...) have no provider-neutral
 * form: they are refused with a message that says how to turn them off.
 *
 * Streams are written by ResponsesStreamWriter.
 */
namespace OpenAIResponses {

/** @brief What a canonical tool name stands for in the client's declaration. */
struct ToolOrigin
{
    QString name; ///< the function's own name
    QString ns; ///< its namespace, empty for a top-level tool
    bool custom = false; ///< a custom tool (input is free text, not JSON arguments)
};

/** @brief Canonical tool name -> the client's tool. */
using ToolNames = QHash<QString, ToolOrigin>;

/** @brief A Responses request translated: the canonical body and the tool names it flattened. */
struct Translated
{
    QJsonObject chat;
    ToolNames tools;
    QJsonArray inputItems; ///< the conversation so far as items (history + this input), for the store
};

/**
 * Responses body -> canonical chat body. @p history is the conversation a previous_response_id
 * names (its input and output items), placed before this request's input. Errors name the field
 * as OpenAI does (`input[2].content[0].type`).
 */
std::optional<Translated> requestToOpenAI(
    const QJsonObject &body, const QJsonArray &history, GatewayError *error);

/// The canonical name of tool @p name in namespace @p ns (`ns__name`, shortened to 64 characters).
QString canonicalToolName(const QString &ns, const QString &name);

/// A new id with @p prefix ("resp", "msg", "fc", "rs", "ctc"), 48 hex digits as OpenAI's.
QString newId(const char *prefix);

/**
 * The response object for @p request before any output (status in_progress, output [], usage
 * null), echoing the request's options as OpenAI does.
 */
QJsonObject responseShell(const QString &id, qint64 createdAt, const QJsonObject &request);

/// Output items (reasoning, message, function and custom tool calls) of a chat.completion message.
QJsonArray outputItems(const QJsonObject &message, const ToolNames &tools);
/// A function_call or custom_tool_call output item for a canonical call (whole arguments).
QJsonObject callItem(const QString &itemId, const QString &callId, const QString &canonicalName,
    const QString &arguments, const ToolNames &tools, bool done);

/// @p shell completed with a chat.completion's output, status and usage.
QJsonObject responseFromOpenAI(
    const QJsonObject &completion, QJsonObject shell, const ToolNames &tools, const Usage &usage);
/// Sets status (completed / incomplete with its reason) from a finish_reason.
void setStatus(QJsonObject &response, const QString &finishReason);

/// Usage -> Responses usage (input/output tokens with cached and reasoning details).
QJsonObject usageToResponses(const Usage &usage);
/// Responses usage -> Usage.
Usage usageFromResponses(const QJsonObject &usage);

} // namespace OpenAIResponses
