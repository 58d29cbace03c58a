// SPDX-License-Identifier: MIT
#include "keys/accesscontrol.h"

#include "keys/admission.h"
#include "store/keyrepository.h"
#include "store/store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QPointer>

#include <cmath>

Q_LOGGING_CATEGORY(lcKeys, "switchyard.keys", QtInfoMsg)

AccessControl::AccessControl(QObject *parent)
    : QObject(parent)
    , m_keys(std::make_unique<KeyStore>())
{
    m_ledger.setLabeler([this](const QString &scope) { return label(scope); });
    m_ledger.setAlertSink([this](const BudgetAlert &alert) { onAlert(alert); });
}

AccessControl::~AccessControl()
{
    flush();
}

bool AccessControl::open(Store *store, QString *error)
{
    if (!store)
        return true;
    m_repository = std::make_unique<KeyRepository>(*store);
    QString e;
    const QList<VirtualKey> keys = m_repository->loadKeys(&e);
    const QDate since = m_ledger.today(nowMs()).addDays(-BudgetLedger::KeepDays);
    const QList<SpendRow> spend = e.isEmpty() ? m_repository->loadSpend(since, &e) : QList<SpendRow>();
    const QList<BudgetAlert> alerts
        = e.isEmpty() ? m_repository->loadAlerts(since, &e) : QList<BudgetAlert>();
    if (!e.isEmpty()) {
        *error = QStringLiteral("cannot load the virtual keys from %1: %2").arg(store->path(), e);
        return false;
    }
    m_keys->setRepository(m_repository.get());
    m_keys->load(keys);
    m_ledger.load(spend, alerts);
    KeyRepository *repository = m_repository.get();
    m_ledger.setDeltaSink([this, repository](const SpendRow &delta) {
        repository->addSpend(delta, budgetOf(delta.scope).isSet());
    });
    connect(repository, &KeyRepository::writeFailed, this, [](const QString &message) {
        qCWarning(lcKeys).noquote() << "cannot persist keys or spend (retrying):" << message;
    });
    return true;
}

void AccessControl::configure(const ServerConfig &server, const BudgetsConfig &budgets)
{
    m_requireApiKey = server.requireApiKey;
    setBudgets(budgets);
}

void AccessControl::setBudgets(const BudgetsConfig &budgets)
{
    m_budgets = budgets;
    m_ledger.setAlertThresholds(budgets.alerts);
    m_ledger.setTimeZone(
        budgets.timeZone.isEmpty() ? QTimeZone::systemTimeZone() : QTimeZone(budgets.timeZone.toUtf8()));
}

void AccessControl::flush()
{
    if (m_repository)
        m_repository->flush();
}

qint64 AccessControl::nowMs() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

BudgetSpec AccessControl::budgetOf(const QString &scope) const
{
    if (scope == globalScope())
        return m_budgets.global;
    if (scope == localScope())
        return m_budgets.local;
    const auto key = m_keys->byId(scope);
    return key ? key->budget : BudgetSpec();
}

QString AccessControl::label(const QString &scope) const
{
    if (scope == globalScope())
        return {};
    if (scope == localScope())
        return QStringLiteral("the anonymous local key");
    const auto key = m_keys->byId(scope);
    return key ? QStringLiteral("key '%1'").arg(key->name) : QStringLiteral("key %1").arg(scope);
}

void AccessControl::onAlert(const BudgetAlert &alert)
{
    // A spent budget refuses requests (hard) or runs over it (soft): a warning; 50 and 80 % inform.
    if (alert.threshold >= 100)
        qCWarning(lcKeys).noquote() << "budget alert:" << alert.message;
    else
        qCInfo(lcKeys).noquote() << "budget alert:" << alert.message;
    if (m_repository)
        m_repository->saveAlert(alert);
    Q_EMIT budgetAlert(alert);
}

void AccessControl::settle(Admission &a, double usd, qint64 tokens)
{
    if (a.settled)
        return;
    a.settled = true;
    const qint64 now = nowMs();
    m_limiter.reconcile(a.scope, a.rate, tokens);
    m_limiter.release(a.scope, a.rate);
    auto settleScope = [&](BudgetTicket &ticket, const QString &scope, const BudgetSpec &spec) {
        if (!ticket.held)
            ticket = m_ledger.reserve(scope, 0, 0, now);
        m_ledger.settle(ticket, usd, tokens, spec, now);
    };
    settleScope(a.key, a.scope, budgetOf(a.scope));
    settleScope(a.global, globalScope(), m_budgets.global);
}

QJsonObject AccessControl::spendJson(const QString &scope)
{
    const BudgetSpec spec = budgetOf(scope);
    const qint64 now = nowMs();
    const BudgetLedger::Spend s = m_ledger.spend(scope, spec.period, now);
    QJsonObject o {{QLatin1String("usd"), s.usd}, {QLatin1String("tokens"), s.tokens},
        {QLatin1String("requests"), s.requests}, {QLatin1String("reservedUsd"), s.reservedUsd},
        {QLatin1String("reservedTokens"), s.reservedTokens},
        {QLatin1String("period"), BudgetSpec::periodName(spec.period)},
        {QLatin1String("periodStart"), s.periodStart.toString(Qt::ISODate)},
        {QLatin1String("resetsAt"),
            QDateTime::fromMSecsSinceEpoch(s.resetsAtMs, m_ledger.timeZone()).toString(Qt::ISODate)}};
    double percent = -1;
    if (spec.usd)
        percent = *spec.usd > 0 ? s.usd / *spec.usd * 100 : (s.usd > 0 ? 100 : 0);
    if (spec.tokens)
        percent = qMax(percent, *spec.tokens > 0 ? double(s.tokens) / double(*spec.tokens) * 100 : 0.0);
    o.insert(
        QLatin1String("percent"), percent >= 0 ? QJsonValue(std::round(percent * 100) / 100) : QJsonValue());
    return o;
}

