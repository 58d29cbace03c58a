// SPDX-License-Identifier: MIT
#include "providers/provider.h"

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
