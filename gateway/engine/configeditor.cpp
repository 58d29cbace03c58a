// SPDX-License-Identifier: MIT
#include "engine/configeditor.h"

#include "engine/configfile.h"
#include "providers/providerregistry.h"
#include "reliability/healthprober.h"
#include "reliability/providermonitor.h"
#include "routing/router.h"

#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcEngine)

namespace {

/// A provider as the config file spells it (for engines built without a file).
QJsonObject providerJson(const ProviderConfig &p)
{
    QJsonObject o {{QLatin1String("id"), p.id}, {QLatin1String("type"), p.type}};
    if (!p.preset.isEmpty())
        o.insert(QLatin1String("preset"), p.preset);
    if (!p.baseUrl.isEmpty())
        o.insert(QLatin1String("baseUrl"), p.baseUrl);
    if (!p.apiKey.isEmpty())
        o.insert(QLatin1String("apiKey"), p.apiKey);
    if (!p.models.isEmpty())
        o.insert(QLatin1String("models"), QJsonArray::fromStringList(p.models));
    if (!p.enabled)
        o.insert(QLatin1String("enabled"), false);
    const ProviderConfig defaults;
    if (p.timeoutMs != defaults.timeoutMs)
        o.insert(QLatin1String("timeoutMs"), p.timeoutMs);
    if (p.connectTimeoutMs != defaults.connectTimeoutMs)
        o.insert(QLatin1String("connectTimeoutMs"), p.connectTimeoutMs);
    if (p.paceMs >= 0)
        o.insert(QLatin1String("paceMs"), p.paceMs);
    if (p.weight != defaults.weight)
        o.insert(QLatin1String("weight"), p.weight);
    if (!p.headers.isEmpty()) {
        QJsonObject h;
        for (auto it = p.headers.constBegin(); it != p.headers.constEnd(); ++it)
            h.insert(it.key(), it.value());
        o.insert(QLatin1String("headers"), h);
    }
    return o;
}

} // namespace

