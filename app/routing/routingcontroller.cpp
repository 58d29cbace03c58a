// SPDX-License-Identifier: MIT
#include "routing/routingcontroller.h"

#include "core/enginehost.h"
#include "core/format.h"
#include "engine/configeditor.h"
#include "engine/engine.h"
#include "routing/router.h"
#include "routing/routingpreview.h"

#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <optional>

namespace {

QString numberText(double v)
{
    return v < 0 ? QString() : QString::number(v, 'g', 10);
}

/// "" -> -1 (no limit); a non-negative number -> itself; anything else -> nullopt.
std::optional<double> parseLimit(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return -1.0;
    bool ok = false;
    const double v = t.toDouble(&ok);
    if (!ok || v < 0 || !std::isfinite(v))
        return std::nullopt;
    return v;
}

QString signedPercent(double before, double after)
{
    if (before <= 0)
        return after > 0 ? QStringLiteral("new") : QStringLiteral("±0 %");
    const double p = (after - before) / before * 100;
    if (std::abs(p) < 0.05)
        return QStringLiteral("±0 %");
    return QStringLiteral("%1%2 %")
        .arg(p > 0 ? QStringLiteral("+") : QString())
        .arg(p, 0, 'f', std::abs(p) < 10 ? 1 : 0);
}

/// "ok" when the change is good, "warning" when bad, "neutral" when there is none.
QString tone(double before, double after, bool higherIsBetter)
{
    if (std::abs(after - before) <= 1e-9 * qMax(1.0, std::abs(before)))
        return QStringLiteral("neutral");
    return (after > before) == higherIsBetter ? QStringLiteral("ok") : QStringLiteral("warning");
}

} // namespace

RoutingController::RoutingController(EngineHost *host, QObject *parent)
    : QObject(parent)
    , m_host(host)
{
    // Coalesces a slider drag into one preview per event-loop pass; the what-if reads the log,
    // so it waits for the drag to pause.
    m_previewTimer.setSingleShot(true);
    m_previewTimer.setInterval(0);
    connect(&m_previewTimer, &QTimer::timeout, this, &RoutingController::runPreview);
    m_whatIfTimer.setSingleShot(true);
    m_whatIfTimer.setInterval(250);
    connect(&m_whatIfTimer, &QTimer::timeout, this, &RoutingController::runWhatIf);
}

RoutingWeights RoutingController::shownWeights() const
{
    return Router::weightsFor(m_draft.strategy, m_draft).value_or(RoutingWeights {}).normalised();
}

void RoutingController::setStrategy(const QString &strategy)
{
    if (strategy == m_draft.strategy || !RoutingConfig::strategies().contains(strategy))
        return;
    m_draft.strategy = strategy;
    edited();
}

void RoutingController::setWeight(int which, double value)
{
    const RoutingWeights shown = shownWeights();
    double w[3] = {shown.cost, shown.quality, shown.latency};
    const double v = std::clamp(std::isfinite(value) ? value : 0.0, 0.0, 1.0);
    if (std::abs(w[which] - v) < 1e-9 && m_draft.strategy == QLatin1String("custom"))
        return;
    // The other two keep their proportion and share what is left.
    const int a = (which + 1) % 3;
    const int b = (which + 2) % 3;
    const double others = w[a] + w[b];
    const double rest = 1.0 - v;
    if (others > 1e-12) {
        w[a] = rest * w[a] / others;
        w[b] = rest * w[b] / others;
    } else {
        w[a] = w[b] = rest / 2;
    }
    w[which] = v;
    m_draft.costWeight = w[0];
    m_draft.qualityWeight = w[1];
    m_draft.latencyWeight = w[2];
    m_draft.strategy = QStringLiteral("custom");
    edited();
}

QString RoutingController::strategyHint() const
{
    const QString &s = m_draft.strategy;
    if (s == QLatin1String("balanced"))
        return tr("A fair mix of price, quality and speed");
    if (s == QLatin1String("cost"))
        return tr("The cheapest model that does the job well enough");
    if (s == QLatin1String("quality"))
        return tr("The best answer, whatever it costs");
    if (s == QLatin1String("latency"))
        return tr("The quickest first token");
    return tr("Your own weights, from the sliders");
}

