// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QSocketNotifier;

/**
 * @brief SIGINT and SIGTERM as a Qt signal (a self-pipe into the event loop), so both
 * executables drain and exit cleanly instead of dying mid-request. SIGPIPE is ignored.
 */
class TerminationSignals : public QObject
{
    Q_OBJECT
public:
    explicit TerminationSignals(QObject *parent = nullptr);

Q_SIGNALS:
    /// The first SIGINT/SIGTERM (later ones are ignored: the drain is already under way).
    void received();

private:
    QSocketNotifier *m_notifier = nullptr;
};
