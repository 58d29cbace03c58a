// SPDX-License-Identifier: MIT
#include "providers/providerscontroller.h"

#include "core/enginehost.h"
#include "core/format.h"
#include "engine/configeditor.h"
#include "engine/engine.h"
#include "providers/providerregistry.h"
#include "routing/catalog.h"
#include "secrets/secretstore.h"

#include <QPointer>
#include <QRegularExpression>

#include <algorithm>

namespace {

QString probeText(const ProbeResult &r)
{
    if (!r.reachable)
        return r.message.isEmpty() ? QObject::tr("No answer from the service") : r.message;
    if (r.status == 401 || r.status == 403)
        return QObject::tr("The service refused the key (HTTP %1)").arg(r.status);
    if (r.status == 429)
        return QObject::tr("Reachable, but rate-limiting this key right now (HTTP 429)");
    if (r.status >= 500)
        return QObject::tr("The service is failing (HTTP %1)").arg(r.status);
    QString text = r.latencyMs > 0 ? QObject::tr("Connected in %1").arg(Format::latency(r.latencyMs))
                                   : QObject::tr("Connected");
    if (!r.models.isEmpty())
        text += r.models.size() == 1 ? QObject::tr(" · 1 model offered")
                                     : QObject::tr(" · %1 models offered").arg(r.models.size());
    if (!r.healthy() && !r.message.isEmpty())
        text += QStringLiteral(" · ") + r.message;
    return text;
}

} // namespace

ProvidersController::ProvidersController(EngineHost *host, QObject *parent)
    : QObject(parent)
    , m_host(host)
{ }

QStringList ProvidersController::types() const
{
    return ProviderConfig::types();
}

QString ProvidersController::baseUrlHint() const
{
    if (m_type == QLatin1String("mock"))
        return tr("built in, no network");
    const QString preset = presetApplies() && !m_preset.isEmpty() ? m_preset : m_type;
    return m_presetUrls.value(preset);
}

QString ProvidersController::keyHint() const
{
    return tr("Saved in the OS keychain (the config file only names it: keychain:ID); write "
              "${VARIABLE} to read it from the environment instead. Shown masked afterwards.");
}

void ProvidersController::setEditId(const QString &id)
{
    if (id == m_id)
        return;
    m_id = id;
    editorEdited();
}

void ProvidersController::setEditType(const QString &type)
{
    if (type == m_type || !types().contains(type))
        return;
    m_type = type;
    if (!presetApplies())
        m_preset.clear();
    editorEdited();
}

void ProvidersController::setEditPreset(const QString &preset)
{
    if (preset == m_preset)
        return;
    m_preset = preset;
    editorEdited();
}

void ProvidersController::setEditBaseUrl(const QString &url)
{
    if (url == m_baseUrl)
        return;
    m_baseUrl = url;
    editorEdited();
}

void ProvidersController::setEditApiKey(const QString &key)
{
    if (key == m_apiKey)
        return;
    m_apiKey = key;
    editorEdited();
}

void ProvidersController::setEditModels(const QString &models)
{
    if (models == m_models)
        return;
    m_models = models;
    editorEdited();
}

void ProvidersController::setEditEnabled(bool enabled)
{
    if (enabled == m_enabled)
        return;
    m_enabled = enabled;
    editorEdited();
}

void ProvidersController::editorEdited()
{
    m_editorError.clear();
    Q_EMIT editorChanged();
}

void ProvidersController::resetTest()
{
    ++m_testGeneration;
    m_testing = false;
    m_tested = false;
    m_testOk = false;
    m_testMessage.clear();
    m_discovered.clear();
    Q_EMIT testChanged();
}

void ProvidersController::setMessage(const QString &message)
{
    if (message == m_message)
        return;
    m_message = message;
    Q_EMIT messageChanged();
}

void ProvidersController::setEditor(const QJsonObject &entry, const QString &editingId)
{
    m_base = entry;
    m_editingId = editingId;
    m_id = entry.value(QLatin1String("id")).toString();
    m_type = entry.value(QLatin1String("type")).toString(QStringLiteral("openai"));
    m_preset = entry.value(QLatin1String("preset")).toString();
    m_baseUrl = entry.value(QLatin1String("baseUrl")).toString();
    m_apiKey = entry.value(QLatin1String("apiKey")).toString();
    QStringList models;
    for (const QJsonValue &m : entry.value(QLatin1String("models")).toArray())
        models << m.toString();
    m_models = models.join(QStringLiteral(", "));
    m_enabled = entry.value(QLatin1String("enabled")).toBool(true);
    m_editorError.clear();
    m_editorOpen = true;
    Q_EMIT editorChanged();
    resetTest();
}

void ProvidersController::beginAdd()
{
    // A fresh id nobody uses yet: "provider", "provider-2", ...
    QString id = QStringLiteral("provider");
    for (int n = 2; m_list.indexOf(id) >= 0; ++n)
        id = QStringLiteral("provider-%1").arg(n);
    setEditor({{QLatin1String("id"), id}, {QLatin1String("type"), QStringLiteral("openai")},
                  {QLatin1String("preset"), QStringLiteral("openai")}},
        QString());
    setMessage(QString());
}

