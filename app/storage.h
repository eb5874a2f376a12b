#pragma once
// The chat history: conversations, their message trees (edits and regenerations are siblings,
// nothing is deleted) and the system-prompt presets, in one SQLite database.
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

#include "database.h"

struct Conversation {
    qint64 id = 0;
    QString title;
    QString systemPrompt;
    QJsonObject sampling;  // SamplingSettings::toJson()
    qint64 currentLeaf = 0; // 0: no message yet
    QDateTime createdAt;
    QDateTime updatedAt;
};

struct Message {
    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 parentId = 0;    // 0: first message of the conversation
    QString role;           // "user" or "assistant"
    QString content;
    QString state = QStringLiteral("complete"); // complete, streaming, interrupted, stopped, failed
    QDateTime createdAt;
    QJsonObject generation; // assistant: model, sampling, seed, stats
};

struct Preset {
    qint64 id = 0;
    QString name;
    QString text;
    bool isDefault = false;
};

class Storage {
public:
    // Opens (creating or migrating) the database; throws DatabaseError. Answers that were still
    // streaming when the last session ended are marked "interrupted".
    explicit Storage(const QString& path, int schemaVersion = Database::kSchemaVersion);

    static QString defaultPath(); // QStandardPaths::AppDataLocation/history.sqlite
    const QString& path() const { return db_.path(); }
    Database& database() { return db_; }

    // Newest first; `search` is matched (prefix, all words) against titles and message text.
    QList<Conversation> conversations(const QString& search = {});
    std::optional<Conversation> conversation(qint64 id);
    qint64 createConversation(const QString& title, const QString& systemPrompt, const QJsonObject& sampling);
    void renameConversation(qint64 id, const QString& title);
    void deleteConversation(qint64 id);
    void setSystemPrompt(qint64 id, const QString& systemPrompt);
    void setSampling(qint64 id, const QJsonObject& sampling);
    void setCurrentLeaf(qint64 conversationId, qint64 messageId);

    // All messages of a conversation, oldest first.
    QList<Message> messages(qint64 conversationId);
    std::optional<Message> message(qint64 id);
    // Inserts, makes it the conversation's current leaf and touches updated_at; returns its id.
    qint64 addMessage(const Message& message);
    void updateContent(qint64 messageId, const QString& content);
    void finishMessage(qint64 messageId, const QString& content, const QString& state, const QJsonObject& generation);

    // Inserts a whole conversation (ids are reassigned; parents follow); returns its new id.
    qint64 importConversation(const Conversation& conversation, const QList<Message>& messages);

    QList<Preset> presets();
    qint64 savePreset(const Preset& preset); // id 0 inserts; returns the id
    void deletePreset(qint64 id);
    void setDefaultPreset(qint64 id);
    std::optional<Preset> defaultPreset();

private:
    Conversation readConversation(Statement& s);
    Message readMessage(Statement& s);
    Database db_;
};

// The branch on screen: the path from the root to `leaf`, and which sibling each step is.
struct PathStep {
    Message message;
    int siblingIndex = 0; // 0-based among messages sharing the parent
    int siblingCount = 1;
};
QList<PathStep> pathTo(const QList<Message>& all, qint64 leaf);
// The leaf reached from `id` by following the newest child at every step.
qint64 newestLeafUnder(const QList<Message>& all, qint64 id);
