// SPDX-License-Identifier: MIT
#include "keys/iampolicy.h"

#include "routing/catalog.h"

namespace IamPolicy {

bool globMatch(QStringView pattern, QStringView text)
{
    // Iterative matcher with single-star backtracking: linear in practice, no regex compile.
    qsizetype p = 0, t = 0, starP = -1, starT = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == u'?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == u'*') {
            starP = p++;
            starT = t;
        } else if (starP >= 0) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == u'*')
        ++p;
    return p == pattern.size();
}

bool modelAllowed(const QStringList &patterns, const QString &model, const QString &provider)
{
    if (patterns.isEmpty())
        return true;
    const QString qualified = provider.isEmpty() ? QString() : provider + u'/' + model;
    for (const QString &pattern : patterns) {
        if (globMatch(pattern, model) || (!qualified.isEmpty() && globMatch(pattern, qualified)))
            return true;
    }
    return false;
}

bool priceAllowed(double maxPricePer1M, const ModelInfo &model)
{
    return maxPricePer1M < 0 || model.blendedPricePer1M() <= maxPricePer1M + 1e-12;
}

} // namespace IamPolicy
