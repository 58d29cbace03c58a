// SPDX-License-Identifier: MIT
#include "routing/catalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

double ModelInfo::cost(
    qint64 promptTokens, qint64 completionTokens, qint64 cachedTokens, qint64 cacheWriteTokens) const
{
    const qint64 cached = qBound<qint64>(0, cachedTokens, promptTokens);
    const qint64 written = qBound<qint64>(0, cacheWriteTokens, promptTokens - cached);
    const double cachedPrice = cachedInputPer1M >= 0 ? cachedInputPer1M : inputPer1M;
    const double writePrice = cacheWritePer1M >= 0 ? cacheWritePer1M : inputPer1M;
    return (double(promptTokens - cached - written) * inputPer1M + double(cached) * cachedPrice
               + double(written) * writePrice + double(completionTokens) * outputPer1M)
        / 1e6;
}

namespace Capability {

namespace {
    struct Name
    {
        quint32 bit;
        QLatin1String name;
    };
    constexpr Name kNames[]
        = {{Tools, QLatin1String("tools")}, {Vision, QLatin1String("vision")}, {Json, QLatin1String("json")},
            {Reasoning, QLatin1String("reasoning")}, {Embedding, QLatin1String("embedding")}};
} // namespace

quint32 fromNames(const QStringList &names)
{
    quint32 bits = 0;
    for (const QString &n : names) {
        for (const Name &k : kNames) {
            if (n == k.name)
                bits |= k.bit;
        }
    }
    return bits;
}

QStringList names(quint32 bits)
{
    QStringList out;
    for (const Name &k : kNames) {
        if (bits & k.bit)
            out << k.name;
    }
    return out;
}

} // namespace Capability

Catalog::Catalog() = default;

bool Catalog::load(const QList<ModelConfig> &overrides, QString *error)
{
    QFile f(QStringLiteral(":/switchyard/models.json"));
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("built-in model catalog is missing from the resources");
        return false;
    }
    return loadFrom(f.readAll(), overrides, error);
}

bool Catalog::loadFrom(const QByteArray &json, const QList<ModelConfig> &overrides, QString *error)
{
    QJsonParseError pe;
    const QJsonObject root = QJsonDocument::fromJson(json, &pe).object();
    if (pe.error != QJsonParseError::NoError) {
        *error = QStringLiteral("model catalog: %1").arg(pe.errorString());
        return false;
    }
    m_models.clear();
    m_presets.clear();
    const QJsonArray models = root.value(QLatin1String("models")).toArray();
    for (const QJsonValue &v : models) {
        const QJsonObject o = v.toObject();
        ModelInfo m;
        m.id = o.value(QLatin1String("id")).toString();
        if (m.id.isEmpty()) {
            *error = QStringLiteral("model catalog: a model has no id");
            return false;
        }
        m.inputPer1M = o.value(QLatin1String("inputPer1M")).toDouble();
        m.outputPer1M = o.value(QLatin1String("outputPer1M")).toDouble();
        m.cachedInputPer1M = o.value(QLatin1String("cachedInputPer1M")).toDouble(-1);
        m.cacheWritePer1M = o.value(QLatin1String("cacheWritePer1M")).toDouble(-1);
        m.quality = o.value(QLatin1String("quality")).toDouble(50);
        m.contextWindow = o.value(QLatin1String("contextWindow")).toInteger();
        m.maxOutputTokens = o.value(QLatin1String("maxOutputTokens")).toInteger();
        for (const QJsonValue &c : o.value(QLatin1String("capabilities")).toArray())
            m.capabilities << c.toString();
        m.typicalTtftMs = o.value(QLatin1String("typicalTtftMs")).toDouble();
        m.known = true;
        m.capabilityBits = Capability::fromNames(m.capabilities);
        m_models.insert(m.id, m);
    }
    const QJsonObject presets = root.value(QLatin1String("presets")).toObject();
    for (auto it = presets.constBegin(); it != presets.constEnd(); ++it) {
        const QJsonObject o = it.value().toObject();
        ProviderPreset p;
        p.name = it.key();
        p.baseUrl = o.value(QLatin1String("baseUrl")).toString();
        for (const QJsonValue &m : o.value(QLatin1String("models")).toArray())
            p.models << m.toString();
        p.local = o.value(QLatin1String("local")).toBool();
        p.streamUsage = o.value(QLatin1String("streamUsage")).toBool(true);
        m_presets.insert(p.name, p);
    }
    for (const ModelConfig &c : overrides) {
        ModelInfo m = m_models.value(c.id);
        m.id = c.id;
        m.known = true;
        if (c.inputPer1M)
            m.inputPer1M = *c.inputPer1M;
        if (c.outputPer1M)
            m.outputPer1M = *c.outputPer1M;
        if (c.cachedInputPer1M)
            m.cachedInputPer1M = *c.cachedInputPer1M;
        if (c.cacheWritePer1M)
            m.cacheWritePer1M = *c.cacheWritePer1M;
        if (c.maxOutputTokens)
            m.maxOutputTokens = *c.maxOutputTokens;
        if (c.quality)
            m.quality = *c.quality;
        if (c.contextWindow)
            m.contextWindow = *c.contextWindow;
        if (c.capabilities)
            m.capabilities = *c.capabilities;
        if (c.typicalTtftMs)
            m.typicalTtftMs = *c.typicalTtftMs;
        m.capabilityBits = Capability::fromNames(m.capabilities);
        m_models.insert(m.id, m);
    }
    return true;
}

ModelInfo Catalog::model(const QString &id) const
{
    auto it = m_models.constFind(id);
    if (it != m_models.constEnd())
        return *it;
    ModelInfo unknown;
    unknown.id = id;
    return unknown;
}

const ProviderPreset *Catalog::preset(const QString &name) const
{
    auto it = m_presets.constFind(name);
    return it == m_presets.constEnd() ? nullptr : &*it;
}
