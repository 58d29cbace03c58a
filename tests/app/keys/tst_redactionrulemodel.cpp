// SPDX-License-Identifier: MIT
// RedactionRuleModel: the built-in rules, on or off, then the user's own, from guardrails.redaction.
#include "keys/redactionrulemodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

namespace {
QJsonObject redaction(const QStringList &rules, const QJsonArray &custom = {})
{
    return {{QLatin1String("rules"), QJsonArray::fromStringList(rules)}, {QLatin1String("custom"), custom},
        {QLatin1String("applyTo"), QJsonArray {QStringLiteral("requests")}}};
}
QJsonObject rule(const QString &name, const QString &pattern, const QString &replacement = {})
{
    QJsonObject o {{QLatin1String("name"), name}, {QLatin1String("pattern"), pattern}};
    if (!replacement.isEmpty())
        o.insert(QLatin1String("replacement"), replacement);
    return o;
}
} // namespace

class TestRedactionRuleModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtInRulesFirstThenCustom();
    void togglingARuleChangesOneRow();
    void addingACustomRuleResets();
};

void TestRedactionRuleModel::builtInRulesFirstThenCustom()
{
    RedactionRuleModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRedaction(redaction({QStringLiteral("email")},
        {rule(QStringLiteral("employee"), QStringLiteral("EMP-\\d{6}")),
            rule(QStringLiteral("project"), QStringLiteral("Project [A-Z]+"), QStringLiteral("<project>"))}));
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(
        model.data(model.index(0), RedactionRuleModel::RuleNameRole).toString(), QStringLiteral("email"));
    QCOMPARE(model.data(model.index(0), RedactionRuleModel::LabelRole).toString(),
        QStringLiteral("E-mail addresses"));
    QCOMPARE(model.data(model.index(0), RedactionRuleModel::EnabledRole).toBool(), true);
    QCOMPARE(model.data(model.index(1), RedactionRuleModel::EnabledRole).toBool(), false);
    for (int row = 0; row < 5; ++row)
        QVERIFY(model.data(model.index(row), RedactionRuleModel::BuiltInRole).toBool());
    QCOMPARE(model.data(model.index(5), RedactionRuleModel::BuiltInRole).toBool(), false);
    QCOMPARE(model.data(model.index(5), RedactionRuleModel::DetailRole).toString(),
        QStringLiteral("EMP-\\d{6} → [EMPLOYEE]"));
    QCOMPARE(model.data(model.index(6), RedactionRuleModel::DetailRole).toString(),
        QStringLiteral("Project [A-Z]+ → <project>"));
}

void TestRedactionRuleModel::togglingARuleChangesOneRow()
{
    RedactionRuleModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRedaction(redaction({}));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setRedaction(redaction({QStringLiteral("iban")}));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.data(changed.first().at(0).toModelIndex(), RedactionRuleModel::RuleNameRole).toString(),
        QStringLiteral("iban"));
    QCOMPARE(reset.count(), 0);
    model.setRedaction(redaction({QStringLiteral("iban")}));
    QCOMPARE(changed.count(), 1);
}

void TestRedactionRuleModel::addingACustomRuleResets()
{
    RedactionRuleModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRedaction(redaction({}));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy count(&model, &RedactionRuleModel::countChanged);
    model.setRedaction(redaction({}, {rule(QStringLiteral("x"), QStringLiteral("x+"))}));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(count.count(), 1);
    QCOMPARE(model.rowCount(), 6);
}

QTEST_GUILESS_MAIN(TestRedactionRuleModel)
#include "tst_redactionrulemodel.moc"
