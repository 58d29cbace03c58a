// SPDX-License-Identifier: MIT
#pragma once

#include "core/qmlsingleton.h"

#include "engine/config.h"
#include "routing/fallbackchainmodel.h"
#include "routing/previewmodel.h"
#include "routing/router.h"
#include "routing/whatifreplay.h"

#include <QJsonArray>
#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class EngineHost;

/**
 * @brief The Routing screen: the `routing` settings being edited (strategy, weights that always
 * sum to 1, constraints, prefer-local and its margin, fallback chains), a live preview of where
 * sample and typed prompts would go under them, and a what-if replay of the last logged requests,
 * both recomputed as the draft changes; apply() hands the draft to the engine's ConfigEditor (the
 * admin API's object), which saves it to the config file and routes the next request with it.
 *
 * The draft follows the applied settings (including changes made through the admin API) while it
 * has no edits of its own.
 */
class RoutingController : public QObject, public QmlSingleton<RoutingController>
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Routing)
    QML_SINGLETON
    Q_PROPERTY(bool loaded READ loaded NOTIFY draftChanged)
    Q_PROPERTY(QStringList strategies READ strategies CONSTANT)
    Q_PROPERTY(QString strategy READ strategy WRITE setStrategy NOTIFY draftChanged)
    Q_PROPERTY(double costWeight READ costWeight WRITE setCostWeight NOTIFY draftChanged)
    Q_PROPERTY(double qualityWeight READ qualityWeight WRITE setQualityWeight NOTIFY draftChanged)
    Q_PROPERTY(double latencyWeight READ latencyWeight WRITE setLatencyWeight NOTIFY draftChanged)
    Q_PROPERTY(QString strategyHint READ strategyHint NOTIFY draftChanged)
    Q_PROPERTY(bool preferLocal READ preferLocal WRITE setPreferLocal NOTIFY draftChanged)
    Q_PROPERTY(double localMargin READ localMargin WRITE setLocalMargin NOTIFY draftChanged)
    Q_PROPERTY(QString maxPriceText READ maxPriceText WRITE setMaxPriceText NOTIFY draftChanged)
    Q_PROPERTY(QString maxP95Text READ maxP95Text WRITE setMaxP95Text NOTIFY draftChanged)
    Q_PROPERTY(QString constraintError READ constraintError NOTIFY draftChanged)
    Q_PROPERTY(QStringList capabilities READ capabilities CONSTANT)
    Q_PROPERTY(QStringList requiredCapabilities READ requiredCapabilities NOTIFY draftChanged)
    Q_PROPERTY(FallbackChainModel *fallbacks READ fallbacks CONSTANT)
    Q_PROPERTY(QStringList modelIds READ modelIds NOTIFY modelIdsChanged)
    Q_PROPERTY(bool dirty READ dirty NOTIFY draftChanged)
    Q_PROPERTY(bool applying READ applying NOTIFY applyingChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    Q_PROPERTY(bool messageIsError READ messageIsError NOTIFY messageChanged)
    Q_PROPERTY(PreviewModel *preview READ preview CONSTANT)
    Q_PROPERTY(QString typedPrompt READ typedPrompt WRITE setTypedPrompt NOTIFY typedPromptChanged)
    Q_PROPERTY(int whatIfLast READ whatIfLast WRITE setWhatIfLast NOTIFY whatIfChanged)
    Q_PROPERTY(bool whatIfRunning READ whatIfRunning NOTIFY whatIfChanged)
    Q_PROPERTY(bool whatIfReady READ whatIfReady NOTIFY whatIfChanged)
    Q_PROPERTY(QString whatIfSummary READ whatIfSummary NOTIFY whatIfChanged)
    Q_PROPERTY(int whatIfReplayed READ whatIfReplayed NOTIFY whatIfChanged)
    Q_PROPERTY(int whatIfMovedCount READ whatIfMovedCount NOTIFY whatIfChanged)
    Q_PROPERTY(QStringList whatIfMetrics READ whatIfMetrics NOTIFY whatIfChanged)
    Q_PROPERTY(QStringList whatIfBefore READ whatIfBefore NOTIFY whatIfChanged)
    Q_PROPERTY(QStringList whatIfAfter READ whatIfAfter NOTIFY whatIfChanged)
    Q_PROPERTY(QStringList whatIfChange READ whatIfChange NOTIFY whatIfChanged)
    Q_PROPERTY(QStringList whatIfTones READ whatIfTones NOTIFY whatIfChanged)
    Q_PROPERTY(QStringList whatIfMoves READ whatIfMoves NOTIFY whatIfChanged)
public:
    explicit RoutingController(EngineHost *host, QObject *parent = nullptr);

    [[nodiscard]] bool loaded() const { return m_loaded; }
    [[nodiscard]] QStringList strategies() const { return RoutingConfig::strategies(); }
    [[nodiscard]] QString strategy() const { return m_draft.strategy; }
    void setStrategy(const QString &strategy);
    [[nodiscard]] double costWeight() const { return shownWeights().cost; }
    [[nodiscard]] double qualityWeight() const { return shownWeights().quality; }
    [[nodiscard]] double latencyWeight() const { return shownWeights().latency; }
    /// Each sets one weight (0..1) and scales the other two so the three sum to 1; the strategy
    /// becomes `custom`.
    void setCostWeight(double w) { setWeight(0, w); }
    void setQualityWeight(double w) { setWeight(1, w); }
    void setLatencyWeight(double w) { setWeight(2, w); }
    [[nodiscard]] QString strategyHint() const;
    [[nodiscard]] bool preferLocal() const { return m_draft.preferLocal; }
    void setPreferLocal(bool on);
    [[nodiscard]] double localMargin() const { return m_draft.localMargin; }
    /// Clamped to 0..0.5 (a share of the best score).
    void setLocalMargin(double margin);
    /// "" = no limit; otherwise USD per 1M tokens (blended).
    [[nodiscard]] QString maxPriceText() const { return m_maxPriceText; }
    void setMaxPriceText(const QString &text);
    /// "" = no limit; otherwise milliseconds.
    [[nodiscard]] QString maxP95Text() const { return m_maxP95Text; }
    void setMaxP95Text(const QString &text);
    [[nodiscard]] QString constraintError() const { return m_constraintError; }
    [[nodiscard]] QStringList capabilities() const { return RoutingConfig::knownCapabilities(); }
    [[nodiscard]] QStringList requiredCapabilities() const
    {
        return m_draft.constraints.requiredCapabilities;
    }
    Q_INVOKABLE void setCapabilityRequired(const QString &capability, bool required);
    [[nodiscard]] FallbackChainModel *fallbacks() { return &m_fallbacks; }
    [[nodiscard]] QStringList modelIds() const { return m_modelIds; }
    Q_INVOKABLE bool addFallbackChain(const QString &model);
    Q_INVOKABLE void removeFallbackChain(int row);
    Q_INVOKABLE bool addFallbackStep(int row, const QString &model);
    Q_INVOKABLE void removeFallbackStep(int row, int step);
    Q_INVOKABLE void moveFallbackStep(int row, int step, int delta);

    [[nodiscard]] bool dirty() const;
    [[nodiscard]] bool applying() const { return m_applying; }
    [[nodiscard]] QString message() const { return m_message; }
    [[nodiscard]] bool messageIsError() const { return m_messageIsError; }
    /// Saves the draft to the config file and routes the next request with it.
    Q_INVOKABLE void apply();
    /// Back to the applied settings.
    Q_INVOKABLE void revert();

    [[nodiscard]] PreviewModel *preview() { return &m_preview; }
    [[nodiscard]] QString typedPrompt() const { return m_typedPrompt; }
    void setTypedPrompt(const QString &prompt);
    /// Recomputes the preview and the what-if now (e.g. after traffic changed the health).
    Q_INVOKABLE void refresh();

    [[nodiscard]] int whatIfLast() const { return m_whatIfLast; }
    /// Clamped to 1..WhatIfReplay::MaxRows.
    void setWhatIfLast(int n);
    [[nodiscard]] bool whatIfRunning() const { return m_whatIfRunning; }
    [[nodiscard]] bool whatIfReady() const { return m_whatIfReady; }
    [[nodiscard]] QString whatIfSummary() const;
    [[nodiscard]] int whatIfReplayed() const { return m_whatIf.replayed; }
    [[nodiscard]] int whatIfMovedCount() const { return m_whatIf.changed; }
    /// The what-if table: one entry per metric (cost, cost per request, latency, quality).
    [[nodiscard]] QStringList whatIfMetrics() const;
    [[nodiscard]] QStringList whatIfBefore() const;
    [[nodiscard]] QStringList whatIfAfter() const;
    [[nodiscard]] QStringList whatIfChange() const;
    /// "ok" (better), "warning" (worse) or "neutral", per metric.
    [[nodiscard]] QStringList whatIfTones() const;
    [[nodiscard]] QStringList whatIfMoves() const;
    [[nodiscard]] const WhatIfSummary &whatIf() const { return m_whatIf; }

    /// The routing section the engine applies (from EngineHost::routingChanged).
    void setApplied(const QJsonObject &routing);
    /// The models the engine serves (from EngineHost::modelsChanged).
    void setModels(const QJsonArray &models);
    [[nodiscard]] const RoutingConfig &draft() const { return m_draft; }

Q_SIGNALS:
    void draftChanged();
    void modelIdsChanged();
    void applyingChanged();
    void messageChanged();
    void typedPromptChanged();
    void whatIfChanged();
    /// The preview model holds the results for the current draft.
    void previewUpdated();

private:
    [[nodiscard]] RoutingWeights shownWeights() const;
    void setWeight(int which, double value);
    void edited();
    void setMessage(const QString &message, bool error);
    void syncConstraintTexts();
    void schedulePreview();
    void scheduleWhatIf();
    void runPreview();
    void runWhatIf();

    EngineHost *m_host;
    RoutingConfig m_applied;
    RoutingConfig m_draft;
    bool m_loaded = false;
    QString m_maxPriceText;
    QString m_maxP95Text;
    QString m_constraintError;
    FallbackChainModel m_fallbacks;
    QStringList m_modelIds;
    bool m_applying = false;
    QString m_message;
    bool m_messageIsError = false;
    PreviewModel m_preview;
    QString m_typedPrompt;
    QTimer m_previewTimer;
    quint64 m_previewGeneration = 0;
    int m_whatIfLast = 200;
    bool m_whatIfRunning = false;
    bool m_whatIfReady = false;
    WhatIfSummary m_whatIf;
    QTimer m_whatIfTimer;
    quint64 m_whatIfGeneration = 0;
};
