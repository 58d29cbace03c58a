// SPDX-License-Identifier: MIT
#pragma once

#include "guardrails/redactor.h"
#include "pipeline/stage.h"
#include "providers/provider.h"

#include <memory>

/**
 * @brief Step 5: PII redaction (guardrails.redaction). On requests, the text of the messages is
 * redacted before anything else sees it (cache, route, provider); on responses, what comes back
 * is redacted before the client sees it (streams hold back the last Redactor::HoldBack
 * characters of each text so a match split across chunks is still caught); on logs, the error
 * message that goes into the request log is redacted.
 */
class GuardrailStage : public Stage
{
public:
    const char *name() const override { return "guardrail"; }
    void configure(const GuardrailsConfig &config) { m_redactor = std::make_shared<Redactor>(config); }
    [[nodiscard]] const Redactor &redactor() const { return *m_redactor; }

    std::optional<GatewayError> before(RequestContext &ctx) override;
    void after(RequestContext &ctx) override;
    /// The callbacks that redact the answer on its way to @p downstream (or @p downstream itself
    /// when responses are not redacted).
    [[nodiscard]] ChatCallbacks wrap(ChatCallbacks downstream) const;
    /// Redacts an embeddings request body in place when requests are redacted.
    void redactEmbeddings(QJsonObject &body) const;

private:
    std::shared_ptr<const Redactor> m_redactor = std::make_shared<Redactor>();
};
