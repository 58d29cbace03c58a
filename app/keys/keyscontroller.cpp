// SPDX-License-Identifier: MIT
#include "keys/keyscontroller.h"

#include "core/enginehost.h"
#include "core/format.h"
#include "engine/engine.h"
#include "keys/accesscontrol.h"
#include "keys/budgetalert.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>

#include <algorithm>

namespace {

using Reply = std::function<void(const QJsonObject &)>;

QJsonObject failure(const QString &message)
{
    return {{QLatin1String("error"), message}};
}

/// What the settings section shows, as the engine holds it now (engine thread).
QJsonObject settingsJson(Engine &engine)
{
    const Config &config = engine.options().config;
    const bool loopback
        = config.server.host == QLatin1String("localhost") || QHostAddress(config.server.host).isLoopback();
    return {{QLatin1String("requireApiKey"), engine.access().requireApiKey()},
        {QLatin1String("reachable"), !loopback},
        {QLatin1String("allowedOrigins"), QJsonArray::fromStringList(config.server.allowedOrigins)},
        {QLatin1String("redaction"), config.guardrails.toJson().value(QLatin1String("redaction"))}};
}

/// Answers a settings change: the new settings, or the one-line error (nothing changed).
void answerSettings(Engine &engine, bool ok, const QString &error, const Reply &reply)
{
    QJsonObject out {{QLatin1String("settings"), settingsJson(engine)}};
    if (!ok)
        out.insert(QLatin1String("settingsError"), error);
    reply(out);
}

AccessControl::KeyAnswer keyAnswer(const Reply &reply)
{
    return [reply](const std::optional<GatewayError> &error, const QJsonObject &key) {
        reply(error ? failure(error->message) : QJsonObject {{QLatin1String("key"), key}});
    };
}

} // namespace

KeysController::KeysController(EngineHost *host, QObject *parent)
    : QObject(parent)
    , m_host(host)
{
    m_poll.setInterval(1000);
    connect(&m_poll, &QTimer::timeout, this, &KeysController::refresh);
    if (m_host) {
        connect(m_host, &EngineHost::started, this, &KeysController::refresh);
        connect(m_host, &EngineHost::portChanged, this, &KeysController::refresh);
        connect(m_host, &EngineHost::keysChanged, this, &KeysController::refresh);
    }
}

KeysController::~KeysController()
{
    forgetCreatedKey();
}

void KeysController::run(Work work, std::function<void(const QJsonObject &)> done)
{
    if (!m_host) {
        done(failure(tr("The gateway is not running.")));
        return;
    }
    m_host->call(this, std::move(work), std::move(done));
}

void KeysController::refresh()
{
    if (m_refreshing) {
        m_refreshAgain = true; // one more once the answer in flight is applied
        return;
    }
    m_refreshing = true;
    run(
        [selected = m_selectedId](Engine &engine, const Reply &reply) {
            AccessControl &access = engine.access();
            QJsonArray keys;
            for (const auto &key : access.keys().keys())
                keys.append(access.keyJson(*key));
            QJsonObject out {{QLatin1String("keys"), keys}, {QLatin1String("budget"), access.budgetJson()},
                {QLatin1String("settings"), settingsJson(engine)}};
            if (!selected.isEmpty() && access.keys().byId(selected)) {
                out.insert(QLatin1String("usageOf"), selected);
                out.insert(QLatin1String("usage"), access.usageJson(selected, UsageDays));
            }
            reply(out);
        },
        [this](const QJsonObject &result) {
            m_refreshing = false;
            applyRefresh(result);
            if (m_refreshAgain) {
                m_refreshAgain = false;
                refresh();
            }
        });
}

