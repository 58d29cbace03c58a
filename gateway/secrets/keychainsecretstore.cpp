// SPDX-License-Identifier: MIT
#include "secrets/keychainsecretstore.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>

Q_LOGGING_CATEGORY(lcSecrets, "switchyard.secrets", QtInfoMsg)

namespace {

SecretResult resultOf(QKeychain::Job *job)
{
    const QString detail = job->errorString();
    switch (job->error()) {
    case QKeychain::NoError:
        return {SecretResult::Status::Ok, {}, {}};
    case QKeychain::EntryNotFound:
        return {SecretResult::Status::NotFound, {},
            QStringLiteral("the OS keychain has no entry '%1' (or it is locked)").arg(job->key())};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return {SecretResult::Status::Locked, {},
            QStringLiteral("the OS keychain is locked or refused access: %1").arg(detail)};
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        // QtKeychain reports a missing D-Bus session or Secret Service as OtherError.
        return {SecretResult::Status::Unavailable, {},
            QStringLiteral("the OS keychain is not reachable: %1").arg(detail)};
    case QKeychain::CouldNotDeleteEntry:
        break;
    }
    return {SecretResult::Status::Failed, {}, QStringLiteral("keychain error: %1").arg(detail)};
}

} // namespace

KeychainSecretStore::KeychainSecretStore(int timeoutMs, QObject *parent)
    : SecretStore(parent)
    , m_timeoutMs(timeoutMs)
{ }

void KeychainSecretStore::read(const QString &name, Callback done)
{
    run(Kind::Read, name, {}, std::move(done));
}

void KeychainSecretStore::write(const QString &name, const QString &value, Callback done)
{
    run(Kind::Write, name, value, std::move(done));
}

void KeychainSecretStore::remove(const QString &name, Callback done)
{
    run(Kind::Remove, name, {}, std::move(done));
}

void KeychainSecretStore::probe(Callback done)
{
    // Reads of a locked keychain answer "not found": only a write tells whether it works.
    const QString probeName = QStringLiteral("switchyard-probe");
    QPointer<KeychainSecretStore> self(this);
    write(probeName, QStringLiteral("ok"), [self, probeName, done](const SecretResult &written) {
        if (!self)
            return;
        if (!written.ok()) {
            if (done)
                done(written);
            return;
        }
        self->remove(probeName, [done](const SecretResult &) {
            if (done)
                done({SecretResult::Status::Ok, {}, {}});
        });
    });
}

void KeychainSecretStore::run(Kind kind, const QString &name, const QString &value, Callback done)
{
    QKeychain::Job *job = nullptr;
    switch (kind) {
    case Kind::Read:
        job = new QKeychain::ReadPasswordJob(serviceName());
        break;
    case Kind::Write: {
        auto *w = new QKeychain::WritePasswordJob(serviceName());
        w->setTextData(value);
        job = w;
        break;
    }
    case Kind::Remove:
        job = new QKeychain::DeletePasswordJob(serviceName());
        break;
    }
    job->setKey(name);
    job->setInsecureFallback(false);
    job->setAutoDelete(true); // it outlives a timeout: deleted when it finally answers

    // Exactly one answer: the job's, or the timeout's; whichever comes second is ignored.
    auto answered = std::make_shared<bool>(false);
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    const int timeoutMs = m_timeoutMs;
    const char *what = kind == Kind::Read ? "reading" : (kind == Kind::Write ? "writing" : "deleting");
    connect(timer, &QTimer::timeout, this, [this, timer, answered, done, name, timeoutMs, what] {
        timer->deleteLater();
        if (*answered)
            return;
        *answered = true;
        const SecretResult r {SecretResult::Status::Unavailable, {},
            QStringLiteral("the OS keychain did not answer within %1 ms (%2 '%3')")
                .arg(timeoutMs)
                .arg(QLatin1String(what), name)};
        qCWarning(lcSecrets).noquote() << r.message;
        noteResult(r);
        if (done)
            done(r);
    });
    connect(job, &QKeychain::Job::finished, this, [this, timer, answered, done, kind](QKeychain::Job *j) {
        timer->stop();
        timer->deleteLater();
        if (*answered)
            return;
        *answered = true;
        SecretResult r = resultOf(j);
        if (r.ok() && kind == Kind::Read)
            r.value = static_cast<QKeychain::ReadPasswordJob *>(j)->textData();
        if (!r.ok() && r.status != SecretResult::Status::NotFound)
            qCWarning(lcSecrets).noquote() << r.message;
        noteResult(r);
        if (done)
            done(r);
    });
    timer->start(m_timeoutMs);
    job->start();
}
