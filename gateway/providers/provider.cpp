// SPDX-License-Identifier: MIT
#include "providers/provider.h"

#include <QPointer>
#include <QTimer>

Q_LOGGING_CATEGORY(lcProviders, "switchyard.providers", QtInfoMsg)

Provider::Provider(ProviderConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{ }

Provider::~Provider() = default;

QJsonObject Provider::health() const
{
    return {{QLatin1String("status"), QStringLiteral("ok")}};
}

CancelCall Provider::probe(std::function<void(const ProbeResult &)> done)
{
    auto cancelled = std::make_shared<bool>(false);
    QPointer<Provider> self(this);
    QTimer::singleShot(0, this, [self, done, cancelled] {
        if (*cancelled || !self)
            return;
        ProbeResult r;
        r.reachable = true;
        r.status = 200;
        r.models = self->models();
        done(r);
    });
    return [cancelled] { *cancelled = true; };
}

void Provider::callFinished()
{
    Q_ASSERT(m_activeCalls > 0);
    if (--m_activeCalls == 0)
        Q_EMIT idle();
}
