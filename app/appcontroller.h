#pragma once
// The QML singleton `App`: owns the history database, the engine thread, the controllers and
// models the views bind to, and the app-wide settings (language, last conversation).
#include <QObject>
#include <QPointer>
#include <QQmlApplicationEngine>
#include <QQmlEngine>
#include <QThread>
#include <QTranslator>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>

#include "chatcontroller.h"

class AppController : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(App)
    QML_SINGLETON
    Q_PROPERTY(QString fatalError READ fatalError CONSTANT)
    Q_PROPERTY(QString databasePath READ databasePath CONSTANT)
    Q_PROPERTY(QString demoModelPath READ demoModelPath CONSTANT)
    Q_PROPERTY(ChatController* chat READ chat CONSTANT)
    Q_PROPERTY(ModelController* model READ model CONSTANT)
    Q_PROPERTY(SamplingSettings* sampling READ sampling CONSTANT)
    Q_PROPERTY(ConversationListModel* conversations READ conversations CONSTANT)
    Q_PROPERTY(MessageListModel* messages READ messages CONSTANT)
    Q_PROPERTY(PresetListModel* presets READ presets CONSTANT)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(QVariantList languages READ languages CONSTANT)

public:
    struct Options {
        QString databasePath; // empty: Storage::defaultPath()
        QString modelFolder;  // loaded at start when set
    };

    explicit AppController(const Options& options, QObject* parent = nullptr);
    ~AppController() override;

    // The QML engine asks for the singleton; main() and tests create it first.
    static AppController* create(QQmlEngine* qmlEngine, QJSEngine* jsEngine);
    static AppController* instance() { return instance_; }

    QString fatalError() const { return fatalError_; }
    QString databasePath() const { return databasePath_; }
    QString demoModelPath() const;
    ChatController* chat() const { return chat_; }
    ModelController* model() const { return model_; }
    SamplingSettings* sampling() const { return sampling_; }
    ConversationListModel* conversations() const { return conversations_; }
    MessageListModel* messages() const { return messages_; }
    PresetListModel* presets() const { return presets_; }
    QString language() const { return language_; }
    void setLanguage(const QString& language);
    QVariantList languages() const;

    // Exports to a path or file:// URL; `conversationId` 0 exports all. Returns an error or "".
    Q_INVOKABLE QString exportConversations(const QString& pathOrUrl, const QString& format, qint64 conversationId);
    // Returns a sentence for the user: how many were imported, or what is wrong with the file.
    Q_INVOKABLE QString importConversations(const QString& pathOrUrl);
    Q_INVOKABLE void copyText(const QString& text);

signals:
    void languageChanged();

private:
    void applyLanguage();
    static AppController* instance_;
    QPointer<QQmlEngine> qmlEngine_; // retranslated when the language changes
    QString fatalError_;
    QString databasePath_;
    QString language_;
    QTranslator appTranslator_;
    QTranslator qtTranslator_;
    std::unique_ptr<Storage> storage_;
    QThread engineThread_;
    EngineWorker* worker_ = nullptr;
    SamplingSettings* sampling_ = nullptr;
    ConversationListModel* conversations_ = nullptr;
    MessageListModel* messages_ = nullptr;
    PresetListModel* presets_ = nullptr;
    ModelController* model_ = nullptr;
    ChatController* chat_ = nullptr;
};

// Loads ui/Main.qml into `engine` (the module's resource path on Qt 6.4); false on failure.
bool loadMainWindow(QQmlApplicationEngine& engine);