void RoutingController::setPreferLocal(bool on)
{
    if (on == m_draft.preferLocal)
        return;
    m_draft.preferLocal = on;
    edited();
}

void RoutingController::setLocalMargin(double margin)
{
    const double m = std::clamp(std::isfinite(margin) ? margin : 0.0, 0.0, 0.5);
    if (std::abs(m - m_draft.localMargin) < 1e-9)
        return;
    m_draft.localMargin = m;
    edited();
}

void RoutingController::setMaxPriceText(const QString &text)
{
    if (text == m_maxPriceText)
        return;
    m_maxPriceText = text;
    const auto v = parseLimit(text);
    m_constraintError = v ? QString() : tr("The price limit must be a number of dollars, like 2.5");
    if (v)
        m_draft.constraints.maxPricePer1M = *v;
    edited();
}

void RoutingController::setMaxP95Text(const QString &text)
{
    if (text == m_maxP95Text)
        return;
    m_maxP95Text = text;
    const auto v = parseLimit(text);
    m_constraintError = v ? QString() : tr("The latency limit must be a number of milliseconds, like 1500");
    if (v)
        m_draft.constraints.maxP95LatencyMs = *v;
    edited();
}

void RoutingController::setCapabilityRequired(const QString &capability, bool required)
{
    QStringList &caps = m_draft.constraints.requiredCapabilities;
    if (!capabilities().contains(capability) || caps.contains(capability) == required)
        return;
    if (required)
        caps.append(capability);
    else
        caps.removeAll(capability);
    edited();
}

bool RoutingController::addFallbackChain(const QString &model)
{
    if (!m_fallbacks.addChain(model))
        return false;
    edited();
    return true;
}

void RoutingController::removeFallbackChain(int row)
{
    if (m_fallbacks.removeChain(row))
        edited();
}

bool RoutingController::addFallbackStep(int row, const QString &model)
{
    if (!m_fallbacks.addStep(row, model))
        return false;
    edited();
    return true;
}

void RoutingController::removeFallbackStep(int row, int step)
{
    if (m_fallbacks.removeStep(row, step))
        edited();
}

void RoutingController::moveFallbackStep(int row, int step, int delta)
{
    if (m_fallbacks.moveStep(row, step, delta))
        edited();
}

void RoutingController::edited()
{
    m_draft.fallbacks = m_fallbacks.chains();
    Q_EMIT draftChanged();
    if (!m_message.isEmpty() && !m_applying)
        setMessage(QString(), false);
    schedulePreview();
    scheduleWhatIf();
}

bool RoutingController::dirty() const
{
    return m_loaded && m_draft.toJson() != m_applied.toJson();
}

void RoutingController::setMessage(const QString &message, bool error)
{
    if (message == m_message && error == m_messageIsError)
        return;
    m_message = message;
    m_messageIsError = error;
    Q_EMIT messageChanged();
}

void RoutingController::syncConstraintTexts()
{
    m_maxPriceText = numberText(m_draft.constraints.maxPricePer1M);
    m_maxP95Text = numberText(m_draft.constraints.maxP95LatencyMs);
    m_constraintError.clear();
}

void RoutingController::apply()
{
    if (!m_loaded || m_applying)
        return;
    if (!m_constraintError.isEmpty()) {
        setMessage(m_constraintError, true);
        return;
    }
    m_applying = true;
    Q_EMIT applyingChanged();
    const QJsonObject routing = m_draft.toJson();
    m_host->withEngine(this, [this, routing](Engine *engine, const EngineHost::ToGui &toGui) {
        QString error;
        bool ok = false;
        bool saved = false;
        if (!engine) {
            error = tr("The gateway is not running.");
        } else {
            ok = engine->configEditor().setRouting(routing, &error);
            saved = engine->configEditor().persists();
        }
        toGui([this, ok, saved, error] {
            m_applying = false;
            Q_EMIT applyingChanged();
            if (ok)
                setMessage(saved ? tr("Applied: the next request routes this way (saved to the config file)")
                                 : tr("Applied: the next request routes this way"),
                    false);
            else
                setMessage(error, true);
        });
    });
}

