// SPDX-License-Identifier: MIT
#include "api/ingress.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace Ingress {

QByteArray clientKey(const HttpRequest &req)
{
    const QByteArray auth = req.header("authorization");
    if (auth.size() > 7 && auth.left(7).compare("Bearer ", Qt::CaseInsensitive) == 0)
        return auth.mid(7).trimmed();
    if (req.hasHeader("x-api-key"))
        return req.header("x-api-key");
    if (req.hasHeader("x-goog-api-key"))
        return req.header("x-goog-api-key");
    return req.query.queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded).toUtf8(); // Gemini's ?key=
}

ContextPtr newContext(const ExchangePtr &ex, const QString &endpoint)
{
    auto ctx = std::make_shared<RequestContext>();
    const HttpRequest &req = ex->request();
    ctx->requestId = req.requestId;
    ctx->endpoint = endpoint;
    ctx->receivedNs = req.receivedNs;
    ctx->timeMs = QDateTime::currentMSecsSinceEpoch();
    ctx->clientKey = clientKey(req);
    for (const auto &h : req.headers) {
        if (h.first.size() > 13
            && QByteArrayView(h.first).first(13).compare("x-switchyard-", Qt::CaseInsensitive) == 0)
            ctx->extensions.insert("x-" + h.first.mid(13).toLower(), h.second);
    }
    return ctx;
}

void takeBodyExtensions(QJsonObject &body, RequestContext &ctx)
{
    QStringList keys;
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (it.key().startsWith(QLatin1String("x-")))
            keys << it.key();
    }
    for (const QString &k : std::as_const(keys)) {
        const QJsonValue v = body.take(k);
        ctx.extensions.insert(
            k.toUtf8(), v.isString() ? v.toString().toUtf8() : QJsonDocument(QJsonArray {v}).toJson());
    }
}

} // namespace Ingress
