// SPDX-License-Identifier: MIT
#include "routing/routingpreview.h"

#include "protocol/chatrequest.h"
#include "providers/provider.h"
#include "routing/router.h"

#include <QJsonObject>

#include <cmath>

namespace {

QJsonObject body(const PreviewPrompt &p)
{
    QJsonValue content = p.text;
    if (p.image) {
        const QJsonObject text {
            {QLatin1String("type"), QStringLiteral("text")}, {QLatin1String("text"), p.text}};
        const QJsonObject url {{QLatin1String("url"), QStringLiteral("data:image/png;base64,iVBORw0KGgo=")}};
        const QJsonObject image {
            {QLatin1String("type"), QStringLiteral("image_url")}, {QLatin1String("image_url"), url}};
        content = QJsonArray {text, image};
    }
    const QJsonObject message {
        {QLatin1String("role"), QStringLiteral("user")}, {QLatin1String("content"), content}};
    QJsonObject b {
        {QLatin1String("model"), QStringLiteral("auto")}, {QLatin1String("messages"), QJsonArray {message}}};
    if (p.tools) {
        const QJsonObject city {{QLatin1String("type"), QStringLiteral("string")}};
        const QJsonObject parameters {{QLatin1String("type"), QStringLiteral("object")},
            {QLatin1String("properties"), QJsonObject {{QLatin1String("city"), city}}}};
        const QJsonObject function {{QLatin1String("name"), QStringLiteral("get_weather")},
            {QLatin1String("parameters"), parameters}};
        b.insert(QLatin1String("tools"),
            QJsonArray {QJsonObject {
                {QLatin1String("type"), QStringLiteral("function")}, {QLatin1String("function"), function}}});
    }
    return b;
}

} // namespace

QList<PreviewPrompt> RoutingPreview::samplePrompts()
{
    return {
        {QStringLiteral("Small talk"), QStringLiteral("Hi! How are you today?"), false, false, 0},
        {QStringLiteral("Code"),
            QStringLiteral(
                "Write a Python function that parses an ISO 8601 date string and returns a datetime; "
                "add unit tests."),
            false, false, 0},
        {QStringLiteral("Math"),
            QStringLiteral("Prove that there are infinitely many primes, then solve x^2 - 5x + 6 = 0."),
            false, false, 0},
        {QStringLiteral("Creative"),
            QStringLiteral("Write a short poem about a railway switchyard at night."), false, false, 0},
        {QStringLiteral("Reasoning"),
            QStringLiteral(
                "Compare the trade-offs of a monolith and microservices for a five-person team, and "
                "explain step by step which architecture you would choose and why."),
            false, false, 0},
        {QStringLiteral("Tools"), QStringLiteral("What is the weather in Lisbon right now?"), true, false, 0},
        {QStringLiteral("Image"), QStringLiteral("What is in this picture?"), false, true, 0},
        {QStringLiteral("Long document"), QStringLiteral("Summarise the attached 80-page contract."), false,
            false, 60000},
    };
}

PreviewPrompt RoutingPreview::typed(const QString &text)
{
    return {QStringLiteral("Typed"), text, false, false, 0};
}

QList<PreviewRow> RoutingPreview::run(
    const Router &router, const RoutingConfig &config, const QList<PreviewPrompt> &prompts)
{
    QList<PreviewRow> rows;
    rows.reserve(prompts.size());
    for (const PreviewPrompt &p : prompts) {
        PreviewRow row;
        row.label = p.label;
        row.prompt = p.text;
        GatewayError error;
        auto request = ChatRequest::fromOpenAIObject(body(p), &error);
        if (!request) {
            row.error = error.message;
            rows.append(row);
            continue;
        }
        request->estimatedPromptTokens += p.extraTokens;
        RouteRequest r;
        r.model = QStringLiteral("auto");
        r.chat = &*request;
        r.config = &config;
        auto plan = router.plan(r, &error);
        if (!plan) {
            row.error = error.message;
            rows.append(row);
            continue;
        }
        row.classification = plan->profile.describe();
        const RouteCandidate &winner = plan->candidates.first();
        row.provider = winner.provider->id();
        row.model = winner.model;
        row.score = winner.score;
        row.reason = winner.reason;
        if (const RouteCandidate *second = plan->runnerUp()) {
            row.runnerUpProvider = second->provider->id();
            row.runnerUpModel = second->model;
            row.runnerUpScore = second->score;
        }
        rows.append(row);
    }
    return rows;
}

QJsonArray RoutingPreview::toJson(const QList<PreviewRow> &rows)
{
    QJsonArray out;
    for (const PreviewRow &r : rows) {
        QJsonObject o {{QLatin1String("label"), r.label}, {QLatin1String("prompt"), r.prompt}};
        if (!r.error.isEmpty()) {
            o.insert(QLatin1String("error"), r.error);
        } else {
            o.insert(QLatin1String("classification"), r.classification);
            o.insert(QLatin1String("provider"), r.provider);
            o.insert(QLatin1String("model"), r.model);
            o.insert(QLatin1String("score"), std::round(r.score * 1000) / 1000);
            o.insert(QLatin1String("reason"), r.reason);
            if (r.runnerUpScore >= 0)
                o.insert(QLatin1String("runner_up"),
                    QJsonObject {{QLatin1String("provider"), r.runnerUpProvider},
                        {QLatin1String("model"), r.runnerUpModel},
                        {QLatin1String("score"), std::round(r.runnerUpScore * 1000) / 1000}});
        }
        out.append(o);
    }
    return out;
}
