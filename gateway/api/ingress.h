// SPDX-License-Identifier: MIT
#pragma once

#include "http/httpexchange.h"
#include "pipeline/requestcontext.h"

/** @brief What every ingress protocol does the same way at the edge. */
namespace Ingress {
/// The key the client sent: `Authorization: Bearer`, else `x-api-key`, else `x-goog-api-key`,
/// else Gemini's `?key=` query parameter.
QByteArray clientKey(const HttpRequest &request);
/// A request context with the request id, timing, the client's key (clientKey(); never logged)
/// and the x-switchyard-* extension headers.
ContextPtr newContext(const ExchangePtr &exchange, const QString &endpoint);
/// Request extensions may also come as `x-...` body fields: moved from @p body into the context
/// (they never go upstream).
void takeBodyExtensions(QJsonObject &body, RequestContext &ctx);
} // namespace Ingress
