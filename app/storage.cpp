#include "storage.h"

#include <QDir>
#include <QHash>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStandardPaths>

namespace {

constexpr const char* kConversationColumns =
    "SELECT id, title, system_prompt, sampling, current_leaf, created_at, updated_at FROM conversations ";
constexpr const char* kMessageColumns =
    "SELECT id, conversation_id, parent_id, role, content, state, created_at, generation FROM messages ";

qint64 now() { return QDateTime::currentMSecsSinceEpoch(); }

QString toJson(const QJsonObject& object) { return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)); }

QJsonObject fromJson(const QString& text) { return QJsonDocument::fromJson(text.toUtf8()).object(); }

// Scripts written without spaces between words (Chinese, Japanese, Thai, ...): FTS5's unicode61
// tokenizer takes a whole run of them as one token, so a word inside it is found by substring.
bool unsegmentedScript(const QString& word)
{
    for (const uint c : word.toUcs4())
        if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
            (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) || (c >= 0x0E00 && c <= 0x0EFF) ||
            (c >= 0x1000 && c <= 0x109F) || (c >= 0x1780 && c <= 0x17FF))
            return true;
    return false;
}

// The words of a search: each becomes a quoted FTS5 prefix term (so user text can never be read
// as FTS5 syntax) or, in an unsegmented script, a LIKE pattern with its wildcards escaped. A row
// matches when it has every word.
struct SearchTerms {
    QString fts;
    QStringList patterns;
    bool empty() const { return fts.isEmpty() && patterns.isEmpty(); }
};

SearchTerms searchTerms(const QString& search)
{
    SearchTerms t;
    QStringList fts;
    const QStringList words = search.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    for (QString word : words) {
        if (unsegmentedScript(word)) {
            word.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
                .replace(QLatin1Char('%'), QStringLiteral("\\%"))
                .replace(QLatin1Char('_'), QStringLiteral("\\_"));
            t.patterns << QLatin1Char('%') + word + QLatin1Char('%');
        } else {
            fts << QLatin1Char('"') + word.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QStringLiteral("\"*");
        }
    }
    t.fts = fts.join(QLatin1Char(' '));
    return t;
}

// "rowid IN (fts match) AND column LIKE ?2 AND ..." for one table; parameters ?1 (the FTS5 query)
// and ?2.. (the patterns).
QByteArray rowMatches(const SearchTerms& t, const char* ftsTable, const char* idColumn, const char* textColumn)
{
    QByteArrayList conditions;
    if (!t.fts.isEmpty())
        conditions << QByteArray(idColumn) + " IN (SELECT rowid FROM " + ftsTable + " WHERE " + ftsTable + " MATCH ?1)";
    for (int i = 0; i < t.patterns.size(); ++i)
        conditions << QByteArray(textColumn) + " LIKE ?" + QByteArray::number(i + 2) + " ESCAPE '\\'";
    return conditions.join(" AND ");
}

} // namespace

Storage::Storage(const QString& path, int schemaVersion) : db_(path, schemaVersion)
{
    // The exclusive lock means no other instance is writing: a streaming answer is a crash's.
    db_.exec("UPDATE messages SET state = 'interrupted' WHERE state = 'streaming'");
}

QString Storage::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("history.sqlite"));
}

Conversation Storage::readConversation(Statement& s)
{
    Conversation c;
    c.id = s.int64(0);
    c.title = s.text(1);
    c.systemPrompt = s.text(2);
    c.sampling = fromJson(s.text(3));
    c.currentLeaf = s.isNull(4) ? 0 : s.int64(4);
    c.createdAt = QDateTime::fromMSecsSinceEpoch(s.int64(5));
    c.updatedAt = QDateTime::fromMSecsSinceEpoch(s.int64(6));
    return c;
}

Message Storage::readMessage(Statement& s)
{
    Message m;
    m.id = s.int64(0);
    m.conversationId = s.int64(1);
    m.parentId = s.isNull(2) ? 0 : s.int64(2);
    m.role = s.text(3);
    m.content = s.text(4);
    m.state = s.text(5);
    m.createdAt = QDateTime::fromMSecsSinceEpoch(s.int64(6));
    m.generation = fromJson(s.text(7));
    return m;
}

