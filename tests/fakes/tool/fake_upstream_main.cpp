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
#include "fakeupstream.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSocketNotifier>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    FakeUpstream up;
    up.setHandler([](const FakeRequest &r) {
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
    });
    quint16 port = 0;
    const QStringList args = app.arguments();
    const qsizetype at = args.indexOf(QStringLiteral("--port"));
    if (at >= 0 && at + 1 < args.size())
        port = quint16(args.at(at + 1).toUInt());
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
