#include "chatcontroller.h"

#include <QLocale>
#include <QRandomGenerator>

namespace {

constexpr int kTitleLength = 60;

QString titleFor(const QString& text)
{
    const QString firstLine = text.trimmed().section(QLatin1Char('\n'), 0, 0).simplified();
    if (firstLine.size() <= kTitleLength)
        return firstLine;
    return firstLine.left(kTitleLength - 1).trimmed() + QChar(0x2026);
}

} // namespace

ChatController::ChatController(Storage* storage, EngineWorker* worker, ModelController* model, SamplingSettings* sampling,
                               ConversationListModel* conversations, MessageListModel* messages, PresetListModel* presets,
                               QObject* parent)
    : QObject(parent), storage_(storage), worker_(worker), model_(model), sampling_(sampling),
      conversations_(conversations), messages_(messages), presets_(presets)
{
    systemPrompt_ = presets_->defaultText();
    connect(this, &ChatController::generateRequested, worker, &EngineWorker::generate);
    connect(worker, &EngineWorker::piece, this, &ChatController::onPiece);
    connect(worker, &EngineWorker::prefillProgress, this, &ChatController::onPrefill);
    connect(worker, &EngineWorker::generationFinished, this, &ChatController::onFinished);
    connect(worker, &EngineWorker::generationFailed, this, &ChatController::onFailed);
    connect(sampling, &SamplingSettings::changed, this, &ChatController::onSamplingChanged);
}

bool ChatController::guard(const std::function<void()>& action)
{
    try {
        action();
        return true;
    } catch (const DatabaseError& e) {
        setError(e.message());
        return false;
    }
}

QString ChatController::noModelMessage() const
{
    if (model_->status() == ModelController::Status::Loading)
        return tr("The model is still loading. Send again when the progress bar is done.");
    return tr("No model is loaded. Open one with “Open model…” in the tool bar (Ctrl+O).");
}

void ChatController::setError(const QString& message)
{
    error_ = message;
    emit errorChanged();
}

void ChatController::clearError() { setError({}); }

void ChatController::setSystemPrompt(const QString& prompt)
{
    if (prompt == systemPrompt_)
        return;
    systemPrompt_ = prompt;
    if (conversationId_)
        guard([&] { storage_->setSystemPrompt(conversationId_, prompt); });
    emit systemPromptChanged();
}

void ChatController::newConversation()
{
    conversationId_ = 0;
    title_.clear();
    systemPrompt_ = presets_->defaultText();
    messages_->setPath({});
    emit conversationChanged();
    emit systemPromptChanged();
}

void ChatController::openConversation(qint64 id)
{
    guard([&] {
        const std::optional<Conversation> c = storage_->conversation(id);
        if (!c) {
            newConversation();
            return;
        }
        conversationId_ = c->id;
        title_ = c->title;
        systemPrompt_ = c->systemPrompt;
        loadingConversation_ = true;
        if (!c->sampling.isEmpty())
            sampling_->loadJson(c->sampling);
        loadingConversation_ = false;
        reloadPath();
        emit conversationChanged();
        emit systemPromptChanged();
    });
}

void ChatController::renameConversation(qint64 id, const QString& title)
{
    const QString trimmed = title.simplified();
    if (trimmed.isEmpty())
        return;
    guard([&] { storage_->renameConversation(id, trimmed); });
    conversations_->refresh();
    if (id == conversationId_) {
        title_ = trimmed;
        emit conversationChanged();
    }
}

void ChatController::deleteConversation(qint64 id)
{
    if (busy() && id == answerConversationId_)
        stop();
    guard([&] { storage_->deleteConversation(id); });
    conversations_->refresh();
    if (id == conversationId_)
        newConversation();
}

bool ChatController::send(const QString& text)
{
    const QString content = text.trimmed();
    if (content.isEmpty())
        return false;
    if (busy()) {
        setError(tr("An answer is still being written. Stop it (Esc) or wait for it to finish."));
        return false;
    }
    if (!model_->ready()) {
        setError(noModelMessage());
        return false;
    }
    clearError();
    return guard([&] {
        if (!conversationId_) {
            conversationId_ = storage_->createConversation(titleFor(content), systemPrompt_, sampling_->toJson());
            title_ = titleFor(content);
            emit conversationChanged();
        }
        const PathStep* last = messages_->path().isEmpty() ? nullptr : &messages_->path().constLast();
        Message m;
        m.conversationId = conversationId_;
        m.parentId = last ? last->message.id : 0;
        m.role = QStringLiteral("user");
        m.content = content;
        const qint64 id = storage_->addMessage(m);
        reloadPath();
        conversations_->refresh();
        startAnswer(id);
    });
}

void ChatController::startAnswer(qint64 userMessageId)
{
    const uint64_t seed = sampling_->seed() >= 0 ? uint64_t(sampling_->seed()) : QRandomGenerator::global()->bounded(2147483647u);
    sampling_->startAnswer(seed);
    generation_ = QJsonObject{{"model", model_->loadedName()},
                              {"engine", model_->loadedDescription()},
                              {"sampling", sampling_->toJson()},
                              {"seed", qint64(seed)},
                              {"system_prompt", systemPrompt_}};
    samplingChanges_ = {};
    piecesReceived_ = 0;

    Message answer;
    answer.conversationId = conversationId_;
    answer.parentId = userMessageId;
    answer.role = QStringLiteral("assistant");
    answer.state = QStringLiteral("streaming");
    answer.generation = generation_;
    const qint64 answerId = storage_->addMessage(answer);
    answerConversationId_ = conversationId_;
    reloadPath();

    writer_ = new AnswerWriter(storage_, answerId, AnswerWriter::kDefaultIntervalMs, this);
    connect(writer_, &AnswerWriter::writeFailed, this, &ChatController::setError);

    GenerationJob job;
    job.id = ++jobId_;
    job.systemPrompt = systemPrompt_;
    job.maxTokens = sampling_->maxTokens();
    for (const PathStep& step : messages_->path())
        if (step.message.id != answerId)
            job.turns << ChatTurn{step.message.role, step.message.content};
    worker_->armGeneration();
    emit busyChanged();
    emit generateRequested(job);
}

