// SPDX-License-Identifier: MIT
#include "providers/provider.h"

#include <QPointer>
#include <QTimer>

Q_LOGGING_CATEGORY(lcProviders, "switchyard.providers", QtInfoMsg)

Provider::Provider(ProviderConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    static const QLatin1String keychain("keychain:");
    if (m_config.apiKey.startsWith(keychain)) {
        m_secretName = m_config.apiKey.mid(keychain.size()).trimmed();
        m_secretPending = true;
    } else {
        m_apiKey = m_config.apiKey;
    }
}

void Provider::setSecret(const QString &value, const QString &problem)
{
    m_secretPending = false;
    m_apiKey = problem.isEmpty() ? value : QString();
    m_secretProblem = problem;
}

std::optional<GatewayError> Provider::secretProblem() const
{
    if (m_secretName.isEmpty())
        return std::nullopt;
    if (m_secretPending)
        return GatewayError::upstream(503, QStringLiteral("provider_key_pending"),
            QStringLiteral("Provider '%1' is waiting for its API key from the OS keychain ('%2'); retry in a "
                           "moment.")
                .arg(m_config.id, m_secretName));
    if (!m_secretProblem.isEmpty())
        return GatewayError::upstream(503, QStringLiteral("provider_key_unavailable"),
            QStringLiteral("Provider '%1' has no API key: %2").arg(m_config.id, m_secretProblem));
    return std::nullopt;
}

QString Provider::scrubSecret(QString text) const
{
    if (m_apiKey.size() >= 8)
        text.replace(m_apiKey, m_apiKey.left(3) + QStringLiteral("...") + m_apiKey.right(2));
    return text;
}

Provider::~Provider() = default;

QJsonObject Provider::health() const
{
    if (auto problem = secretProblem())
        return {
            {QLatin1String("status"), QStringLiteral("error")}, {QLatin1String("message"), problem->message}};
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