void KeysController::applyRefresh(const QJsonObject &result)
{
    if (result.contains(QLatin1String("keys"))) {
        const QString nameBefore = selectedName();
        m_keys.setKeys(result.value(QLatin1String("keys")).toArray());
        if (!m_selectedId.isEmpty() && m_keys.indexOf(m_selectedId) < 0) {
            m_selectedId.clear(); // deleted, here or through the admin API
            m_usage.clear();
            Q_EMIT selectedChanged();
        } else if (selectedName() != nameBefore) {
            Q_EMIT selectedChanged();
        }
        if (result.value(QLatin1String("usageOf")).toString() == m_selectedId && !m_selectedId.isEmpty())
            m_usage.setDays(result.value(QLatin1String("usage")).toArray());
        applyBudget(result.value(QLatin1String("budget")).toObject());
    }
    if (result.contains(QLatin1String("settings")))
        applySettings(result.value(QLatin1String("settings")).toObject());
    Q_EMIT refreshed();
}

void KeysController::applyBudget(const QJsonObject &budget)
{
    auto scopeText = [](const QJsonObject &scope, double *fraction) {
        return KeyListModel::spendText(scope.value(QLatin1String("budget")).toObject(),
            scope.value(QLatin1String("spend")).toObject(), fraction);
    };
    double globalFraction = -1;
    double localFraction = -1;
    const QJsonObject global = budget.value(QLatin1String("global")).toObject();
    const QJsonObject local = budget.value(QLatin1String("local")).toObject();
    const QString globalText = scopeText(global, &globalFraction);
    const QString localText = scopeText(local, &localFraction);

    // This period's alerts of every scope, newest first.
    QList<QJsonObject> alerts; // {"threshold", "at", "message"}
    auto collect = [&alerts](const QJsonObject &scope) {
        for (const QJsonValue &a : scope.value(QLatin1String("alerts")).toArray())
            alerts.append(a.toObject());
    };
    collect(global);
    collect(local);
    for (const QJsonValue &k : budget.value(QLatin1String("keys")).toArray())
        collect(k.toObject());
    // Newest first; alerts of one request (50 and 80 % at once) highest threshold first.
    std::sort(alerts.begin(), alerts.end(), [](const QJsonObject &a, const QJsonObject &b) {
        const QString at = a.value(QLatin1String("at")).toString();
        const QString bt = b.value(QLatin1String("at")).toString();
        if (at != bt)
            return at > bt;
        return a.value(QLatin1String("threshold")).toInt() > b.value(QLatin1String("threshold")).toInt();
    });
    QStringList lines;
    for (const QJsonObject &a : std::as_const(alerts)) {
        const qint64 ms = QDateTime::fromString(a.value(QLatin1String("at")).toString(), Qt::ISODateWithMs)
                              .toMSecsSinceEpoch();
        lines << Format::moment(ms) + QStringLiteral(" · ") + a.value(QLatin1String("message")).toString();
    }
    if (globalText == m_globalBudget && globalFraction == m_globalFraction && localText == m_localBudget
        && localFraction == m_localFraction && lines == m_alerts)
        return;
    m_globalBudget = globalText;
    m_globalFraction = globalFraction;
    m_localBudget = localText;
    m_localFraction = localFraction;
    m_alerts = lines;
    Q_EMIT budgetChanged();
}

void KeysController::applySettings(const QJsonObject &settings)
{
    const QJsonObject redaction = settings.value(QLatin1String("redaction")).toObject();
    m_rules.setRedaction(redaction);
    QStringList origins;
    for (const QJsonValue &v : settings.value(QLatin1String("allowedOrigins")).toArray())
        origins << v.toString();
    QStringList targets;
    for (const QJsonValue &v : redaction.value(QLatin1String("applyTo")).toArray())
        targets << v.toString();
    const bool require = settings.value(QLatin1String("requireApiKey")).toBool();
    const bool reachable = settings.value(QLatin1String("reachable")).toBool();
    const bool requests = targets.contains(QLatin1String("requests"));
    const bool responses = targets.contains(QLatin1String("responses"));
    const bool logs = targets.contains(QLatin1String("logs"));
    if (require == m_requireApiKey && reachable == m_reachable && origins == m_allowedOrigins
        && requests == m_redactRequests && responses == m_redactResponses && logs == m_redactLogs)
        return;
    m_requireApiKey = require;
    m_reachable = reachable;
    m_allowedOrigins = origins;
    m_redactRequests = requests;
    m_redactResponses = responses;
    m_redactLogs = logs;
    Q_EMIT settingsChanged();
}

