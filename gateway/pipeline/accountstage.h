// SPDX-License-Identifier: MIT
#pragma once

#include "pipeline/stage.h"

class Catalog;

/**
 * @brief Step 9: usage (the provider's, or counted when it reported none) and its cost from the
 * catalog, cached input tokens at their own price.
 */
class AccountStage : public Stage
{
public:
    explicit AccountStage(const Catalog &catalog)
        : m_catalog(catalog)
    { }
    const char *name() const override { return "account"; }
    void after(RequestContext &ctx) override;

private:
    const Catalog &m_catalog;
};
