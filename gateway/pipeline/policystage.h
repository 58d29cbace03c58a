// SPDX-License-Identifier: MIT
#pragma once

#include "pipeline/stage.h"

#include <QPointer>

class AccessControl;
class Catalog;
struct ModelInfo;

/**
 * @brief Step 4: IAM, rate limits and budgets for the calling key.
 *
 * before() refuses a model the key may not use by name (403), before any cache or route work.
 * admitPlan(), run by the pipeline once the route is known, drops the plan's candidates the key
 * may not use (a fallback to a model it is not allowed never runs; nothing left: 403), then
 * computes the request's worst case (its prompt plus max_tokens, or the model's output limit,
 * at the priciest candidate), checks it against the key's and the global budget, counts it
 * against RPM/TPM and the parallel limit, and reserves it (429 with Retry-After and
 * x-ratelimit-* otherwise). after() settles the reservations to the real cost and frees the slot.
 */
class PolicyStage : public Stage
{
public:
    explicit PolicyStage(const Catalog &catalog)
        : m_catalog(catalog)
    { }
    const char *name() const override { return "policy"; }
    void setAccess(AccessControl *access);

    std::optional<GatewayError> before(RequestContext &ctx) override;
    std::optional<GatewayError> admitPlan(RequestContext &ctx);
    void after(RequestContext &ctx) override;

    /// Output tokens a call may produce when the client set no max_tokens: the model's output
    /// limit, else what its context window leaves after the prompt, else DefaultMaxOutput.
    static qint64 worstOutputTokens(const ModelInfo &model, qint64 promptTokens, qint64 maxTokens);
    static constexpr qint64 DefaultMaxOutput = 4096;

private:
    const Catalog &m_catalog;
    QPointer<AccessControl> m_access;
};
