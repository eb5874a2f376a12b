#include "database.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <sqlite3.h>

namespace {

// "MOEC": marks the file as ours, so a foreign SQLite file is never migrated into one.
constexpr int kApplicationId = 0x4d4f4543;

// Gives this file's messages the translation context "Database" (read by lupdate).
struct DatabaseText {
    Q_DECLARE_TR_FUNCTIONS(Database)
};

DatabaseError errorFor(sqlite3* db, int rc, const QString& path)
{
    const QString name = QDir::toNativeSeparators(path);
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
        return DatabaseError(DatabaseError::Kind::NotADatabase,
            DatabaseText::tr("%1 is not a moechat history database. It was left untouched; choose another file (--db FILE).").arg(name));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return DatabaseError(DatabaseError::Kind::Locked,
            DatabaseText::tr("%1 is in use by another moechat window. Close that window, or start with another history file (--db FILE).").arg(name));
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
        return DatabaseError(DatabaseError::Kind::CannotOpen,
            DatabaseText::tr("Cannot open %1 for writing: check that the folder exists and that you may write to it.").arg(name));
    case SQLITE_FULL:
        return DatabaseError(DatabaseError::Kind::Failed,
            DatabaseText::tr("The disk holding %1 is full. Free some space and try again.").arg(name));
    default:
        return DatabaseError(DatabaseError::Kind::Failed,
            DatabaseText::tr("The history database %1 reported an error: %2").arg(name, QString::fromUtf8(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc))));
    }
}

// Each migration brings the schema from version N-1 to N; Database::migrate runs each in its
// own transaction together with the user_version bump.
void migrateTo1(Database& db)
{
    db.exec(R"sql(
        CREATE TABLE conversations (
            id            INTEGER PRIMARY KEY,
            title         TEXT NOT NULL,
            system_prompt TEXT NOT NULL DEFAULT '',
            sampling      TEXT NOT NULL DEFAULT '{}',  -- JSON: the conversation's sampling settings
            current_leaf  INTEGER,                     -- last message of the branch on screen
            created_at    INTEGER NOT NULL,            -- ms since the epoch, UTC
            updated_at    INTEGER NOT NULL
        );
        CREATE TABLE messages (
            id              INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            parent_id       INTEGER REFERENCES messages(id) ON DELETE CASCADE,
            role            TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
            content         TEXT NOT NULL,
            state           TEXT NOT NULL DEFAULT 'complete', -- complete, streaming, interrupted, stopped, failed
            created_at      INTEGER NOT NULL,
            generation      TEXT NOT NULL DEFAULT '{}'        -- JSON: model, sampling, seed, stats
        );
        CREATE INDEX messages_by_conversation ON messages (conversation_id, parent_id);
        CREATE TABLE presets (
            id         INTEGER PRIMARY KEY,
            name       TEXT NOT NULL UNIQUE,
            text       TEXT NOT NULL,
            is_default INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO presets (name, text, is_default) VALUES
            ('Helpful assistant', 'You are a helpful assistant. Answer clearly and concisely.', 1);
    )sql");
    db.exec(QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId).toUtf8().constData());
}

