// SPDX-License-Identifier: MIT
// ConnectToolsModel: the tools of resources/connect-tools.json with their settings filled in for
// this gateway, the same text docs/connect-tools.md shows.
// Expected lists read best as plain strings: the product code's cast guard is lifted here.
#undef QT_NO_CAST_FROM_ASCII
#include "connect/connecttoolsmodel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

namespace {
QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString resources()
{
    return qEnvironmentVariable("SWITCHYARD_TEST_RESOURCES");
}

QString role(const ConnectToolsModel &m, int row, int role)
{
    return m.data(m.index(row), role).toString();
}

int rowOf(const ConnectToolsModel &m, const QString &id)
{
    for (int i = 0; i < m.rowCount(); ++i) {
        if (role(m, i, ConnectToolsModel::ToolIdRole) == id)
            return i;
    }
    return -1;
}

QString fileText(const ConnectToolsModel &m, int row, int file)
{
    return m.data(m.index(row), ConnectToolsModel::FilesRole)
        .toList()
        .at(file)
        .toMap()
        .value(QStringLiteral("text"))
        .toString();
}
} // namespace

class TestConnectToolsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void everyToolOfTheFile();
    void settingsForThisGateway();
    void docsShowTheSameSettings();
    void aModelChangeUpdatesTheRowsItChanges();
    void badFilesAreRefused();
    void unknownPlaceholdersStay();

private:
    QByteArray m_json;
};

void TestConnectToolsModel::init()
{
    QVERIFY2(!resources().isEmpty(), "SWITCHYARD_TEST_RESOURCES is set by CTest");
    m_json = readFile(resources() + QStringLiteral("/connect-tools.json"));
    QVERIFY(!m_json.isEmpty());
}

void TestConnectToolsModel::everyToolOfTheFile()
{
    ConnectToolsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QString error;
    QVERIFY2(model.load(m_json, &error), qPrintable(error));
    QCOMPARE(model.rowCount(), 5);
    QStringList ids;
    for (int i = 0; i < model.rowCount(); ++i)
        ids << role(model, i, ConnectToolsModel::ToolIdRole);
    QCOMPARE(ids, QStringList({"claude-code", "codex", "qwen-code", "continue-cli", "gemini-cli"}));
    QCOMPARE(model.key(), QStringLiteral("switchyard"));
    const int claude = rowOf(model, QStringLiteral("claude-code"));
    QCOMPARE(role(model, claude, ConnectToolsModel::InstallRole),
        QStringLiteral("npm install -g @anthropic-ai/claude-code@2.1.197"));
    QCOMPARE(role(model, claude, ConnectToolsModel::ModelRole), QStringLiteral("claude-sonnet-4-5"));
    QCOMPARE(role(model, rowOf(model, QStringLiteral("continue-cli")), ConnectToolsModel::RunRole),
        QStringLiteral("cn --config ~/.continue/config.yaml"));
    QVERIFY(model.roleNames().values().contains("env"));
}

void TestConnectToolsModel::settingsForThisGateway()
{
    ConnectToolsModel model;
    QString error;
    QVERIFY(model.load(m_json, &error));
    model.setOrigin(QStringLiteral("http://127.0.0.1:4321"));
    const int claude = rowOf(model, QStringLiteral("claude-code"));
    QVERIFY(role(model, claude, ConnectToolsModel::EnvRole)
                .startsWith(QStringLiteral("export ANTHROPIC_BASE_URL=http://127.0.0.1:4321\n"
                                           "export ANTHROPIC_AUTH_TOKEN=switchyard\n")));
    const int codex = rowOf(model, QStringLiteral("codex"));
    QVERIFY(fileText(model, codex, 0).contains(QStringLiteral("base_url = \"http://127.0.0.1:4321/v1\"")));
    QVERIFY(fileText(model, codex, 0).contains(QStringLiteral("model = \"gpt-4o\"")));
    QVERIFY(role(model, rowOf(model, QStringLiteral("qwen-code")), ConnectToolsModel::EnvRole)
                .contains(QStringLiteral("export OPENAI_BASE_URL=http://127.0.0.1:4321/v1")));
    // Nothing is left unfilled, in any tool.
    for (int i = 0; i < model.rowCount(); ++i) {
        QVERIFY(!role(model, i, ConnectToolsModel::EnvRole).contains(QStringLiteral("{{")));
        for (const QVariant &f : model.data(model.index(i), ConnectToolsModel::FilesRole).toList()) {
            QVERIFY(!f.toMap().value(QStringLiteral("text")).toString().contains(QStringLiteral("{{")));
            QVERIFY(f.toMap().value(QStringLiteral("path")).toString().startsWith(QStringLiteral("~/")));
        }
    }
}