void ChatController::onPrefill(quint64 job, int done, int total)
{
    if (job != jobId_ || !writer_)
        return;
    setProgress(done < total ? tr("reading the conversation… %1 %").arg(QLocale().toString(100 * done / total))
                             : QString());
}

void ChatController::setProgress(const QString& text)
{
    if (progress_ == text)
        return;
    progress_ = text;
    emit progressChanged();
}

void ChatController::onPiece(quint64 job, const QString& text)
{
    if (job != jobId_ || !writer_)
        return;
    setProgress({});
    ++piecesReceived_;
    writer_->append(text);
    messages_->appendText(writer_->messageId(), text);
}

void ChatController::onFinished(quint64 job, const QJsonObject& stats)
{
    if (job != jobId_ || !writer_)
        return;
    const bool stopped = stats.value(QLatin1String("stop")).toString() == QLatin1String("cancelled");
    endAnswer(stopped ? QStringLiteral("stopped") : QStringLiteral("complete"), stats);
    const QLocale locale;
    lastStats_ = tr("First token after %1 ms · %2 tokens/s")
                     .arg(locale.toString(stats.value(QLatin1String("time_to_first_token_ms")).toDouble(), 'f', 0))
                     .arg(locale.toString(stats.value(QLatin1String("decode_tokens_per_s")).toDouble(), 'f', 1));
    emit lastStatsChanged();
}

void ChatController::onFailed(quint64 job, const QString& message)
{
    if (job != jobId_ || !writer_)
        return;
    endAnswer(QStringLiteral("failed"), {});
    setError(message);
}

void ChatController::endAnswer(const QString& state, const QJsonObject& stats)
{
    if (!stats.isEmpty())
        generation_.insert(QLatin1String("stats"), stats);
    if (!samplingChanges_.isEmpty())
        generation_.insert(QLatin1String("changes"), samplingChanges_);
    const qint64 id = writer_->messageId();
    writer_->finish(state, generation_);
    messages_->finish(id, state, generation_);
    writer_->deleteLater();
    writer_ = nullptr;
    setProgress({});
    emit busyChanged();
    conversations_->refresh();
    emit answerFinished(id, state);
}

void ChatController::stop()
{
    if (busy())
        worker_->requestStopGeneration();
}

void ChatController::regenerate()
{
    if (busy() || !model_->ready() || messages_->path().isEmpty())
        return;
    const Message& last = messages_->path().constLast().message;
    const qint64 userId = last.role == QLatin1String("assistant") ? last.parentId : last.id;
    if (!userId)
        return;
    clearError();
    guard([&] { startAnswer(userId); });
}

void ChatController::editAndResend(qint64 messageId, const QString& text)
{
    const QString content = text.trimmed();
    const int row = messages_->rowOf(messageId);
    if (busy() || content.isEmpty() || row < 0 || messages_->path().at(row).message.role != QLatin1String("user"))
        return;
    if (!model_->ready()) {
        setError(noModelMessage());
        return;
    }
    clearError();
    guard([&] {
        Message m;
        m.conversationId = conversationId_;
        m.parentId = messages_->path().at(row).message.parentId;
        m.role = QStringLiteral("user");
        m.content = content;
        const qint64 id = storage_->addMessage(m);
        reloadPath();
        startAnswer(id);
    });
}

void ChatController::switchBranch(qint64 messageId, int delta)
{
    if (busy())
        return;
    guard([&] {
        const QList<Message> all = storage_->messages(conversationId_);
        const auto message = std::find_if(all.cbegin(), all.cend(), [&](const Message& m) { return m.id == messageId; });
        if (message == all.cend())
            return;
        QList<qint64> siblings;
        for (const Message& m : all)
            if (m.parentId == message->parentId)
                siblings << m.id;
        const qsizetype target = siblings.indexOf(messageId) + delta;
        if (target < 0 || target >= siblings.size())
            return;
        storage_->setCurrentLeaf(conversationId_, newestLeafUnder(all, siblings.at(target)));
        reloadPath();
    });
}

void ChatController::reloadPath()
{
    const std::optional<Conversation> c = storage_->conversation(conversationId_);
    QList<PathStep> path = c ? pathTo(storage_->messages(conversationId_), c->currentLeaf) : QList<PathStep>{};
    // The streaming answer's text lives in the writer until its next flush.
    if (writer_)
        for (PathStep& step : path)
            if (step.message.id == writer_->messageId())
                step.message.content = writer_->text();
    messages_->setPath(path);
}

void ChatController::onSamplingChanged()
{
    if (loadingConversation_)
        return;
    if (writer_ && answerConversationId_ == conversationId_)
        samplingChanges_.append(QJsonObject{{"after_pieces", piecesReceived_}, {"sampling", sampling_->toJson()}});
    if (conversationId_)
        guard([&] { storage_->setSampling(conversationId_, sampling_->toJson()); });
}

#include "moc_chatcontroller.cpp"
