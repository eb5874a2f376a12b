#include "appcontroller.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QDir>
#include <QGuiApplication>
#include <QLibraryInfo>
#include <QQmlApplicationEngine>
#include <QSettings>
#include <QUrl>

#include "exporter.h"

AppController* AppController::instance_ = nullptr;

namespace {

const QString kLanguageKey = QStringLiteral("ui/language");
const QString kLastConversationKey = QStringLiteral("chat/lastConversation");

QString toLocalPath(const QString& pathOrUrl)
{
    const QUrl url(pathOrUrl);
    return url.isLocalFile() ? url.toLocalFile() : pathOrUrl;
}

} // namespace

AppController::AppController(const Options& options, QObject* parent) : QObject(parent)
{
    instance_ = this;
    language_ = QSettings().value(kLanguageKey).toString();
    applyLanguage();

    databasePath_ = options.databasePath.isEmpty() ? Storage::defaultPath() : QDir(options.databasePath).absolutePath();
    try {
        storage_ = std::make_unique<Storage>(databasePath_);
    } catch (const DatabaseError& e) {
        fatalError_ = e.message();
        return;
    }

    sampling_ = new SamplingSettings(this);
    worker_ = new EngineWorker(sampling_->live());
    worker_->moveToThread(&engineThread_);
    connect(&engineThread_, &QThread::finished, worker_, &QObject::deleteLater);
    engineThread_.setObjectName(QStringLiteral("engine"));
    engineThread_.start();

    conversations_ = new ConversationListModel(storage_.get(), this);
    messages_ = new MessageListModel(this);
    presets_ = new PresetListModel(storage_.get(), this);
    model_ = new ModelController(worker_, this);
    chat_ = new ChatController(storage_.get(), worker_, model_, sampling_, conversations_, messages_, presets_, this);

    connect(chat_, &ChatController::conversationChanged, this,
            [this] { QSettings().setValue(kLastConversationKey, chat_->conversationId()); });
    const qint64 last = QSettings().value(kLastConversationKey).toLongLong();
    if (last)
        chat_->openConversation(last);
    if (!options.modelFolder.isEmpty())
        model_->loadFolder(options.modelFolder);
}

AppController::~AppController()
{
    if (worker_) {
        worker_->requestStopGeneration();
        worker_->requestCancelLoad();
    }
    engineThread_.quit();
    engineThread_.wait();
    // Delivers the stopped answer's last pieces and its end, so it is saved as stopped.
    QCoreApplication::sendPostedEvents();
    if (instance_ == this)
        instance_ = nullptr;
}

AppController* AppController::create(QQmlEngine* qmlEngine, QJSEngine*)
{
    Q_ASSERT(instance_);
    instance_->qmlEngine_ = qmlEngine;
    QJSEngine::setObjectOwnership(instance_, QJSEngine::CppOwnership);
    return instance_;
}

QString AppController::demoModelPath() const
{
    const QString installed = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/moechat/demo-model"));
    if (QDir(installed).exists())
        return QDir::cleanPath(installed);
    return QStringLiteral(MOECHAT_BUILD_DEMO_MODEL);
}

void AppController::setLanguage(const QString& language)
{
    if (language == language_)
        return;
    language_ = language;
    QSettings().setValue(kLanguageKey, language);
    applyLanguage();
    if (qmlEngine_)
        qmlEngine_->retranslate();
    emit languageChanged();
}

void AppController::applyLanguage()
{
    QCoreApplication::removeTranslator(&appTranslator_);
    QCoreApplication::removeTranslator(&qtTranslator_);
    const QLocale locale = language_.isEmpty() ? QLocale::system() : QLocale(language_);
    if (appTranslator_.load(locale, QStringLiteral("moechat"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&appTranslator_);
    if (qtTranslator_.load(locale, QStringLiteral("qt"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator_);
}

QVariantList AppController::languages() const
{
    return {QVariantMap{{"code", QString()}, {"name", tr("System language")}},
            QVariantMap{{"code", "en"}, {"name", QStringLiteral("English")}},
            QVariantMap{{"code", "de"}, {"name", QStringLiteral("Deutsch")}},
            QVariantMap{{"code", "fr"}, {"name", QStringLiteral("Français")}},
            QVariantMap{{"code", "es"}, {"name", QStringLiteral("Español")}},
            QVariantMap{{"code", "zh_CN"}, {"name", QStringLiteral("简体中文")}}};
}

QString AppController::exportConversations(const QString& pathOrUrl, const QString& format, qint64 conversationId)
{
    const auto f = exporter::formatFromName(format);
    if (!f)
        return tr("Unknown export format “%1”.").arg(format);
    QList<qint64> ids;
    if (conversationId)
        ids << conversationId;
    return exporter::exportToFile(*storage_, ids, *f, toLocalPath(pathOrUrl));
}

QString AppController::importConversations(const QString& pathOrUrl)
{
    try {
        const QList<qint64> ids = exporter::importFile(*storage_, toLocalPath(pathOrUrl));
        conversations_->refresh();
        return tr("Imported %n conversation(s).", nullptr, int(ids.size()));
    } catch (const exporter::ImportError& e) {
        return e.message();
    } catch (const DatabaseError& e) {
        return e.message();
    }
}

void AppController::copyText(const QString& text)
{
    QGuiApplication::clipboard()->setText(text);
}

bool loadMainWindow(QQmlApplicationEngine& engine)
{
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.load(QUrl(QStringLiteral("qrc:/Moechat/ui/Main.qml")));
    return !engine.rootObjects().isEmpty();
}

#include "moc_appcontroller.cpp"