// Full-text search over titles and message text, kept in step by triggers.
void migrateTo2(Database& db)
{
    db.exec(R"sql(
        CREATE VIRTUAL TABLE conversation_fts USING fts5(
            title, content='conversations', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE message_fts USING fts5(
            content, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
        INSERT INTO conversation_fts (rowid, title) SELECT id, title FROM conversations;
        INSERT INTO message_fts (rowid, content) SELECT id, content FROM messages;

        CREATE TRIGGER conversations_ai AFTER INSERT ON conversations BEGIN
            INSERT INTO conversation_fts (rowid, title) VALUES (new.id, new.title);
        END;
        CREATE TRIGGER conversations_ad AFTER DELETE ON conversations BEGIN
            INSERT INTO conversation_fts (conversation_fts, rowid, title) VALUES ('delete', old.id, old.title);
        END;
        CREATE TRIGGER conversations_au AFTER UPDATE OF title ON conversations BEGIN
            INSERT INTO conversation_fts (conversation_fts, rowid, title) VALUES ('delete', old.id, old.title);
            INSERT INTO conversation_fts (rowid, title) VALUES (new.id, new.title);
        END;
        CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
            INSERT INTO message_fts (rowid, content) VALUES (new.id, new.content);
        END;
        CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
            INSERT INTO message_fts (message_fts, rowid, content) VALUES ('delete', old.id, old.content);
        END;
        CREATE TRIGGER messages_au AFTER UPDATE OF content ON messages BEGIN
            INSERT INTO message_fts (message_fts, rowid, content) VALUES ('delete', old.id, old.content);
            INSERT INTO message_fts (rowid, content) VALUES (new.id, new.content);
        END;
    )sql");
}

using Migration = void (*)(Database&);
constexpr Migration kMigrations[] = {migrateTo1, migrateTo2};
static_assert(std::size(kMigrations) == Database::kSchemaVersion);

} // namespace

DatabaseError::DatabaseError(Kind kind, const QString& message)
    : std::runtime_error(message.toStdString()), kind_(kind)
{
}

Statement::Statement(sqlite3* db, const char* sql) : db_(db)
{
    const int rc = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
    if (rc != SQLITE_OK)
        throw errorFor(db, rc, QString::fromUtf8(sqlite3_db_filename(db, "main")));
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }

Statement& Statement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(stmt_, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNull(int index)
{
    sqlite3_bind_null(stmt_, index);
    return *this;
}

bool Statement::next()
{
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    throw errorFor(db_, rc, QString::fromUtf8(sqlite3_db_filename(db_, "main")));
}

void Statement::run()
{
    while (next()) {
    }
}

void Statement::reset()
{
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

qint64 Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

QString Statement::text(int column) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return QString::fromUtf8(data, sqlite3_column_bytes(stmt_, column));
}

bool Statement::isNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

Database::Database(const QString& path, int targetVersion) : path_(path)
{
    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        throw DatabaseError(DatabaseError::Kind::CannotOpen,
            DatabaseText::tr("%1 is a folder, not a history file. Choose a file name (--db FILE).").arg(QDir::toNativeSeparators(path)));
    QDir().mkpath(info.absolutePath());

    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db_,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const DatabaseError error = errorFor(db_, rc, path);
        sqlite3_close(db_);
        db_ = nullptr;
        throw error;
    }
    try {
        sqlite3_extended_result_codes(db_, 0);
        sqlite3_busy_timeout(db_, 250);
        // One app instance per file: the lock is held from the first access until close.
        exec("PRAGMA locking_mode = EXCLUSIVE");
        checkOwnership();
        exec("PRAGMA journal_mode = WAL");
        exec("PRAGMA synchronous = NORMAL");
        exec("PRAGMA foreign_keys = ON");
        migrate(targetVersion);
    } catch (...) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw;
    }
}

Database::~Database() { sqlite3_close(db_); }

void Database::checkOwnership()
{
    // Only reads happen here, so whatever is refused stays exactly as it was.
    const int version = schemaVersion();
    const QString name = QDir::toNativeSeparators(path_);
    if (version > kSchemaVersion)
        throw DatabaseError(DatabaseError::Kind::Newer,
            DatabaseText::tr("%1 was written by a newer version of moechat (history format %2; this version reads up to %3). "
               "Update moechat to open it; the file was left untouched.").arg(name).arg(version).arg(kSchemaVersion));
    Statement appId = prepare("PRAGMA application_id");
    appId.next();
    Statement tables = prepare("SELECT count(*) FROM sqlite_master");
    tables.next();
    const bool foreign = version == 0 ? tables.int64(0) > 0 : appId.int64(0) != kApplicationId;
    if (foreign)
        throw DatabaseError(DatabaseError::Kind::Foreign,
            DatabaseText::tr("%1 is an SQLite database of another program, not a moechat history. It was left untouched; "
               "choose another file (--db FILE).").arg(name));
}

void Database::migrate(int targetVersion)
{
    for (int version = schemaVersion(); version < targetVersion; ++version) {
        Transaction transaction(*this);
        kMigrations[version](*this);
        exec(QStringLiteral("PRAGMA user_version = %1").arg(version + 1).toUtf8().constData());
        transaction.commit();
    }
}

void Database::exec(const char* sql)
{
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc != SQLITE_OK)
        throw errorFor(db_, rc, path_);
}

qint64 Database::lastInsertId() const { return sqlite3_last_insert_rowid(db_); }

int Database::schemaVersion()
{
    Statement statement = prepare("PRAGMA user_version");
    statement.next();
    return int(statement.int64(0));
}

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction()
{
    if (!done_) {
        try {
            db_.exec("ROLLBACK");
        } catch (const DatabaseError&) {
            // Nothing more can be done in a destructor; SQLite rolls back on close anyway.
        }
    }
}

void Transaction::commit()
{
    db_.exec("COMMIT");
    done_ = true;
}
