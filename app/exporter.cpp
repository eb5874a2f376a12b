#include "exporter.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include "storage.h"

namespace exporter {
namespace {

const QString kFormatName = QStringLiteral("moechat-conversations");
constexpr int kFormatVersion = 1;

// Gives this file's messages the translation context "Exporter" (read by lupdate).
struct ExporterText {
    Q_DECLARE_TR_FUNCTIONS(Exporter)
};

QString isoTime(const QDateTime& t) { return t.toUTC().toString(Qt::ISODateWithMs); }

struct Loaded {
    Conversation conversation;
    QList<Message> messages;
};

QList<Loaded> load(Storage& storage, const QList<qint64>& ids)
{
    QList<Loaded> result;
    if (ids.isEmpty()) {
        for (const Conversation& c : storage.conversations())
            result << Loaded{c, storage.messages(c.id)};
        return result;
    }
    for (qint64 id : ids) {
        const std::optional<Conversation> c = storage.conversation(id);
        if (!c)
            throw ImportError(ExporterText::tr("There is no conversation with id %1 in %2.").arg(id).arg(storage.path()));
        result << Loaded{*c, storage.messages(id)};
    }
    return result;
}

QString roleTitle(const QString& role)
{
    return role == QLatin1String("user") ? ExporterText::tr("User") : ExporterText::tr("Assistant");
}

QByteArray toJson(const QList<Loaded>& conversations)
{
    QJsonArray array;
    for (const Loaded& l : conversations) {
        QHash<qint64, int> ordinal; // database id → id in the file
        QJsonArray messages;
        messages.append(QJsonObject{{"role", "system"}, {"content", l.conversation.systemPrompt}});
        for (const Message& m : l.messages) {
            const int id = int(ordinal.size()) + 1;
            ordinal.insert(m.id, id);
            QJsonObject o{{"id", id},
                          {"parent", m.parentId ? QJsonValue(ordinal.value(m.parentId)) : QJsonValue(QJsonValue::Null)},
                          {"role", m.role},
                          {"content", m.content},
                          {"state", m.state},
                          {"created_at", isoTime(m.createdAt)}};
            if (!m.generation.isEmpty())
                o.insert(QLatin1String("generation"), m.generation);
            messages.append(o);
        }
        array.append(QJsonObject{
            {"title", l.conversation.title},
            {"created_at", isoTime(l.conversation.createdAt)},
            {"updated_at", isoTime(l.conversation.updatedAt)},
            {"sampling", l.conversation.sampling},
            {"current_leaf", l.conversation.currentLeaf ? QJsonValue(ordinal.value(l.conversation.currentLeaf))
                                                       : QJsonValue(QJsonValue::Null)},
            {"messages", messages}});
    }
    const QJsonObject root{{"format", kFormatName},
                           {"version", kFormatVersion},
                           {"exported_at", isoTime(QDateTime::currentDateTimeUtc())},
                           {"conversations", array}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

// Markdown and HTML show the branch on screen, as the reader saw it.
QList<PathStep> shownBranch(const Loaded& l) { return pathTo(l.messages, l.conversation.currentLeaf); }

QByteArray toMarkdown(const QList<Loaded>& conversations)
{
    QStringList parts;
    for (const Loaded& l : conversations) {
        QString md = QStringLiteral("# %1\n\n").arg(l.conversation.title);
        if (!l.conversation.systemPrompt.isEmpty())
            md += QStringLiteral("> **%1:** %2\n\n").arg(ExporterText::tr("System prompt"), QString(l.conversation.systemPrompt).replace(QLatin1Char('\n'), QStringLiteral("\n> ")));
        for (const PathStep& step : shownBranch(l))
            md += QStringLiteral("## %1\n\n%2\n\n").arg(roleTitle(step.message.role), step.message.content);
        parts << md.trimmed() + QLatin1Char('\n');
    }
    return parts.join(QStringLiteral("\n---\n\n")).toUtf8();
}

QByteArray toHtml(const QList<Loaded>& conversations)
{
    // No script may run: every text is escaped and the page forbids scripts outright.
    QString html = QStringLiteral(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        "<title>%1</title>\n<style>\n"
        "body { font-family: sans-serif; max-width: 48em; margin: 2em auto; padding: 0 1em; line-height: 1.5; }\n"
        ".message { border-radius: 8px; padding: 0.6em 1em; margin: 0.8em 0; white-space: pre-wrap; }\n"
        ".user { background: #e8f0fe; } .assistant { background: #f3f3f3; }\n"
        ".system { font-style: italic; color: #555; white-space: pre-wrap; }\n"
        ".role { font-weight: bold; display: block; white-space: normal; }\n"
        "@media (prefers-color-scheme: dark) { body { background: #1e1e1e; color: #ddd; }"
        " .user { background: #24344d; } .assistant { background: #2b2b2b; } .system { color: #aaa; } }\n"
        "</style>\n</head>\n<body>\n")
        .arg(conversations.size() == 1 ? conversations.first().conversation.title.toHtmlEscaped() : ExporterText::tr("moechat conversations"));
    for (const Loaded& l : conversations) {
        html += QStringLiteral("<section>\n<h1>%1</h1>\n").arg(l.conversation.title.toHtmlEscaped());
        if (!l.conversation.systemPrompt.isEmpty())
            html += QStringLiteral("<p class=\"system\">%1: %2</p>\n").arg(ExporterText::tr("System prompt"), l.conversation.systemPrompt.toHtmlEscaped());
        for (const PathStep& step : shownBranch(l))
            html += QStringLiteral("<div class=\"message %1\"><span class=\"role\">%2</span>%3</div>\n")
                        .arg(step.message.role == QLatin1String("user") ? QStringLiteral("user") : QStringLiteral("assistant"),
                             roleTitle(step.message.role), step.message.content.toHtmlEscaped());
        html += QStringLiteral("</section>\n");
    }
    html += QStringLiteral("</body>\n</html>\n");
    return html.toUtf8();
}

QDateTime parseTime(const QJsonValue& v, const QString& where)
{
    if (v.isUndefined() || v.isNull())
        return QDateTime::currentDateTimeUtc();
    const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        throw ImportError(ExporterText::tr("%1: “%2” is not an ISO 8601 time.").arg(where, v.toString()));
    return t;
}

Loaded parseConversation(const QJsonObject& o, int index)
{
    const QString where = ExporterText::tr("conversation %1").arg(index + 1);
    if (!o.value(QLatin1String("messages")).isArray())
        throw ImportError(ExporterText::tr("%1 has no \"messages\" list.").arg(where));
    Loaded l;
    l.conversation.title = o.value(QLatin1String("title")).toString(ExporterText::tr("Imported conversation"));
    l.conversation.createdAt = parseTime(o.value(QLatin1String("created_at")), where);
    l.conversation.updatedAt = parseTime(o.value(QLatin1String("updated_at")), where);
    l.conversation.sampling = o.value(QLatin1String("sampling")).toObject();
    l.conversation.currentLeaf = o.value(QLatin1String("current_leaf")).toInteger();

    const QJsonArray messages = o.value(QLatin1String("messages")).toArray();
    QHash<qint64, QString> roleOf;
    bool sawSystem = false;
    for (int i = 0; i < messages.size(); ++i) {
        const QString at = ExporterText::tr("%1, message %2").arg(where).arg(i + 1);
        const QJsonObject m = messages.at(i).toObject();
        const QString role = m.value(QLatin1String("role")).toString();
        if (!m.value(QLatin1String("content")).isString())
            throw ImportError(ExporterText::tr("%1 has no text in \"content\".").arg(at));
        const QString content = m.value(QLatin1String("content")).toString();
        if (role == QLatin1String("system")) {
            if (sawSystem)
                throw ImportError(ExporterText::tr("%1 is a second system message; a conversation has one system prompt.").arg(at));
            sawSystem = true;
            l.conversation.systemPrompt = content;
            continue;
        }
        if (role != QLatin1String("user") && role != QLatin1String("assistant"))
            throw ImportError(ExporterText::tr("%1 has role “%2”; it must be \"system\", \"user\" or \"assistant\".").arg(at, role));
        Message message;
        message.id = m.value(QLatin1String("id")).toInteger(-1);
        if (message.id <= 0 || roleOf.contains(message.id))
            throw ImportError(ExporterText::tr("%1 needs a unique positive \"id\".").arg(at));
        const QJsonValue parent = m.value(QLatin1String("parent"));
        message.parentId = parent.isNull() || parent.isUndefined() ? 0 : parent.toInteger(-1);
        if (message.parentId != 0 && !roleOf.contains(message.parentId))
            throw ImportError(ExporterText::tr("%1 names parent %2, which does not come before it.").arg(at).arg(parent.toVariant().toString()));
        message.role = role;
        message.content = content;
        message.state = m.value(QLatin1String("state")).toString(QStringLiteral("complete"));
        // A file cannot hold a live stream: an answer exported mid-stream was interrupted.
        if (message.state == QLatin1String("streaming"))
            message.state = QStringLiteral("interrupted");
        message.createdAt = parseTime(m.value(QLatin1String("created_at")), at);
        message.generation = m.value(QLatin1String("generation")).toObject();
        roleOf.insert(message.id, role);
        l.messages << message;
    }
    if (l.conversation.currentLeaf != 0 && !roleOf.contains(l.conversation.currentLeaf))
        throw ImportError(ExporterText::tr("%1: \"current_leaf\" %2 is not one of its messages.").arg(where).arg(l.conversation.currentLeaf));
    if (l.conversation.currentLeaf == 0 && !l.messages.isEmpty())
        l.conversation.currentLeaf = l.messages.last().id;
    return l;
}

} // namespace

std::optional<Format> formatFromName(const QString& name)
{
    const QString n = name.toLower();
    if (n == QLatin1String("md") || n == QLatin1String("markdown"))
        return Format::Markdown;
    if (n == QLatin1String("json"))
        return Format::Json;
    if (n == QLatin1String("html"))
        return Format::Html;
    return std::nullopt;
}

QString fileSuffix(Format format)
{
    switch (format) {
    case Format::Markdown: return QStringLiteral("md");
    case Format::Json: return QStringLiteral("json");
    case Format::Html: return QStringLiteral("html");
    }
    return {};
}

QByteArray exportConversations(Storage& storage, const QList<qint64>& ids, Format format)
{
    const QList<Loaded> conversations = load(storage, ids);
    switch (format) {
    case Format::Markdown: return toMarkdown(conversations);
    case Format::Json: return toJson(conversations);
    case Format::Html: return toHtml(conversations);
    }
    return {};
}

QString exportToFile(Storage& storage, const QList<qint64>& ids, Format format, const QString& path)
{
    QByteArray data;
    try {
        data = exportConversations(storage, ids, format);
    } catch (const ImportError& e) {
        return e.message();
    } catch (const DatabaseError& e) {
        return e.message();
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return ExporterText::tr("Could not write %1: %2. Choose another place to save the export.").arg(path, file.errorString());
    return {};
}

QList<qint64> importJson(Storage& storage, const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isNull())
        throw ImportError(ExporterText::tr("The file is not valid JSON (%1 at byte %2).").arg(parseError.errorString()).arg(parseError.offset));
    const QJsonObject root = document.object();
    if (root.value(QLatin1String("format")).toString() != kFormatName)
        throw ImportError(ExporterText::tr("The file is not a moechat export (its \"format\" is not \"%1\").").arg(kFormatName));
    if (root.value(QLatin1String("version")).toInt() > kFormatVersion)
        throw ImportError(ExporterText::tr("The file was exported by a newer moechat (format version %1; this version reads %2). Update moechat to import it.")
                              .arg(root.value(QLatin1String("version")).toInt()).arg(kFormatVersion));
    const QJsonArray array = root.value(QLatin1String("conversations")).toArray();
    QList<Loaded> parsed;
    for (int i = 0; i < array.size(); ++i)
        parsed << parseConversation(array.at(i).toObject(), i);
    // Files list the newest first; importing the oldest first keeps ties in the same order.
    QList<qint64> ids(parsed.size());
    for (qsizetype i = parsed.size() - 1; i >= 0; --i)
        ids[i] = storage.importConversation(parsed.at(i).conversation, parsed.at(i).messages);
    return ids;
}

QList<qint64> importFile(Storage& storage, const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw ImportError(ExporterText::tr("Could not read %1: %2.").arg(path, file.errorString()));
    return importJson(storage, file.readAll());
}

} // namespace exporter
