// SPDX-License-Identifier: MIT
// A web page served from another origin on 127.0.0.1, opened in headless Chromium, tries to get
// a completion from the gateway: with a JSON fetch (preflighted), with a "simple" no-cors POST
// (not preflighted: the browser sends it, so the gateway itself must refuse it) and a GET. None
// may get a completion or reach the provider. The same page with its origin in
// server.allowedOrigins does get one: the harness can tell the difference.
#include "engine/engine.h"
#include "fakeupstream.h"
#include "telemetry/requestlogrow.h"

#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestBrowser : public QObject
{
    Q_OBJECT

    FakeUpstream m_site; ///< serves the page, and is the provider's upstream
    QString m_chromium;
    QByteArray m_page;

    struct Run
    {
        QJsonObject results; ///< what the page's script saw
        int upstreamChats = 0;
        int completions = 0; ///< requests the gateway answered 200 on /v1/chat/completions
    };
    Run open(const QStringList &allowedOrigins);
    int upstreamChats() const;

private Q_SLOTS:
    void initTestCase();
    void foreignPageCannotGetACompletion();
    void allowedPageCan();
};

void TestBrowser::initTestCase()
{
    m_chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
    if (m_chromium.isEmpty())
        QFAIL("chromium is not installed (installer/install-deps.sh --test installs it)");
    QVERIFY(m_site.listen());
    m_site.setHandler([this](const FakeRequest &req) {
        if (req.method == "GET" && req.path() == "/page.html") {
            FakeReply r;
            r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
            r.body = m_page;
            return r;
        }
        return FakeUpstream::openAIDefault(req);
    });
}

int TestBrowser::upstreamChats() const
{
    int n = 0;
    for (const FakeRequest &r : m_site.requests())
        n += r.path().endsWith("/chat/completions") ? 1 : 0;
    return n;
}

TestBrowser::Run TestBrowser::open(const QStringList &allowedOrigins)
{
    Run run;
    QTemporaryDir data;
    QTemporaryDir profile;
    EngineOptions options;
    QString error;
    auto config = Config::parse(QStringLiteral(R"({"providers":[{"id":"site","type":"openai","baseUrl":"%1",
        "models":["fake-model"]}]})")
                                    .arg(m_site.baseUrl())
                                    .toUtf8(),
        &error);
    if (!config)
        qFatal("bad config: %s", qPrintable(error));
    options.config = *config;
    options.config.server.port = 0;
    options.config.server.allowedOrigins = allowedOrigins;
    options.dataDir = data.path();
    Engine engine(options);
    if (!engine.start(&error))
        qFatal("engine: %s", qPrintable(error));
    connect(&engine, &Engine::requestFinished, this, [&run](const RequestLogRow &row) {
        if (row.endpoint == QLatin1String("/v1/chat/completions") && row.status == 200)
            ++run.completions;
    });
    const QString gateway = QStringLiteral("http://127.0.0.1:%1").arg(engine.port());
    m_page = QStringLiteral(R"(<!doctype html><html><body><pre id="out">pending</pre><script>
const G = "%1";
const body = (text) => JSON.stringify({model: "fake-model", messages: [{role: "user", content: text}]});
async function attempt(name, f) {
  try { out[name] = await f(); } catch (e) { out[name] = "blocked: " + e; }
}
const out = {};
(async () => {
  await attempt("json", async () => {
    const r = await fetch(G + "/v1/chat/completions", {method: "POST",
      headers: {"content-type": "application/json", "authorization": "Bearer anything"}, body: body("json fetch")});
    return "status " + r.status + " " + (await r.text());
  });
  await attempt("simple", async () => {
    const r = await fetch(G + "/v1/chat/completions", {method: "POST", mode: "no-cors",
      headers: {"content-type": "text/plain"}, body: body("simple request")});
    return "type " + r.type;
  });
  await attempt("get", async () => {
    const r = await fetch(G + "/v1/models");
    return "status " + r.status;
  });
  document.getElementById("out").textContent = JSON.stringify(out);
})();
</script></body></html>)")
                 .arg(gateway)
                 .toUtf8();
    const int before = upstreamChats();
    QProcess chromium;
    chromium.start(m_chromium,
        {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"),
            QStringLiteral("--disable-background-networking"), QStringLiteral("--disable-component-update"),
            QStringLiteral("--disable-sync"), QStringLiteral("--no-first-run"),
            QStringLiteral("--user-data-dir=") + profile.path(),
            QStringLiteral("--virtual-time-budget=15000"), QStringLiteral("--dump-dom"),
            QStringLiteral("http://127.0.0.1:%1/page.html").arg(m_site.port())});
    // The gateway and the page server run in this thread: keep the event loop turning.
    if (!QTest::qWaitFor([&chromium] { return chromium.state() == QProcess::NotRunning; }, 90000)) {
        chromium.kill();
        chromium.waitForFinished(5000);
        qWarning("chromium did not finish in 90 s");
        return run;
    }
    const QString dom = QString::fromUtf8(chromium.readAllStandardOutput());
    static const QRegularExpression result(
        QStringLiteral("<pre id=\"out\">(.*?)</pre>"), QRegularExpression::DotMatchesEverythingOption);
    const auto m = result.match(dom);
    QString text = m.hasMatch() ? m.captured(1) : QString();
    text.replace(QLatin1String("&quot;"), QLatin1String("\""))
        .replace(QLatin1String("&amp;"), QLatin1String("&"));
    run.results = QJsonDocument::fromJson(text.toUtf8()).object();
    if (run.results.isEmpty())
        qWarning("no result in the page: %s\nstderr: %s", qPrintable(dom.left(2000)),
            chromium.readAllStandardError().left(2000).constData());
    run.upstreamChats = upstreamChats() - before;
    return run;
}

void TestBrowser::foreignPageCannotGetACompletion()
{
    const Run run = open({});
    qInfo("foreign page: %s; provider calls %d, completions answered %d",
        QJsonDocument(run.results).toJson(QJsonDocument::Compact).constData(), run.upstreamChats,
        run.completions);
    QVERIFY2(!run.results.isEmpty(), "the page's script did not report");
    const QString json = run.results.value(QLatin1String("json")).toString();
    QVERIFY2(json.startsWith(QLatin1String("blocked")), qPrintable(json)); // the preflight was refused
    // The simple request left the browser (an opaque answer); the gateway refused it.
    QCOMPARE(run.results.value(QLatin1String("simple")).toString(), QStringLiteral("type opaque"));
    QVERIFY(run.results.value(QLatin1String("get")).toString().startsWith(QLatin1String("blocked")));
    QCOMPARE(run.upstreamChats, 0);
    QCOMPARE(run.completions, 0);
}

void TestBrowser::allowedPageCan()
{
    const Run run = open({QStringLiteral("http://127.0.0.1:%1").arg(m_site.port())});
    qInfo("allowed page: %s; provider calls %d, completions answered %d",
        QJsonDocument(run.results).toJson(QJsonDocument::Compact).left(300).constData(), run.upstreamChats,
        run.completions);
    const QString json = run.results.value(QLatin1String("json")).toString();
    QVERIFY2(json.startsWith(QLatin1String("status 200")), qPrintable(json));
    QVERIFY(json.contains(QLatin1String("chat.completion")));
    QCOMPARE(run.results.value(QLatin1String("get")).toString(), QStringLiteral("status 200"));
    QCOMPARE(run.upstreamChats, 2);
    QCOMPARE(run.completions, 2);
}

QTEST_GUILESS_MAIN(TestBrowser)
#include "tst_browser.moc"
