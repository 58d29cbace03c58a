// SPDX-License-Identifier: MIT
#pragma once

#include "secrets/secretstore.h"

/**
 * @brief Secrets from the process environment, for headless servers without a keychain
 * (`secrets.store: "environment"`): `keychain:NAME` reads SWITCHYARD_SECRET_NAME (upper case,
 * other characters than letters and digits become '_'). Read-only: writing is refused, never
 * redirected to a file.
 */
class EnvironmentSecretStore : public SecretStore
{
    Q_OBJECT
public:
    explicit EnvironmentSecretStore(QObject *parent = nullptr);

    [[nodiscard]] QString backend() const override { return QStringLiteral("environment"); }
    void read(const QString &name, Callback done) override;
    void write(const QString &name, const QString &value, Callback done) override;
    void remove(const QString &name, Callback done) override;

    /// The environment variable that holds @p name.
    [[nodiscard]] static QString variableFor(const QString &name);
};