QJsonObject AccessControl::keyJson(const VirtualKey &key)
{
    const qint64 now = nowMs();
    QJsonObject o = key.toJson(now);
    o.insert(QLatin1String("spend"), spendJson(key.id));
    const RateLimiter::Usage rate = m_limiter.usage(key.id, now);
    o.insert(QLatin1String("rate"),
        QJsonObject {{QLatin1String("requests"), rate.requests}, {QLatin1String("tokens"), rate.tokens},
            {QLatin1String("inFlight"), rate.inFlight}});
    return o;
}

namespace {

GatewayError notSaved(const QString &error)
{
    return GatewayError::internal(QStringLiteral("The change could not be saved: %1").arg(error));
}

GatewayError keyNotFound(const QString &id)
{
    return GatewayError::notFound(
        QStringLiteral("No key with id '%1'.").arg(id), QStringLiteral("key_not_found"));
}

} // namespace

void AccessControl::createKey(const QJsonObject &body, KeyAnswer done)
{
    GatewayError error;
    QPointer<AccessControl> self(this);
    auto created = std::make_shared<KeyStore::Created>();
    auto result = m_keys->create(body, nowMs(), &error, [self, created, done](const QString &e) {
        if (!self)
            return;
        if (!e.isEmpty()) {
            self->m_keys->remove(created->key->id); // not saved: it must not work either
            done(notSaved(e), {});
            return;
        }
        QJsonObject out = self->keyJson(*created->key);
        out.insert(QLatin1String("key"), created->secret); // shown this once, never again
        done(std::nullopt, out);
    });
    if (!result) {
        done(error, {});
        return;
    }
    *created = *result; // the commit's callback comes later, from the event loop
}

void AccessControl::updateKey(const QString &id, const QJsonObject &patch, KeyAnswer done)
{
    GatewayError error;
    QPointer<AccessControl> self(this);
    const auto updated = m_keys->update(id, patch, nowMs(), &error, [self, id, done](const QString &e) {
        if (!self)
            return;
        if (!e.isEmpty()) {
            done(notSaved(e), {});
            return;
        }
        if (const auto key = self->m_keys->byId(id))
            done(std::nullopt, self->keyJson(*key));
        else
            done(keyNotFound(id), {});
    });
    if (!updated)
        done(error, {});
}

void AccessControl::removeKey(const QString &id, KeyAnswer done)
{
    const bool removed = m_keys->remove(id, [id, done](const QString &e) {
        if (!e.isEmpty()) {
            done(notSaved(e), {});
            return;
        }
        done(std::nullopt,
            {{QLatin1String("id"), id}, {QLatin1String("object"), QStringLiteral("api_key")},
                {QLatin1String("deleted"), true}});
    });
    if (!removed) {
        done(keyNotFound(id), {});
        return;
    }
    m_limiter.forget(id);
}

QJsonArray AccessControl::usageJson(const QString &scope, int days)
{
    const QDate today = m_ledger.today(nowMs());
    const QDate from = today.addDays(1 - days);
    const QList<SpendRow> rows = m_ledger.days(scope, from, today);
    QJsonArray out;
    qsizetype next = 0;
    for (QDate d = from; d <= today; d = d.addDays(1)) {
        SpendRow r {scope, d, 0, 0, 0};
        if (next < rows.size() && rows.at(next).day == d)
            r = rows.at(next++);
        out.append(
            QJsonObject {{QLatin1String("day"), d.toString(Qt::ISODate)}, {QLatin1String("usd"), r.usd},
                {QLatin1String("tokens"), r.tokens}, {QLatin1String("requests"), r.requests}});
    }
    return out;
}

QJsonObject AccessControl::budgetJson()
{
    auto scopeJson = [this](const QString &scope) {
        const BudgetSpec spec = budgetOf(scope);
        const QJsonObject spend = spendJson(scope);
        QJsonArray alerts;
        for (const BudgetAlert &a : m_ledger.alerts(
                 scope, QDate::fromString(spend.value(QLatin1String("periodStart")).toString(), Qt::ISODate)))
            alerts.append(QJsonObject {{QLatin1String("threshold"), a.threshold},
                {QLatin1String("at"), VirtualKey::isoTime(a.timeMs)}, {QLatin1String("message"), a.message}});
        return QJsonObject {
            {QLatin1String("budget"), spec.isSet() ? QJsonValue(spec.toJson()) : QJsonValue()},
            {QLatin1String("spend"), spend}, {QLatin1String("alerts"), alerts}};
    };
    QJsonArray keys;
    for (const auto &key : m_keys->keys()) {
        QJsonObject o = scopeJson(key->id);
        o.insert(QLatin1String("id"), key->id);
        o.insert(QLatin1String("name"), key->name);
        o.insert(QLatin1String("status"), key->status(nowMs()));
        keys.append(o);
    }
    const QTimeZone &zone = m_ledger.timeZone();
    return {{QLatin1String("object"), QStringLiteral("budget")},
        {QLatin1String("timeZone"), QString::fromUtf8(zone.id())},
        {QLatin1String("alertThresholds"), QJsonArray::fromVariantList([this] {
             QVariantList l;
             for (int t : m_budgets.alerts)
                 l << t;
             return l;
         }())},
        {QLatin1String("global"), scopeJson(globalScope())},
        {QLatin1String("local"), scopeJson(localScope())}, {QLatin1String("keys"), keys}};
}