void RoutingController::revert()
{
    if (!m_loaded)
        return;
    m_draft = m_applied;
    m_fallbacks.setChains(m_draft.fallbacks);
    syncConstraintTexts();
    setMessage(QString(), false);
    Q_EMIT draftChanged();
    schedulePreview();
    scheduleWhatIf();
}

void RoutingController::setApplied(const QJsonObject &routing)
{
    QString error;
    const auto parsed
        = Config::parse(QJsonDocument(QJsonObject {{QLatin1String("routing"), routing}}).toJson(), &error);
    if (!parsed) {
        setMessage(error, true);
        return;
    }
    const bool follow = !m_loaded || !dirty();
    m_applied = parsed->routing;
    m_loaded = true;
    if (follow) {
        m_draft = m_applied;
        m_fallbacks.setChains(m_draft.fallbacks);
        syncConstraintTexts();
    }
    Q_EMIT draftChanged();
    schedulePreview();
    scheduleWhatIf();
}

void RoutingController::setModels(const QJsonArray &models)
{
    QStringList ids;
    for (const QJsonValue &v : models) {
        const QString id = v.toObject().value(QLatin1String("id")).toString();
        if (!id.isEmpty() && !Router::isVirtualModel(id) && !ids.contains(id))
            ids.append(id);
    }
    std::sort(ids.begin(), ids.end());
    if (ids != m_modelIds) {
        m_modelIds = ids;
        Q_EMIT modelIdsChanged();
    }
    schedulePreview();
}

void RoutingController::setTypedPrompt(const QString &prompt)
{
    if (prompt == m_typedPrompt)
        return;
    m_typedPrompt = prompt;
    Q_EMIT typedPromptChanged();
    schedulePreview();
}

void RoutingController::refresh()
{
    schedulePreview();
    scheduleWhatIf();
}

void RoutingController::schedulePreview()
{
    ++m_previewGeneration; // answers to earlier drafts are dropped
    m_previewTimer.start();
}

void RoutingController::scheduleWhatIf()
{
    ++m_whatIfGeneration;
    m_whatIfTimer.start();
}

void RoutingController::runPreview()
{
    if (!m_loaded)
        return;
    QList<PreviewPrompt> prompts;
    const bool typed = !m_typedPrompt.trimmed().isEmpty();
    if (typed)
        prompts.append(RoutingPreview::typed(m_typedPrompt.trimmed()));
    prompts += RoutingPreview::samplePrompts();
    const quint64 generation = m_previewGeneration;
    m_host->withEngine(this,
        [this, draft = m_draft, prompts, typed, generation](Engine *engine, const EngineHost::ToGui &toGui) {
            if (!engine)
                return;
            const QList<PreviewRow> edited = engine->previewRouting(draft, prompts);
            const QList<PreviewRow> applied = engine->previewRouting(engine->router().config(), prompts);
            toGui([this, edited, applied, typed, generation] {
                if (generation != m_previewGeneration)
                    return; // a newer draft is on its way
                m_preview.update(edited, applied, typed);
                Q_EMIT previewUpdated();
            });
        });
}

void RoutingController::setWhatIfLast(int n)
{
    const int last = std::clamp(n, 1, WhatIfReplay::MaxRows);
    if (last == m_whatIfLast)
        return;
    m_whatIfLast = last;
    Q_EMIT whatIfChanged();
    scheduleWhatIf();
}