QList<Conversation> Storage::conversations(const QString& search)
{
    const SearchTerms terms = searchTerms(search);
    QByteArray sql = kConversationColumns;
    if (!terms.empty())
        sql += "WHERE id IN (SELECT id FROM conversations WHERE " + rowMatches(terms, "conversation_fts", "id", "title") +
               " UNION SELECT conversation_id FROM messages WHERE " +
               rowMatches(terms, "message_fts", "id", "content") + ") ";
    sql += "ORDER BY updated_at DESC, id DESC";
    Statement s = db_.prepare(sql.constData());
    if (!terms.fts.isEmpty())
        s.bind(1, terms.fts);
    for (int i = 0; i < terms.patterns.size(); ++i)
        s.bind(i + 2, terms.patterns[i]);
    QList<Conversation> result;
    while (s.next())
        result << readConversation(s);
    return result;
}

std::optional<Conversation> Storage::conversation(qint64 id)
{
    Statement s = db_.prepare((QByteArray(kConversationColumns) + "WHERE id = ?1").constData());
    s.bind(1, id);
    if (!s.next())
        return std::nullopt;
    return readConversation(s);
}

qint64 Storage::createConversation(const QString& title, const QString& systemPrompt, const QJsonObject& sampling)
{
    const qint64 t = now();
    db_.prepare("INSERT INTO conversations (title, system_prompt, sampling, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)")
        .bind(1, title).bind(2, systemPrompt).bind(3, toJson(sampling)).bind(4, t).run();
    return db_.lastInsertId();
}

void Storage::renameConversation(qint64 id, const QString& title)
{
    db_.prepare("UPDATE conversations SET title = ?2 WHERE id = ?1").bind(1, id).bind(2, title).run();
}

void Storage::deleteConversation(qint64 id)
{
    db_.prepare("DELETE FROM conversations WHERE id = ?1").bind(1, id).run();
}

void Storage::setSystemPrompt(qint64 id, const QString& systemPrompt)
{
    db_.prepare("UPDATE conversations SET system_prompt = ?2 WHERE id = ?1").bind(1, id).bind(2, systemPrompt).run();
}

void Storage::setSampling(qint64 id, const QJsonObject& sampling)
{
    db_.prepare("UPDATE conversations SET sampling = ?2 WHERE id = ?1").bind(1, id).bind(2, toJson(sampling)).run();
}

void Storage::setCurrentLeaf(qint64 conversationId, qint64 messageId)
{
    db_.prepare("UPDATE conversations SET current_leaf = ?2 WHERE id = ?1").bind(1, conversationId).bind(2, messageId).run();
}

QList<Message> Storage::messages(qint64 conversationId)
{
    Statement s = db_.prepare((QByteArray(kMessageColumns) + "WHERE conversation_id = ?1 ORDER BY id").constData());
    s.bind(1, conversationId);
    QList<Message> result;
    while (s.next())
        result << readMessage(s);
    return result;
}

std::optional<Message> Storage::message(qint64 id)
{
    Statement s = db_.prepare((QByteArray(kMessageColumns) + "WHERE id = ?1").constData());
    s.bind(1, id);
    if (!s.next())
        return std::nullopt;
    return readMessage(s);
}

