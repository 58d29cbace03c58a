// SPDX-License-Identifier: MIT
// The real desktop app under Xvfb: it serves HTTP while its window shows the traffic, both pages
// render in light and dark (screenshots saved for people to look at), a second launch raises
// the first, a busy port is reported in the window, and closing quits cleanly with a quiet stderr.
#include "core/singleinstance.h"
#include "testclient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

class TestGuiSmoke : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void windowOpensAndServes();
    void requestAppearsOnTheOverview();
    void playgroundAnswersSideBySide();
    void keysScreenListsTheAdminApisKeys();
    void screenshotsOfEveryPageInBothThemes();
    void secondLaunchRaisesTheFirst();
    void busyPortIsShownInTheWindow();
    void closingQuitsCleanly();
    void cleanupTestCase();

private:
    QProcessEnvironment environment(const QString &dataHome) const;
    bool startApp(QProcess &p, const QProcessEnvironment &env, quint16 port);
    QJsonObject command(const QJsonObject &message, int timeoutMs = 10000) const;
    QJsonObject state() const { return command({{QLatin1String("cmd"), QStringLiteral("state")}}); }
    QString grab(const QString &name);

    QTemporaryDir m_home;
    QString m_bin = qEnvironmentVariable("SWITCHYARD_APP_BIN");
    QString m_shots;
    QString m_server; ///< the first instance's socket name
    quint16 m_port = 0;
    QProcess m_app;
};

namespace {
constexpr char AdminKey[] = "gui-smoke-admin-key-0123456789";

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

/// Distinct colours and mean lightness: a blank or broken window has a handful of colours.
void imageStats(const QImage &image, int *colours, double *lightness)
{
    QSet<QRgb> seen;
    double sum = 0;
    int n = 0;
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3) {
            const QColor c = image.pixelColor(x, y);
            seen.insert(c.rgb());
            sum += c.lightnessF();
            ++n;
        }
    }
    *colours = int(seen.size());
    *lightness = n ? sum / n : 0;
}
} // namespace

QProcessEnvironment TestGuiSmoke::environment(const QString &dataHome) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM")); // the real window system (Xvfb)
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), dataHome);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_home.filePath(QStringLiteral("runtime")));
    env.insert(QStringLiteral("SWITCHYARD_AUTOMATION"), QStringLiteral("1"));
    env.insert(QStringLiteral("SWITCHYARD_ADMIN_KEY"), QString::fromLatin1(AdminKey));
    return env;
}

bool TestGuiSmoke::startApp(QProcess &p, const QProcessEnvironment &env, quint16 port)
{
    p.setProcessEnvironment(env);
    p.start(m_bin, {QStringLiteral("--port"), QString::number(port)});
    return p.waitForStarted(5000);
}

QJsonObject TestGuiSmoke::command(const QJsonObject &message, int timeoutMs) const
{
    return SingleInstance::send(m_server, message, timeoutMs);
}

QString TestGuiSmoke::grab(const QString &name)
{
    const QString path = QDir(m_shots).filePath(name + QStringLiteral(".png"));
    QFile::remove(path);
    const QJsonObject answer = command({{QLatin1String("cmd"), QStringLiteral("grab")},
        {QLatin1String("path"), path}, {QLatin1String("delayMs"), 700}});
    return answer.value(QLatin1String("ok")).toBool() ? path : QString();
}

