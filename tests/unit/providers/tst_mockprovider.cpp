// SPDX-License-Identifier: MIT
// The built-in mock provider's embeddings: deterministic unit vectors in either wire encoding.
#include "providers/mockprovider.h"

#include <QJsonArray>
#include <QTest>
#include <QtEndian>

#include <cmath>

class TestMockProvider : public QObject
{
    Q_OBJECT

    struct Result
    {
        QJsonObject body;
        std::optional<GatewayError> error;
        bool done = false;
    };
    std::unique_ptr<MockProvider> m_mock;

    std::shared_ptr<Result> embed(const QJsonObject &body);
    static QList<double> floats(const QJsonValue &embedding);

private Q_SLOTS:
    void initTestCase();
    void embeddingEncodings_data();
    void embeddingEncodings();
    void unknownEncodingRefused();
};

std::shared_ptr<TestMockProvider::Result> TestMockProvider::embed(const QJsonObject &body)
{
    auto out = std::make_shared<Result>();
    EmbeddingsCall call;
    call.body = body;
    call.model = QStringLiteral("mock-embed");
    m_mock->embeddings(
        call,
        [out](const QJsonObject &r) {
            out->body = r;
            out->done = true;
        },
        [out](const GatewayError &e) {
            out->error = e;
            out->done = true;
        });
    out->done = QTest::qWaitFor([&] { return out->done; }, 2000); // callers check done
    return out;
}

/// A vector as the SDKs read it: a JSON array of numbers, or base64 of little-endian float32.
QList<double> TestMockProvider::floats(const QJsonValue &embedding)
{
    QList<double> out;
    if (embedding.isArray()) {
        for (const QJsonValue &v : embedding.toArray())
            out << v.toDouble();
        return out;
    }
    const QByteArray raw = QByteArray::fromBase64(embedding.toString().toLatin1());
    for (qsizetype i = 0; i + qsizetype(sizeof(float)) <= raw.size(); i += qsizetype(sizeof(float)))
        out << double(qFromLittleEndian<float>(raw.constData() + i));
    return out;
}

void TestMockProvider::initTestCase()
{
    ProviderConfig config;
    config.id = QStringLiteral("mock");
    config.type = QStringLiteral("mock");
    m_mock = std::make_unique<MockProvider>(config);
}

void TestMockProvider::embeddingEncodings_data()
{
    QTest::addColumn<QJsonValue>("format");
    QTest::addColumn<bool>("isBase64");
    QTest::newRow("default") << QJsonValue(QJsonValue::Undefined) << false;
    QTest::newRow("float") << QJsonValue(QStringLiteral("float")) << false;
    QTest::newRow("base64") << QJsonValue(QStringLiteral("base64")) << true;
}

void TestMockProvider::embeddingEncodings()
{
    QFETCH(QJsonValue, format);
    QFETCH(bool, isBase64);
    QJsonObject body {{QLatin1String("model"), QStringLiteral("mock-embed")},
        {QLatin1String("input"), QJsonArray {QStringLiteral("switchyard"), QStringLiteral("gateway")}},
        {QLatin1String("dimensions"), 64}};
    if (!format.isUndefined())
        body.insert(QLatin1String("encoding_format"), format);
    const auto reference = embed(QJsonObject {{QLatin1String("model"), QStringLiteral("mock-embed")},
        {QLatin1String("input"), QJsonArray {QStringLiteral("switchyard"), QStringLiteral("gateway")}},
        {QLatin1String("dimensions"), 64}, {QLatin1String("encoding_format"), QStringLiteral("float")}});
    const auto r = embed(body);
    QVERIFY(r->done && reference->done);
    QVERIFY(!r->error);
    const QJsonArray data = r->body.value(QLatin1String("data")).toArray();
    QCOMPARE(data.size(), 2);
    for (qsizetype i = 0; i < data.size(); ++i) {
        const QJsonValue embedding = data.at(i).toObject().value(QLatin1String("embedding"));
        QCOMPARE(embedding.isString(), isBase64);
        const QList<double> v = floats(embedding);
        const QList<double> ref = floats(reference->body.value(QLatin1String("data"))
                                             .toArray()
                                             .at(i)
                                             .toObject()
                                             .value(QLatin1String("embedding")));
        QCOMPARE(v.size(), 64);
        double norm = 0;
        for (qsizetype d = 0; d < v.size(); ++d) {
            norm += v.at(d) * v.at(d);
            QVERIFY2(
                std::abs(v.at(d) - ref.at(d)) < 1e-6, qPrintable(QString::number(d))); // float32 precision
        }
        QVERIFY(std::abs(std::sqrt(norm) - 1.0) < 1e-5);
    }
    // Different texts, different vectors.
    QVERIFY(floats(data.at(0).toObject().value(QLatin1String("embedding")))
        != floats(data.at(1).toObject().value(QLatin1String("embedding"))));
}

void TestMockProvider::unknownEncodingRefused()
{
    const auto r = embed(QJsonObject {{QLatin1String("model"), QStringLiteral("mock-embed")},
        {QLatin1String("input"), QStringLiteral("x")},
        {QLatin1String("encoding_format"), QStringLiteral("int8")}});
    QVERIFY(r->done && r->error);
    QCOMPARE(r->error->status, 400);
    QCOMPARE(r->error->param, QStringLiteral("encoding_format"));
}

QTEST_GUILESS_MAIN(TestMockProvider)
#include "tst_mockprovider.moc"
