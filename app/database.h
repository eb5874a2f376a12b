#pragma once
// A thin RAII layer over sqlite3: one connection, prepared statements, and a transaction that
// rolls back unless committed. Opening checks that the file is a moechat database this build
// understands, takes an exclusive lock (one app instance per file) and migrates the schema.
#include <QString>

#include <stdexcept>

struct sqlite3;
struct sqlite3_stmt;

class DatabaseError : public std::runtime_error {
public:
    enum class Kind { Failed, NotADatabase, Foreign, Newer, Locked, CannotOpen };
    DatabaseError(Kind kind, const QString& message);
    Kind kind() const { return kind_; }
    QString message() const { return QString::fromUtf8(what()); }

private:
    Kind kind_;
};

class Statement {
public:
    Statement(sqlite3* db, const char* sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binding indices start at 1, as in SQLite.
    Statement& bind(int index, qint64 value);
    Statement& bind(int index, const QString& value);
    Statement& bindNull(int index);

    bool next(); // steps; true while a row is available
    void run();  // steps to completion (statements without rows)
    void reset();

    qint64 int64(int column) const;
    QString text(int column) const;
    bool isNull(int column) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class Database {
public:
    static constexpr int kSchemaVersion = 2;

    // Opens or creates `path` and migrates it to `targetVersion` (tests open older versions).
    // Throws DatabaseError; a file that is not ours, or newer, is left byte-for-byte untouched.
    explicit Database(const QString& path, int targetVersion = kSchemaVersion);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(const char* sql);
    Statement prepare(const char* sql) { return Statement(db_, sql); }
    qint64 lastInsertId() const;
    int schemaVersion();
    const QString& path() const { return path_; }

private:
    void checkOwnership();
    void migrate(int targetVersion);
    QString path_;
    sqlite3* db_ = nullptr;
};

class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};
