#include "cli_verbs.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHash>

#include <cstdio>
#include <memory>
#include <optional>

#include "exporter.h"
#include "storage.h"

namespace {

// Gives this file's messages the translation context "Cli" (read by lupdate).
struct CliText {
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

// Qt's string functions need an application object for the locale and codecs.
std::unique_ptr<QCoreApplication> ensureApplication()
{
    if (QCoreApplication::instance())
        return nullptr;
    static int argc = 1;
    static char name[] = "moechat-cli";
    static char* argv[] = {name, nullptr};
    return std::make_unique<QCoreApplication>(argc, argv);
}

int fail(const QString& message)
{
    std::fprintf(stderr, "moechat-cli: %s\n", message.toLocal8Bit().constData());
    return 1;
}

int usageError(const QString& message)
{
    fail(message);
    return 2;
}

// "--flag value" pairs; nullopt (after printing the error) on anything else.
std::optional<QHash<QString, QString>> parseFlags(int argc, char** argv, const QStringList& allowed, const char* usage)
{
    QHash<QString, QString> flags;
    for (int i = 1; i < argc; ++i) {
        const QString flag = QString::fromLocal8Bit(argv[i]);
        if (!allowed.contains(flag)) {
            usageError(CliText::tr("unknown option %1; usage: %2").arg(flag, QLatin1String(usage)));
            return std::nullopt;
        }
        if (i + 1 >= argc) {
            fail(CliText::tr("%1 needs a value; usage: %2").arg(flag, QLatin1String(usage)));
            return std::nullopt;
        }
        flags.insert(flag, QString::fromLocal8Bit(argv[++i]));
    }
    return flags;
}

} // namespace

int moechat_cli_export(int argc, char** argv)
{
    const auto app = ensureApplication();
    const char* usage = "moechat-cli export --db FILE [--conversation ID] --format md|json|html --out PATH";
    const auto flags = parseFlags(argc, argv, {QStringLiteral("--db"), QStringLiteral("--conversation"),
                                               QStringLiteral("--format"), QStringLiteral("--out")}, usage);
    if (!flags)
        return 2;
    const QString db = flags->value(QStringLiteral("--db"));
    const QString out = flags->value(QStringLiteral("--out"));
    const auto format = exporter::formatFromName(flags->value(QStringLiteral("--format")));
    if (db.isEmpty() || out.isEmpty() || !flags->contains(QStringLiteral("--format")))
        return usageError(CliText::tr("export needs --db, --format and --out; usage: %1").arg(QLatin1String(usage)));
    if (!format)
        return usageError(CliText::tr("unknown format “%1”; use md, json or html").arg(flags->value(QStringLiteral("--format"))));
    QList<qint64> ids;
    if (flags->contains(QStringLiteral("--conversation"))) {
        bool ok = false;
        ids << flags->value(QStringLiteral("--conversation")).toLongLong(&ok);
        if (!ok)
            return usageError(CliText::tr("--conversation takes a conversation id (a number)"));
    }
    if (!QFileInfo::exists(db))
        return fail(CliText::tr("there is no history database at %1").arg(db));
    try {
        Storage storage(db);
        const QString error = exporter::exportToFile(storage, ids, *format, out);
        if (!error.isEmpty())
            return fail(error);
    } catch (const DatabaseError& e) {
        return fail(e.message());
    }
    return 0;
}

int moechat_cli_import(int argc, char** argv)
{
    const auto app = ensureApplication();
    const char* usage = "moechat-cli import --db FILE --in PATH";
    const auto flags = parseFlags(argc, argv, {QStringLiteral("--db"), QStringLiteral("--in")}, usage);
    if (!flags)
        return 2;
    const QString db = flags->value(QStringLiteral("--db"));
    const QString in = flags->value(QStringLiteral("--in"));
    if (db.isEmpty() || in.isEmpty())
        return usageError(CliText::tr("import needs --db and --in; usage: %1").arg(QLatin1String(usage)));
    try {
        Storage storage(db);
        const QList<qint64> ids = exporter::importFile(storage, in);
        std::printf("%s\n", CliText::tr("imported %n conversation(s)", nullptr, int(ids.size())).toLocal8Bit().constData());
    } catch (const DatabaseError& e) {
        return fail(e.message());
    } catch (const exporter::ImportError& e) {
        return fail(e.message());
    }
    return 0;
}
