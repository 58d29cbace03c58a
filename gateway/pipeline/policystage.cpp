// SPDX-License-Identifier: MIT
#include "pipeline/policystage.h"

#include "keys/accesscontrol.h"
#include "keys/admission.h"
#include "keys/iampolicy.h"
#include "routing/catalog.h"

#include <QLoggingCategory>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcKeys)

namespace {

QString requestedModel(const RequestContext &ctx)
{
    return ctx.chat ? ctx.chat->model : ctx.plan.requested;
}

QByteArray money(double usd)
{
    return QByteArray::number(usd, 'f', 6);
}

} // namespace

qint64 PolicyStage::worstOutputTokens(const ModelInfo &model, qint64 promptTokens, qint64 maxTokens)
{
    if (maxTokens >= 0)
        return maxTokens;
    if (model.maxOutputTokens > 0)
        return model.maxOutputTokens;
    if (model.contextWindow > promptTokens)
        return model.contextWindow - promptTokens;
    return DefaultMaxOutput;
}

std::optional<GatewayError> PolicyStage::before(RequestContext &ctx)
{
    if (!m_access || ctx.key.allowedModels.isEmpty())
        return std::nullopt;
    const QString model = requestedModel(ctx);
    if (Router::isVirtualModel(model))
        return std::nullopt; // the route stage picks among the allowed models; admitPlan checks
    // "provider/model": either the whole or the model part may match a pattern.
    const qsizetype slash = model.indexOf(u'/');
    const bool allowed = IamPolicy::modelAllowed(ctx.key.allowedModels, model)
        || (slash > 0
            && IamPolicy::modelAllowed(ctx.key.allowedModels, model.mid(slash + 1), model.left(slash)));
    if (!allowed)
        return GatewayError::forbidden(QStringLiteral("This key may not use the model '%1' (it allows: %2).")
                                           .arg(model, ctx.key.allowedModels.join(QLatin1String(", "))),
            QStringLiteral("model_not_allowed"));
    return std::nullopt;
}

