// SPDX-License-Identifier: MIT
#pragma once

#include "secrets/secretstore.h"

#include <QHash>

#include <optional>

/**
 * @brief Secrets in memory: the fake for tests (it can play a missing or locked keychain with
 * setFailure()) and nothing else; it never touches disk.
 */
class MemorySecretStore : public SecretStore
{
    Q_OBJECT
public:
    explicit MemorySecretStore(QObject *parent = nullptr);

    [[nodiscard]] QString backend() const override { return QStringLiteral("memory"); }
    void read(const QString &name, Callback done) override;
    void write(const QString &name, const QString &value, Callback done) override;
    void remove(const QString &name, Callback done) override;
    void probe(Callback done) override;

    /// Every later operation fails with @p status (Unavailable, Locked...); Ok restores service.
    void setFailure(SecretResult::Status status, const QString &message = {});
    [[nodiscard]] int operations() const { return m_operations; }

private:
    std::optional<SecretResult> failure() const;

    QHash<QString, QString> m_values;
    SecretResult::Status m_failure = SecretResult::Status::Ok;
    QString m_failureMessage;
    int m_operations = 0;
};