void TestGuiSmoke::initTestCase()
{
    QVERIFY2(QFileInfo::exists(m_bin), qPrintable(m_bin));
    QVERIFY(m_home.isValid());
    QDir().mkpath(m_home.filePath(QStringLiteral("runtime")));
    QFile::setPermissions(m_home.filePath(QStringLiteral("runtime")),
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    m_shots = QDir(qEnvironmentVariable("SWITCHYARD_TEST_OUTPUT", QDir::tempPath()))
                  .filePath(QStringLiteral("screenshots"));
    QVERIFY(QDir().mkpath(m_shots));
    const QString dataHome = m_home.filePath(QStringLiteral("data"));
    m_server = SingleInstance(QDir(dataHome).filePath(QStringLiteral("switchyard"))).serverName();
    m_port = freePort();
    QVERIFY(startApp(m_app, environment(dataHome), m_port));
}

void TestGuiSmoke::windowOpensAndServes()
{
    QElapsedTimer waited;
    waited.start();
    QJsonObject s;
    while (waited.elapsed() < 20000) {
        s = state();
        if (s.value(QLatin1String("gateway")).toString() == QLatin1String("Listening")
            && s.value(QLatin1String("firstFrameMs")).toDouble() > 0)
            break;
        QTest::qWait(100);
    }
    QCOMPARE(s.value(QLatin1String("gateway")).toString(), QStringLiteral("Listening"));
    QCOMPARE(s.value(QLatin1String("port")).toInt(), int(m_port));
    QVERIFY(s.value(QLatin1String("visible")).toBool());
    // Reported, not asserted: start-up time is a benchmark (bench/), not a test.
    qInfo("window's first frame %.0f ms after the process started",
        s.value(QLatin1String("firstFrameMs")).toDouble());
    TestClient client(m_port);
    auto health = client.get("/health");
    QVERIFY(TestClient::wait(health));
    QCOMPARE(health->status, 200);
}

void TestGuiSmoke::requestAppearsOnTheOverview()
{
    TestClient client(m_port);
    auto r = client.post("/v1/chat/completions",
        R"({"model":"mock-fast","messages":[{"role":"user","content":"hello from the smoke test"}]})");
    QVERIFY(TestClient::wait(r));
    QCOMPARE(r->status, 200);
    const QString id = QString::fromLatin1(r->header("x-request-id"));
    QVERIFY(!id.isEmpty());
    for (int i = 0; i < 4; ++i) { // some traffic for the chart and the table
        auto more = client.post("/v1/chat/completions",
            R"({"model":"auto","stream":true,"messages":[{"role":"user","content":"more"}]})");
        QVERIFY(TestClient::wait(more));
    }
    auto refused = client.post(
        "/v1/chat/completions", R"({"model":"no-such-model","messages":[{"role":"user","content":"x"}]})");
    QVERIFY(TestClient::wait(refused));
    QCOMPARE(refused->status, 404);

    QJsonObject found;
    QElapsedTimer waited;
    waited.start();
    while (found.isEmpty() && waited.elapsed() < 5000) {
        const QJsonArray rows = state().value(QLatin1String("recentRequests")).toArray();
        for (const QJsonValue &v : rows) {
            if (v.toObject().value(QLatin1String("requestId")).toString() == id)
                found = v.toObject();
        }
        if (found.isEmpty())
            QTest::qWait(100);
    }
    QVERIFY2(!found.isEmpty(), "the request never reached the Overview's recent-requests model");
    QCOMPARE(found.value(QLatin1String("modelRequested")).toString(), QStringLiteral("mock-fast"));
    QCOMPARE(found.value(QLatin1String("modelServed")).toString(), QStringLiteral("mock-fast"));
    QCOMPARE(found.value(QLatin1String("provider")).toString(), QStringLiteral("mock"));
    QCOMPARE(found.value(QLatin1String("status")).toInt(), 200);
}

void TestGuiSmoke::playgroundAnswersSideBySide()
{
    const QJsonObject sent = command({{QLatin1String("cmd"), QStringLiteral("playground")},
        {QLatin1String("system"), QStringLiteral("You are concise.")},
        {QLatin1String("message"), QStringLiteral("Write a haiku about a switchyard at dawn.")},
        {QLatin1String("compare"), true}, {QLatin1String("primaryModel"), QStringLiteral("auto")},
        {QLatin1String("secondaryModel"), QStringLiteral("mock-smart")}, {QLatin1String("send"), true}});
    QVERIFY(sent.value(QLatin1String("ok")).toBool());
    QJsonObject pg;
    QElapsedTimer waited;
    waited.start();
    do {
        QTest::qWait(200);
        pg = state().value(QLatin1String("playground")).toObject();
    } while (pg.value(QLatin1String("running")).toBool() && waited.elapsed() < 15000);
    QCOMPARE(pg.value(QLatin1String("primary")).toString(), QStringLiteral("Done"));
    QCOMPARE(pg.value(QLatin1String("secondary")).toString(), QStringLiteral("Done"));
    QVERIFY(
        pg.value(QLatin1String("primaryAnswer")).toString().contains(QStringLiteral("switchyard at dawn")));
}

void TestGuiSmoke::keysScreenListsTheAdminApisKeys()
{
    // Keys made through the admin API (the same engine objects the screen uses), some traffic,
    // an alert, a revoked key: what the API Keys screen's screenshots show.
    TestClient client(m_port);
    const QList<QPair<QByteArray, QByteArray>> admin {{"authorization", QByteArray("Bearer ") + AdminKey}};
    auto createKey = [&](const QByteArray &body) {
        auto r = client.post("/api/admin/keys", body, admin);
        TestClient::wait(r);
        return r;
    };
    auto ciBot = createKey(R"({"name":"ci-bot","budget":{"tokens":2000,"period":"day","hard":true},)"
                           R"("limits":{"rpm":60},"allowedModels":["mock-*"],"strategy":"cost"})");
    QCOMPARE(ciBot->status, 201);
    auto alice = createKey(R"({"name":"alice-laptop","budget":{"usd":25,"period":"month"},)"
                           R"("limits":{"tpm":100000,"parallel":4},"expiresAt":"2027-06-30T18:00:00Z"})");
    QCOMPARE(alice->status, 201);
    auto nightly = createKey(R"({"name":"nightly-eval","budget":{"tokens":60,"period":"day","hard":false}})");
    QCOMPARE(nightly->status, 201);
    auto old = createKey(R"({"name":"old-script"})");
    QCOMPARE(old->status, 201);
    auto revoked = client.send("PATCH",
        "/api/admin/keys/" + old->json().value(QLatin1String("id")).toString().toLatin1(),
        R"({"status":"revoked"})", admin);
    QVERIFY(TestClient::wait(revoked));
    QCOMPARE(revoked->status, 200);
    auto traffic = [&](const std::shared_ptr<TestResponse> &key, int n) {
        const QByteArray bearer = "Bearer " + key->json().value(QLatin1String("key")).toString().toLatin1();
        for (int i = 0; i < n; ++i) {
            auto r = client.post("/v1/chat/completions",
                R"({"model":"mock-fast","max_tokens":40,"messages":[{"role":"user","content":"Summarise the build log"}]})",
                {{"authorization", bearer}});
            QVERIFY(TestClient::wait(r));
            QCOMPARE(r->status, 200);
        }
    };
    traffic(ciBot, 6);
    traffic(alice, 3);
    traffic(nightly, 2);
    QJsonObject s;
    QElapsedTimer waited;
    waited.start();
    do {
        QTest::qWait(200);
        s = state();
    } while ((s.value(QLatin1String("keys")).toArray().size() < 4
                 || s.value(QLatin1String("budgetAlerts")).toArray().isEmpty())
        && waited.elapsed() < 10000);
    const QJsonArray keys = s.value(QLatin1String("keys")).toArray();
    QCOMPARE(keys.size(), 4);
    QCOMPARE(keys.at(0).toObject().value(QLatin1String("name")).toString(),
        QStringLiteral("old-script")); // newest first
    QCOMPARE(keys.at(0).toObject().value(QLatin1String("status")).toString(), QStringLiteral("revoked"));
    QVERIFY2(
        !s.value(QLatin1String("budgetAlerts")).toArray().isEmpty(), "no budget alert reached the screen");
    QVERIFY(command({{QLatin1String("cmd"), QStringLiteral("selectKey")},
                        {QLatin1String("name"), QStringLiteral("ci-bot")}})
                .value(QLatin1String("ok"))
                .toBool());
}

void TestGuiSmoke::screenshotsOfEveryPageInBothThemes()
{
    double lightness[2] = {0, 0};
    const QStringList themes {QStringLiteral("light"), QStringLiteral("dark")};
    for (int t = 0; t < themes.size(); ++t) {
        QVERIFY(
            command({{QLatin1String("cmd"), QStringLiteral("theme")}, {QLatin1String("theme"), themes[t]}})
                .value(QLatin1String("ok"))
                .toBool());
        for (const QString &page :
            {QStringLiteral("overview"), QStringLiteral("playground"), QStringLiteral("providers"),
                QStringLiteral("routing"), QStringLiteral("connect"), QStringLiteral("keys")}) {
            QVERIFY(command({{QLatin1String("cmd"), QStringLiteral("page")}, {QLatin1String("page"), page}})
                        .value(QLatin1String("ok"))
                        .toBool());
            QCOMPARE(state().value(QLatin1String("page")).toString(), page);
            const QString path = grab(page + u'-' + themes[t]);
            QVERIFY2(!path.isEmpty(), qPrintable(page));
            const QImage image(path);
            QVERIFY(!image.isNull());
            QVERIFY(image.width() >= 1080 && image.height() >= 700);
            int colours = 0;
            double l = 0;
            imageStats(image, &colours, &l);
            QVERIFY2(colours > 200, qPrintable(QStringLiteral("%1: only %2 colours").arg(path).arg(colours)));
            lightness[t] += l;
            qInfo("%s", qPrintable(path));
        }
        // The API Keys screen is taller than the window: its security settings, scrolled down.
        QVERIFY(command({{QLatin1String("cmd"), QStringLiteral("scroll")}, {QLatin1String("position"), 1.0}})
                    .value(QLatin1String("ok"))
                    .toBool());
        const QString settings = grab(QStringLiteral("keys-security-") + themes[t]);
        QVERIFY(!settings.isEmpty());
        qInfo("%s", qPrintable(settings));
        command({{QLatin1String("cmd"), QStringLiteral("scroll")}, {QLatin1String("position"), 0.0}});
    }
    QVERIFY2(lightness[1] < lightness[0] * 0.5, "the dark theme is not darker than the light one");
    command(
        {{QLatin1String("cmd"), QStringLiteral("theme")}, {QLatin1String("theme"), QStringLiteral("light")}});
    command({{QLatin1String("cmd"), QStringLiteral("page")},
        {QLatin1String("page"), QStringLiteral("overview")}});
}

void TestGuiSmoke::secondLaunchRaisesTheFirst()
{
    QProcess second;
    QVERIFY(startApp(second, environment(m_home.filePath(QStringLiteral("data"))), m_port));
    QVERIFY(second.waitForFinished(10000));
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
    QCOMPARE(second.exitCode(), 0);
    QVERIFY2(second.readAllStandardError().isEmpty(), "the second launch complained instead of handing over");
    QCOMPARE(m_app.state(), QProcess::Running);
    const QJsonObject s = state();
    QCOMPARE(s.value(QLatin1String("gateway")).toString(), QStringLiteral("Listening"));
    QVERIFY(s.value(QLatin1String("visible")).toBool());
}

void TestGuiSmoke::busyPortIsShownInTheWindow()
{
    // Another data dir is another instance: it finds the port held by the first one.
    const QString otherData = m_home.filePath(QStringLiteral("other-data"));
    const QString otherServer
        = SingleInstance(QDir(otherData).filePath(QStringLiteral("switchyard"))).serverName();
    QProcess other;
    QVERIFY(startApp(other, environment(otherData), m_port));
    QJsonObject s;
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 20000) {
        s = SingleInstance::send(otherServer, {{QLatin1String("cmd"), QStringLiteral("state")}}, 2000);
        if (s.value(QLatin1String("gateway")).toString().contains(QStringLiteral("in use")))
            break;
        QTest::qWait(100);
    }
    QCOMPARE(s.value(QLatin1String("gateway")).toString(), QStringLiteral("Port %1 is in use").arg(m_port));
    const QString path = QDir(m_shots).filePath(QStringLiteral("port-in-use-light.png"));
    QVERIFY(SingleInstance::send(otherServer,
        {{QLatin1String("cmd"), QStringLiteral("grab")}, {QLatin1String("path"), path},
            {QLatin1String("delayMs"), 500}})
                .value(QLatin1String("ok"))
                .toBool());
    SingleInstance::send(otherServer, {{QLatin1String("cmd"), QStringLiteral("quit")}});
    QVERIFY(other.waitForFinished(15000));
    QCOMPARE(other.exitCode(), 0);
    QCOMPARE(m_app.state(), QProcess::Running); // the first instance kept its port
}

