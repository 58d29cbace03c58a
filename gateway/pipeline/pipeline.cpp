// SPDX-License-Identifier: MIT
#include "pipeline/pipeline.h"

Pipeline::Pipeline(const Router &router, const Catalog &catalog, RecordStage::Sink recordSink)
    : m_route(router)
    , m_execute(router)
    , m_account(catalog)
    , m_record(std::move(recordSink))
    , m_admission {&m_auth, &m_policy, &m_guardrail, &m_cache, &m_route}
{ }

std::optional<GatewayError> Pipeline::admit(RequestContext &ctx)
{
    for (Stage *stage : m_admission) {
        if (auto error = stage->before(ctx))
            return error;
    }
    return std::nullopt;
}

void Pipeline::settle(RequestContext &ctx)
{
    for (auto it = m_admission.rbegin(); it != m_admission.rend(); ++it)
        (*it)->after(ctx);
    m_account.after(ctx);
}

std::optional<GatewayError> Pipeline::explain(RequestContext &ctx)
{
    if (auto error = m_auth.before(ctx))
        return error;
    return m_route.explain(ctx);
}
