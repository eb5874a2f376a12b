#pragma once
// Persists an answer while it streams: pieces accumulate in memory and reach the database at
// most `intervalMs` after they arrived, so a crash loses at most that window.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include "storage.h"

class AnswerWriter : public QObject {
    Q_OBJECT

public:
    static constexpr int kDefaultIntervalMs = 200;

    AnswerWriter(Storage* storage, qint64 messageId, int intervalMs = kDefaultIntervalMs, QObject* parent = nullptr);

    void append(const QString& piece);
    // Writes the final text with its state and generation record.
    void finish(const QString& state, const QJsonObject& generation);
    const QString& text() const { return text_; }
    qint64 messageId() const { return messageId_; }

signals:
    void flushed(int length); // characters now safely in the database
    void writeFailed(const QString& message);

private:
    void flush();
    Storage* storage_;
    qint64 messageId_;
    int intervalMs_;
    QString text_;
    int writtenLength_ = 0;
    QElapsedTimer sinceWrite_;
    QTimer pending_;
};
