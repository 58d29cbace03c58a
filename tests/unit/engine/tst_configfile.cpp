// SPDX-License-Identifier: MIT
#include "engine/config.h"
#include "engine/configfile.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {
QByteArray read(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
void write(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}
} // namespace

class TestConfigFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keepsEnvironmentReferencesUnexpanded();
    void createsMissingObjectsAndFile();
    void refusesInvalidResultAndKeepsOldFile();
    void unreadableDocumentIsAnError();
};

void TestConfigFile::keepsEnvironmentReferencesUnexpanded()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.json"));
    write(path,
        R"({"server": {"port": 4000, "adminKey": "${SY_TEST_ADMIN}"}, "providers": [{"id": "o", "type": "openai", )"
        R"("baseUrl": "http://127.0.0.1:1/v1", "apiKey": "${SY_TEST_SECRET}", "models": ["m"]}]})");
    qputenv("SY_TEST_SECRET", "sk-very-secret");
    qputenv("SY_TEST_ADMIN", "admin-very-secret");
    QString error;
    QVERIFY2(ConfigFile::set(path, {QStringLiteral("server"), QStringLiteral("port")}, 4100, &error),
        qPrintable(error));
    const QByteArray text = read(path);
    QVERIFY(!text.contains("sk-very-secret"));
    QVERIFY(!text.contains("admin-very-secret"));
    QVERIFY(text.contains("${SY_TEST_SECRET}"));
    auto config = Config::parse(text, &error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->server.port, 4100);
    QCOMPARE(config->providers.first().apiKey, QStringLiteral("sk-very-secret"));
    QCOMPARE(ConfigFile::get(path, {QStringLiteral("server"), QStringLiteral("adminKey")}, &error).toString(),
        QStringLiteral("${SY_TEST_ADMIN}"));
}

void TestConfigFile::createsMissingObjectsAndFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.json"));
    QString error;
    QVERIFY2(ConfigFile::set(path, {QStringLiteral("routing"), QStringLiteral("defaultModel")},
                 QStringLiteral("mock-smart"), &error),
        qPrintable(error));
    auto config = Config::parse(read(path), &error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->routing.defaultModel, QStringLiteral("mock-smart"));
    // The defaults of a fresh file are kept around the patched key.
    QVERIFY(config->provider(QStringLiteral("mock")));
}

void TestConfigFile::refusesInvalidResultAndKeepsOldFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.json"));
    const QByteArray before = R"({"server": {"port": 4000}})";
    write(path, before);
    QString error;
    QVERIFY(!ConfigFile::set(
        path, {QStringLiteral("server"), QStringLiteral("port")}, QStringLiteral("not a number"), &error));
    QVERIFY2(error.contains(QLatin1String("server.port")), qPrintable(error));
    QCOMPARE(read(path), before);
    QVERIFY(!ConfigFile::set(path, {QStringLiteral("server"), QStringLiteral("bogusKey")}, 1, &error));
    QCOMPARE(read(path), before);
}

void TestConfigFile::unreadableDocumentIsAnError()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.json"));
    write(path, "{ not json");
    QString error;
    QVERIFY(!ConfigFile::set(path, {QStringLiteral("server"), QStringLiteral("port")}, 1, &error));
    QVERIFY(error.contains(QLatin1String("not a JSON object")));
    QCOMPARE(read(path), QByteArray("{ not json"));
}

QTEST_GUILESS_MAIN(TestConfigFile)
#include "tst_configfile.moc"
