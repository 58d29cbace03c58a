// SPDX-License-Identifier: MIT
#pragma once

#include "engine/config.h"

#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <functional>

/**
 * @brief PII redaction rules (ARCHITECTURE §3 step 5): built-in e-mail, phone, credit card,
 * IBAN and API-key-like strings, plus the user's regular expressions, each replaced by a
 * placeholder such as "[EMAIL]".
 *
 * Built-in rules validate what they match so ordinary text survives: card numbers must pass
 * the Luhn check, IBANs the ISO 13616 mod-97 check, phone numbers need 9 to 15 digits and a
 * `+`, parentheses or separators (a bare run of digits is an order number as often as a phone
 * number), dotted quads are IP addresses, not phones. User rules run first, in config order.
 */
class Redactor
{
public:
    Redactor() = default;
    explicit Redactor(const GuardrailsConfig &config);

    [[nodiscard]] bool isEnabled() const { return !m_rules.isEmpty(); }
    [[nodiscard]] bool onRequests() const { return isEnabled() && m_requests; }
    [[nodiscard]] bool onResponses() const { return isEnabled() && m_responses; }
    [[nodiscard]] bool onLogs() const { return isEnabled() && (m_logs || m_requests); }

    /// @p text with every match replaced; @p count (optional) receives the number replaced.
    [[nodiscard]] QString redact(const QString &text, int *count = nullptr) const;

    /// The spans [start, end) of every validated match in @p text (for stream hold-back).
    struct Span
    {
        qsizetype start;
        qsizetype end;
    };
    [[nodiscard]] QList<Span> matches(const QString &text) const;

    /**
     * Redacts the text a client or a model wrote inside a request or response body of any of
     * the protocols (OpenAI chat and Responses, Anthropic Messages, Gemini): message contents,
     * text parts, tool arguments, system prompts. Images, files and identifiers are left alone.
     * Returns the number of replacements.
     */
    int redactBody(QJsonObject &body) const;

    /// Longest text a rule is expected to match: streams hold back this many characters.
    static constexpr qsizetype HoldBack = 96;

private:
    struct Rule
    {
        QString name;
        QRegularExpression pattern;
        QString replacement;
        /// Length of the valid match at the start of the captured text (0: not a match).
        std::function<qsizetype(QStringView)> validate;
    };
    void addBuiltIn(const QString &name);

    QList<Rule> m_rules;
    bool m_requests = false;
    bool m_responses = false;
    bool m_logs = false;
};