void TestConnectToolsModel::docsShowTheSameSettings()
{
    // docs/connect-tools.md is generated for http://localhost:4000 with each tool's example model
    // (tests/e2e/tools/connect-doc.mjs): every block the app shows for that gateway is on the page.
    const QString doc
        = QString::fromUtf8(readFile(resources() + QStringLiteral("/../docs/connect-tools.md")));
    QVERIFY2(!doc.isEmpty(), "docs/connect-tools.md exists");
    ConnectToolsModel model;
    QString error;
    QVERIFY(model.load(m_json, &error));
    model.setOrigin(QStringLiteral("http://localhost:4000"));
    for (int i = 0; i < model.rowCount(); ++i) {
        const QString name = role(model, i, ConnectToolsModel::NameRole);
        QVERIFY2(doc.contains(QStringLiteral("## ") + name + u'\n'), qPrintable(name));
        QVERIFY2(doc.contains(role(model, i, ConnectToolsModel::InstallRole)), qPrintable(name));
        QVERIFY2(doc.contains(QStringLiteral("Run: `%1`").arg(role(model, i, ConnectToolsModel::RunRole))),
            qPrintable(name));
        const QString env = role(model, i, ConnectToolsModel::EnvRole);
        if (!env.isEmpty())
            QVERIFY2(
                doc.contains(QStringLiteral("```sh\n") + env + QStringLiteral("\n```")), qPrintable(name));
        for (const QVariant &f : model.data(model.index(i), ConnectToolsModel::FilesRole).toList()) {
            const QVariantMap file = f.toMap();
            QVERIFY2(doc.contains(QStringLiteral("`%1`:\n```%2\n%3\n```")
                                      .arg(file.value(QStringLiteral("path")).toString(),
                                          file.value(QStringLiteral("syntax")).toString(),
                                          file.value(QStringLiteral("text")).toString())),
                qPrintable(name + u' ' + file.value(QStringLiteral("path")).toString()));
        }
    }
}

void TestConnectToolsModel::aModelChangeUpdatesTheRowsItChanges()
{
    ConnectToolsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QString error;
    QVERIFY(model.load(m_json, &error));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    // Codex, Qwen Code and Continue CLI already show gpt-4o: only Claude Code and Gemini CLI change.
    model.setModel(QStringLiteral("gpt-4o"));
    QCOMPARE(changed.count(), 2);
    QStringList rows;
    for (const QList<QVariant> &args : std::as_const(changed)) {
        const QModelIndex at = args.at(0).toModelIndex();
        QCOMPARE(args.at(1).toModelIndex(), at);
        rows << role(model, at.row(), ConnectToolsModel::ToolIdRole);
        const auto roles = args.at(2).value<QList<int>>();
        QVERIFY(roles.contains(ConnectToolsModel::ModelRole));
        QVERIFY(!roles.contains(ConnectToolsModel::NameRole));
    }
    QCOMPARE(rows, QStringList({"claude-code", "gemini-cli"}));
    QVERIFY(role(model, rowOf(model, QStringLiteral("claude-code")), ConnectToolsModel::EnvRole)
                .contains(QStringLiteral("export ANTHROPIC_MODEL=gpt-4o\n")));
    QVERIFY(fileText(model, rowOf(model, QStringLiteral("gemini-cli")), 0)
                .contains(QStringLiteral("\"name\": \"gpt-4o\"")));
    model.setModel(QStringLiteral("gpt-4o"));
    QCOMPARE(changed.count(), 2);
    model.setOrigin(QStringLiteral("http://127.0.0.1:4000")); // the default: nothing changes
    QCOMPARE(changed.count(), 2);
    model.setOrigin(QStringLiteral("http://127.0.0.1:4100")); // every tool's settings name the gateway
    QCOMPARE(changed.count(), 7);
    model.setModel(QString());
    QCOMPARE(role(model, rowOf(model, QStringLiteral("claude-code")), ConnectToolsModel::ModelRole),
        QStringLiteral("claude-sonnet-4-5"));
}

void TestConnectToolsModel::badFilesAreRefused()
{
    ConnectToolsModel model;
    QString error;
    QVERIFY(model.load(m_json, &error));
    QVERIFY(!model.load("{", &error));
    QVERIFY(error.contains(QStringLiteral("JSON")));
    QVERIFY(!model.load(R"({"tools": []})", &error));
    QVERIFY(!model.load(R"({"tools": [{"id": "x"}]})", &error));
    QCOMPARE(model.rowCount(), 5); // what was loaded stays
}

void TestConnectToolsModel::unknownPlaceholdersStay()
{
    const QHash<QString, QString> vars {{QStringLiteral("origin"), QStringLiteral("http://h:1")}};
    QCOMPARE(ConnectToolsModel::render(QStringLiteral("{{origin}}/x {{nope}} {{origin}}"), vars),
        QStringLiteral("http://h:1/x {{nope}} http://h:1"));
    QCOMPARE(ConnectToolsModel::render(QStringLiteral("plain"), vars), QStringLiteral("plain"));
}

QTEST_GUILESS_MAIN(TestConnectToolsModel)
#include "tst_connecttoolsmodel.moc"