ConfigEditor::ConfigEditor(Config &config, QString configPath, Router &router, ProviderRegistry &providers,
    ProviderMonitor &monitor, HealthProber *prober, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_path(std::move(configPath))
    , m_router(router)
    , m_registry(providers)
    , m_monitor(monitor)
    , m_prober(prober)
{ }

bool ConfigEditor::isKeyReference(const QString &key)
{
    return key.startsWith(QLatin1String("${")) || key.startsWith(QLatin1String("keychain:"));
}

QString ConfigEditor::maskKey(const QString &key)
{
    if (key.isEmpty() || isKeyReference(key))
        return key;
    if (key.size() < 12)
        return QStringLiteral("****");
    return key.left(3) + QStringLiteral("...") + key.right(4);
}

QJsonObject ConfigEditor::routing() const
{
    return m_config.routing.toJson();
}

QJsonArray ConfigEditor::rawProviders() const
{
    if (!m_path.isEmpty() && QFile::exists(m_path)) {
        QString error;
        const QJsonValue v = ConfigFile::get(m_path, {QStringLiteral("providers")}, &error);
        if (v.isArray())
            return v.toArray();
    }
    QJsonArray out;
    for (const ProviderConfig &p : std::as_const(m_config.providers))
        out.append(providerJson(p));
    return out;
}

QJsonArray ConfigEditor::providers() const
{
    QJsonArray out;
    for (const QJsonValue &v : rawProviders()) {
        QJsonObject o = v.toObject();
        if (o.contains(QLatin1String("apiKey")))
            o.insert(QLatin1String("apiKey"), maskKey(o.value(QLatin1String("apiKey")).toString()));
        if (o.contains(QLatin1String("headers"))) {
            // Extra headers often carry secrets too (api-key, x-api-key).
            QJsonObject h = o.value(QLatin1String("headers")).toObject();
            for (auto it = h.begin(); it != h.end(); ++it)
                it.value() = maskKey(it.value().toString());
            o.insert(QLatin1String("headers"), h);
        }
        out.append(o);
    }
    return out;
}

bool ConfigEditor::setRouting(const QJsonObject &routing, QString *error)
{
    QString parseError;
    const auto parsed = Config::parse(
        QJsonDocument(QJsonObject {{QLatin1String("routing"), routing}}).toJson(), &parseError);
    if (!parsed) {
        *error = parseError;
        return false;
    }
    if (!m_path.isEmpty() && !ConfigFile::set(m_path, {QStringLiteral("routing")}, routing, error))
        return false;
    applyRouting(parsed->routing);
    qCInfo(lcEngine).noquote() << "routing changed: strategy" << parsed->routing.strategy;
    Q_EMIT routingChanged();
    return true;
}

QJsonArray ConfigEditor::unmasked(const QJsonArray &providers) const
{
    const QJsonArray stored = rawProviders();
    QJsonArray restored;
    for (const QJsonValue &v : providers) {
        QJsonObject o = v.toObject();
        const QString id = o.value(QLatin1String("id")).toString();
        for (const QJsonValue &s : stored) {
            const QJsonObject old = s.toObject();
            if (old.value(QLatin1String("id")).toString() != id)
                continue;
            const QString oldKey = old.value(QLatin1String("apiKey")).toString();
            if (o.contains(QLatin1String("apiKey")) && !oldKey.isEmpty()
                && o.value(QLatin1String("apiKey")).toString() == maskKey(oldKey))
                o.insert(QLatin1String("apiKey"), oldKey);
            if (o.value(QLatin1String("headers")).isObject()) {
                QJsonObject h = o.value(QLatin1String("headers")).toObject();
                const QJsonObject oldHeaders = old.value(QLatin1String("headers")).toObject();
                for (auto it = h.begin(); it != h.end(); ++it) {
                    const QString oldValue = oldHeaders.value(it.key()).toString();
                    if (!oldValue.isEmpty() && it.value().toString() == maskKey(oldValue))
                        it.value() = oldValue;
                }
                o.insert(QLatin1String("headers"), h);
            }
        }
        restored.append(v.isObject() ? QJsonValue(o) : v);
    }
    return restored;
}

bool ConfigEditor::setProviders(const QJsonArray &providers, QString *error)
{
    // A masked key coming back means "unchanged": put the stored one back before saving.
    const QJsonArray restored = unmasked(providers);
    QString parseError;
    const auto parsed = Config::parse(
        QJsonDocument(QJsonObject {{QLatin1String("providers"), restored}}).toJson(), &parseError);
    if (!parsed) {
        *error = parseError;
        return false;
    }
    if (!m_path.isEmpty() && !ConfigFile::set(m_path, {QStringLiteral("providers")}, restored, error))
        return false;
    applyProviders(parsed->providers);
    qCInfo(lcEngine).noquote() << "providers changed:" << parsed->providers.size() << "configured";
    Q_EMIT providersChanged();
    return true;
}

void ConfigEditor::applyRouting(const RoutingConfig &routing)
{
    m_config.routing = routing;
    m_monitor.setConfig(routing.circuitBreaker);
    m_router.setConfig(routing);
    if (m_prober)
        m_prober->setInterval(routing.healthCheckIntervalMs);
}

void ConfigEditor::applyProviders(const QList<ProviderConfig> &providers)
{
    m_config.providers = providers;
    const QStringList created = m_registry.configure(providers);
    QStringList ids;
    for (const ProviderConfig &p : providers)
        ids << p.id;
    m_monitor.retain(ids, created);
    m_router.rebuild();
}

std::optional<ProviderConfig> ConfigEditor::parseProvider(const QJsonObject &provider, QString *error) const
{
    const QJsonArray one = unmasked(QJsonArray {provider});
    const auto parsed
        = Config::parse(QJsonDocument(QJsonObject {{QLatin1String("providers"), one}}).toJson(), error);
    if (!parsed)
        return std::nullopt;
    return parsed->providers.first();
}

void ConfigEditor::testProvider(const ProviderConfig &provider, std::function<void(const ProbeResult &)> done)
{
    QString error;
    Provider *p = m_registry.create(provider, &error);
    if (!p) {
        ProbeResult r;
        r.message = error;
        QTimer::singleShot(0, this, [r, done] { done(r); });
        return;
    }
    p->setParent(this);
    const auto probe = [p, done] {
        p->probe([p, done](const ProbeResult &r) {
            done(r);
            p->deleteLater();
        });
    };
    // A `keychain:NAME` key is read first, as for a listed provider: the probe uses the real key.
    if (p->secretName().isEmpty())
        probe();
    else
        m_registry.readSecret(p, probe);
}
