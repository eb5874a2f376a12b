#pragma once
// The conversation on screen: sending, streaming into the view and the database, stopping,
// regenerating, editing an earlier message, switching branches, the system prompt and the
// per-conversation sampling settings.
#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

#include <functional>

#include "answerwriter.h"
#include "conversationlistmodel.h"
#include "engineworker.h"
#include "messagelistmodel.h"
#include "modelcontroller.h"
#include "presetlistmodel.h"
#include "samplingsettings.h"

class ChatController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController.chat")
    Q_PROPERTY(qint64 conversationId READ conversationId NOTIFY conversationChanged)
    Q_PROPERTY(QString title READ title NOTIFY conversationChanged)
    Q_PROPERTY(QString systemPrompt READ systemPrompt WRITE setSystemPrompt NOTIFY systemPromptChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString lastStats READ lastStats NOTIFY lastStatsChanged)
    // "Reading the conversation… 40 %" while a long prompt is fed, before the first word.
    Q_PROPERTY(QString progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    ChatController(Storage* storage, EngineWorker* worker, ModelController* model, SamplingSettings* sampling,
                   ConversationListModel* conversations, MessageListModel* messages, PresetListModel* presets,
                   QObject* parent = nullptr);

    qint64 conversationId() const { return conversationId_; }
    QString title() const { return title_; }
    QString systemPrompt() const { return systemPrompt_; }
    void setSystemPrompt(const QString& prompt);
    bool busy() const { return writer_ != nullptr; }
    QString lastStats() const { return lastStats_; }
    QString progress() const { return progress_; }
    QString error() const { return error_; }

    Q_INVOKABLE void newConversation();
    Q_INVOKABLE void openConversation(qint64 id);
    Q_INVOKABLE void renameConversation(qint64 id, const QString& title);
    Q_INVOKABLE void deleteConversation(qint64 id);
    // False (with `error` set) when nothing was sent, so the composer keeps the text.
    Q_INVOKABLE bool send(const QString& text);
    Q_INVOKABLE void stop();
    Q_INVOKABLE void regenerate();
    Q_INVOKABLE void editAndResend(qint64 messageId, const QString& text);
    Q_INVOKABLE void switchBranch(qint64 messageId, int delta);
    Q_INVOKABLE void clearError();

signals:
    void conversationChanged();
    void systemPromptChanged();
    void busyChanged();
    void lastStatsChanged();
    void progressChanged();
    void errorChanged();
    void answerFinished(qint64 messageId, const QString& state);
    void generateRequested(const GenerationJob& job);

private:
    void startAnswer(qint64 userMessageId);
    void onPiece(quint64 job, const QString& text);
    void onPrefill(quint64 job, int done, int total);
    void setProgress(const QString& text);
    void onFinished(quint64 job, const QJsonObject& stats);
    void onFailed(quint64 job, const QString& message);
    void endAnswer(const QString& state, const QJsonObject& stats);
    void onSamplingChanged();
    void reloadPath();
    void setError(const QString& message);
    QString noModelMessage() const;
    bool guard(const std::function<void()>& action); // turns database errors into `error`

    Storage* storage_;
    EngineWorker* worker_;
    ModelController* model_;
    SamplingSettings* sampling_;
    ConversationListModel* conversations_;
    MessageListModel* messages_;
    PresetListModel* presets_;

    qint64 conversationId_ = 0;
    QString title_;
    QString systemPrompt_;
    QString lastStats_;
    QString progress_;
    QString error_;
    bool loadingConversation_ = false;

    // The answer being generated (null when idle).
    QPointer<AnswerWriter> writer_;
    qint64 answerConversationId_ = 0;
    quint64 jobId_ = 0;
    int piecesReceived_ = 0;
    QJsonObject generation_;
    QJsonArray samplingChanges_;
};