void RoutingController::runWhatIf()
{
    if (!m_loaded)
        return;
    const quint64 generation = m_whatIfGeneration;
    if (!m_whatIfRunning) {
        m_whatIfRunning = true;
        Q_EMIT whatIfChanged();
    }
    m_host->withEngine(this,
        [this, draft = m_draft, last = m_whatIfLast, generation](
            Engine *engine, const EngineHost::ToGui &toGui) {
            auto deliver = [this, toGui, generation](const WhatIfSummary &summary, bool ok) {
                toGui([this, summary, ok, generation] {
                    if (generation != m_whatIfGeneration)
                        return;
                    m_whatIf = summary;
                    m_whatIfReady = ok;
                    m_whatIfRunning = false;
                    Q_EMIT whatIfChanged();
                });
            };
            if (!engine) {
                deliver({}, false);
                return;
            }
            engine->whatIf(draft, last, [deliver](const WhatIfSummary &s) { deliver(s, true); });
        });
}

QString RoutingController::whatIfSummary() const
{
    if (!m_whatIfReady)
        return m_whatIfRunning ? tr("Replaying the request log…") : QString();
    const WhatIfSummary &w = m_whatIf;
    if (w.considered == 0)
        return tr("No requests logged yet. Send some `auto` traffic and the replay shows what these "
                  "settings would have changed.");
    if (w.replayed == 0)
        return w.considered == 1
            ? tr("The last logged request was not routed by score (auto, fast, cheap, quality), "
                 "so there is nothing to replay.")
            : tr("None of the last %1 logged requests was routed by score (auto, fast, cheap, "
                 "quality), so there is nothing to replay.")
                  .arg(w.considered);
    QString text = tr("%1 of the last %2 logged requests were routed by score; %3 would go elsewhere.")
                       .arg(w.replayed)
                       .arg(w.considered)
                       .arg(w.changed);
    if (w.unroutable > 0)
        text += u' ' + tr("%1 would find no model that fits.").arg(w.unroutable);
    return text;
}

QStringList RoutingController::whatIfMetrics() const
{
    return {tr("Cost"), tr("Cost per request"), tr("Expected latency"), tr("Quality")};
}

QStringList RoutingController::whatIfBefore() const
{
    const WhatIfSummary &w = m_whatIf;
    const double n = qMax(1, w.replayed);
    return {Format::cost(w.costBeforeUsd), Format::cost(w.costBeforeUsd / n),
        Format::latency(w.latencyBeforeMs), QString::number(w.qualityBefore, 'f', 1)};
}

QStringList RoutingController::whatIfAfter() const
{
    const WhatIfSummary &w = m_whatIf;
    const double n = qMax(1, w.replayed);
    return {Format::cost(w.costAfterUsd), Format::cost(w.costAfterUsd / n), Format::latency(w.latencyAfterMs),
        QString::number(w.qualityAfter, 'f', 1)};
}

QStringList RoutingController::whatIfChange() const
{
    const WhatIfSummary &w = m_whatIf;
    const double dq = w.qualityAfter - w.qualityBefore;
    const QString quality = std::abs(dq) < 0.05
        ? QStringLiteral("±0")
        : QStringLiteral("%1%2").arg(dq > 0 ? QStringLiteral("+") : QString()).arg(dq, 0, 'f', 1);
    const QString cost = signedPercent(w.costBeforeUsd, w.costAfterUsd);
    return {cost, cost, signedPercent(w.latencyBeforeMs, w.latencyAfterMs), quality};
}

QStringList RoutingController::whatIfTones() const
{
    const WhatIfSummary &w = m_whatIf;
    const QString cost = tone(w.costBeforeUsd, w.costAfterUsd, false);
    return {cost, cost, tone(w.latencyBeforeMs, w.latencyAfterMs, false),
        tone(w.qualityBefore, w.qualityAfter, true)};
}

QStringList RoutingController::whatIfMoves() const
{
    QStringList out;
    for (const WhatIfMove &m : m_whatIf.moves)
        out << (m.requests == 1 ? tr("%1 → %2 · 1 request").arg(m.from, m.to)
                                : tr("%1 → %2 · %3 requests").arg(m.from, m.to).arg(m.requests));
    return out;
}
