// SPDX-License-Identifier: MIT
#pragma once

#include "routing/promptprofile.h"

struct ChatRequest;

/**
 * @brief Reads a chat request the way routing needs it: is it code, math, creative writing,
 * reasoning, small talk; does it call tools, carry images, ask for JSON; how long is it and how
 * deep is the conversation. From that: a complexity (0-1), the capabilities a model must have,
 * and the expected completion length.
 *
 * A heuristic, fast by construction (the router runs it for every `auto` request): one pass over
 * the system prompt and the last user message (their first and last few thousand characters),
 * words looked up in a precomputed keyword table, no allocation per word. docs/routing.md lists
 * the rules.
 */
class PromptClassifier
{
public:
    static PromptProfile classify(const ChatRequest &request);
    /// An embeddings request of @p tokens.
    static PromptProfile embeddings(qint64 tokens);
    /// The traits and complexity of a text alone (previews of typed prompts, tests).
    static PromptProfile classifyText(QStringView text);

    static constexpr qint64 LongContextTokens = 16000;
    static constexpr int DeepConversationTurns = 6;
    static constexpr qsizetype HeadChars = 4000; ///< of a message, scanned from the start
    static constexpr qsizetype TailChars = 1000; ///< and from the end
};
