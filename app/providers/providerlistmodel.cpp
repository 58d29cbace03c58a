// SPDX-License-Identifier: MIT
#include "providers/providerlistmodel.h"

#include "core/format.h"

#include <algorithm>

namespace {

QString kindOf(const QJsonObject &config)
{
    const QString type = config.value(QLatin1String("type")).toString();
    const QString preset = config.value(QLatin1String("preset")).toString();
    if (type == QLatin1String("openai"))
        return preset.isEmpty() ? QObject::tr("OpenAI-compatible")
                                : QObject::tr("OpenAI-compatible · %1").arg(preset);
    if (type == QLatin1String("anthropic"))
        return QObject::tr("Anthropic");
    if (type == QLatin1String("gemini"))
        return QObject::tr("Google Gemini");
    if (type == QLatin1String("ollama"))
        return QObject::tr("Ollama");
    if (type == QLatin1String("mock"))
        return QObject::tr("Built-in mock");
    return type;
}

QList<qreal> sparkOf(const ProviderSnapshot &p)
{
    QList<qreal> out;
    out.reserve(p.history.size());
    for (const LatencyPoint &point : p.history)
        out.append(point.requests > point.errors ? qreal(point.p50Ms) : qreal(-1));
    return out;
}

bool enabledOf(const QJsonObject &config)
{
    return config.value(QLatin1String("enabled")).toBool(true);
}

} // namespace

ProviderListModel::ProviderListModel(QObject *parent)
    : RowsByIdModel(parent)
{ }

int ProviderListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ProviderListModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Row &r = m_rows.at(index.row());
    const ProviderSnapshot &p = r.live;
    const bool enabled = enabledOf(r.config);
    const QString status = !enabled ? QStringLiteral("disabled")
        : r.running                 ? (p.status.isEmpty() ? QStringLiteral("unknown") : p.status)
                                    : QStringLiteral("error");
    switch (role) {
    case ProviderIdRole:
        return r.id;
    case TypeRole:
        return r.config.value(QLatin1String("type")).toString();
    case KindRole:
        return kindOf(r.config);
    case BaseUrlRole:
        return r.config.value(QLatin1String("baseUrl")).toString();
    case EnabledRole:
        return enabled;
    case StatusRole:
        return status;
    case StatusTextRole:
        if (status == QLatin1String("disabled"))
            return tr("Disabled");
        if (status == QLatin1String("ok"))
            return tr("Healthy");
        if (status == QLatin1String("unknown"))
            return p.message.isEmpty() ? tr("Not checked yet") : p.message;
        return p.message.isEmpty() ? tr("Not running") : p.message;
    case ToneRole:
        if (status == QLatin1String("ok"))
            return p.available ? QStringLiteral("ok") : QStringLiteral("warning");
        if (status == QLatin1String("error"))
            return QStringLiteral("error");
        return QStringLiteral("neutral");
    case CircuitRole:
        return r.running ? p.circuit : QString();
    case CircuitTextRole:
        if (!r.running)
            return QStringLiteral("–");
        if (p.circuit == QLatin1String("open"))
            return tr("Open");
        if (p.circuit == QLatin1String("half-open"))
            return tr("Half-open");
        return p.available ? tr("Closed") : tr("Rate-limited");
    case CircuitToneRole:
        if (!r.running)
            return QStringLiteral("neutral");
        if (p.circuit == QLatin1String("open"))
            return QStringLiteral("error");
        if (p.circuit == QLatin1String("half-open") || !p.available)
            return QStringLiteral("warning");
        return QStringLiteral("ok");
    case P50Role:
        return Format::latency(p.p50Ms);
    case P95Role:
        return Format::latency(p.p95Ms);
    case ErrorRateRole:
        return r.running ? Format::percent(p.errorRate) : QStringLiteral("–");
    case CallsRole:
        return Format::count(p.calls);
    case ModelCountRole:
        return int(p.modelIds.size());
    case ModelListRole:
        return p.modelIds.join(QStringLiteral(", "));
    case SparklineRole:
        return QVariant::fromValue(sparkOf(p));
    case LocalRole:
        return p.local;
    case KeyRole:
        return r.config.value(QLatin1String("apiKey")).toString();
    default:
        return {};
    }
}

QHash<int, QByteArray> ProviderListModel::roleNames() const
{
    return {{ProviderIdRole, "providerId"}, {TypeRole, "type"}, {KindRole, "kind"}, {BaseUrlRole, "baseUrl"},
        {EnabledRole, "isEnabled"}, {StatusRole, "status"}, {StatusTextRole, "statusText"},
        {ToneRole, "tone"}, {CircuitRole, "circuit"}, {CircuitTextRole, "circuitText"},
        {CircuitToneRole, "circuitTone"}, {P50Role, "p50"}, {P95Role, "p95"}, {ErrorRateRole, "errorRate"},
        {CallsRole, "calls"}, {ModelCountRole, "modelCount"}, {ModelListRole, "modelList"},
        {SparklineRole, "sparkline"}, {LocalRole, "local"}, {KeyRole, "key"}};
}

int ProviderListModel::indexOf(const QString &id) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return int(i);
    }
    return -1;
}

QJsonArray ProviderListModel::configs() const
{
    QJsonArray out;
    for (const Row &r : m_rows)
        out.append(r.config);
    return out;
}

bool ProviderListModel::sameShown(const Row &a, const Row &b)
{
    const ProviderSnapshot &x = a.live;
    const ProviderSnapshot &y = b.live;
    if (a.id != b.id || a.config != b.config || a.running != b.running)
        return false;
    if (x.status != y.status || x.message != y.message || x.circuit != y.circuit || x.available != y.available
        || x.calls != y.calls || x.modelIds != y.modelIds || x.local != y.local)
        return false;
    if (Format::latency(x.p50Ms) != Format::latency(y.p50Ms)
        || Format::latency(x.p95Ms) != Format::latency(y.p95Ms)
        || Format::percent(x.errorRate) != Format::percent(y.errorRate))
        return false;
    return sparkOf(x) == sparkOf(y);
}

void ProviderListModel::setConfigs(const QJsonArray &providers)
{
    QList<Row> next;
    for (const QJsonValue &v : providers) {
        Row r;
        r.config = v.toObject();
        r.id = r.config.value(QLatin1String("id")).toString();
        next.append(r);
    }
    rebuild(std::move(next));
}

void ProviderListModel::applySnapshot(const QList<ProviderSnapshot> &providers)
{
    m_live = providers;
    QList<Row> next;
    next.reserve(m_rows.size());
    for (const Row &r : std::as_const(m_rows)) {
        Row copy;
        copy.id = r.id;
        copy.config = r.config;
        next.append(copy);
    }
    rebuild(std::move(next));
}

void ProviderListModel::rebuild(QList<Row> next)
{
    for (Row &r : next) {
        r.running = false;
        r.live = ProviderSnapshot {};
        for (const ProviderSnapshot &p : std::as_const(m_live)) {
            if (p.id != r.id)
                continue;
            r.live = p;
            // A provider that failed to build is listed by the registry with status error only.
            r.running = !p.type.isEmpty();
            if (!r.running)
                r.live.status = QStringLiteral("error");
            break;
        }
    }
    const qsizetype before = m_rows.size();
    syncRows(
        m_rows, next, [](const Row &r) { return r.id; }, sameShown);
    if (m_rows.size() != before)
        Q_EMIT countChanged();
}
