// SPDX-License-Identifier: MIT
#include "routing/modelpattern.h"

namespace ModelPattern {

bool matches(QStringView pattern, QStringView model)
{
    // Greedy with backtracking to the last '*': linear for the patterns people write.
    qsizetype p = 0, m = 0, star = -1, resume = 0;
    while (m < model.size()) {
        if (p < pattern.size() && (pattern[p] == u'?' || pattern[p] == model[m])) {
            ++p;
            ++m;
        } else if (p < pattern.size() && pattern[p] == u'*') {
            star = p++;
            resume = m;
        } else if (star >= 0) {
            p = star + 1;
            m = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == u'*')
        ++p;
    return p == pattern.size();
}

bool allowed(const QStringList &patterns, QStringView model)
{
    if (patterns.isEmpty())
        return true;
    for (const QString &p : patterns) {
        if (matches(p, model))
            return true;
    }
    return false;
}

} // namespace ModelPattern
