// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QList>
#include <QString>

class Router;
struct RoutingConfig;

/** @brief A prompt to preview: text plus what the text alone cannot carry. */
struct PreviewPrompt
{
    QString label;
    QString text;
    bool tools = false; ///< the request offers a tool
    bool image = false; ///< the request carries an image
    qint64 extraTokens = 0; ///< context beyond the text (a long document)
};

/** @brief Where one preview prompt would go. */
struct PreviewRow
{
    QString label;
    QString prompt;
    QString classification;
    QString provider;
    QString model;
    double score = 0;
    QString reason;
    QString runnerUpProvider;
    QString runnerUpModel;
    double runnerUpScore = -1;
    QString error; ///< nothing fits, or every candidate is down
};

/**
 * @brief The Routing screen's live preview: plans a set of prompts as `auto` under routing
 * settings that are being edited (not applied), with the same router and health the live traffic
 * uses, so the preview shows exactly where the next request would go. Calls nobody.
 */
class RoutingPreview
{
public:
    /// Built-in prompts covering each trait: small talk, code, math, creative, tools, images,
    /// long context, reasoning.
    static QList<PreviewPrompt> samplePrompts();
    static PreviewPrompt typed(const QString &text);
    static QList<PreviewRow> run(
        const Router &router, const RoutingConfig &config, const QList<PreviewPrompt> &prompts);
    static QJsonArray toJson(const QList<PreviewRow> &rows);
};
