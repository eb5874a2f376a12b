// Export and import: JSON round trip (all branches, system prompt, settings, model), Markdown,
// HTML that cannot run script, import errors, and the moechat-cli verbs.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "cli_verbs.h"
#include "exporter.h"
#include "storage.h"

namespace {

qint64 add(Storage& s, qint64 conversation, qint64 parent, const QString& role, const QString& content,
           const QJsonObject& generation = {})
{
    Message m;
    m.conversationId = conversation;
    m.parentId = parent;
    m.role = role;
    m.content = content;
    m.generation = generation;
    return s.addMessage(m);
}

// A conversation with an edit and a regeneration, so it has three branches.
qint64 makeBranchyConversation(Storage& s)
{
    const QJsonObject sampling{{"temperature", 0.3}, {"top_k", 20}, {"top_p", 0.9}, {"min_p", 0.05},
                               {"repetition_penalty", 1.1}, {"max_tokens", 128}, {"seed", 7}};
    const qint64 c = s.createConversation(QStringLiteral("Ünïcode & <tags>"), QStringLiteral("You are terse.\nVery terse."), sampling);
    const QJsonObject generation{{"model", "tiny-mixtral"}, {"seed", 7}, {"sampling", sampling},
                                 {"stats", QJsonObject{{"time_to_first_token_ms", 12.5}, {"decode_tokens_per_s", 99.0}}}};
    const qint64 u1 = add(s, c, 0, QStringLiteral("user"), QStringLiteral("What is 2+2? 🤔"));
    add(s, c, u1, QStringLiteral("assistant"), QStringLiteral("4"), generation);
    add(s, c, u1, QStringLiteral("assistant"), QStringLiteral("Four.\n\n```python\nprint(2+2)\n```"), generation);
    const qint64 u1b = add(s, c, 0, QStringLiteral("user"), QStringLiteral("What is 3+3?"));
    add(s, c, u1b, QStringLiteral("assistant"), QStringLiteral("6"), generation);
    return c;
}

QJsonObject withoutExportTime(const QByteArray& json)
{
    QJsonObject o = QJsonDocument::fromJson(json).object();
    o.remove(QStringLiteral("exported_at"));
    return o;
}

int callCli(int (*verb)(int, char**), QStringList args)
{
    QList<QByteArray> storage;
    for (const QString& a : args)
        storage << a.toLocal8Bit();
    QList<char*> argv;
    for (QByteArray& a : storage)
        argv << a.data();
    argv << nullptr;
    return verb(int(storage.size()), argv.data());
}

} // namespace

class TestExporter : public QObject {
    Q_OBJECT

private slots:
    void init() { QVERIFY(dir_.isValid()); }

    void jsonRoundTripIsExact()
    {
        QByteArray first;
        {
            Storage source(dir_.filePath(QStringLiteral("source.sqlite")));
            makeBranchyConversation(source);
            source.createConversation(QStringLiteral("Empty one"), {}, {});
            first = exporter::exportConversations(source, {}, exporter::Format::Json);
        }
        Storage target(dir_.filePath(QStringLiteral("target.sqlite")));
        const QList<qint64> ids = exporter::importJson(target, first);
        QCOMPARE(ids.size(), 2);
        const QByteArray second = exporter::exportConversations(target, {}, exporter::Format::Json);
        QCOMPARE(withoutExportTime(second), withoutExportTime(first));

        // The imported tree is the same tree: three branches, the edited one on screen.
        const auto branchy = std::find_if(ids.cbegin(), ids.cend(), [&](qint64 id) {
            return target.conversation(id)->title == QStringLiteral("Ünïcode & <tags>");
        });
        QVERIFY(branchy != ids.cend());
        const Conversation c = *target.conversation(*branchy);
        QCOMPARE(c.systemPrompt, QStringLiteral("You are terse.\nVery terse."));
        QCOMPARE(c.sampling.value("seed").toInt(), 7);
        const QList<Message> all = target.messages(c.id);
        QCOMPARE(all.size(), 5);
        const QList<PathStep> path = pathTo(all, c.currentLeaf);
        QCOMPARE(path.size(), 2);
        QCOMPARE(path[0].message.content, QStringLiteral("What is 3+3?"));
        QCOMPARE(path[0].siblingCount, 2);
        QCOMPARE(path[1].message.generation.value("model").toString(), QStringLiteral("tiny-mixtral"));
    }

    void jsonMessagesCarryRoleAndContent()
    {
        Storage s(dir_.filePath(QStringLiteral("roles.sqlite")));
        const qint64 c = makeBranchyConversation(s);
        const QJsonObject root = QJsonDocument::fromJson(exporter::exportConversations(s, {c}, exporter::Format::Json)).object();
        QCOMPARE(root.value("format").toString(), QStringLiteral("moechat-conversations"));
        const QJsonArray messages = root.value("conversations").toArray().first().toObject().value("messages").toArray();
        QCOMPARE(messages.size(), 6);
        QCOMPARE(messages.first().toObject().value("role").toString(), QStringLiteral("system"));
        QCOMPARE(messages.first().toObject().value("content").toString(), QStringLiteral("You are terse.\nVery terse."));
        for (const QJsonValue& m : messages) {
            const QString role = m.toObject().value("role").toString();
            QVERIFY2(role == "system" || role == "user" || role == "assistant", qPrintable(role));
            QVERIFY(m.toObject().value("content").isString());
        }
    }

