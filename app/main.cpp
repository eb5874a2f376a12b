// moechat: the desktop app. Everything but start-up lives in moechat_core.
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QIcon>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QtQml/qqmlextensionplugin.h>

#include "appcontroller.h"

Q_IMPORT_QML_PLUGIN(MoechatPlugin)

int main(int argc, char* argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setOrganizationName(QStringLiteral("moechat"));
    QGuiApplication::setApplicationName(QStringLiteral("moechat"));
    QGuiApplication::setApplicationVersion(QStringLiteral(MOECHAT_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.moechat.Moechat"));
    QGuiApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("io.github.moechat.Moechat")));
    // Fusion draws with the system palette, so the app is light or dark as the desktop is.
    QQuickStyle::setStyle(QStringLiteral("Fusion"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QGuiApplication::translate("main", "Chat with Mixture-of-Experts models on your own machine."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption modelOption(QStringLiteral("model"), QGuiApplication::translate("main", "Load the model in DIR at start."),
                                         QStringLiteral("DIR"));
    const QCommandLineOption dbOption(QStringLiteral("db"), QGuiApplication::translate("main", "Keep the chat history in FILE."),
                                      QStringLiteral("FILE"));
    parser.addOptions({modelOption, dbOption});
    parser.process(app);

    AppController controller({parser.value(dbOption), parser.value(modelOption)});
    QQmlApplicationEngine engine;
    if (!loadMainWindow(engine))
        return 1;
    return QGuiApplication::exec();
}
