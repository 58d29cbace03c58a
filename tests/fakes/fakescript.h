// SPDX-License-Identifier: MIT
#pragma once

#include "fakeupstream.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

/**
 * @brief A scripted conversation for the fake upstream, whatever wire format the request is in:
 * rules are tried in order against what the request says, and the first that holds decides the
 * answer, which is then rendered in the request's own format (OpenAI chat completions, Anthropic
 * Messages or Gemini, streamed or not) after the format's own checks (FakeAnthropic::check,
 * FakeGemini::check).
 *
 * A script is JSON:
 * ```
 * {"rules": [
 *    {"name": "answer", "when": {"toolResultSays": "PAPAYA-7"}, "say": "The secret word is PAPAYA-7."},
 *    {"name": "read", "when": {"lastUserSays": "secret word", "offersTool": "Read"},
 *     "say": "Let me read it.", "call": {"name": "Read", "arguments": {"file_path": "/tmp/x/note.txt"}}},
 *    {"name": "json", "when": {"wantsJson": true}, "say": "{\"next_speaker\": \"user\"}"}],
 *  "otherwise": "Nothing was scripted for this."}
 * ```
 * Conditions (all must hold): `lastUserSays` (the last user turn's text contains it),
 * `anyUserSays`, `toolResultSays` (a tool result contains it), `noToolResult`, `offersTool` (a
 * tool of that name is declared), `wantsJson` (the request asks for JSON output), `format`
 * (openai, anthropic or gemini), `systemSays`.
 */
class FakeScript
{
public:
    /** @brief What a request says, read from its wire format. */
    struct Reading
    {
        QString format; ///< openai, anthropic, gemini
        QString model;
        bool stream = false;
        bool includeUsage = false;
        bool wantsJson = false;
        QString system;
        QString lastUser; ///< text of the last user turn (tool results excluded)
        QStringList userTexts;
        QStringList toolResults;
        QStringList tools;
    };

    static std::optional<FakeScript> fromJson(const QByteArray &json, QString *error);
    static Reading read(const FakeRequest &request);

    /// The answer to @p request, and the name of the rule that chose it ("otherwise" when none did).
    FakeReply answer(const FakeRequest &request, QString *rule) const;

private:
    struct Rule
    {
        QString name;
        QJsonObject when;
        QString say;
        QString callName;
        QJsonObject callArguments;
    };
    [[nodiscard]] bool holds(const Rule &rule, const Reading &reading) const;

    QList<Rule> m_rules;
    QString m_otherwise;
};
