// SPDX-License-Identifier: MIT
#include "overview/overviewcontroller.h"

#include "core/format.h"

#include <QPointF>
#include <QXYSeries>

#include <cmath>

namespace {
/// The smallest of 1, 2, 2.5, 5 x 10^k that is >= @p value (a chart axis that reads well).
double niceCeiling(double value, double floor)
{
    if (value <= floor)
        return floor;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * magnitude >= value)
            return step * magnitude;
    }
    return 10 * magnitude;
}

bool sameTraffic(const QList<TrafficPoint> &a, const QList<TrafficPoint> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].timeMs != b[i].timeMs || a[i].requests != b[i].requests || a[i].p50Ms != b[i].p50Ms)
            return false;
    }
    return true;
}
} // namespace

OverviewController::OverviewController(QObject *parent)
    : QObject(parent)
{ }

void OverviewController::applySnapshot(const EngineSnapshot &s)
{
    const QString rps = Format::rate(s.requestsPerSecond);
    const QString p50 = Format::latency(s.p50Ms);
    const QString p95 = Format::latency(s.p95Ms);
    const QString errorRate = Format::percent(s.errorRate);
    const bool hasErrors = s.errorRate > 0;
    const QString requestsToday = Format::count(s.requestsToday);
    const QString tokensToday = Format::count(s.tokensToday);
    const QString costToday = Format::cost(s.costToday);
    if (rps != m_rps || p50 != m_p50 || p95 != m_p95 || errorRate != m_errorRate || hasErrors != m_hasErrors
        || requestsToday != m_requestsToday || tokensToday != m_tokensToday || costToday != m_costToday) {
        m_rps = rps;
        m_p50 = p50;
        m_p95 = p95;
        m_errorRate = errorRate;
        m_hasErrors = hasErrors;
        m_requestsToday = requestsToday;
        m_tokensToday = tokensToday;
        m_costToday = costToday;
        Q_EMIT statsChanged();
    }
    m_recent.prepend(s.newRequests);
    m_providers.update(s.providers);
    if (!s.baseUrl.isEmpty())
        setApiUrl(s.baseUrl + QStringLiteral("/v1"));

    if (!sameTraffic(s.traffic, m_traffic)) {
        m_traffic = s.traffic;
        double maxRequests = 0;
        double maxLatency = 0;
        for (const TrafficPoint &p : std::as_const(m_traffic)) {
            maxRequests = qMax(maxRequests, double(p.requests));
            maxLatency = qMax(maxLatency, p.p50Ms);
        }
        m_latencyInSeconds = maxLatency >= 2000;
        m_requestsAxisMax = niceCeiling(maxRequests * 1.05, 5);
        m_latencyAxisMax = niceCeiling(
            (m_latencyInSeconds ? maxLatency / 1000 : maxLatency) * 1.05, m_latencyInSeconds ? 1 : 10);
        Q_EMIT trafficChanged();
    }
}

void OverviewController::fillTraffic(QAbstractSeries *requests, QAbstractSeries *latency) const
{
    auto *requestSeries = qobject_cast<QXYSeries *>(requests);
    auto *latencySeries = qobject_cast<QXYSeries *>(latency);
    QList<QPointF> r;
    QList<QPointF> l;
    r.reserve(m_traffic.size());
    l.reserve(m_traffic.size());
    const double scale = m_latencyInSeconds ? 1.0 / 1000 : 1.0;
    if (m_traffic.isEmpty()) { // no engine yet: a flat, empty timeline rather than stray strokes
        const double start = double(trafficStart().toMSecsSinceEpoch());
        const double end = double(trafficEnd().toMSecsSinceEpoch());
        r = {QPointF(start, 0), QPointF(end, 0)};
        l = r;
    }
    for (const TrafficPoint &p : m_traffic) {
        r.append(QPointF(double(p.timeMs), p.requests));
        // A second without a successful request has no latency: the line drops to the axis.
        l.append(QPointF(double(p.timeMs), p.p50Ms * scale));
    }
    if (requestSeries)
        requestSeries->replace(r);
    if (latencySeries)
        latencySeries->replace(l);
}

QStringList OverviewController::snippetTitles() const
{
    return {tr("curl"), tr("Python"), tr("Node"), tr("Environment")};
}

QDateTime OverviewController::trafficStart() const
{
    const qint64 end = m_traffic.isEmpty() ? QDateTime::currentMSecsSinceEpoch() : m_traffic.last().timeMs;
    return QDateTime::fromMSecsSinceEpoch(end - LiveStats::WindowMs + 1000);
}

QDateTime OverviewController::trafficEnd() const
{
    return QDateTime::fromMSecsSinceEpoch(
        m_traffic.isEmpty() ? QDateTime::currentMSecsSinceEpoch() : m_traffic.last().timeMs);
}

void OverviewController::setApiUrl(const QString &url)
{
    if (url == m_apiUrl)
        return;
    m_apiUrl = url;
    const QString u = url;
    m_snippets = {
        QStringLiteral(
            "curl %1/chat/completions \\\n"
            "  -H \"Content-Type: application/json\" \\\n"
            "  -d '{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}'")
            .arg(u),
        QStringLiteral("from openai import OpenAI\n\n"
                       "client = OpenAI(base_url=\"%1\", api_key=\"switchyard\")\n"
                       "reply = client.chat.completions.create(\n"
                       "    model=\"auto\",\n"
                       "    messages=[{\"role\": \"user\", \"content\": \"Hello\"}],\n"
                       ")\n"
                       "print(reply.choices[0].message.content)")
            .arg(u),
        QStringLiteral("import OpenAI from \"openai\";\n\n"
                       "const client = new OpenAI({ baseURL: \"%1\", apiKey: \"switchyard\" });\n"
                       "const reply = await client.chat.completions.create({\n"
                       "  model: \"auto\",\n"
                       "  messages: [{ role: \"user\", content: \"Hello\" }],\n"
                       "});\n"
                       "console.log(reply.choices[0].message.content);")
            .arg(u),
        QStringLiteral("export OPENAI_BASE_URL=%1\n"
                       "export OPENAI_API_KEY=switchyard")
            .arg(u),
    };
    Q_EMIT snippetsChanged();
}