void TestGuiSmoke::closingQuitsCleanly()
{
    // Under Xvfb there is no system tray, so closing the window quits (with a tray it hides).
    QVERIFY(command({{QLatin1String("cmd"), QStringLiteral("close")}}).value(QLatin1String("ok")).toBool());
    QVERIFY(m_app.waitForFinished(20000));
    QCOMPARE(m_app.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_app.exitCode(), 0);
    const QString err = QString::fromUtf8(m_app.readAllStandardError());
    // The only line expected is the engine's informational "listening on".
    for (const QString &line : err.split(u'\n', Qt::SkipEmptyParts)) {
        static const QRegularExpression noisy(
            QStringLiteral("warning|error|critical|qml|qrc:|binding|undefined"),
            QRegularExpression::CaseInsensitiveOption);
        QVERIFY2(!noisy.match(line).hasMatch(), qPrintable(line));
    }
    TestClient client(m_port);
    auto r = client.get("/health");
    QVERIFY(TestClient::wait(r));
    QVERIFY(r->failed); // nobody listens any more
}

void TestGuiSmoke::cleanupTestCase()
{
    if (m_app.state() != QProcess::NotRunning) {
        m_app.kill(); // only our own child, by its handle
        m_app.waitForFinished(5000);
    }
}

QTEST_GUILESS_MAIN(TestGuiSmoke)
#include "tst_gui_smoke.moc"
