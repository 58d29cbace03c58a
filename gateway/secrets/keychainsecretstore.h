// SPDX-License-Identifier: MIT
#pragma once

#include "secrets/secretstore.h"

/**
 * @brief The OS keychain through QtKeychain (Secret Service on Linux, Keychain on macOS,
 * Credential Store on Windows): the only code that includes QtKeychain.
 *
 * Entries live under the service "switchyard", keyed by NAME. Every job has a timeout (a hung
 * D-Bus activation otherwise takes 25 s): a job that does not answer in time reports
 * Unavailable and its late answer is ignored. QtKeychain's insecure plain-text fallback is
 * never enabled: a missing or locked keychain is reported as such.
 */
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutMs = 5000;

    explicit KeychainSecretStore(int timeoutMs = DefaultTimeoutMs, QObject *parent = nullptr);

    [[nodiscard]] QString backend() const override { return QStringLiteral("keychain"); }
    void read(const QString &name, Callback done) override;
    void write(const QString &name, const QString &value, Callback done) override;
    void remove(const QString &name, Callback done) override;
    void probe(Callback done) override;

    static QString serviceName() { return QStringLiteral("switchyard"); }

private:
    enum class Kind { Read, Write, Remove };
    void run(Kind kind, const QString &name, const QString &value, Callback done);

    int m_timeoutMs;
};
