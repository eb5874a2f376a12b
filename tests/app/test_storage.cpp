// Storage: schema migrations, refusal of files that are not ours, conversations and branches,
// search, presets, and crash safety (a child process killed while streaming).
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <sqlite3.h>

#include <cstdio>

#include "answerwriter.h"
#include "storage.h"

namespace {

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

void rawSql(const QString& path, const char* sql)
{
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
}

Message userMessage(qint64 conversation, qint64 parent, const QString& text)
{
    Message m;
    m.conversationId = conversation;
    m.parentId = parent;
    m.role = QStringLiteral("user");
    m.content = text;
    return m;
}

// Child mode: streams an answer into DB forever, reporting each write on stdout, until killed.
int streamChild(const QString& path)
{
    Storage storage(path);
    const qint64 c = storage.createConversation(QStringLiteral("Crash"), {}, {});
    const qint64 user = storage.addMessage(userMessage(c, 0, QStringLiteral("Count")));
    Message answer;
    answer.conversationId = c;
    answer.parentId = user;
    answer.role = QStringLiteral("assistant");
    answer.state = QStringLiteral("streaming");
    AnswerWriter writer(&storage, storage.addMessage(answer));
    QObject::connect(&writer, &AnswerWriter::flushed, [](int length) {
        std::printf("flushed %d\n", length);
        std::fflush(stdout);
    });
    int n = 0;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, [&] { writer.append(QStringLiteral("tok%1 ").arg(n++)); });
    tick.start(5);
    return QCoreApplication::exec();
}

} // namespace

class TestStorage : public QObject {
    Q_OBJECT

private slots:
    void init() { QVERIFY(dir_.isValid()); path_ = dir_.filePath(QStringLiteral("h%1.sqlite").arg(++n_)); }

    void freshDatabaseIsCurrentAndWal()
    {
        Storage s(path_);
        QCOMPARE(s.database().schemaVersion(), Database::kSchemaVersion);
        Statement mode = s.database().prepare("PRAGMA journal_mode");
        QVERIFY(mode.next());
        QCOMPARE(mode.text(0), QStringLiteral("wal"));
        QVERIFY(s.defaultPreset().has_value());
    }

