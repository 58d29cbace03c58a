// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

struct ModelInfo;

/**
 * @brief What a key may ask for: its allowed model patterns and its price ceiling.
 *
 * Patterns are globs (`*` any run of characters, `?` one character, case-sensitive) matched
 * against the model id and against `provider/model`, so "gpt-4o*" and "openai/..." patterns both work.
 */
namespace IamPolicy {
[[nodiscard]] bool globMatch(QStringView pattern, QStringView text);
/// True when @p patterns is empty or one of them matches @p model (or @p provider/@p model).
[[nodiscard]] bool modelAllowed(
    const QStringList &patterns, const QString &model, const QString &provider = {});
/// True when @p maxPricePer1M < 0 (no ceiling) or the model's blended price is within it.
[[nodiscard]] bool priceAllowed(double maxPricePer1M, const ModelInfo &model);
} // namespace IamPolicy
