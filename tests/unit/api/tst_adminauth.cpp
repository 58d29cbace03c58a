// SPDX-License-Identifier: MIT
#include "api/adminauth.h"

#include <QTest>

class TestAdminAuth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void check_data()
    {
        QTest::addColumn<QString>("adminKey");
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<int>("status"); // 0: allowed
        QTest::addColumn<QString>("code");
        QTest::newRow("right key") << "adm-123" << QByteArray("Bearer adm-123") << 0 << QString();
        QTest::newRow("scheme case") << "adm-123" << QByteArray("bearer adm-123") << 0 << QString();
        QTest::newRow("wrong key") << "adm-123" << QByteArray("Bearer adm-124") << 401 << "invalid_admin_key";
        QTest::newRow("prefix of key")
            << "adm-123" << QByteArray("Bearer adm-12") << 401 << "invalid_admin_key";
        QTest::newRow("longer key") << "adm-123" << QByteArray("Bearer adm-1234") << 401
                                    << "invalid_admin_key";
        QTest::newRow("no header") << "adm-123" << QByteArray() << 401 << "invalid_admin_key";
        QTest::newRow("basic scheme")
            << "adm-123" << QByteArray("Basic adm-123") << 401 << "invalid_admin_key";
        QTest::newRow("disabled") << QString() << QByteArray("Bearer ") << 403 << "admin_api_disabled";
        QTest::newRow("disabled, any key")
            << QString() << QByteArray("Bearer x") << 403 << "admin_api_disabled";
    }
    void check()
    {
        QFETCH(QString, adminKey);
        QFETCH(QByteArray, authorization);
        QFETCH(int, status);
        QFETCH(QString, code);
        HttpRequest request;
        if (!authorization.isNull())
            request.headers.append({QByteArray("Authorization"), authorization});
        const auto refused = AdminAuth::check(request, adminKey);
        QCOMPARE(refused.has_value(), status != 0);
        if (refused) {
            QCOMPARE(refused->status, status);
            QCOMPARE(refused->code, code);
            QVERIFY(!adminKey.isEmpty() ? !refused->message.contains(adminKey) : true);
        }
    }
    void constantTimeEquals()
    {
        QVERIFY(AdminAuth::constantTimeEquals("abc", "abc"));
        QVERIFY(AdminAuth::constantTimeEquals("", ""));
        QVERIFY(!AdminAuth::constantTimeEquals("abc", "abd"));
        QVERIFY(!AdminAuth::constantTimeEquals("abc", "ab"));
        QVERIFY(!AdminAuth::constantTimeEquals("", "a"));
    }
};

QTEST_GUILESS_MAIN(TestAdminAuth)
#include "tst_adminauth.moc"
