// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>

/** @brief The outcome of one secret-store operation. */
struct SecretResult
{
    enum class Status {
        Ok, ///< done (for a read: value holds the secret)
        NotFound, ///< no entry under that name
        Unavailable, ///< no keychain reachable (no D-Bus session, no Secret Service, timed out)
        Locked, ///< the keychain refused access (locked collection, access denied)
        ReadOnly, ///< this store cannot write (environment)
        Failed, ///< anything else
    };
    Status status = Status::Failed;
    QString value; ///< the secret (reads only); never logged
    QString message; ///< one line for a human; never contains the secret

    [[nodiscard]] bool ok() const { return status == Status::Ok; }
};

/**
 * @brief Where provider API keys live: the OS keychain (KeychainSecretStore), the environment
 * (EnvironmentSecretStore, headless servers) or memory (MemorySecretStore, tests).
 *
 * Operations are asynchronous (a keychain job can take seconds); their callback runs in the
 * store's thread, never synchronously from within the call. The store reports its own state
 * (ready, unavailable, locked) for /health and the UI; it never falls back to a plain-text file.
 */
class SecretStore : public QObject
{
    Q_OBJECT
public:
    enum class State { Unknown, Ready, Unavailable, Locked };
    Q_ENUM(State)
    using Callback = std::function<void(const SecretResult &)>;

    explicit SecretStore(QObject *parent = nullptr);
    ~SecretStore() override;

    /// "keychain", "environment" or "memory".
    [[nodiscard]] virtual QString backend() const = 0;
    virtual void read(const QString &name, Callback done) = 0;
    virtual void write(const QString &name, const QString &value, Callback done) = 0;
    virtual void remove(const QString &name, Callback done) = 0;
    /// Finds out whether the store works (for a keychain: a write and delete of a probe entry,
    /// since a locked keychain answers reads with "not found"); updates state().
    virtual void probe(Callback done);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] QString stateMessage() const { return m_stateMessage; }
    /// {"backend", "status": "unknown|ready|unavailable|locked", "message"?} for /health.
    [[nodiscard]] QJsonObject health() const;
    [[nodiscard]] static QString stateName(State state);

    /// The NAME of a `keychain:NAME` reference, or an empty string when @p value is not one.
    [[nodiscard]] static QString referenceName(const QString &value);

Q_SIGNALS:
    void stateChanged(SecretStore::State state, const QString &message);

protected:
    void setState(State state, const QString &message);
    /// Runs @p done with @p result on the next event-loop turn (callbacks are never synchronous).
    void deliver(Callback done, SecretResult result);
    /// The state a result tells about the store (Ok/NotFound/ReadOnly: ready).
    void noteResult(const SecretResult &result);

private:
    State m_state = State::Unknown;
    QString m_stateMessage;
};
