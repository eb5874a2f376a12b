// Translations: every required language is complete, compiled into the app, and chosen by
// the language setting.
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include "appcontroller.h"

class TestTranslations : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("moechat-test"));
        QCoreApplication::setApplicationName(QStringLiteral("moechat-translations"));
        QSettings().clear();
    }

    void tsFilesAreComplete_data()
    {
        QTest::addColumn<QString>("locale");
        for (const char* locale : {"de", "fr", "es", "zh_CN"})
            QTest::newRow(locale) << QString::fromLatin1(locale);
    }

    void tsFilesAreComplete()
    {
        QFETCH(QString, locale);
        QFile file(QStringLiteral(MOECHAT_TRANSLATIONS_DIR "/moechat_%1.ts").arg(locale));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        QXmlStreamReader xml(&file);
        int messages = 0;
        QString source;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
                ++messages;
            } else if (xml.name() == QLatin1String("translation")) {
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                QVERIFY2(type.isEmpty(), qPrintable(QStringLiteral("%1: “%2” is %3").arg(locale, source, type)));
                const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                QVERIFY2(!text.trimmed().isEmpty(), qPrintable(QStringLiteral("%1: “%2” has no translation").arg(locale, source)));
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(messages > 150);
    }

    void compiledTranslationsAreEmbedded()
    {
        QTranslator de;
        QVERIFY(de.load(QStringLiteral(":/i18n/moechat_de.qm")));
        QCOMPARE(de.translate("Composer", "Send"), QStringLiteral("Senden"));
        QTranslator zh;
        QVERIFY(zh.load(QStringLiteral(":/i18n/moechat_zh_CN.qm")));
        QCOMPARE(zh.translate("Composer", "Send"), QStringLiteral("发送"));
    }

    void languageSettingSwitchesTheApp()
    {
        QTemporaryDir dir;
        AppController app({dir.filePath(QStringLiteral("h.sqlite")), {}});
        app.setLanguage(QStringLiteral("fr"));
        QCOMPARE(QCoreApplication::translate("Composer", "Send"), QStringLiteral("Envoyer"));
        app.setLanguage(QStringLiteral("es"));
        QCOMPARE(QCoreApplication::translate("Composer", "Send"), QStringLiteral("Enviar"));
        QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("es"));
        app.setLanguage(QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("Composer", "Send"), QStringLiteral("Send"));
    }
};

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
