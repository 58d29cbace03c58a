// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QStringView>

/**
 * @brief Model id patterns as keys and policies write them: `*` matches any run of characters,
 * `?` one character, everything else itself ("gpt-4o*", "claude-*-4*"). No allocation, so routing
 * can test every candidate of a large catalog.
 */
namespace ModelPattern {
bool matches(QStringView pattern, QStringView model);
/// True when @p patterns is empty (no restriction) or one of them matches @p model.
bool allowed(const QStringList &patterns, QStringView model);
} // namespace ModelPattern
