// The whole app, offscreen: starts with the composer focused, loads the demo model given on
// the command line, takes a question typed on the keyboard, streams the answer, and saves a
// screenshot of the window (README's picture).
#include <QDir>
#include <QFile>
#include <QQmlApplicationEngine>
#include <QRegularExpression>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include "appcontroller.h"

Q_IMPORT_QML_PLUGIN(MoechatPlugin)

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("moechat-test"));
        QCoreApplication::setApplicationName(QStringLiteral("moechat-mainwindow"));
        QSettings().clear();
        QQuickStyle::setStyle(QStringLiteral("Fusion"));
    }

    void chatsWithTheDemoModelAndSavesAScreenshot()
    {
        const QString demo = QStringLiteral(MOECHAT_DEMO_MODEL);
        QVERIFY2(QFile::exists(demo + QStringLiteral("/config.json")), qPrintable(demo + " is missing; resources/ copies it at configure time"));
        // Any QML error in the window's own files fails the test.
        QTest::failOnWarning(QRegularExpression(QStringLiteral("qrc:/Moechat/")));
        QTemporaryDir dir;
        AppController app({dir.filePath(QStringLiteral("history.sqlite")), demo});
        QVERIFY(app.fatalError().isEmpty());
        QQmlApplicationEngine engine;
        QVERIFY(loadMainWindow(engine));
        auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst());
        QVERIFY(window);
        QVERIFY(QTest::qWaitForWindowExposed(window));

        // Ready for a message at once: the composer holds the keyboard while the model loads.
        QTRY_VERIFY(window->activeFocusItem());
        QCOMPARE(window->activeFocusItem()->objectName(), QStringLiteral("composerInput"));
        QTRY_VERIFY_WITH_TIMEOUT(app.model()->ready(), 120000);
        QCOMPARE(app.model()->loadedName(), QStringLiteral("demo-model"));

        QSignalSpy finished(app.chat(), &ChatController::answerFinished);
        const QByteArray question = "What is a mixture of experts?";
        for (char c : question)
            QTest::keyClick(window, c);
        QTest::keyClick(window, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("complete"));
        QCOMPARE(app.messages()->rowCount(), 2);
        QCOMPARE(app.messages()->data(app.messages()->index(0), MessageListModel::ContentRole).toString(),
                 QStringLiteral("What is a mixture of experts?"));
        QVERIFY(!app.messages()->data(app.messages()->index(1), MessageListModel::ContentRole).toString().isEmpty());
        QCOMPARE(app.conversations()->rowCount(), 1);
        QCOMPARE(window->activeFocusItem()->objectName(), QStringLiteral("composerInput"));

        QTest::qWait(300); // the last pieces are laid out
        const QImage shot = window->grabWindow();
        QVERIFY(!shot.isNull());
        const QString path = QStringLiteral(MOECHAT_SCREENSHOT);
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        QVERIFY(shot.save(path));
        qInfo("screenshot: %s", qPrintable(path));

        // Choosing a language in the settings retranslates the open window.
        auto* send = window->findChild<QQuickItem*>(QStringLiteral("sendButton"));
        QVERIFY(send);
        QCOMPARE(send->property("text").toString(), QStringLiteral("Send"));
        app.setLanguage(QStringLiteral("de"));
        QTRY_COMPARE(send->property("text").toString(), QStringLiteral("Senden"));
        app.setLanguage(QStringLiteral("en"));

        // The dialogs open from their shortcuts (and bind without errors), and Esc closes them.
        const QList<std::pair<const char*, const char*>> dialogs{
            {"Ctrl+O", "modelDialog"}, {"Ctrl+E", "exportDialog"}, {"Ctrl+,", "settingsDialog"}};
        for (const auto& [shortcut, name] : dialogs) {
            QObject* dialog = window->findChild<QObject*>(QString::fromLatin1(name));
            QVERIFY2(dialog, name);
            QTest::keySequence(window, QKeySequence(QString::fromLatin1(shortcut)));
            QTRY_VERIFY2(dialog->property("opened").toBool(), name);
            QTest::keyClick(window, Qt::Key_Escape);
            QTRY_VERIFY2(!dialog->property("visible").toBool(), name);
        }
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