    void markdownShowsTheBranchOnScreen()
    {
        Storage s(dir_.filePath(QStringLiteral("md.sqlite")));
        const qint64 c = makeBranchyConversation(s);
        const QString md = QString::fromUtf8(exporter::exportConversations(s, {c}, exporter::Format::Markdown));
        QVERIFY(md.startsWith(QStringLiteral("# Ünïcode & <tags>\n")));
        QVERIFY(md.contains(QStringLiteral("You are terse.")));
        QVERIFY(md.contains(QStringLiteral("## User\n\nWhat is 3+3?")));
        QVERIFY(md.contains(QStringLiteral("## Assistant\n\n6")));
        QVERIFY(!md.contains(QStringLiteral("What is 2+2?")));
    }

    void htmlCannotRunScript()
    {
        Storage s(dir_.filePath(QStringLiteral("html.sqlite")));
        const qint64 c = s.createConversation(QStringLiteral("<script>alert('title')</script>"),
                                              QStringLiteral("</p><script>alert('system')</script>"), {});
        const qint64 u = add(s, c, 0, QStringLiteral("user"), QStringLiteral("<img src=x onerror=\"alert(1)\"><script>alert(2)</script>"));
        add(s, c, u, QStringLiteral("assistant"), QStringLiteral("</div><iframe src=\"javascript:alert(3)\"></iframe>"));
        const QString html = QString::fromUtf8(exporter::exportConversations(s, {c}, exporter::Format::Html));
        QVERIFY(!html.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QStringLiteral("<img"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QStringLiteral("<iframe"), Qt::CaseInsensitive));
        QVERIFY(html.contains(QStringLiteral("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;")));
        QVERIFY(html.contains(QStringLiteral("Content-Security-Policy")));
        QCOMPARE(html.count(QStringLiteral("<div class=\"message")), 2);
    }

    void importRejectsBrokenFilesAndImportsNothing()
    {
        Storage s(dir_.filePath(QStringLiteral("bad.sqlite")));
        const auto rejects = [&](const QByteArray& json, const QString& expected) {
            try {
                exporter::importJson(s, json);
                QFAIL(json.constData());
            } catch (const exporter::ImportError& e) {
                QVERIFY2(e.message().contains(expected), qPrintable(e.message()));
            }
        };
        rejects("{not json", QStringLiteral("not valid JSON"));
        rejects(R"({"format": "something-else"})", QStringLiteral("not a moechat export"));
        rejects(R"({"format": "moechat-conversations", "version": 9, "conversations": []})", QStringLiteral("newer"));
        rejects(R"({"format": "moechat-conversations", "version": 1, "conversations": [
                    {"title": "ok", "messages": [{"id": 1, "parent": null, "role": "user", "content": "hi"}]},
                    {"title": "bad", "messages": [{"id": 1, "parent": 5, "role": "user", "content": "hi"}]}]})",
                QStringLiteral("conversation 2, message 1"));
        rejects(R"({"format": "moechat-conversations", "version": 1, "conversations": [
                    {"messages": [{"id": 1, "role": "wizard", "content": "hi"}]}]})", QStringLiteral("wizard"));
        QCOMPARE(s.conversations().size(), 0); // the valid first conversation was not half-imported
    }

    void cliExportsAndImports()
    {
        const QString db = dir_.filePath(QStringLiteral("cli.sqlite"));
        qint64 id = 0;
        {
            Storage s(db);
            id = makeBranchyConversation(s);
        }
        const QString out = dir_.filePath(QStringLiteral("out.json"));
        QCOMPARE(callCli(moechat_cli_export, {"export", "--db", db, "--conversation", QString::number(id), "--format", "json", "--out", out}), 0);
        QVERIFY(QFile::exists(out));
        const QString html = dir_.filePath(QStringLiteral("out.html"));
        QCOMPARE(callCli(moechat_cli_export, {"export", "--db", db, "--format", "html", "--out", html}), 0);
        QVERIFY(QFile::exists(html));

        const QString other = dir_.filePath(QStringLiteral("other.sqlite"));
        QCOMPARE(callCli(moechat_cli_import, {"import", "--db", other, "--in", out}), 0);
        Storage imported(other);
        QCOMPARE(imported.conversations().size(), 1);
        QCOMPARE(imported.conversations().first().title, QStringLiteral("Ünïcode & <tags>"));
    }

    void cliRefusesBadArguments()
    {
        const QString db = dir_.filePath(QStringLiteral("cli2.sqlite"));
        QCOMPARE(callCli(moechat_cli_export, {"export", "--db", db, "--format", "pdf", "--out", "x"}), 2);
        QCOMPARE(callCli(moechat_cli_export, {"export", "--db", db, "--format", "md"}), 2);
        QCOMPARE(callCli(moechat_cli_export, {"export", "--bogus", "1"}), 2);
        QCOMPARE(callCli(moechat_cli_export, {"export", "--db", db, "--format", "md", "--out", dir_.filePath("x.md")}), 1);
        QVERIFY(!QFile::exists(db)); // exporting never creates a database
        QCOMPARE(callCli(moechat_cli_import, {"import", "--db", db, "--in", dir_.filePath("missing.json")}), 1);
    }

private:
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestExporter)
#include "test_exporter.moc"
