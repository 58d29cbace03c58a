// SPDX-License-Identifier: MIT
// fake-upstream: the scripted fake provider as a process (end-to-end tests, benchmarks).
// Prints "fake-upstream listening on PORT" once ready; stops on SIGTERM/SIGINT or stdin EOF.
// The requested model picks a behaviour, so one process serves a whole test matrix:
//   fail-400 / fail-401 / fail-429 / fail-500  answer that status with an OpenAI error body
//   cut-stream                                 streams two chunks, then drops the connection
//   slow-stream                                streams 20 chunks 50 ms apart
//   hang                                       reads the request and never answers (timeouts)
//   anything else                              the OpenAI defaults (text, tool calls, usage)
// Anthropic (/v1/messages) and Gemini (/v1beta/models/...) requests get those APIs' defaults, with
// the same model scripts in their own wire formats (see fakeanthropic.h, fakegemini.h).
//   --script FILE   answer every request from a FakeScript (fakescript.h) instead
//   --log FILE      append each request as one JSON line {n, method, target, format, rule, headers, body}
#include "fakescript.h"
#include "fakeupstream.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSocketNotifier>

#include <cstdio>
#include <optional>

namespace {

QString option(const QStringList &args, const QString &name)
{
    const qsizetype at = args.indexOf(name);
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1) : QString();
}

/// One log line: what the fake saw, for the test to check the translation it expected.
void logRequest(QFile &log, int n, const FakeRequest &r, const QString &rule)
{
    QJsonObject headers;
    for (const auto &h : r.headers)
        headers.insert(QString::fromLatin1(h.first.toLower()), QString::fromUtf8(h.second));
    const QJsonDocument body = QJsonDocument::fromJson(r.body);
    const QJsonObject line {{QLatin1String("n"), n}, {QLatin1String("method"), QString::fromLatin1(r.method)},
        {QLatin1String("target"), QString::fromUtf8(r.target)},
        {QLatin1String("format"), FakeScript::read(r).format}, {QLatin1String("rule"), rule},
        {QLatin1String("headers"), headers},
        {QLatin1String("body"),
            body.isObject() ? QJsonValue(body.object()) : QJsonValue(QString::fromUtf8(r.body))}};
    log.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
    log.flush();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    std::optional<FakeScript> script;
    if (const QString file = option(args, QStringLiteral("--script")); !file.isEmpty()) {
        QFile f(file);
        QString error = QStringLiteral("cannot read it");
        if (f.open(QIODevice::ReadOnly))
            script = FakeScript::fromJson(f.readAll(), &error);
        if (!script) {
            std::fprintf(stderr, "fake-upstream: script %s: %s\n", qPrintable(file), qPrintable(error));
            return 1;
        }
    }
    QFile log(option(args, QStringLiteral("--log")));
    if (!log.fileName().isEmpty() && !log.open(QIODevice::WriteOnly | QIODevice::Append)) {
        std::fprintf(stderr, "fake-upstream: cannot write %s\n", qPrintable(log.fileName()));
        return 1;
    }
    FakeUpstream up;
    int served = 0;
    const auto byModel = [](const FakeRequest &r, QString *rule) {
        *rule = QStringLiteral("default");
        if (r.path().startsWith("/v1/messages") || r.path().startsWith("/v1beta/"))
            return FakeUpstream::defaultReply(r);
        const QString model = r.json().value(QLatin1String("model")).toString();
        if (model.startsWith(QLatin1String("fail-"))) {
            const int status = model.mid(5).toInt();
            FakeReply reply = FakeReply::json(status,
                QJsonObject {{QLatin1String("error"),
                    QJsonObject {
                        {QLatin1String("message"), QStringLiteral("scripted failure %1").arg(status)},
                        {QLatin1String("type"), QStringLiteral("invalid_request_error")},
                        {QLatin1String("param"), QJsonValue::Null},
                        {QLatin1String("code"), QStringLiteral("scripted")}}}});
            if (status == 429)
                reply.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("3")));
            return reply;
        }
        if (model == QLatin1String("cut-stream")) {
            FakeReply reply = FakeReply::sse(
                {FakeUpstream::chunk(model,
                     {{QLatin1String("role"), QStringLiteral("assistant")},
                         {QLatin1String("content"), QStringLiteral("Hel")}}),
                    FakeUpstream::chunk(model, {{QLatin1String("content"), QStringLiteral("lo")}})},
                10, false);
            reply.cut = true;
            return reply;
        }
        if (model == QLatin1String("hang")) {
            FakeReply reply;
            reply.hang = true;
            return reply;
        }
        if (model == QLatin1String("slow-stream")) {
            QList<QByteArray> events;
            for (int i = 0; i < 20; ++i)
                events << FakeUpstream::chunk(model, {{QLatin1String("content"), QStringLiteral("tick ")}});
            events << FakeUpstream::chunk(model, {}, QStringLiteral("stop"));
            return FakeReply::sse(events, 50);
        }
        return FakeUpstream::openAIDefault(r);
    };
    up.setHandler([&](const FakeRequest &r) {
        QString rule;
        const FakeReply reply = script ? script->answer(r, &rule) : byModel(r, &rule);
        if (log.isOpen())
            logRequest(log, ++served, r, rule);
        return reply;
    });
    const quint16 port = quint16(option(args, QStringLiteral("--port")).toUInt());
    if (!up.listen(port)) {
        std::fprintf(stderr, "fake-upstream: cannot listen on 127.0.0.1:%d\n", int(port));
        return 1;
    }
    std::printf("fake-upstream listening on %d\n", int(up.port()));
    std::fflush(stdout);
    // The parent closing our stdin (or dying) ends us: no orphan servers.
    QSocketNotifier stdinWatch(0, QSocketNotifier::Read);
    QObject::connect(&stdinWatch, &QSocketNotifier::activated, &app, [&] {
        char c;
        if (std::fread(&c, 1, 1, stdin) != 1)
            QCoreApplication::quit();
    });
    return app.exec();
}