std::optional<GatewayError> PolicyStage::admitPlan(RequestContext &ctx)
{
    if (!m_access)
        return std::nullopt;
    AccessControl &access = *m_access;
    const KeyContext &key = ctx.key;
    const QString requested = requestedModel(ctx);
    const bool isVirtual = Router::isVirtualModel(requested);

    // IAM over the plan: candidates the key may not use are dropped, fallbacks included.
    if (!key.allowedModels.isEmpty() || key.maxPricePer1M >= 0) {
        QList<RouteCandidate> kept;
        QString refusedByPrice;
        QString refusedByName;
        for (const RouteCandidate &c : std::as_const(ctx.plan.candidates)) {
            const QString provider = c.provider ? c.provider->id() : QString();
            if (!IamPolicy::modelAllowed(key.allowedModels, c.model, provider)) {
                refusedByName = refusedByName.isEmpty() ? c.model : refusedByName;
                continue;
            }
            const ModelInfo info = m_catalog.model(c.model);
            if (!IamPolicy::priceAllowed(key.maxPricePer1M, info)) {
                refusedByPrice = refusedByPrice.isEmpty() ? QStringLiteral("%1 ($%2 per 1M tokens blended)")
                                                                .arg(c.model)
                                                                .arg(info.blendedPricePer1M(), 0, 'f', 2)
                                                          : refusedByPrice;
                continue;
            }
            kept.append(c);
        }
        // An explicit request is served by what was asked for (on any provider the key may use),
        // never silently by a fallback instead.
        const QString asked = ctx.plan.candidates.isEmpty() ? requested : ctx.plan.candidates.first().model;
        const bool askedKept = std::any_of(
            kept.cbegin(), kept.cend(), [&asked](const RouteCandidate &c) { return c.model == asked; });
        if (kept.isEmpty() || (!isVirtual && !askedKept)) {
            if (!refusedByPrice.isEmpty() && refusedByName.isEmpty())
                return GatewayError::forbidden(
                    QStringLiteral("This key allows models up to $%1 per 1M tokens; %2 costs more.")
                        .arg(key.maxPricePer1M, 0, 'f', 2)
                        .arg(refusedByPrice),
                    QStringLiteral("model_price_not_allowed"));
            const QString allows = key.allowedModels.isEmpty() ? QStringLiteral("any model")
                                                               : key.allowedModels.join(QLatin1String(", "));
            const QString price = key.maxPricePer1M >= 0
                ? QStringLiteral(", up to $%1 per 1M tokens").arg(key.maxPricePer1M, 0, 'f', 2)
                : QString();
            return GatewayError::forbidden(isVirtual
                    ? QStringLiteral("No model this key may use serves '%1' (it allows: %2%3).")
                          .arg(requested, allows, price)
                    : QStringLiteral("This key may not use the model '%1' (it allows: %2%3).")
                          .arg(asked, allows, price),
                QStringLiteral("model_not_allowed"));
        }
        if (kept.size() != ctx.plan.candidates.size()) {
            ctx.plan.candidates = kept;
            ctx.served = kept.first();
        }
    }

    // The worst case over the plan: a fallback may be pricier than the first choice.
    const qint64 prompt = ctx.chat ? ctx.chat->estimatedPromptTokens : qMax<qint64>(0, ctx.embeddingTokens);
    const qint64 maxTokens = ctx.chat ? ctx.chat->maxTokens : 0;
    double worstUsd = 0;
    qint64 worstTokens = prompt;
    for (const RouteCandidate &c : std::as_const(ctx.plan.candidates)) {
        const ModelInfo info = m_catalog.model(c.model);
        const qint64 output = ctx.chat ? worstOutputTokens(info, prompt, maxTokens) : 0;
        worstUsd = qMax(worstUsd, info.cost(prompt, output));
        worstTokens = qMax(worstTokens, prompt + output);
    }

    const QString scope = key.anonymous ? AccessControl::localScope() : key.id;
    const KeyStore::KeyPtr record = key.anonymous ? nullptr : access.keys().byId(key.id);
    const BudgetSpec keyBudget = access.budgetOf(scope);
    const BudgetSpec globalBudget = access.budgets().global;
    const RateLimits limits = record ? record->limits : RateLimits();
    const qint64 now = access.nowMs();
    BudgetLedger &ledger = access.ledger();

    bool keySoft = false;
    bool globalSoft = false;
    if (auto refused = ledger.check(scope, keyBudget, worstUsd, worstTokens, now, &keySoft))
        return refused;
    if (auto refused
        = ledger.check(AccessControl::globalScope(), globalBudget, worstUsd, worstTokens, now, &globalSoft)) {
        refused->code = QStringLiteral("global_budget_exceeded");
        return refused;
    }
    auto admission = std::make_shared<Admission>();
    if (auto limited = access.limiter().admit(scope, limits, worstTokens, now, &admission->rate))
        return limited;

    admission->scope = scope;
    admission->limits = limits;
    admission->worstUsd = worstUsd;
    admission->worstTokens = worstTokens;
    if (keyBudget.isSet())
        admission->key = ledger.reserve(scope, worstUsd, worstTokens, now);
    if (globalBudget.isSet())
        admission->global = ledger.reserve(AccessControl::globalScope(), worstUsd, worstTokens, now);
    // Unbudgeted scopes are still counted (for the key list and usage charts), after the fact.
    QPointer<AccessControl> guard(m_access);
    admission->abandon = [guard](Admission &a) {
        if (guard)
            guard->settle(a, a.worstUsd, a.worstTokens);
    };
    ctx.admission = admission;

    ctx.responseHeaders.append(access.limiter().headers(scope, limits, now));
    if (keyBudget.isSet() && keyBudget.usd) {
        const BudgetLedger::Spend s = ledger.spend(scope, keyBudget.period, now);
        ctx.responseHeaders.append(
            {"x-switchyard-budget-remaining-usd", money(qMax(0.0, *keyBudget.usd - s.usd - s.reservedUsd))});
    }
    if (keySoft || globalSoft) {
        const QString which = keySoft ? ledger.budgetName(scope, keyBudget.period)
                                      : ledger.budgetName(AccessControl::globalScope(), globalBudget.period);
        ctx.responseHeaders.append(
            {"x-switchyard-budget-warning", QStringLiteral("over %1 (soft)").arg(which).toUtf8()});
        qCInfo(lcKeys).noquote() << "request" << ctx.requestId << "runs over" << which << "(soft)";
    }
    return std::nullopt;
}

void PolicyStage::after(RequestContext &ctx)
{
    if (!ctx.admission)
        return;
    if (m_access)
        m_access->settle(*ctx.admission, ctx.costUsd, ctx.usage.promptTokens + ctx.usage.completionTokens);
}

void PolicyStage::setAccess(AccessControl *access)
{
    m_access = access;
}
