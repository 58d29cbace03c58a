// SPDX-License-Identifier: MIT
#pragma once

#include "core/qmlsingleton.h"

#include "overview/providerstatemodel.h"
#include "overview/recentrequestsmodel.h"
#include "telemetry/livestats.h"

#include <QAbstractSeries>
#include <QDateTime>
#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

/**
 * @brief What the Overview shows, fed by engine snapshots: live statistics written for people,
 * the recent requests and provider states as models, the traffic chart's data, and copy-ready
 * snippets for the current base URL.
 *
 * Every property changes only when its text does, so an idle gateway makes the page repaint
 * nothing but the chart's clock once a second.
 */
class OverviewController : public QObject, public QmlSingleton<OverviewController>
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Overview)
    QML_SINGLETON
    Q_PROPERTY(QString requestsPerSecond READ requestsPerSecond NOTIFY statsChanged)
    Q_PROPERTY(QString p50 READ p50 NOTIFY statsChanged)
    Q_PROPERTY(QString p95 READ p95 NOTIFY statsChanged)
    Q_PROPERTY(QString errorRate READ errorRate NOTIFY statsChanged)
    Q_PROPERTY(bool hasErrors READ hasErrors NOTIFY statsChanged)
    Q_PROPERTY(QString requestsToday READ requestsToday NOTIFY statsChanged)
    Q_PROPERTY(QString tokensToday READ tokensToday NOTIFY statsChanged)
    Q_PROPERTY(QString costToday READ costToday NOTIFY statsChanged)
    Q_PROPERTY(RecentRequestsModel *recentRequests READ recentRequests CONSTANT)
    Q_PROPERTY(ProviderStateModel *providers READ providers CONSTANT)
    Q_PROPERTY(QStringList snippetTitles READ snippetTitles CONSTANT)
    Q_PROPERTY(QStringList snippets READ snippets NOTIFY snippetsChanged)
    Q_PROPERTY(QDateTime trafficStart READ trafficStart NOTIFY trafficChanged)
    Q_PROPERTY(QDateTime trafficEnd READ trafficEnd NOTIFY trafficChanged)
    Q_PROPERTY(double requestsAxisMax READ requestsAxisMax NOTIFY trafficChanged)
    Q_PROPERTY(double latencyAxisMax READ latencyAxisMax NOTIFY trafficChanged)
    Q_PROPERTY(QString latencyAxisUnit READ latencyAxisUnit NOTIFY trafficChanged)
public:
    /// No default constructor: see QmlSingleton.
    explicit OverviewController(QObject *parent);

    void applySnapshot(const EngineSnapshot &snapshot);
    /// The OpenAI base URL the snippets use ("http://127.0.0.1:4000/v1").
    void setApiUrl(const QString &url);

    /// Replaces the points of two chart series (QXYSeries) with the last five minutes:
    /// requests per second and p50 latency (in latencyAxisUnit).
    Q_INVOKABLE void fillTraffic(QAbstractSeries *requests, QAbstractSeries *latency) const;

    [[nodiscard]] QString requestsPerSecond() const { return m_rps; }
    [[nodiscard]] QString p50() const { return m_p50; }
    [[nodiscard]] QString p95() const { return m_p95; }
    [[nodiscard]] QString errorRate() const { return m_errorRate; }
    [[nodiscard]] bool hasErrors() const { return m_hasErrors; }
    [[nodiscard]] QString requestsToday() const { return m_requestsToday; }
    [[nodiscard]] QString tokensToday() const { return m_tokensToday; }
    [[nodiscard]] QString costToday() const { return m_costToday; }
    [[nodiscard]] RecentRequestsModel *recentRequests() { return &m_recent; }
    [[nodiscard]] ProviderStateModel *providers() { return &m_providers; }
    [[nodiscard]] QStringList snippetTitles() const;
    [[nodiscard]] QStringList snippets() const { return m_snippets; }
    [[nodiscard]] QDateTime trafficStart() const;
    [[nodiscard]] QDateTime trafficEnd() const;
    [[nodiscard]] double requestsAxisMax() const { return m_requestsAxisMax; }
    [[nodiscard]] double latencyAxisMax() const { return m_latencyAxisMax; }
    [[nodiscard]] QString latencyAxisUnit() const { return m_latencyInSeconds ? tr("s") : tr("ms"); }

Q_SIGNALS:
    void statsChanged();
    void snippetsChanged();
    void trafficChanged();

private:
    RecentRequestsModel m_recent;
    ProviderStateModel m_providers;
    QString m_rps = QStringLiteral("0");
    QString m_p50 = QStringLiteral("–");
    QString m_p95 = QStringLiteral("–");
    QString m_errorRate = QStringLiteral("0 %");
    bool m_hasErrors = false;
    QString m_requestsToday = QStringLiteral("0");
    QString m_tokensToday = QStringLiteral("0");
    QString m_costToday = QStringLiteral("$0.00");
    QString m_apiUrl;
    QStringList m_snippets;
    QList<TrafficPoint> m_traffic;
    double m_requestsAxisMax = 5;
    double m_latencyAxisMax = 100;
    bool m_latencyInSeconds = false;
};