    void migratesVersion1AndIndexesExistingText()
    {
        {
            Storage v1(path_, 1);
            QCOMPARE(v1.database().schemaVersion(), 1);
            const qint64 c = v1.createConversation(QStringLiteral("Old chat"), {}, {});
            v1.addMessage(userMessage(c, 0, QStringLiteral("zebras are striped")));
        }
        Storage s(path_);
        QCOMPARE(s.database().schemaVersion(), 2);
        const QList<Conversation> found = s.conversations(QStringLiteral("zebra"));
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().title, QStringLiteral("Old chat"));
    }

    void refusesNewerDatabaseUntouched()
    {
        rawSql(path_, "PRAGMA application_id = 1297040707; CREATE TABLE t (x); PRAGMA user_version = 99;");
        const QByteArray before = fileHash(path_);
        try {
            Storage s(path_);
            QFAIL("a newer database was opened");
        } catch (const DatabaseError& e) {
            QCOMPARE(e.kind(), DatabaseError::Kind::Newer);
            QVERIFY2(e.message().contains(QStringLiteral("newer version")), qPrintable(e.message()));
        }
        QCOMPARE(fileHash(path_), before);
    }

    void refusesForeignSqliteUntouched()
    {
        rawSql(path_, "CREATE TABLE accounts (id INTEGER, balance REAL); INSERT INTO accounts VALUES (1, 2.5);");
        const QByteArray before = fileHash(path_);
        try {
            Storage s(path_);
            QFAIL("a foreign database was opened");
        } catch (const DatabaseError& e) {
            QCOMPARE(e.kind(), DatabaseError::Kind::Foreign);
        }
        QCOMPARE(fileHash(path_), before);
    }

    void refusesNonDatabaseUntouched()
    {
        QFile f(path_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("These are my notes, not a database.\n").repeated(200));
        f.close();
        const QByteArray before = fileHash(path_);
        try {
            Storage s(path_);
            QFAIL("a text file was opened as a database");
        } catch (const DatabaseError& e) {
            QCOMPARE(e.kind(), DatabaseError::Kind::NotADatabase);
            QVERIFY2(e.message().contains(QStringLiteral("not a moechat history")), qPrintable(e.message()));
        }
        QCOMPARE(fileHash(path_), before);
    }

    void refusesSecondInstance()
    {
        Storage first(path_);
        first.createConversation(QStringLiteral("Mine"), {}, {});
        try {
            Storage second(path_);
            QFAIL("two instances opened the same database");
        } catch (const DatabaseError& e) {
            QCOMPARE(e.kind(), DatabaseError::Kind::Locked);
        }
        QCOMPARE(first.conversations().size(), 1);
    }

    void conversationsNewestFirstRenameDelete()
    {
        Storage s(path_);
        const qint64 a = s.createConversation(QStringLiteral("First"), QStringLiteral("Be brief."), {{"temperature", 0.5}});
        QTest::qWait(2);
        const qint64 b = s.createConversation(QStringLiteral("Second"), {}, {});
        QCOMPARE(s.conversations().first().id, b);
        QTest::qWait(2);
        s.addMessage(userMessage(a, 0, QStringLiteral("hello")));
        QCOMPARE(s.conversations().first().id, a); // a message makes it the newest
        s.renameConversation(a, QStringLiteral("Renamed"));
        const Conversation c = *s.conversation(a);
        QCOMPARE(c.title, QStringLiteral("Renamed"));
        QCOMPARE(c.systemPrompt, QStringLiteral("Be brief."));
        QCOMPARE(c.sampling.value("temperature").toDouble(), 0.5);
        s.deleteConversation(a);
        QVERIFY(!s.conversation(a));
        QVERIFY(s.messages(a).isEmpty());
        QCOMPARE(s.conversations().size(), 1);
    }

    void searchMatchesTitlesAndTextSafely()
    {
        Storage s(path_);
        const qint64 a = s.createConversation(QStringLiteral("Travel plans"), {}, {});
        const qint64 b = s.createConversation(QStringLiteral("Recipes"), {}, {});
        s.addMessage(userMessage(b, 0, QStringLiteral("How long do I bake sourdough?")));
        QCOMPARE(s.conversations(QStringLiteral("travel")).size(), 1);
        QCOMPARE(s.conversations(QStringLiteral("travel")).first().id, a);
        QCOMPARE(s.conversations(QStringLiteral("sourd")).first().id, b); // prefix
        QCOMPARE(s.conversations(QStringLiteral("bake recipes")).size(), 0); // all words in one row
        QCOMPARE(s.conversations(QStringLiteral("\"NEAR( *")).size(), 0); // FTS syntax is just text
        s.renameConversation(a, QStringLiteral("Holidays"));
        QCOMPARE(s.conversations(QStringLiteral("travel")).size(), 0);
        QCOMPARE(s.conversations(QStringLiteral("holi")).size(), 1);
        s.deleteConversation(b);
        QCOMPARE(s.conversations(QStringLiteral("sourdough")).size(), 0);
    }

    // Chinese and Japanese have no spaces between words: a word inside a sentence is still found.
    void searchFindsWordsInsideUnsegmentedScripts()
    {
        Storage s(path_);
        const qint64 zh = s.createConversation(QStringLiteral("园艺"), {}, {});
        s.addMessage(userMessage(zh, 0, QStringLiteral("我想在花园里种番茄，需要多少阳光？")));
        const qint64 ja = s.createConversation(QStringLiteral("旅行の計画"), {}, {});
        s.addMessage(userMessage(ja, 0, QStringLiteral("京都で桜を見たいです")));
        const qint64 en = s.createConversation(QStringLiteral("Garden"), {}, {});
        s.addMessage(userMessage(en, 0, QStringLiteral("Tomatoes need 100% sun")));

        QCOMPARE(s.conversations(QStringLiteral("花园")).size(), 1);
        QCOMPARE(s.conversations(QStringLiteral("花园")).first().id, zh);
        QCOMPARE(s.conversations(QStringLiteral("番茄 阳光")).first().id, zh); // both in one message
        QCOMPARE(s.conversations(QStringLiteral("桜")).first().id, ja);
        QCOMPARE(s.conversations(QStringLiteral("計画")).first().id, ja); // inside the title
        QCOMPARE(s.conversations(QStringLiteral("花园 京都")).size(), 0);  // not in one row
        QCOMPARE(s.conversations(QStringLiteral("番茄 tomatoes")).size(), 0);
        QCOMPARE(s.conversations(QStringLiteral("京都 桜")).size(), 1);
        // LIKE wildcards in a search are text
        QCOMPARE(s.conversations(QStringLiteral("花%阳")).size(), 0);
        QCOMPARE(s.conversations(QStringLiteral("花_")).size(), 0);
        QCOMPARE(s.conversations(QStringLiteral("garden")).first().id, en);
        s.deleteConversation(zh);
        QCOMPARE(s.conversations(QStringLiteral("花园")).size(), 0);
    }

    void branchesKeepEveryVersion()
    {
        Storage s(path_);
        const qint64 c = s.createConversation(QStringLiteral("Branches"), {}, {});
        const qint64 u1 = s.addMessage(userMessage(c, 0, QStringLiteral("Q1")));
        Message answer = userMessage(c, u1, QStringLiteral("A1"));
        answer.role = QStringLiteral("assistant");
        const qint64 a1 = s.addMessage(answer);
        answer.content = QStringLiteral("A1 again");
        const qint64 a1b = s.addMessage(answer); // a regeneration: a sibling of a1
        const qint64 u1b = s.addMessage(userMessage(c, 0, QStringLiteral("Q1 edited")));
        QCOMPARE(s.conversation(c)->currentLeaf, u1b);

        const QList<Message> all = s.messages(c);
        QCOMPARE(all.size(), 4);
        QList<PathStep> path = pathTo(all, a1b);
        QCOMPARE(path.size(), 2);
        QCOMPARE(path[0].message.id, u1);
        QCOMPARE(path[0].siblingIndex, 0);
        QCOMPARE(path[0].siblingCount, 2);
        QCOMPARE(path[1].message.id, a1b);
        QCOMPARE(path[1].siblingIndex, 1);
        QCOMPARE(path[1].siblingCount, 2);
        QCOMPARE(newestLeafUnder(all, u1), a1b);
        QCOMPARE(newestLeafUnder(all, a1), a1);
        QCOMPARE(pathTo(all, u1b).size(), 1);
        QCOMPARE(pathTo(all, u1b)[0].siblingIndex, 1);
    }

    void presetsHaveOneDefault()
    {
        Storage s(path_);
        const qint64 p = s.savePreset(Preset{0, QStringLiteral("Pirate"), QStringLiteral("Talk like a pirate."), false});
        s.setDefaultPreset(p);
        QCOMPARE(s.defaultPreset()->name, QStringLiteral("Pirate"));
        int defaults = 0;
        for (const Preset& preset : s.presets())
            defaults += preset.isDefault;
        QCOMPARE(defaults, 1);
        s.savePreset(Preset{p, QStringLiteral("Pirate"), QStringLiteral("Arr."), false});
        QCOMPARE(s.defaultPreset()->text, QStringLiteral("Arr."));
        s.deletePreset(p);
        QVERIFY(!s.defaultPreset());
    }

    void writerFlushesWithinInterval()
    {
        Storage s(path_);
        const qint64 c = s.createConversation(QStringLiteral("W"), {}, {});
        Message m = userMessage(c, 0, {});
        m.role = QStringLiteral("assistant");
        m.state = QStringLiteral("streaming");
        AnswerWriter writer(&s, s.addMessage(m), 100);
        writer.append(QStringLiteral("one "));
        writer.append(QStringLiteral("two"));
        // The second piece arrived inside the interval; it must still reach the database soon.
        QTRY_COMPARE_WITH_TIMEOUT(s.message(writer.messageId())->content, QStringLiteral("one two"), 1000);
        writer.finish(QStringLiteral("complete"), {{"model", "m"}});
        QCOMPARE(s.message(writer.messageId())->state, QStringLiteral("complete"));
        QCOMPARE(s.message(writer.messageId())->generation.value("model").toString(), QStringLiteral("m"));
    }

    void killedWhileStreamingKeepsPartialAnswer()
    {
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--stream-child"), path_});
        QVERIFY(child.waitForStarted());
        int flushes = 0;
        int lastFlushed = 0;
        while (flushes < 3 && child.state() == QProcess::Running) {
            if (!child.waitForReadyRead(5000))
                QFAIL("the child process reported no writes within 5 s");
            while (child.canReadLine()) {
                const QByteArray line = child.readLine().trimmed();
                if (line.startsWith("flushed ")) {
                    lastFlushed = line.mid(8).toInt();
                    ++flushes;
                }
            }
        }
        QCOMPARE(flushes, 3);
        child.kill(); // SIGKILL: no destructors, no final write
        QVERIFY(child.waitForFinished());

        Storage s(path_);
        const QList<Conversation> conversations = s.conversations();
        QCOMPARE(conversations.size(), 1);
        const QList<Message> messages = s.messages(conversations.first().id);
        QCOMPARE(messages.size(), 2);
        const Message& answer = messages.at(1);
        QCOMPARE(answer.state, QStringLiteral("interrupted"));
        QVERIFY2(answer.content.size() >= lastFlushed, qPrintable(answer.content));
        QVERIFY(answer.content.startsWith(QStringLiteral("tok0 tok1 tok2 ")));
    }

private:
    QTemporaryDir dir_;
    QString path_;
    int n_ = 0;
};

int main(int argc, char** argv)
{
    if (argc == 3 && qstrcmp(argv[1], "--stream-child") == 0) {
        QCoreApplication app(argc, argv);
        return streamChild(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    TestStorage test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_storage.moc"
