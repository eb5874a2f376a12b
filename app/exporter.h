#pragma once
// Export of conversations as Markdown, JSON or self-contained HTML, and import of the JSON.
//
// The JSON ("moechat-conversations", version 1) keeps everything needed to restore a
// conversation exactly:
//
//   { "format": "moechat-conversations", "version": 1, "exported_at": "<ISO 8601 UTC>",
//     "conversations": [ {
//         "title": "…", "created_at": "<ISO>", "updated_at": "<ISO>",
//         "sampling": { "temperature": 0.7, "top_k": 50, "top_p": 0.95, "min_p": 0,
//                       "repetition_penalty": 1, "max_tokens": 512, "seed": -1 },
//         "current_leaf": 4,              // id of the last message of the branch on screen
//         "messages": [
//           { "role": "system", "content": "<the conversation's system prompt>" },
//           { "id": 1, "parent": null, "role": "user", "content": "…", "state": "complete",
//             "created_at": "<ISO>" },
//           { "id": 2, "parent": 1, "role": "assistant", "content": "…", "state": "complete",
//             "created_at": "<ISO>",
//             "generation": { "model": "…", "sampling": {…}, "seed": 42, "system_prompt": "…",
//                             "changes": [ { "after_pieces": 12, "sampling": {…} } ],
//                             "stats": { "time_to_first_token_ms": …, "decode_tokens_per_s": …, … } } } ]
//     } ] }
//
// Every message object has "role" ("system", "user" or "assistant") and "content". The one
// system message comes first; the others form a tree through "parent" (null for the first
// turn), so edits and regenerations are siblings: every branch is kept. Ids are numbered
// from 1 in each conversation and a parent always comes before its children. Timestamps
// are ISO 8601 in UTC with milliseconds. "state" is complete, interrupted, stopped or failed.
#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>
#include <stdexcept>

class Storage;

namespace exporter {

enum class Format { Markdown, Json, Html };
std::optional<Format> formatFromName(const QString& name); // "md"/"markdown", "json", "html"
QString fileSuffix(Format format);

class ImportError : public std::runtime_error {
public:
    explicit ImportError(const QString& message) : std::runtime_error(message.toStdString()) {}
    QString message() const { return QString::fromUtf8(what()); }
};

// The given conversations (all of them when `ids` is empty), newest first.
QByteArray exportConversations(Storage& storage, const QList<qint64>& ids, Format format);
// Writes atomically: PATH is replaced only once the whole export is written. Returns an error
// message ("" on success).
QString exportToFile(Storage& storage, const QList<qint64>& ids, Format format, const QString& path);

// Validates the whole document first, then imports every conversation in one transaction each;
// returns the new conversation ids. Throws ImportError naming what is wrong and where.
QList<qint64> importJson(Storage& storage, const QByteArray& json);
QList<qint64> importFile(Storage& storage, const QString& path);

} // namespace exporter
