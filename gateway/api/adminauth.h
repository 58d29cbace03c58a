// SPDX-License-Identifier: MIT
#pragma once

#include "http/gatewayerror.h"
#include "http/httprequest.h"

#include <optional>

/**
 * @brief The one check in front of every /api/admin/... route: `Authorization: Bearer
 * <server.adminKey>`, compared in constant time. No admin key configured means the admin API is
 * off (403), a missing or wrong key is 401; the key itself never appears in a message.
 */
namespace AdminAuth {
std::optional<GatewayError> check(const HttpRequest &request, const QString &adminKey);
/// Compares without an early exit, so timing does not reveal how much of a key matched.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);
} // namespace AdminAuth