void ProvidersController::beginEdit(const QString &id)
{
    const int row = m_list.indexOf(id);
    if (row < 0)
        return;
    setEditor(m_list.configOf(row), id);
    setMessage(QString());
}

void ProvidersController::cancelEdit()
{
    if (!m_editorOpen)
        return;
    m_editorOpen = false;
    m_editingId.clear();
    Q_EMIT editorChanged();
    resetTest();
}

QJsonObject ProvidersController::editedEntry() const
{
    QJsonObject o = m_base;
    o.insert(QLatin1String("id"), m_id.trimmed());
    o.insert(QLatin1String("type"), m_type);
    auto setOrRemove = [&o](QLatin1String key, const QString &value) {
        if (value.isEmpty())
            o.remove(key);
        else
            o.insert(key, value);
    };
    setOrRemove(QLatin1String("preset"), presetApplies() ? m_preset : QString());
    setOrRemove(QLatin1String("baseUrl"), m_type == QLatin1String("mock") ? QString() : m_baseUrl.trimmed());
    setOrRemove(QLatin1String("apiKey"), keyApplies() ? m_apiKey.trimmed() : QString());
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    const QStringList models = m_models.split(separators, Qt::SkipEmptyParts);
    if (models.isEmpty())
        o.remove(QLatin1String("models"));
    else
        o.insert(QLatin1String("models"), QJsonArray::fromStringList(models));
    if (m_enabled)
        o.remove(QLatin1String("enabled"));
    else
        o.insert(QLatin1String("enabled"), false);
    return o;
}

void ProvidersController::submit(const QJsonArray &providers, std::function<void(bool, const QString &)> done,
    const QString &secretName, const QString &secret)
{
    m_busy = true;
    Q_EMIT busyChanged();
    m_host->withEngine(
        this, [this, providers, done, secretName, secret](Engine *engine, const EngineHost::ToGui &toGui) {
            const auto answer = [this, done, toGui](bool ok, const QString &error) {
                toGui([this, ok, error, done] {
                    m_busy = false;
                    Q_EMIT busyChanged();
                    done(ok, error);
                });
            };
            if (!engine) {
                answer(false, tr("The gateway is not running."));
                return;
            }
            const auto apply = [providers, answer, secretName, secret](Engine *e) {
                QString error;
                const bool ok = e->configEditor().setProviders(providers, &error);
                // A provider whose entry did not change (still keychain:ID) takes its new key.
                if (ok && !secret.isEmpty())
                    e->providers().updateSecret(secretName, secret);
                answer(ok, error);
            };
            if (secret.isEmpty()) {
                apply(engine);
                return;
            }
            // The key is in the keychain before the config names it; a keychain that cannot take it
            // fails the save (never a plain-text fallback).
            QPointer<Engine> guard(engine);
            engine->secrets().write(secretName, secret, [guard, apply, answer](const SecretResult &r) {
                if (!guard) {
                    answer(false, tr("The gateway stopped before the key was saved."));
                    return;
                }
                if (!r.ok()) {
                    answer(false,
                        tr("The OS keychain did not take the key (%1); nothing was saved. Unlock the "
                           "keychain, or write ${VARIABLE} to read the key from the environment.")
                            .arg(r.message));
                    return;
                }
                apply(guard.data());
            });
        });
}

void ProvidersController::save()
{
    if (!m_editorOpen || m_busy)
        return;
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]*$"));
    const QString id = m_id.trimmed();
    if (!idPattern.match(id).hasMatch()) {
        m_editorError = tr("The id names the provider in model names (\"%1/model\"): letters, digits, "
                           "'-', '_' and '.' only.")
                            .arg(id.isEmpty() ? QStringLiteral("id") : id);
        Q_EMIT editorChanged();
        return;
    }
    if (id != m_editingId && m_list.indexOf(id) >= 0) {
        m_editorError = tr("Another provider is already called \"%1\".").arg(id);
        Q_EMIT editorChanged();
        return;
    }
    QJsonArray providers = m_list.configs();
    QJsonObject entry = editedEntry();
    const int row = m_editingId.isEmpty() ? -1 : m_list.indexOf(m_editingId);
    // A key typed in goes to the OS keychain; the config file only names it (keychain:ID).
    // References (${ENV}, keychain:NAME) and the key shown as it was (masked: "keep it") stay.
    const QString typedKey = entry.value(QLatin1String("apiKey")).toString();
    const bool keyAsShown
        = row >= 0 && typedKey == providers.at(row).toObject().value(QLatin1String("apiKey")).toString();
    QString secret;
    if (!typedKey.isEmpty() && !keyAsShown && !ConfigEditor::isKeyReference(typedKey)) {
        secret = typedKey;
        entry.insert(QLatin1String("apiKey"), QString(QStringLiteral("keychain:") + id));
    }
    if (row >= 0)
        providers[row] = entry;
    else
        providers.append(entry);
    const bool adding = row < 0;
    submit(
        providers,
        [this, id, adding](bool ok, const QString &error) {
            if (!ok) {
                m_editorError = error;
                Q_EMIT editorChanged();
                return;
            }
            cancelEdit();
            setMessage(adding ? tr("Added %1: it takes requests now").arg(id) : tr("Saved %1").arg(id));
            Q_EMIT saved(id);
        },
        id, secret);
}

