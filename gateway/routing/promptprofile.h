// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

/** @brief What a prompt is about, as bits (PromptClassifier sets them). */
namespace PromptTrait {
enum : quint32 {
    Code = 1u << 0,
    Math = 1u << 1,
    Creative = 1u << 2,
    Reasoning = 1u << 3,
    Tools = 1u << 4,
    Images = 1u << 5,
    LongContext = 1u << 6,
    Json = 1u << 7,
    Conversation = 1u << 8, ///< a deep conversation (many turns)
    Simple = 1u << 9, ///< short small talk or a quick question
};
QStringList names(quint32 traits);
quint32 fromNames(const QStringList &names);
} // namespace PromptTrait

/**
 * @brief A request as routing sees it: traits, complexity, the capabilities a model needs, and
 * the tokens in and (expected) out.
 *
 * Made by PromptClassifier for live requests; stored in the request log in compact form
 * (toCompact) so the what-if replay can re-plan real past requests without their prompts.
 */
struct PromptProfile
{
    quint32 traits = 0;
    quint32 requiredCapabilities = 0; ///< Capability bits
    double complexity = 0; ///< 0 (trivial) .. 1 (hard)
    qint64 promptTokens = 0;
    qint64 outputTokens = 0; ///< expected completion tokens (for cost)
    qint64 maxTokens = -1; ///< the request's cap; the context window must hold prompt + this
    int turns = 0; ///< user turns in the conversation
    bool streamed = false;
    bool embeddings = false; ///< an embeddings request: only embedding models fit

    /// The quality (0-100) a model needs for this prompt to score fully on quality.
    [[nodiscard]] double targetQuality() const { return 30 + 65 * complexity; }
    /// Tokens the context window must hold.
    [[nodiscard]] qint64 contextNeeded() const
    {
        return promptTokens + (maxTokens > 0 ? maxTokens : outputTokens);
    }
    [[nodiscard]] bool has(quint32 trait) const { return (traits & trait) != 0; }
    /// "code, tools; complexity 0.62; ~1200 tokens in".
    [[nodiscard]] QString describe() const;
    /// One line for the request log ("v1;t=code,tools;c=0.62;p=1200;o=700;m=-1;n=3;s=1;e=0;r=tools").
    [[nodiscard]] QString toCompact() const;
    static std::optional<PromptProfile> fromCompact(const QString &text);
};
