// SPDX-License-Identifier: MIT
#include "secrets/secretstore.h"

#include <QTimer>

SecretStore::SecretStore(QObject *parent)
    : QObject(parent)
{ }

SecretStore::~SecretStore() = default;

void SecretStore::probe(Callback done)
{
    SecretResult r;
    r.status = SecretResult::Status::Ok;
    noteResult(r);
    deliver(std::move(done), r);
}

QString SecretStore::stateName(State state)
{
    switch (state) {
    case State::Ready:
        return QStringLiteral("ready");
    case State::Unavailable:
        return QStringLiteral("unavailable");
    case State::Locked:
        return QStringLiteral("locked");
    case State::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QJsonObject SecretStore::health() const
{
    QJsonObject o {{QLatin1String("backend"), backend()}, {QLatin1String("status"), stateName(m_state)}};
    if (!m_stateMessage.isEmpty())
        o.insert(QLatin1String("message"), m_stateMessage);
    return o;
}

QString SecretStore::referenceName(const QString &value)
{
    static const QLatin1String prefix("keychain:");
    if (!value.startsWith(prefix))
        return {};
    return value.mid(prefix.size()).trimmed();
}

void SecretStore::setState(State state, const QString &message)
{
    if (state == m_state && message == m_stateMessage)
        return;
    m_state = state;
    m_stateMessage = message;
    Q_EMIT stateChanged(state, message);
}

void SecretStore::deliver(Callback done, SecretResult result)
{
    if (!done)
        return;
    QTimer::singleShot(0, this, [done = std::move(done), result = std::move(result)] { done(result); });
}

void SecretStore::noteResult(const SecretResult &result)
{
    switch (result.status) {
    case SecretResult::Status::Ok:
    case SecretResult::Status::NotFound:
    case SecretResult::Status::ReadOnly:
        if (m_state != State::Ready)
            setState(State::Ready, {});
        break;
    case SecretResult::Status::Unavailable:
        setState(State::Unavailable, result.message);
        break;
    case SecretResult::Status::Locked:
        setState(State::Locked, result.message);
        break;
    case SecretResult::Status::Failed:
        break;
    }
}
