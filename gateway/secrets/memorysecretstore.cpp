// SPDX-License-Identifier: MIT
#include "secrets/memorysecretstore.h"

MemorySecretStore::MemorySecretStore(QObject *parent)
    : SecretStore(parent)
{
    setState(State::Ready, {});
}

std::optional<SecretResult> MemorySecretStore::failure() const
{
    if (m_failure == SecretResult::Status::Ok)
        return std::nullopt;
    return SecretResult {m_failure, {}, m_failureMessage};
}

void MemorySecretStore::setFailure(SecretResult::Status status, const QString &message)
{
    m_failure = status;
    m_failureMessage = message;
    if (status == SecretResult::Status::Ok)
        setState(State::Ready, {});
}

void MemorySecretStore::read(const QString &name, Callback done)
{
    ++m_operations;
    SecretResult r;
    if (auto f = failure()) {
        r = *f;
    } else if (auto it = m_values.constFind(name); it != m_values.constEnd()) {
        r = {SecretResult::Status::Ok, *it, {}};
    } else {
        r = {SecretResult::Status::NotFound, {}, QStringLiteral("no secret named '%1'").arg(name)};
    }
    noteResult(r);
    deliver(std::move(done), r);
}

void MemorySecretStore::write(const QString &name, const QString &value, Callback done)
{
    ++m_operations;
    SecretResult r {SecretResult::Status::Ok, {}, {}};
    if (auto f = failure())
        r = *f;
    else
        m_values.insert(name, value);
    noteResult(r);
    deliver(std::move(done), r);
}

void MemorySecretStore::remove(const QString &name, Callback done)
{
    ++m_operations;
    SecretResult r {SecretResult::Status::Ok, {}, {}};
    if (auto f = failure())
        r = *f;
    else if (!m_values.remove(name))
        r = {SecretResult::Status::NotFound, {}, QStringLiteral("no secret named '%1'").arg(name)};
    noteResult(r);
    deliver(std::move(done), r);
}

void MemorySecretStore::probe(Callback done)
{
    ++m_operations;
    SecretResult r {SecretResult::Status::Ok, {}, {}};
    if (auto f = failure())
        r = *f;
    noteResult(r);
    deliver(std::move(done), r);
}