void KeysController::setWatching(bool watching)
{
    if (watching == m_watching)
        return;
    m_watching = watching;
    if (watching) {
        refresh();
        m_poll.start();
    } else {
        m_poll.stop();
    }
    Q_EMIT watchingChanged();
}

void KeysController::select(const QString &keyId)
{
    if (keyId == m_selectedId)
        return;
    m_selectedId = keyId;
    m_usage.clear();
    Q_EMIT selectedChanged();
    if (!keyId.isEmpty())
        refresh();
}

void KeysController::createKey()
{
    if (m_busy)
        return;
    QString error;
    const QJsonObject body = m_draft.toBody(QDateTime::currentMSecsSinceEpoch(), &error);
    if (body.isEmpty()) {
        setError(error);
        return;
    }
    setError({});
    setBusy(true);
    run([body](Engine &engine, const Reply &reply) { engine.access().createKey(body, keyAnswer(reply)); },
        [this](const QJsonObject &result) {
            setBusy(false);
            if (result.contains(QLatin1String("error"))) {
                setError(result.value(QLatin1String("error")).toString());
                return;
            }
            const QJsonObject key = result.value(QLatin1String("key")).toObject();
            forgetCreatedKey();
            m_createdKey = key.value(QLatin1String("key")).toString();
            m_createdName = key.value(QLatin1String("name")).toString();
            Q_EMIT createdKeyChanged();
            m_draft.clear();
            Q_EMIT keyCreated();
            refresh();
        });
}

void KeysController::forgetCreatedKey()
{
    if (m_createdKey.isEmpty())
        return;
    m_createdKey.fill(u'\0'); // the only copy outside the client: do not leave it in freed memory
    m_createdKey.clear();
    m_createdName.clear();
    Q_EMIT createdKeyChanged();
}

void KeysController::clearError()
{
    setError({});
}

void KeysController::patchKey(const QString &keyId, const QJsonObject &patch)
{
    run([keyId, patch](Engine &engine,
            const Reply &reply) { engine.access().updateKey(keyId, patch, keyAnswer(reply)); },
        [this](const QJsonObject &result) {
            setError(result.value(QLatin1String("error")).toString());
            refresh();
        });
}

void KeysController::revoke(const QString &keyId)
{
    patchKey(keyId, {{QLatin1String("status"), QStringLiteral("revoked")}});
}

void KeysController::activate(const QString &keyId)
{
    patchKey(keyId, {{QLatin1String("status"), QStringLiteral("active")}});
}

void KeysController::remove(const QString &keyId)
{
    run([keyId](Engine &engine, const Reply &reply) { engine.access().removeKey(keyId, keyAnswer(reply)); },
        [this](const QJsonObject &result) {
            setError(result.value(QLatin1String("error")).toString());
            refresh();
        });
}

void KeysController::applySettingsResult(const QJsonObject &result)
{
    if (result.contains(QLatin1String("error"))) {
        setSettingsError(result.value(QLatin1String("error")).toString());
        return;
    }
    setSettingsError(result.value(QLatin1String("settingsError")).toString());
    applySettings(result.value(QLatin1String("settings")).toObject());
}

void KeysController::setRequireApiKey(bool required)
{
    run(
        [required](Engine &engine, const Reply &reply) {
            QString error;
            const bool ok = engine.setRequireApiKey(required, &error);
            answerSettings(engine, ok, error, reply);
        },
        [this](const QJsonObject &result) { applySettingsResult(result); });
}

void KeysController::addOrigin(const QString &origin)
{
    QString o = origin.trimmed();
    while (o.endsWith(u'/'))
        o.chop(1);
    if (o.isEmpty())
        return;
    run(
        [o](Engine &engine, const Reply &reply) {
            QStringList origins = engine.options().config.server.allowedOrigins;
            QString error;
            bool ok = true;
            if (!origins.contains(o)) {
                origins << o;
                ok = engine.setAllowedOrigins(origins, &error);
            }
            answerSettings(engine, ok, error, reply);
        },
        [this](const QJsonObject &result) {
            applySettingsResult(result);
            if (m_settingsError.isEmpty())
                Q_EMIT originAdded();
        });
}

