// SPDX-License-Identifier: MIT
#include "reliability/deploymentbalancer.h"

#include <QTest>

class TestDeploymentBalancer : public QObject
{
    Q_OBJECT
private:
    static QString firsts(
        DeploymentBalancer &b, DeploymentBalancer::Mode mode, QVarLengthArray<int, 8> members, int n)
    {
        QStringList out;
        const QVarLengthArray<double, 8> latency(8, 0.0);
        for (int i = 0; i < n; ++i) {
            QVarLengthArray<int, 8> m = members;
            b.order(mode, m, latency);
            out << QString(QChar(u'a' + m.first()));
        }
        return out.join(QString());
    }

private Q_SLOTS:
    void weightedSequences_data();
    void weightedSequences();
    void unavailableMembersKeepTheirTurn();
    void failoverAndLeastLatency();
};

void TestDeploymentBalancer::weightedSequences_data()
{
    QTest::addColumn<QList<int>>("weights");
    QTest::addColumn<QString>("sequence");
    QTest::newRow("equal") << QList<int> {1, 1} << "abababab";
    QTest::newRow("3:1") << QList<int> {3, 1} << "aabaaaba";
    QTest::newRow("5:1:1 smooth") << QList<int> {5, 1, 1} << "aabacaaaabaca";
    QTest::newRow("weight 0 only follows") << QList<int> {0, 1} << "bbbb";
}

void TestDeploymentBalancer::weightedSequences()
{
    QFETCH(QList<int>, weights);
    QFETCH(QString, sequence);
    DeploymentBalancer b(weights);
    QVarLengthArray<int, 8> members;
    for (int i = 0; i < weights.size(); ++i)
        members.append(i);
    QCOMPARE(firsts(b, DeploymentBalancer::Mode::Weighted, members, int(sequence.size())), sequence);
}

void TestDeploymentBalancer::unavailableMembersKeepTheirTurn()
{
    DeploymentBalancer b({1, 1, 1});
    QCOMPARE(firsts(b, DeploymentBalancer::Mode::Weighted, {0, 2}, 4), QStringLiteral("acac"));
    QVarLengthArray<int, 8> all {0, 1, 2};
    const QVarLengthArray<double, 8> latency(3, 0.0);
    b.order(DeploymentBalancer::Mode::Weighted, all, latency);
    QCOMPARE(all.size(), 3); // every member stays in the order, the chosen one first
}

void TestDeploymentBalancer::failoverAndLeastLatency()
{
    DeploymentBalancer b({1, 1, 1});
    QVarLengthArray<int, 8> m {0, 1, 2};
    b.order(DeploymentBalancer::Mode::Failover, m, QVarLengthArray<double, 8>(3, 0.0));
    QCOMPARE(m[0], 0);
    QCOMPARE(m[2], 2);
    QVarLengthArray<double, 8> latency {300.0, 100.0, 200.0};
    b.order(DeploymentBalancer::Mode::LeastLatency, m, latency);
    QCOMPARE(m[0], 1);
    QCOMPARE(m[1], 2);
    QCOMPARE(m[2], 0);
    QCOMPARE(
        DeploymentBalancer::modeFromName(QStringLiteral("weighted")), DeploymentBalancer::Mode::Weighted);
    QCOMPARE(DeploymentBalancer::modeName(DeploymentBalancer::Mode::LeastLatency),
        QStringLiteral("least-latency"));
}

QTEST_GUILESS_MAIN(TestDeploymentBalancer)
#include "tst_deploymentbalancer.moc"