void ProvidersController::remove(const QString &id)
{
    const int row = m_list.indexOf(id);
    if (row < 0 || m_busy)
        return;
    QJsonArray providers = m_list.configs();
    const QString secretName
        = SecretStore::referenceName(providers.at(row).toObject().value(QLatin1String("apiKey")).toString());
    providers.removeAt(row);
    // The key the screen put in the keychain goes with its provider, unless another entry names it.
    bool secretStillNamed = secretName.isEmpty();
    for (const QJsonValue &v : std::as_const(providers))
        secretStillNamed = secretStillNamed
            || SecretStore::referenceName(v.toObject().value(QLatin1String("apiKey")).toString())
                == secretName;
    submit(providers, [this, id, secretName, secretStillNamed](bool ok, const QString &error) {
        setMessage(ok ? tr("Removed %1").arg(id) : error);
        if (ok && m_editingId == id)
            cancelEdit();
        if (ok && !secretStillNamed)
            forgetSecret(secretName);
        if (ok)
            Q_EMIT saved(id);
    });
}

void ProvidersController::forgetSecret(const QString &name)
{
    m_host->withEngine(this, [name](Engine *engine, const EngineHost::ToGui &) {
        if (engine)
            engine->secrets().remove(name, {});
    });
}

void ProvidersController::setEnabled(const QString &id, bool enabled)
{
    const int row = m_list.indexOf(id);
    if (row < 0 || m_busy)
        return;
    QJsonArray providers = m_list.configs();
    QJsonObject entry = providers.at(row).toObject();
    if (entry.value(QLatin1String("enabled")).toBool(true) == enabled)
        return;
    if (enabled)
        entry.remove(QLatin1String("enabled"));
    else
        entry.insert(QLatin1String("enabled"), false);
    providers[row] = entry;
    submit(providers, [this, id, enabled](bool ok, const QString &error) {
        setMessage(ok ? (enabled ? tr("Enabled %1").arg(id) : tr("Disabled %1: no requests go there").arg(id))
                      : error);
        if (ok)
            Q_EMIT saved(id);
    });
}

void ProvidersController::testConnection()
{
    if (!m_editorOpen)
        return;
    resetTest();
    m_testing = true;
    Q_EMIT testChanged();
    const quint64 generation = m_testGeneration;
    const QJsonObject entry = editedEntry();
    m_host->withEngine(this, [this, entry, generation](Engine *engine, const EngineHost::ToGui &toGui) {
        auto deliver = [this, toGui, generation](bool ok, const QString &text, const QStringList &models) {
            toGui([this, ok, text, models, generation] {
                if (generation != m_testGeneration)
                    return; // the editor changed or closed meanwhile
                m_testing = false;
                m_tested = true;
                m_testOk = ok;
                m_testMessage = text;
                m_discovered = models;
                Q_EMIT testChanged();
            });
        };
        if (!engine) {
            deliver(false, tr("The gateway is not running."), {});
            return;
        }
        QString error;
        const auto config = engine->configEditor().parseProvider(entry, &error);
        if (!config) {
            deliver(false, error, {});
            return;
        }
        engine->configEditor().testProvider(
            *config, [deliver](const ProbeResult &r) { deliver(r.healthy(), probeText(r), r.models); });
    });
}

void ProvidersController::useDiscoveredModels()
{
    if (m_discovered.isEmpty())
        return;
    setEditModels(m_discovered.join(QStringLiteral(", ")));
}

void ProvidersController::setConfigs(const QJsonArray &providers)
{
    m_list.setConfigs(providers);
    if (!m_presetsLoaded)
        loadPresets();
}

void ProvidersController::applySnapshot(const EngineSnapshot &snapshot)
{
    m_list.applySnapshot(snapshot.providers);
}

void ProvidersController::loadPresets()
{
    m_presetsLoaded = true;
    m_host->withEngine(this, [this](Engine *engine, const EngineHost::ToGui &toGui) {
        if (!engine)
            return;
        QStringList names = engine->catalog().presetNames();
        std::sort(names.begin(), names.end());
        QHash<QString, QString> urls;
        for (const QString &n : std::as_const(names))
            urls.insert(n, engine->catalog().preset(n)->baseUrl);
        toGui([this, names, urls] {
            // Presets of the openai type only: anthropic, gemini and ollama are types of their own.
            m_presetNames.clear();
            for (const QString &n : names) {
                if (n != QLatin1String("anthropic") && n != QLatin1String("gemini")
                    && n != QLatin1String("ollama"))
                    m_presetNames << n;
            }
            m_presetUrls = urls;
            Q_EMIT presetsChanged();
            Q_EMIT editorChanged();
        });
    });
}
