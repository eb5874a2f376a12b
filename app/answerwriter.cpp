#include "answerwriter.h"

AnswerWriter::AnswerWriter(Storage* storage, qint64 messageId, int intervalMs, QObject* parent)
    : QObject(parent), storage_(storage), messageId_(messageId), intervalMs_(intervalMs)
{
    sinceWrite_.start();
    pending_.setSingleShot(true);
    connect(&pending_, &QTimer::timeout, this, &AnswerWriter::flush);
}

void AnswerWriter::append(const QString& piece)
{
    text_ += piece;
    if (sinceWrite_.elapsed() >= intervalMs_)
        flush();
    else if (!pending_.isActive())
        pending_.start(int(intervalMs_ - sinceWrite_.elapsed()));
}

void AnswerWriter::flush()
{
    pending_.stop();
    sinceWrite_.restart();
    if (writtenLength_ == text_.size())
        return;
    try {
        storage_->updateContent(messageId_, text_);
        writtenLength_ = int(text_.size());
        emit flushed(writtenLength_);
    } catch (const DatabaseError& e) {
        emit writeFailed(e.message());
    }
}

void AnswerWriter::finish(const QString& state, const QJsonObject& generation)
{
    pending_.stop();
    try {
        storage_->finishMessage(messageId_, text_, state, generation);
        writtenLength_ = int(text_.size());
    } catch (const DatabaseError& e) {
        emit writeFailed(e.message());
    }
}

#include "moc_answerwriter.cpp"