qint64 Storage::addMessage(const Message& message)
{
    Transaction transaction(db_);
    const qint64 created = message.createdAt.isValid() ? message.createdAt.toMSecsSinceEpoch() : now();
    Statement insert = db_.prepare(
        "INSERT INTO messages (conversation_id, parent_id, role, content, state, created_at, generation) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    insert.bind(1, message.conversationId);
    if (message.parentId)
        insert.bind(2, message.parentId);
    else
        insert.bindNull(2);
    insert.bind(3, message.role).bind(4, message.content).bind(5, message.state).bind(6, created)
        .bind(7, toJson(message.generation)).run();
    const qint64 id = db_.lastInsertId();
    db_.prepare("UPDATE conversations SET current_leaf = ?2, updated_at = ?3 WHERE id = ?1")
        .bind(1, message.conversationId).bind(2, id).bind(3, now()).run();
    transaction.commit();
    return id;
}

void Storage::updateContent(qint64 messageId, const QString& content)
{
    db_.prepare("UPDATE messages SET content = ?2 WHERE id = ?1").bind(1, messageId).bind(2, content).run();
}

void Storage::finishMessage(qint64 messageId, const QString& content, const QString& state, const QJsonObject& generation)
{
    db_.prepare("UPDATE messages SET content = ?2, state = ?3, generation = ?4 WHERE id = ?1")
        .bind(1, messageId).bind(2, content).bind(3, state).bind(4, toJson(generation)).run();
}

qint64 Storage::importConversation(const Conversation& conversation, const QList<Message>& messages)
{
    Transaction transaction(db_);
    const qint64 created = conversation.createdAt.isValid() ? conversation.createdAt.toMSecsSinceEpoch() : now();
    const qint64 updated = conversation.updatedAt.isValid() ? conversation.updatedAt.toMSecsSinceEpoch() : created;
    db_.prepare("INSERT INTO conversations (title, system_prompt, sampling, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, conversation.title).bind(2, conversation.systemPrompt).bind(3, toJson(conversation.sampling))
        .bind(4, created).bind(5, updated).run();
    const qint64 conversationId = db_.lastInsertId();

    QHash<qint64, qint64> newIds;
    Statement insert = db_.prepare(
        "INSERT INTO messages (conversation_id, parent_id, role, content, state, created_at, generation) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (const Message& m : messages) {
        insert.reset();
        insert.bind(1, conversationId);
        if (m.parentId)
            insert.bind(2, newIds.value(m.parentId));
        else
            insert.bindNull(2);
        insert.bind(3, m.role).bind(4, m.content).bind(5, m.state)
            .bind(6, m.createdAt.isValid() ? m.createdAt.toMSecsSinceEpoch() : created)
            .bind(7, toJson(m.generation)).run();
        newIds.insert(m.id, db_.lastInsertId());
    }
    if (conversation.currentLeaf && newIds.contains(conversation.currentLeaf))
        setCurrentLeaf(conversationId, newIds.value(conversation.currentLeaf));
    transaction.commit();
    return conversationId;
}

QList<Preset> Storage::presets()
{
    Statement s = db_.prepare("SELECT id, name, text, is_default FROM presets ORDER BY name COLLATE NOCASE");
    QList<Preset> result;
    while (s.next())
        result << Preset{s.int64(0), s.text(1), s.text(2), s.int64(3) != 0};
    return result;
}

qint64 Storage::savePreset(const Preset& preset)
{
    if (preset.id == 0) {
        db_.prepare("INSERT INTO presets (name, text) VALUES (?1, ?2)").bind(1, preset.name).bind(2, preset.text).run();
        return db_.lastInsertId();
    }
    db_.prepare("UPDATE presets SET name = ?2, text = ?3 WHERE id = ?1").bind(1, preset.id).bind(2, preset.name).bind(3, preset.text).run();
    return preset.id;
}

void Storage::deletePreset(qint64 id)
{
    db_.prepare("DELETE FROM presets WHERE id = ?1").bind(1, id).run();
}

void Storage::setDefaultPreset(qint64 id)
{
    Transaction transaction(db_);
    db_.prepare("UPDATE presets SET is_default = (id = ?1)").bind(1, id).run();
    transaction.commit();
}

std::optional<Preset> Storage::defaultPreset()
{
    Statement s = db_.prepare("SELECT id, name, text, is_default FROM presets WHERE is_default = 1");
    if (!s.next())
        return std::nullopt;
    return Preset{s.int64(0), s.text(1), s.text(2), true};
}

QList<PathStep> pathTo(const QList<Message>& all, qint64 leaf)
{
    QHash<qint64, const Message*> byId;
    QHash<qint64, QList<qint64>> children; // parent id → child ids, oldest first
    for (const Message& m : all) {
        byId.insert(m.id, &m);
        children[m.parentId].append(m.id);
    }
    QList<PathStep> path;
    for (const Message* m = byId.value(leaf); m; m = byId.value(m->parentId)) {
        const QList<qint64>& siblings = children.value(m->parentId);
        path.prepend(PathStep{*m, int(siblings.indexOf(m->id)), int(siblings.size())});
        if (m->parentId == 0)
            break;
    }
    return path;
}

qint64 newestLeafUnder(const QList<Message>& all, qint64 id)
{
    qint64 leaf = id;
    for (bool descended = true; descended;) {
        descended = false;
        for (auto it = all.crbegin(); it != all.crend(); ++it) {
            if (it->parentId == leaf) {
                leaf = it->id;
                descended = true;
                break;
            }
        }
    }
    return leaf;
}