void KeysController::removeOrigin(const QString &origin)
{
    run(
        [origin](Engine &engine, const Reply &reply) {
            QStringList origins = engine.options().config.server.allowedOrigins;
            QString error;
            const bool ok = origins.removeAll(origin) == 0 || engine.setAllowedOrigins(origins, &error);
            answerSettings(engine, ok, error, reply);
        },
        [this](const QJsonObject &result) { applySettingsResult(result); });
}

void KeysController::editGuardrails(
    std::function<void(QJsonObject &redaction)> edit, std::function<void()> applied)
{
    run(
        [edit = std::move(edit)](Engine &engine, const Reply &reply) {
            QJsonObject guardrails = engine.options().config.guardrails.toJson();
            QJsonObject redaction = guardrails.value(QLatin1String("redaction")).toObject();
            edit(redaction);
            guardrails.insert(QLatin1String("redaction"), redaction);
            QString error;
            const bool ok = engine.setGuardrails(guardrails, &error);
            answerSettings(engine, ok, error, reply);
        },
        [this, applied = std::move(applied)](const QJsonObject &result) {
            applySettingsResult(result);
            if (m_settingsError.isEmpty() && applied)
                applied();
        });
}

void KeysController::setRuleEnabled(const QString &rule, bool enabled)
{
    editGuardrails([rule, enabled](QJsonObject &redaction) {
        QStringList rules;
        for (const QJsonValue &v : redaction.value(QLatin1String("rules")).toArray())
            rules << v.toString();
        rules.removeAll(rule);
        if (enabled)
            rules << rule;
        redaction.insert(QLatin1String("rules"), QJsonArray::fromStringList(rules));
    });
}

void KeysController::addCustomRule(const QString &name, const QString &pattern, const QString &replacement)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || pattern.isEmpty()) {
        setSettingsError(tr("A rule needs a name and a pattern (a regular expression)."));
        return;
    }
    editGuardrails(
        [trimmed, pattern, replacement](QJsonObject &redaction) {
            QJsonArray custom = redaction.value(QLatin1String("custom")).toArray();
            for (qsizetype i = custom.size() - 1; i >= 0; --i) {
                if (custom.at(i).toObject().value(QLatin1String("name")).toString() == trimmed)
                    custom.removeAt(i); // same name: the new pattern replaces the old one
            }
            QJsonObject rule {{QLatin1String("name"), trimmed}, {QLatin1String("pattern"), pattern}};
            if (!replacement.isEmpty())
                rule.insert(QLatin1String("replacement"), replacement);
            custom.append(rule);
            redaction.insert(QLatin1String("custom"), custom);
        },
        [this] { Q_EMIT customRuleAdded(); });
}

void KeysController::removeCustomRule(const QString &name)
{
    editGuardrails([name](QJsonObject &redaction) {
        QJsonArray custom = redaction.value(QLatin1String("custom")).toArray();
        for (qsizetype i = custom.size() - 1; i >= 0; --i) {
            if (custom.at(i).toObject().value(QLatin1String("name")).toString() == name)
                custom.removeAt(i);
        }
        redaction.insert(QLatin1String("custom"), custom);
    });
}

void KeysController::setRedactionTarget(const QString &target, bool enabled)
{
    editGuardrails([target, enabled](QJsonObject &redaction) {
        QStringList targets;
        for (const QJsonValue &v : redaction.value(QLatin1String("applyTo")).toArray())
            targets << v.toString();
        targets.removeAll(target);
        if (enabled)
            targets << target;
        redaction.insert(QLatin1String("applyTo"), QJsonArray::fromStringList(targets));
    });
}

void KeysController::noteAlert(const BudgetAlert &)
{
    refresh(); // the alert is in the ledger already: the budgets card shows it with the others
}

void KeysController::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

void KeysController::setSettingsError(const QString &error)
{
    if (error == m_settingsError)
        return;
    m_settingsError = error;
    Q_EMIT settingsErrorChanged();
}

void KeysController::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}
