// SPDX-License-Identifier: MIT
#include "secrets/environmentsecretstore.h"

EnvironmentSecretStore::EnvironmentSecretStore(QObject *parent)
    : SecretStore(parent)
{
    setState(State::Ready, {});
}

QString EnvironmentSecretStore::variableFor(const QString &name)
{
    QString v = QStringLiteral("SWITCHYARD_SECRET_");
    for (const QChar c : name)
        v += (c.isLetterOrNumber() && c.unicode() < 128) ? c.toUpper() : QChar(u'_');
    return v;
}

void EnvironmentSecretStore::read(const QString &name, Callback done)
{
    const QString variable = variableFor(name);
    const QByteArray key = variable.toLatin1();
    SecretResult r;
    if (qEnvironmentVariableIsSet(key.constData()) && !qEnvironmentVariableIsEmpty(key.constData()))
        r = {SecretResult::Status::Ok, qEnvironmentVariable(key.constData()), {}};
    else
        r = {SecretResult::Status::NotFound, {},
            QStringLiteral("environment variable %1 is not set (secrets.store is \"environment\")")
                .arg(variable)};
    deliver(std::move(done), r);
}

void EnvironmentSecretStore::write(const QString &name, const QString &, Callback done)
{
    deliver(std::move(done),
        {SecretResult::Status::ReadOnly, {},
            QStringLiteral("secrets come from the environment here (secrets.store is \"environment\"): "
                           "set %1 instead")
                .arg(variableFor(name))});
}

void EnvironmentSecretStore::remove(const QString &name, Callback done)
{
    write(name, {}, std::move(done));
}
