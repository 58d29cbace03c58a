// SPDX-License-Identifier: MIT
#include "routing/router.h"

#include "protocol/chatrequest.h"
#include "protocol/jsonwriter.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "reliability/providermonitor.h"
#include "routing/modelpattern.h"
#include "routing/promptclassifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>
#include <cstring>

Q_LOGGING_CATEGORY(lcRouting, "switchyard.routing", QtInfoMsg)

namespace {

// Score anchors (docs/routing.md): a request cost of $0.00001 or less scores 1 and every 10x
// more costs a sixth of the range, down to 0 at $10; a first token within 100 ms scores 1 and
// 0 at 10 s, logarithmically in between.
constexpr double CheapUsd = 1e-5;
constexpr double CostDecades = 6;
constexpr double FastMs = 100;
constexpr double LatencyDecades = 2;

/// log10 to about 1e-6, for positive finite @p x: a score needs no more, and libm's costs five
/// times as much in a loop over the whole catalog.
double fastLog10(double x)
{
    quint64 bits;
    std::memcpy(&bits, &x, sizeof bits);
    int exponent = int((bits >> 52) & 0x7ff) - 1023;
    bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL; // mantissa in [1, 2)
    double m;
    std::memcpy(&m, &bits, sizeof m);
    if (m > 1.4142135623730951) { // centre on 1 for the series: m in [0.707, 1.414]
        m *= 0.5;
        ++exponent;
    }
    // log10(m) = 2 / ln(10) * atanh((m - 1) / (m + 1)), |t| <= 0.172: five terms are plenty.
    const double t = (m - 1) / (m + 1), t2 = t * t;
    return exponent * 0.30102999566398120
        + 0.8685889638065036 * t * (1 + t2 * (1.0 / 3 + t2 * (1.0 / 5 + t2 * (1.0 / 7 + t2 / 9))));
}

double costScoreOf(double usd)
{
    if (usd <= CheapUsd)
        return 1;
    return qBound(0.0, 1 - fastLog10(usd / CheapUsd) / CostDecades, 1.0);
}

double latencyScoreOf(double ms)
{
    if (ms <= FastMs)
        return 1;
    return qBound(0.0, 1 - fastLog10(ms / FastMs) / LatencyDecades, 1.0);
}

/// Quality as a score: fully up to the prompt's target, half beyond it (headroom is worth less to
/// an easy prompt than to a hard one).
double qualityScoreOf(double quality, double target)
{
    return qBound(0.0, (qMin(quality, target) + 0.5 * qMax(0.0, quality - target)) / 100, 1.0);
}

/// How well a model's quality meets what the prompt needs: 1 at or above the target, falling
/// quadratically below it. It multiplies the whole score: a model that cannot do the job is not a
/// bargain however cheap or quick it is.
double qualityFitOf(double quality, double target)
{
    const double ratio = target > 0 ? qBound(0.0, quality / target, 1.0) : 1.0;
    return ratio * ratio;
}

QString num(double v, int decimals = 2)
{
    return QString::number(v, 'f', decimals);
}

/// Builds a reason in one buffer, numbers written in place: every plan writes a few of these,
/// and QString::arg chains cost more than the scoring of the whole catalog. UTF-16 on the stack,
/// one QString at the end (QString's own appends cost ~100 instructions each).
class Sentence
{
public:
    Sentence &operator<<(QLatin1String s)
    {
        const qsizetype at = m_text.size();
        m_text.resize(at + s.size());
        char16_t *p = m_text.data() + at;
        for (const char c : s)
            *p++ = char16_t(uchar(c));
        return *this;
    }
    Sentence &operator<<(const QString &s)
    {
        m_text.append(reinterpret_cast<const char16_t *>(s.constData()), s.size());
        return *this;
    }
    Sentence &fixed(double v, int decimals)
    {
        char buf[40];
        char *end = buf + sizeof buf;
        char *p = end;
        static constexpr qint64 scales[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
        decimals = qBound(0, decimals, 8);
        const bool negative = v < 0;
        quint64 n = quint64(std::llround(std::fabs(v) * double(scales[decimals])));
        for (int i = 0; i < decimals; ++i, n /= 10)
            *--p = char('0' + n % 10);
        if (decimals)
            *--p = '.';
        do {
            *--p = char('0' + n % 10);
            n /= 10;
        } while (n && p > buf + 1);
        if (negative)
            *--p = '-';
        return *this << QLatin1String(p, end - p);
    }
    Sentence &integer(qint64 v) { return fixed(double(v), 0); }
    /// Two significant digits ("$0.00026", "$1.2").
    Sentence &dollars(double v)
    {
        *this << QLatin1String("$");
        if (v <= 0)
            return *this << QLatin1String("0");
        return fixed(v, qMax(0, 1 - int(std::floor(fastLog10(v)))));
    }
    [[nodiscard]] QString take() const
    {
        return QString(reinterpret_cast<const QChar *>(m_text.constData()), m_text.size());
    }

private:
    QVarLengthArray<char16_t, 320> m_text;
};

enum Exclusion {
    NotThisKind, ///< an embedding model for chat, or the other way round
    MissingCapability,
    ContextTooSmall,
    NotAllowedForKey,
    OverPrice,
    OverLatency,
    UnknownToCatalog,
    Unavailable, ///< circuit open or rate-limited
    ExclusionCount
};

QString exclusionSummary(const std::array<int, ExclusionCount> &counts)
{
    static const char *const what[ExclusionCount] = {"are not chat models (or not embedding models)",
        "lack a required capability", "have too small a context window", "are not allowed for this key",
        "are over the price limit", "are over the latency limit", "are not in the model catalog",
        "are unavailable (circuit open or rate-limited)"};
    QStringList parts;
    for (int i = 0; i < ExclusionCount; ++i) {
        if (counts[i])
            parts << QStringLiteral("%1 %2").arg(counts[i]).arg(QLatin1String(what[i]));
    }
    return parts.join(QStringLiteral(", "));
}

const QHash<QString, RoutingWeights> &presetWeights()
{
    static const QHash<QString, RoutingWeights> presets = {
        {QStringLiteral("balanced"), {0.4, 0.35, 0.25}},
        {QStringLiteral("cost"), {0.7, 0.2, 0.1}},
        {QStringLiteral("quality"), {0.1, 0.8, 0.1}},
        {QStringLiteral("latency"), {0.1, 0.2, 0.7}},
    };
    return presets;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Plan types

RoutingWeights RoutingWeights::normalised() const
{
    const double c = qMax(0.0, cost), q = qMax(0.0, quality), l = qMax(0.0, latency);
    const double sum = c + q + l;
    if (sum <= 0)
        return {1.0 / 3, 1.0 / 3, 1.0 / 3};
    return {c / sum, q / sum, l / sum};
}

QByteArray RoutingWeights::toJsonBytes() const
{
    auto r = [](double v) { return std::round(v * 1000) / 1000; };
    JsonWriter w;
    w.add(QLatin1String("cost"), r(cost))
        .add(QLatin1String("latency"), r(latency))
        .add(QLatin1String("quality"), r(quality));
    return w.take();
}

QString RoutingWeights::describe() const
{
    return QStringLiteral("cost %1, quality %2, latency %3").arg(num(cost), num(quality), num(latency));
}

QByteArray RouteCandidate::toJsonBytes() const
{
    // Keys in sorted order, as QJsonDocument writes a QJsonObject.
    auto r = [](double v, double scale) { return std::round(v * scale) / scale; };
    static const char *const roles[] = {"requested", "scored", "fallback", "auto-fallback"};
    const bool scored = costScore >= 0;
    JsonWriter w;
    if (scored) {
        w.add(QLatin1String("cost_score"), r(costScore, 1000))
            .add(QLatin1String("estimated_cost_usd"), r(estimatedCostUsd, 1e8))
            .add(QLatin1String("expected_latency_ms"), r(expectedLatencyMs, 10))
            .add(QLatin1String("latency_score"), r(latencyScore, 1000))
            .add(QLatin1String("local"), local);
    }
    w.add(QLatin1String("model"), model)
        .add(QLatin1String("provider"), provider ? provider->id() : QString());
    if (scored) {
        w.add(QLatin1String("quality"), quality)
            .add(QLatin1String("quality_fit"), r(qualityFit, 1000))
            .add(QLatin1String("quality_score"), r(qualityScore, 1000));
    }
    w.add(QLatin1String("reason"), reason)
        .add(QLatin1String("role"), QLatin1String(roles[int(role)]))
        .add(QLatin1String("score"), r(score, 1000));
    return w.take();
}

QJsonObject RouteCandidate::toJson() const
{
    return QJsonDocument::fromJson(toJsonBytes()).object();
}

const RouteCandidate *RoutePlan::runnerUp() const
{
    for (qsizetype i = 1; i < candidates.size(); ++i) {
        const RouteCandidate &c = candidates.at(i);
        if (c.role == RouteCandidate::Role::Scored || c.role == RouteCandidate::Role::AutoFallback)
            return &c;
    }
    return nullptr;
}

QByteArray RoutePlan::summaryJsonBytes() const
{
    // Keys in sorted order, as QJsonDocument writes a QJsonObject.
    JsonWriter w;
    if (scored) {
        w.add(QLatin1String("candidates_scored"), considered)
            .add(QLatin1String("classification"), profile.describe());
        if (const RouteCandidate *r = runnerUp())
            w.addRaw(QLatin1String("runner_up"), r->toJsonBytes());
    }
    w.add(QLatin1String("strategy"), strategy).add(QLatin1String("strategy_source"), strategySource);
    if (scored) {
        w.addRaw(QLatin1String("weights"), weights.toJsonBytes());
        if (!candidates.isEmpty())
            w.addRaw(QLatin1String("winner"), candidates.first().toJsonBytes());
    }
    return w.take();
}

QJsonObject RoutePlan::summaryJson() const
{
    return QJsonDocument::fromJson(summaryJsonBytes()).object();
}

QJsonObject RoutePlan::toJson() const
{
    QJsonObject o = summaryJson();
    o.insert(QLatin1String("requested_model"), requested);
    o.insert(QLatin1String("scored"), scored);
    o.insert(QLatin1String("decision"), decision());
    if (scored) {
        o.insert(QLatin1String("traits"), QJsonArray::fromStringList(PromptTrait::names(profile.traits)));
        o.insert(QLatin1String("complexity"), std::round(profile.complexity * 1000) / 1000);
        o.insert(QLatin1String("target_quality"), std::round(profile.targetQuality() * 10) / 10);
        o.insert(QLatin1String("required_capabilities"),
            QJsonArray::fromStringList(Capability::names(profile.requiredCapabilities)));
        o.insert(QLatin1String("prompt_tokens"), profile.promptTokens);
        o.insert(QLatin1String("expected_output_tokens"), profile.outputTokens);
    }
    // Every candidate as the same bytes x-gateway's winner is written from, parsed once.
    QByteArray list = "[";
    for (const RouteCandidate &c : candidates) {
        if (list.size() > 1)
            list += ',';
        list += c.toJsonBytes();
    }
    list += ']';
    o.insert(QLatin1String("candidates"), QJsonDocument::fromJson(list).array());
    QJsonArray out;
    for (const RouteExclusion &e : excluded)
        out.append(QJsonObject {{QLatin1String("provider"), e.provider}, {QLatin1String("model"), e.model},
            {QLatin1String("reason"), e.reason}});
    o.insert(QLatin1String("excluded"), out);
    if (!notes.isEmpty())
        o.insert(QLatin1String("notes"), QJsonArray::fromStringList(notes));
    return o;
}

// ---------------------------------------------------------------------------------------------
// The deployment table

struct Router::Deployment
{
    Provider *provider = nullptr;
    QString providerId;
    QString model;
    double inPerToken = 0;
    double outPerToken = 0;
    double blendedPer1M = 0;
    double quality = 50;
    qint64 context = DefaultContextWindow;
    double prior = DefaultLatencyMs;
    quint32 capabilities = 0;
    bool local = false;
    bool mock = false;
    bool embedding = false;
    bool known = false;
    int group = -1;
    int member = -1; ///< index within its group
    std::shared_ptr<ProviderHealth> health;
    std::shared_ptr<DeploymentHealth> deployment;
    // The latency score of the last estimate: it changes only with new measurements.
    mutable double scoredLatencyMs = -1;
    mutable double latencyScore = 0;

    [[nodiscard]] bool isAvailable(qint64 nowMs) const
    {
        return nowMs >= deployment->pausedUntilMs && health->breaker.isAvailable(nowMs);
    }
    /// When it takes traffic again (now if it does).
    [[nodiscard]] qint64 availableAtMs(qint64 nowMs) const
    {
        const CircuitBreaker &b = health->breaker;
        return qMax(
            deployment->pausedUntilMs, b.state() == CircuitBreaker::State::Open ? b.retryAtMs() : nowMs);
    }
    [[nodiscard]] QString unavailableReason(qint64 nowMs) const
    {
        if (nowMs < deployment->pausedUntilMs)
            return QStringLiteral("rate-limited for %1 ms more").arg(deployment->pausedUntilMs - nowMs);
        return QStringLiteral("provider circuit %1 (next trial in %2 ms)")
            .arg(CircuitBreaker::stateName(health->breaker.state()))
            .arg(qMax<qint64>(0, health->breaker.retryAtMs() - nowMs));
    }
};

struct Router::ModelGroup
{
    QString model;
    QList<int> members; ///< deployment indexes, config order
    mutable DeploymentBalancer balancer;
};

struct Router::Scored
{
    int deployment;
    double score;
    double cost;
    double quality;
    double latency;
    double fit;
    double costUsd;
    double latencyMs;
};

/// Why candidates that fit were left out for their health, and when the first comes back.
struct Router::Unavailability
{
    qint64 soonestMs = -1;
    bool circuitOpen = false; ///< else every one is only paused by a 429
    QStringList providers;

    void add(const Deployment &d, qint64 nowMs)
    {
        const qint64 at = d.availableAtMs(nowMs);
        if (soonestMs < 0 || at < soonestMs)
            soonestMs = at;
        circuitOpen |= !d.health->breaker.isAvailable(nowMs);
        if (!providers.contains(d.providerId))
            providers << d.providerId;
    }
    [[nodiscard]] bool any() const { return soonestMs >= 0; }
    /// 429 when only rate limits keep traffic away (what the upstream itself would say), else 503.
    [[nodiscard]] GatewayError error(const QString &what) const
    {
        GatewayError e = circuitOpen
            ? GatewayError::upstream(503, QStringLiteral("providers_unavailable"),
                QStringLiteral("%1 unavailable right now (circuit open after repeated failures: %2); "
                               "Switchyard will try again shortly.")
                    .arg(what, providers.join(QStringLiteral(", "))))
            : GatewayError {429, QStringLiteral("rate_limit_error"), QStringLiteral("upstream_rate_limited"),
                QStringLiteral("%1 rate-limited right now (%2 answered 429); retry after the wait.")
                    .arg(what, providers.join(QStringLiteral(", "))),
                {}, -1};
        e.retryAfterSeconds = int(qMax<qint64>(1, (soonestMs - ProviderMonitor::nowMs() + 999) / 1000));
        return e;
    }
};

struct Router::Scoring
{
    std::array<int, ExclusionCount> excludedBy {};
    QList<RouteExclusion> *excluded = nullptr; ///< explain: every exclusion in words
    bool anyReal = false; ///< a deployment other than the built-in mock fits
    bool anyMock = false;
    Unavailability unavailable;
};

Router::Router(const Catalog &catalog, const ProviderRegistry &providers, ProviderMonitor *monitor)
    : m_catalog(catalog)
    , m_providers(providers)
    , m_ownMonitor(monitor ? nullptr : std::make_unique<ProviderMonitor>())
    , m_monitor(monitor ? monitor : m_ownMonitor.get())
{
    setConfig(RoutingConfig());
}

Router::~Router() = default;

void Router::setConfig(const RoutingConfig &config)
{
    m_config = config;
    rebuild();
}

void Router::rebuild()
{
    m_deployments.clear();
    m_groups.clear();
    m_groupByModel.clear();
    QHash<int, QList<int>> weights;
    for (Provider *p : m_providers.providers()) {
        const bool local = p->isLocal();
        const bool mock = p->type() == QLatin1String("mock");
        for (const QString &model : p->models()) {
            Deployment d;
            d.provider = p;
            d.providerId = p->id();
            d.model = model;
            const ModelInfo info = m_catalog.model(model);
            d.inPerToken = info.inputPer1M / 1e6;
            d.outPerToken = info.outputPer1M / 1e6;
            d.blendedPer1M = info.blendedPricePer1M();
            d.quality = info.quality;
            d.context = info.contextWindow > 0 ? info.contextWindow : DefaultContextWindow;
            d.prior = info.typicalTtftMs > 0 ? info.typicalTtftMs
                                             : (local ? DefaultLocalLatencyMs : DefaultLatencyMs);
            d.capabilities = info.capabilityBits;
            d.local = local;
            d.mock = mock;
            d.embedding = (info.capabilityBits & Capability::Embedding) != 0;
            d.known = info.known;
            d.health = m_monitor->sharedProvider(d.providerId);
            d.deployment = m_monitor->sharedDeployment(d.providerId, model);
            auto g = m_groupByModel.constFind(model);
            int group = 0;
            if (g == m_groupByModel.constEnd()) {
                group = int(m_groups.size());
                m_groups.push_back({model, {}, DeploymentBalancer()});
                m_groupByModel.insert(model, group);
            } else {
                group = *g;
            }
            d.group = group;
            d.member = int(m_groups[size_t(group)].members.size());
            m_groups[size_t(group)].members.append(int(m_deployments.size()));
            weights[group].append(p->config().weight);
            m_deployments.push_back(std::move(d));
        }
    }
    for (size_t g = 0; g < m_groups.size(); ++g)
        m_groups[g].balancer = DeploymentBalancer(weights.value(int(g)));
    m_scratch.reserve(m_deployments.size());
    qCDebug(lcRouting) << "deployment table:" << m_deployments.size() << "deployments of" << m_groups.size()
                       << "models";
}

// ---------------------------------------------------------------------------------------------
// Strategies

const QStringList &Router::virtualModels()
{
    static const QStringList models = {
        QStringLiteral("auto"), QStringLiteral("fast"), QStringLiteral("cheap"), QStringLiteral("quality")};
    return models;
}

bool Router::isVirtualModel(const QString &model)
{
    return virtualModels().contains(model);
}

std::optional<RoutingWeights> Router::weightsFor(const QString &strategy, const RoutingConfig &config)
{
    if (strategy == QLatin1String("custom"))
        return RoutingWeights {config.costWeight, config.qualityWeight, config.latencyWeight}.normalised();
    auto it = presetWeights().constFind(strategy);
    if (it == presetWeights().constEnd())
        return std::nullopt;
    return it->normalised();
}

bool Router::parseStrategy(const QByteArray &spec, const RoutingConfig &config, QString *name,
    RoutingWeights *weights, QString *error)
{
    const QString text = QString::fromUtf8(spec).trimmed();
    if (!text.contains(u'=') && !text.contains(u':')) {
        auto w = weightsFor(text, config);
        if (!w) {
            *error = QStringLiteral("Unknown routing strategy '%1': expected one of %2, or weights like "
                                    "'cost=0.6,quality=0.3,latency=0.1'.")
                         .arg(text, RoutingConfig::strategies().join(QStringLiteral(", ")));
            return false;
        }
        *name = text;
        *weights = *w;
        return true;
    }
    RoutingWeights w {0, 0, 0};
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        qsizetype sep = part.indexOf(u'=');
        if (sep < 0)
            sep = part.indexOf(u':');
        const QString key = part.left(sep).trimmed();
        bool ok = false;
        const double value = part.mid(sep + 1).trimmed().toDouble(&ok);
        if (sep < 0 || !ok || value < 0 || !std::isfinite(value)) {
            *error = QStringLiteral("Bad weight '%1' in the routing strategy: expected name=number, "
                                    "e.g. 'cost=0.6,quality=0.3,latency=0.1'.")
                         .arg(part.trimmed());
            return false;
        }
        if (key == QLatin1String("cost"))
            w.cost = value;
        else if (key == QLatin1String("quality"))
            w.quality = value;
        else if (key == QLatin1String("latency"))
            w.latency = value;
        else {
            *error = QStringLiteral(
                "Unknown weight '%1' in the routing strategy: expected cost, quality, latency.")
                         .arg(key);
            return false;
        }
    }
    if (w.cost + w.quality + w.latency <= 0) {
        *error = QStringLiteral("The routing strategy's weights must not all be 0.");
        return false;
    }
    *name = QStringLiteral("custom");
    *weights = w.normalised();
    return true;
}

// ---------------------------------------------------------------------------------------------
// Planning

bool Router::keyAllows(const RouteRequest &request, const Deployment &d) const
{
    if (request.allowedModels && !request.allowedModels->isEmpty()
        && !ModelPattern::allowed(*request.allowedModels, d.model)
        && !ModelPattern::allowed(*request.allowedModels, QString(d.providerId + u'/' + d.model)))
        return false;
    return request.keyMaxPricePer1M < 0 || d.blendedPer1M <= request.keyMaxPricePer1M;
}

double Router::latencyEstimate(const Deployment &d, bool streamed) const
{
    const LatencyStats &s = d.deployment->stats;
    if (streamed && s.ttftSamples() >= MinMeasuredSamples)
        return s.ttftEwma();
    if (!streamed && s.latencySamples() >= MinMeasuredSamples)
        return s.latencyEwma();
    return d.prior;
}

int Router::deploymentCount() const
{
    return int(m_deployments.size());
}

double Router::expectedLatencyMs(const QString &providerId, const QString &model, bool streamed) const
{
    auto g = m_groupByModel.constFind(model);
    if (g == m_groupByModel.constEnd())
        return -1;
    for (int i : m_groups[size_t(*g)].members) {
        if (m_deployments[size_t(i)].providerId == providerId)
            return latencyEstimate(m_deployments[size_t(i)], streamed);
    }
    return -1;
}

RouteCandidate Router::candidateOf(const Deployment &d) const
{
    RouteCandidate c;
    c.provider = d.provider;
    c.model = d.model;
    c.quality = d.quality;
    c.local = d.local;
    return c;
}

QList<RouteCandidate> Router::resolveExact(const QString &model) const
{
    QList<RouteCandidate> out;
    auto g = m_groupByModel.constFind(model);
    if (g != m_groupByModel.constEnd()) {
        for (int i : m_groups[size_t(*g)].members) {
            RouteCandidate c = candidateOf(m_deployments[size_t(i)]);
            c.reason = QStringLiteral("%1 is served by provider '%2'").arg(model, c.provider->id());
            out.append(c);
        }
        return out;
    }
    const qsizetype slash = model.indexOf(u'/');
    if (slash > 0) {
        if (Provider *p = m_providers.find(model.left(slash))) {
            RouteCandidate c;
            c.provider = p;
            c.model = model.mid(slash + 1);
            c.local = p->isLocal();
            c.reason = QStringLiteral("%1 names provider '%2' explicitly").arg(model, p->id());
            out.append(c);
        }
    }
    return out;
}

void Router::scoreAll(const RouteRequest &request, const RoutingConfig &config, const RoutingWeights &w,
    const PromptProfile &profile, Scoring &scoring) const
{
    const qint64 now = ProviderMonitor::nowMs();
    const quint32 required
        = profile.requiredCapabilities | Capability::fromNames(config.constraints.requiredCapabilities);
    double maxPrice = config.constraints.maxPricePer1M;
    if (request.keyMaxPricePer1M >= 0 && (maxPrice < 0 || request.keyMaxPricePer1M < maxPrice))
        maxPrice = request.keyMaxPricePer1M;
    const double maxP95 = config.constraints.maxP95LatencyMs;
    const qint64 need = profile.contextNeeded();
    const double target = profile.targetQuality();
    const bool explain = scoring.excluded != nullptr;
    auto exclude = [&](const Deployment &d, Exclusion why, const QString &reason) {
        ++scoring.excludedBy[why];
        if (explain)
            scoring.excluded->append({d.providerId, d.model, reason});
    };
    m_scratch.clear();
    for (size_t i = 0; i < m_deployments.size(); ++i) {
        const Deployment &d = m_deployments[i];
        if (d.embedding != profile.embeddings) {
            exclude(d, NotThisKind,
                d.embedding ? QStringLiteral("an embedding model")
                            : QStringLiteral("not an embedding model"));
            continue;
        }
        if (!d.known && !d.local) {
            exclude(d, UnknownToCatalog,
                QStringLiteral("not in the model catalog: its price and quality are unknown (add it under "
                               "models[])"));
            continue;
        }
        if ((d.capabilities & required) != required) {
            if (explain)
                exclude(d, MissingCapability,
                    QStringLiteral("lacks %1").arg(Capability::names(required & ~d.capabilities).join(u'+')));
            else
                ++scoring.excludedBy[MissingCapability];
            continue;
        }
        if (need > d.context) {
            if (explain)
                exclude(d, ContextTooSmall,
                    QStringLiteral("context window %1 tokens, %2 needed").arg(d.context).arg(need));
            else
                ++scoring.excludedBy[ContextTooSmall];
            continue;
        }
        if (request.allowedModels && !request.allowedModels->isEmpty()
            && !ModelPattern::allowed(*request.allowedModels, d.model)
            && !ModelPattern::allowed(*request.allowedModels, QString(d.providerId + u'/' + d.model))) {
            exclude(d, NotAllowedForKey, QStringLiteral("not in the key's allowed models"));
            continue;
        }
        if (maxPrice >= 0 && d.blendedPer1M > maxPrice) {
            if (explain)
                exclude(d, OverPrice,
                    QStringLiteral("blended price $%1 per 1M tokens is over the limit of $%2")
                        .arg(num(d.blendedPer1M, 3), num(maxPrice, 3)));
            else
                ++scoring.excludedBy[OverPrice];
            continue;
        }
        const double latencyMs = latencyEstimate(d, profile.streamed);
        if (maxP95 > 0) {
            const Percentiles p
                = profile.streamed ? d.deployment->stats.ttft(now) : d.deployment->stats.latency(now);
            const double p95 = p.count >= MinP95Samples ? p.p95 : d.prior;
            if (p95 > maxP95) {
                if (explain)
                    exclude(d, OverLatency,
                        QStringLiteral("p95 latency %1 ms (%2) is over the limit of %3 ms")
                            .arg(num(p95, 0),
                                p.count >= MinP95Samples ? QStringLiteral("measured")
                                                         : QStringLiteral("prior"),
                                num(maxP95, 0)));
                else
                    ++scoring.excludedBy[OverLatency];
                continue;
            }
        }
        // Health last: "nothing fits" (400) and "what fits is down" (503) are different answers.
        if (!d.isAvailable(now)) {
            scoring.unavailable.add(d, now);
            if (explain)
                exclude(d, Unavailable, d.unavailableReason(now));
            else
                ++scoring.excludedBy[Unavailable];
            continue;
        }
        const double costUsd
            = double(profile.promptTokens) * d.inPerToken + double(profile.outputTokens) * d.outPerToken;
        Scored s;
        s.deployment = int(i);
        s.cost = costScoreOf(costUsd);
        s.quality = qualityScoreOf(d.quality, target);
        if (latencyMs != d.scoredLatencyMs) {
            d.scoredLatencyMs = latencyMs;
            d.latencyScore = latencyScoreOf(latencyMs);
        }
        s.latency = d.latencyScore;
        s.fit = qualityFitOf(d.quality, target);
        s.score = s.fit * (w.cost * s.cost + w.quality * s.quality + w.latency * s.latency);
        s.costUsd = costUsd;
        s.latencyMs = latencyMs;
        m_scratch.push_back(s);
        if (d.mock)
            scoring.anyMock = true;
        else
            scoring.anyReal = true;
    }
    if (scoring.anyReal && scoring.anyMock) {
        // The built-in mock answers canned text: it stands in only when nothing real fits.
        const auto end
            = std::remove_if(m_scratch.begin(), m_scratch.end(), [this, explain, &scoring](const Scored &s) {
                  const Deployment &d = m_deployments[size_t(s.deployment)];
                  if (d.mock && explain)
                      scoring.excluded->append({d.providerId, d.model,
                          QStringLiteral("the built-in mock stands in only when no real provider fits")});
                  return d.mock;
              });
        m_scratch.erase(end, m_scratch.end());
    }
}

bool Router::fillScored(const RouteRequest &request, const RoutingConfig &config, RoutePlan &plan,
    bool asFallback, GatewayError *error) const
{
    Scoring scoring;
    if (request.explain)
        scoring.excluded = &plan.excluded;
    scoreAll(request, config, plan.weights, plan.profile, scoring);
    // Drop what an explicit plan already holds (autoFallback).
    if (!plan.candidates.isEmpty()) {
        const auto end = std::remove_if(m_scratch.begin(), m_scratch.end(), [this, &plan](const Scored &s) {
            const Deployment &d = m_deployments[size_t(s.deployment)];
            return std::any_of(plan.candidates.cbegin(), plan.candidates.cend(),
                [&d](const RouteCandidate &c) { return c.provider == d.provider && c.model == d.model; });
        });
        m_scratch.erase(end, m_scratch.end());
    }
    plan.considered = int(m_scratch.size());
    if (m_scratch.empty()) {
        if (asFallback)
            return true; // autoFallback found nothing more: the explicit candidates stand
        const QString summary = exclusionSummary(scoring.excludedBy);
        if (scoring.unavailable.any()) {
            *error = scoring.unavailable.error(QStringLiteral("Every model that fits this request is"));
        } else if (scoring.excludedBy[NotAllowedForKey] > 0) {
            // Models that would take it exist (they passed the capability and context checks):
            // the key forbids them, which is the caller's permission, not a bad request.
            *error = GatewayError::forbidden(
                QStringLiteral(
                    "No model this key may use serves '%1' (it allows: %2); of the served models %3.")
                    .arg(plan.requested, request.allowedModels->join(QLatin1String(", ")), summary),
                QStringLiteral("model_not_allowed"));
        } else {
            *error = GatewayError::invalidRequest(
                QStringLiteral("No served model fits this request for '%1' (%2): %3.")
                    .arg(plan.requested, plan.profile.describe(),
                        summary.isEmpty() ? QStringLiteral("no provider serves any model") : summary),
                QStringLiteral("model"), QStringLiteral("no_model_fits"));
        }
        return false;
    }
    auto byScore = [this](const Scored &a, const Scored &b) {
        if (a.score != b.score)
            return a.score > b.score;
        return a.deployment < b.deployment; // config order breaks ties
    };
    const size_t budget = size_t(qMax(2, config.maxAttempts));
    const size_t keep = request.explain ? m_scratch.size() : qMin(m_scratch.size(), budget);
    std::partial_sort(m_scratch.begin(), m_scratch.begin() + qsizetype(keep), m_scratch.end(), byScore);
    const Scored best = m_scratch.front();

    // The first place may go to a preferred provider (x-prefer-provider), else to a local model
    // within the margin of the best.
    qsizetype promoted = -1;
    QString promotedWhy;
    if (!request.preferProvider.isEmpty()) {
        const QString wanted = QString::fromUtf8(request.preferProvider);
        for (size_t i = 0; i < m_scratch.size(); ++i) {
            if (m_deployments[size_t(m_scratch[i].deployment)].providerId == wanted
                && (promoted < 0 || byScore(m_scratch[i], m_scratch[size_t(promoted)])))
                promoted = qsizetype(i);
        }
        if (promoted >= 0)
            promotedWhy = QStringLiteral("preferred by x-prefer-provider '%1'").arg(wanted);
        else
            plan.notes
                << QStringLiteral("x-prefer-provider '%1': no candidate of that provider fits").arg(wanted);
    }
    if (promoted < 0 && config.preferLocal && !m_deployments[size_t(best.deployment)].local) {
        qsizetype bestLocal = -1;
        for (size_t i = 0; i < m_scratch.size(); ++i) {
            if (m_deployments[size_t(m_scratch[i].deployment)].local
                && (bestLocal < 0 || byScore(m_scratch[i], m_scratch[size_t(bestLocal)])))
                bestLocal = qsizetype(i);
        }
        if (bestLocal >= 0 && m_scratch[size_t(bestLocal)].score >= best.score - config.localMargin) {
            promoted = bestLocal;
            promotedWhy = QStringLiteral("local and within %1 of the best score (routing.preferLocal)")
                              .arg(num(config.localMargin));
        }
    }
    if (promoted > 0) {
        const Scored s = m_scratch[size_t(promoted)];
        m_scratch.erase(m_scratch.begin() + promoted);
        m_scratch.insert(m_scratch.begin(), s);
    }
    const size_t count = request.explain ? m_scratch.size() : qMin(m_scratch.size(), budget);

    // Deployments of the same model share their places in the plan by routing.balancing.
    const DeploymentBalancer::Mode mode = DeploymentBalancer::modeFromName(config.balancing);
    if (mode != DeploymentBalancer::Mode::Failover) {
        for (size_t i = 0; i < count; ++i) {
            const int group = m_deployments[size_t(m_scratch[i].deployment)].group;
            if (m_groups[size_t(group)].members.size() < 2)
                continue;
            QVarLengthArray<size_t, 8> places;
            QVarLengthArray<int, 8> members;
            for (size_t j = i; j < count; ++j) {
                const Deployment &d = m_deployments[size_t(m_scratch[j].deployment)];
                if (d.group == group) {
                    places.append(j);
                    members.append(d.member);
                }
            }
            if (places.size() < 2 || places.first() != i)
                continue;
            if (i > 0 && m_deployments[size_t(m_scratch[i - 1].deployment)].group == group)
                continue; // already balanced with its first place
            std::sort(members.begin(), members.end());
            QVarLengthArray<double, 8> latencies;
            for (int m : m_groups[size_t(group)].members)
                latencies.append(latencyEstimate(m_deployments[size_t(m)], plan.profile.streamed));
            if (request.explain || request.config)
                DeploymentBalancer(m_groups[size_t(group)].balancer).order(mode, members, latencies);
            else
                m_groups[size_t(group)].balancer.order(mode, members, latencies);
            QVarLengthArray<Scored, 8> moved;
            for (int m : members) {
                const int dep = m_groups[size_t(group)].members.at(m);
                for (size_t p : places) {
                    if (m_scratch[p].deployment == dep) {
                        moved.append(m_scratch[p]);
                        break;
                    }
                }
            }
            for (qsizetype k = 0; k < places.size(); ++k)
                m_scratch[places[k]] = moved[k];
        }
    }

    const bool autoFallback = asFallback;
    const QString label
        = autoFallback ? QStringLiteral("automatic fallback for %1").arg(plan.requested) : plan.requested;
    const double bestScore = best.score;
    const Deployment &bestDeployment = m_deployments[size_t(best.deployment)];
    for (size_t i = 0; i < count; ++i) {
        const Scored &s = m_scratch[i];
        const Deployment &d = m_deployments[size_t(s.deployment)];
        RouteCandidate c = candidateOf(d);
        c.role = autoFallback ? RouteCandidate::Role::AutoFallback : RouteCandidate::Role::Scored;
        c.score = s.score;
        c.costScore = s.cost;
        c.qualityScore = s.quality;
        c.latencyScore = s.latency;
        c.qualityFit = s.fit;
        c.estimatedCostUsd = s.costUsd;
        c.expectedLatencyMs = s.latencyMs;
        const bool detailed = i < 2 || request.explain;
        Sentence r;
        r << label << QLatin1String(" -> ") << d.model << QLatin1String(" on '") << d.providerId
          << QLatin1String("'");
        if (i == 0 && promoted > 0) {
            r << QLatin1String(", ") << promotedWhy << QLatin1String(": score ");
            r.fixed(s.score, 3) << QLatin1String(" vs the best ");
            r.fixed(bestScore, 3) << QLatin1String(" (") << bestDeployment.model << QLatin1String(" on '")
                                  << bestDeployment.providerId << QLatin1String("')");
        } else if (i == 0) {
            r << QLatin1String(": best ") << plan.strategy << QLatin1String(" score ");
            r.fixed(s.score, 3) << QLatin1String(" of ");
            r.integer(plan.considered) << QLatin1String(" candidates");
        } else {
            r << QLatin1String(", rank ");
            r.integer(qint64(i) + 1) << QLatin1String(": score ");
            r.fixed(s.score, 3);
        }
        if (detailed) {
            const bool measured = (plan.profile.streamed ? d.deployment->stats.ttftSamples()
                                                         : d.deployment->stats.latencySamples())
                >= MinMeasuredSamples;
            r << QLatin1String("; cost ");
            r.fixed(s.cost, 2) << QLatin1String(" (~");
            r.dollars(s.costUsd) << QLatin1String("), quality ");
            r.fixed(s.quality, 2) << QLatin1String(", latency ");
            r.fixed(s.latency, 2) << QLatin1String(" (~");
            r.fixed(s.latencyMs, 0) << (measured ? QLatin1String(" ms measured)")
                                                 : QLatin1String(" ms expected)"));
            if (s.fit < 1) {
                r << QLatin1String("; quality ");
                r.fixed(d.quality, 0) << QLatin1String(" is below the ");
                r.fixed(plan.profile.targetQuality(), 0) << QLatin1String(" this prompt needs: x");
                r.fixed(s.fit, 2);
            }
        }
        c.reason = r.take();
        plan.candidates.append(std::move(c));
    }
    return true;
}

void Router::appendDeployments(const ModelGroup &group, const RouteRequest &request,
    const RoutingConfig &config, RouteCandidate::Role role, const QString &why, RoutePlan &plan,
    Unavailability *unavailable) const
{
    const qint64 now = ProviderMonitor::nowMs();
    QVarLengthArray<int, 8> members;
    for (qsizetype m = 0; m < group.members.size(); ++m) {
        const Deployment &d = m_deployments[size_t(group.members.at(m))];
        if (role != RouteCandidate::Role::Requested && !keyAllows(request, d))
            continue; // a fallback never goes where the key may not
        if (!d.isAvailable(now)) {
            unavailable->add(d, now);
            if (request.explain)
                plan.excluded.append({d.providerId, d.model, d.unavailableReason(now)});
            continue;
        }
        members.append(int(m));
    }
    const DeploymentBalancer::Mode mode = DeploymentBalancer::modeFromName(config.balancing);
    if (members.size() > 1 && mode != DeploymentBalancer::Mode::Failover) {
        QVarLengthArray<double, 8> latencies;
        const bool streamed = request.chat && request.chat->stream;
        for (int m : group.members)
            latencies.append(latencyEstimate(m_deployments[size_t(m)], streamed));
        if (request.explain || request.config)
            DeploymentBalancer(group.balancer).order(mode, members, latencies);
        else
            group.balancer.order(mode, members, latencies);
    }
    if (!request.preferProvider.isEmpty()) {
        const QString wanted = QString::fromUtf8(request.preferProvider);
        std::stable_partition(members.begin(), members.end(), [this, &group, &wanted](int m) {
            return m_deployments[size_t(group.members.at(m))].providerId == wanted;
        });
    }
    for (int m : members) {
        const Deployment &d = m_deployments[size_t(group.members.at(m))];
        RouteCandidate c = candidateOf(d);
        c.role = role;
        if (role == RouteCandidate::Role::Fallback)
            c.score = 0;
        c.reason = why.isEmpty() ? QStringLiteral("%1 is served by provider '%2'").arg(d.model, d.providerId)
                                 : QStringLiteral("%1 on '%2': %3").arg(d.model, d.providerId, why);
        if (members.size() > 1 && role == RouteCandidate::Role::Requested)
            c.reason += QStringLiteral(" (%1 balancing over %2 deployments)")
                            .arg(DeploymentBalancer::modeName(mode))
                            .arg(members.size());
        plan.candidates.append(std::move(c));
    }
}

std::optional<RoutePlan> Router::plan(const QString &model, GatewayError *error) const
{
    RouteRequest request;
    request.model = model;
    return plan(request, error);
}

std::optional<RoutePlan> Router::plan(const RouteRequest &request, GatewayError *error) const
{
    const RoutingConfig &config = request.config ? *request.config : m_config;
    RoutePlan plan;
    plan.requested = request.model;

    // Strategy: a virtual model's own (fast, cheap, quality), else the request's, the key's, the config's.
    QString strategy;
    RoutingWeights weights;
    QString why;
    if (request.model == QLatin1String("fast") || request.model == QLatin1String("cheap")
        || request.model == QLatin1String("quality")) {
        strategy = request.model == QLatin1String("fast") ? QStringLiteral("latency")
            : request.model == QLatin1String("cheap")     ? QStringLiteral("cost")
                                                          : QStringLiteral("quality");
        plan.strategySource = QStringLiteral("model");
    } else if (!request.strategy.isEmpty()) {
        if (!parseStrategy(request.strategy, config, &strategy, &weights, &why)) {
            *error = GatewayError::invalidRequest(
                why, QStringLiteral("x-routing-strategy"), QStringLiteral("invalid_routing_strategy"));
            return std::nullopt;
        }
        plan.strategySource = QStringLiteral("request");
    } else if (!request.keyStrategy.isEmpty()
        && parseStrategy(request.keyStrategy.toUtf8(), config, &strategy, &weights, &why)) {
        plan.strategySource = QStringLiteral("key");
    } else {
        strategy = config.strategy;
        plan.strategySource = QStringLiteral("config");
    }
    plan.strategy = strategy;

    const bool isVirtual = isVirtualModel(request.model);
    const bool scores = isVirtual || (config.autoFallback && (request.chat || request.profile));
    if (scores) {
        if (plan.strategySource != QLatin1String("request") && plan.strategySource != QLatin1String("key"))
            weights = weightsFor(strategy, config).value_or(RoutingWeights().normalised());
        plan.weights = weights;
        if (request.profile)
            plan.profile = *request.profile;
        else if (request.embeddingTokens >= 0)
            plan.profile = PromptClassifier::embeddings(request.embeddingTokens);
        else if (request.chat)
            plan.profile = PromptClassifier::classify(*request.chat);
        plan.scored = true;
    }
    if (isVirtual) {
        if (!fillScored(request, config, plan, false, error)) {
            if (request.failedPlan)
                *request.failedPlan = std::move(plan);
            return std::nullopt;
        }
        return plan;
    }

    Unavailability unavailable;
    auto g = m_groupByModel.constFind(request.model);
    if (g != m_groupByModel.constEnd()) {
        appendDeployments(
            m_groups[size_t(*g)], request, config, RouteCandidate::Role::Requested, {}, plan, &unavailable);
    } else {
        plan.candidates = resolveExact(request.model);
        if (plan.candidates.isEmpty()) {
            *error = GatewayError::notFound(
                QStringLiteral("The model '%1' does not exist or no enabled provider "
                               "serves it; GET /v1/models lists what this gateway "
                               "serves.")
                    .arg(request.model),
                QStringLiteral("model_not_found"));
            error->param = QStringLiteral("model");
            return std::nullopt;
        }
    }
    // Configured fallbacks of the model, tried in order when it fails before its first byte.
    const auto chain = config.fallbacks.constFind(request.model);
    if (chain != config.fallbacks.constEnd()) {
        const QString because = QStringLiteral("fallback for %1 (routing.fallbacks)").arg(request.model);
        for (const QString &fallback : *chain) {
            auto fg = m_groupByModel.constFind(fallback);
            if (fg != m_groupByModel.constEnd())
                appendDeployments(m_groups[size_t(*fg)], request, config, RouteCandidate::Role::Fallback,
                    because, plan, &unavailable);
            else if (request.explain)
                plan.notes << QStringLiteral("fallback %1: no enabled provider serves it").arg(fallback);
        }
    }
    if (scores && !fillScored(request, config, plan, true, error))
        return std::nullopt;
    if (plan.candidates.isEmpty()) {
        *error = unavailable.error(QStringLiteral("Every provider serving '%1' is").arg(request.model));
        if (request.failedPlan)
            *request.failedPlan = std::move(plan);
        return std::nullopt;
    }
    return plan;
}
