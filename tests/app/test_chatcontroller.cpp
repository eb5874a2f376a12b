// ChatController against the real engine on the tiny test model: send and stream, stop,
// regenerate and edit (both branch), a sampling change mid-answer, KV-cache reuse, and an
// event loop that keeps turning while the engine loads and generates.
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <memory>

#include "chatcontroller.h"

namespace {

const QString kTinyModel = QStringLiteral(MOECHAT_TEST_DATA "/tiny-mixtral");

// Counts timer ticks on the GUI thread: if the engine blocked it, no tick would arrive.
class EventLoopProbe {
public:
    EventLoopProbe() { QObject::connect(&timer_, &QTimer::timeout, [this] { ++ticks_; }); timer_.start(1); }
    int ticks() const { return ticks_; }

private:
    QTimer timer_;
    int ticks_ = 0;
};

} // namespace

class TestChatController : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
        if (!QFile::exists(kTinyModel + QStringLiteral("/config.json")))
            QFAIL("tests/data/tiny-mixtral is missing");
        storage_ = std::make_unique<Storage>(dir_.filePath(QStringLiteral("h.sqlite")));
        sampling_ = new SamplingSettings(this);
        worker_ = new EngineWorker(sampling_->live());
        worker_->moveToThread(&thread_);
        connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
        thread_.start();
        conversations_ = new ConversationListModel(storage_.get(), this);
        messages_ = new MessageListModel(this);
        presets_ = new PresetListModel(storage_.get(), this);
        model_ = new ModelController(worker_, this);
        chat_ = new ChatController(storage_.get(), worker_, model_, sampling_, conversations_, messages_, presets_, this);
    }

    void cleanupTestCase()
    {
        thread_.quit();
        thread_.wait();
    }

    void sendingWithoutModelExplainsWhatToDo()
    {
        QVERIFY(!chat_->send(QStringLiteral("Hello")));
        QVERIFY2(chat_->error().contains(QStringLiteral("No model is loaded")), qPrintable(chat_->error()));
        QCOMPARE(conversations_->rowCount(), 0);
    }

    void loadsWithoutBlocking()
    {
        QSignalSpy progress(model_, &ModelController::progressChanged);
        model_->loadFolder(kTinyModel);
        QCOMPARE(model_->status(), ModelController::Status::Loading); // returned before loading finished
        QTRY_COMPARE_WITH_TIMEOUT(model_->status(), ModelController::Status::Ready, 30000);
        QVERIFY(progress.count() > 0);
        QVERIFY(model_->ready());
        QCOMPARE(model_->loadedName(), QStringLiteral("tiny-mixtral"));
        QCOMPARE(model_->recentModels().first(), QDir(kTinyModel).absolutePath());
    }

    void failedLoadIsReportedInWords()
    {
        model_->loadFolder(dir_.filePath(QStringLiteral("no-such-model")));
        QTRY_COMPARE_WITH_TIMEOUT(model_->status(), ModelController::Status::Failed, 10000);
        QVERIFY2(model_->error().contains(QStringLiteral("no-such-model")), qPrintable(model_->error()));
        QVERIFY(!model_->ready());
        model_->loadFolder(kTinyModel);
        QTRY_COMPARE_WITH_TIMEOUT(model_->status(), ModelController::Status::Ready, 30000);
    }

    void inspectShowsWhatWasFoundAndAPlan()
    {
        model_->inspect(QUrl::fromLocalFile(kTinyModel).toString());
        QTRY_COMPARE_WITH_TIMEOUT(model_->status(), ModelController::Status::Inspected, 10000);
        QCOMPARE(model_->summary().value("architecture").toString(), QStringLiteral("MixtralForCausalLM"));
        QCOMPARE(model_->summary().value("experts").toString(), QStringLiteral("4 experts, 2 per token"));
        QCOMPARE(model_->memoryPlan().size(), 1);
        QVERIFY(model_->planFits());
        model_->setTensorParallel(2);
        QCOMPARE(model_->memoryPlan().size(), 2);
        model_->setTensorParallel(1);
        QVERIFY(model_->ready()); // inspecting another folder keeps the loaded model
    }

    void sendStreamsIntoViewAndDatabase()
    {
        greedy(60);
        QSignalSpy finished(chat_, &ChatController::answerFinished);
        QSignalSpy pieces(messages_, &QAbstractItemModel::dataChanged);
        EventLoopProbe probe;
        QVERIFY(chat_->send(QStringLiteral("Hello there")));
        QVERIFY(chat_->busy()); // send() returned while the engine works
        QCOMPARE(messages_->rowCount(), 2);
        QCOMPARE(conversations_->rowCount(), 1);
        QCOMPARE(chat_->title(), QStringLiteral("Hello there"));
        QVERIFY(finished.wait(30000));
        QVERIFY(probe.ticks() > 0);
        QVERIFY(!chat_->busy());
        QVERIFY(pieces.count() >= 2);

        const qint64 answerId = finished.at(0).at(0).toLongLong();
        QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("complete"));
        const QString shown = messages_->data(messages_->index(1), MessageListModel::ContentRole).toString();
        QVERIFY(!shown.isEmpty());
        const Message stored = *storage_->message(answerId);
        QCOMPARE(stored.content, shown);
        QCOMPARE(stored.state, QStringLiteral("complete"));
        QCOMPARE(stored.generation.value("model").toString(), QStringLiteral("tiny-mixtral"));
        QCOMPARE(stored.generation.value("sampling").toObject().value("temperature").toDouble(), 0.0);
        QVERIFY(stored.generation.value("stats").toObject().value("generated_tokens").toInt() > 0);
        QVERIFY(!chat_->lastStats().isEmpty());
        firstAnswer_ = shown;
    }

    void followUpReusesTheCache()
    {
        QSignalSpy finished(chat_, &ChatController::answerFinished);
        QVERIFY(chat_->send(QStringLiteral("And then?")));
        QVERIFY(finished.wait(30000));
        const Message stored = *storage_->message(finished.at(0).at(0).toLongLong());
        QVERIFY(stored.generation.value("stats").toObject().value("reused_tokens").toInt() > 0);
        QCOMPARE(messages_->rowCount(), 4);
    }

    void stopEndsTheAnswerAndKeepsIt()
    {
        sampling_->setTemperature(1.0);
        sampling_->setTopK(0);
        sampling_->setMaxTokens(150);
        QSignalSpy finished(chat_, &ChatController::answerFinished);
        QVERIFY(chat_->send(QStringLiteral("Tell me a long story")));
        chat_->stop();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("stopped"));
        const Message stored = *storage_->message(finished.at(0).at(0).toLongLong());
        QCOMPARE(stored.state, QStringLiteral("stopped"));
        QVERIFY(stored.generation.value("stats").toObject().value("generated_tokens").toInt() < 150);
        QVERIFY(!chat_->busy());
    }

    void regenerateAddsABranch()
    {
        chat_->newConversation();
        greedy(60);
        QSignalSpy finished(chat_, &ChatController::answerFinished);
        QVERIFY(chat_->send(QStringLiteral("Hello there")));
        QVERIFY(finished.wait(30000));
        const QString first = content(1);
        QCOMPARE(first, firstAnswer_); // greedy is deterministic

        sampling_->setTemperature(1.5);
        sampling_->setTopK(0);
        sampling_->setTopP(1.0);
        sampling_->setMinP(0.0);
        sampling_->setSeed(7);
        chat_->regenerate();
        QVERIFY(finished.wait(30000));
        QCOMPARE(messages_->rowCount(), 2);
        QCOMPARE(messages_->data(messages_->index(1), MessageListModel::BranchCountRole).toInt(), 2);
        QCOMPARE(messages_->data(messages_->index(1), MessageListModel::BranchIndexRole).toInt(), 1);
        QVERIFY(content(1) != first);
        const Message second = *storage_->message(finished.at(1).at(0).toLongLong());
        QCOMPARE(second.generation.value("seed").toInt(), 7);

        chat_->switchBranch(messages_->data(messages_->index(1), MessageListModel::IdRole).toLongLong(), -1);
        QCOMPARE(content(1), first);
        QCOMPARE(messages_->data(messages_->index(1), MessageListModel::BranchIndexRole).toInt(), 0);
    }

    void editResendsAsANewBranch()
    {
        greedy(30);
        QSignalSpy finished(chat_, &ChatController::answerFinished);
        const qint64 userId = messages_->data(messages_->index(0), MessageListModel::IdRole).toLongLong();
        chat_->editAndResend(userId, QStringLiteral("Good morning"));
        QVERIFY(finished.wait(30000));
        QCOMPARE(messages_->rowCount(), 2);
        QCOMPARE(content(0), QStringLiteral("Good morning"));
        QCOMPARE(messages_->data(messages_->index(0), MessageListModel::BranchCountRole).toInt(), 2);
        QCOMPARE(storage_->messages(chat_->conversationId()).size(), 5); // nothing was deleted
        chat_->switchBranch(messages_->data(messages_->index(0), MessageListModel::IdRole).toLongLong(), -1);
        QCOMPARE(content(0), QStringLiteral("Hello there"));
        QCOMPARE(messages_->data(messages_->index(1), MessageListModel::BranchCountRole).toInt(), 2);
    }

    void samplingChangeMidAnswerChangesTheRest()
    {
        chat_->newConversation();
        greedy(120);
        QSignalSpy finished(chat_, &ChatController::answerFinished);
        QVERIFY(chat_->send(QStringLiteral("Once upon a time")));
        QVERIFY(finished.wait(30000));
        const QString greedyAnswer = content(1);
        QVERIFY2(greedyAnswer.size() > 20, qPrintable(greedyAnswer));

        // Same request again; at its first piece the temperature goes up.
        QString firstPiece;
        const auto connection = connect(messages_, &QAbstractItemModel::dataChanged, this, [&] {
            if (!firstPiece.isEmpty())
                return;
            firstPiece = content(1);
            sampling_->setTemperature(1.8);
            sampling_->setTopK(0);
            sampling_->setTopP(1.0);
            sampling_->setMinP(0.0);
        });
        chat_->regenerate();
        QVERIFY(finished.wait(30000));
        disconnect(connection);
        const QString changed = content(1);
        QVERIFY(greedyAnswer.startsWith(firstPiece));
        QVERIFY(changed.startsWith(firstPiece));
        QVERIFY2(changed != greedyAnswer, qPrintable(changed));
        const Message stored = *storage_->message(finished.at(1).at(0).toLongLong());
        QVERIFY(!stored.generation.value("changes").toArray().isEmpty());
        QCOMPARE(stored.generation.value("sampling").toObject().value("temperature").toDouble(), 0.0);
        QCOMPARE(storage_->conversation(chat_->conversationId())->sampling.value("temperature").toDouble(), 1.8);
    }

    void systemPromptAppliesAndIsKept()
    {
        chat_->setSystemPrompt(QStringLiteral("You answer in rhymes."));
        QCOMPARE(storage_->conversation(chat_->conversationId())->systemPrompt, QStringLiteral("You answer in rhymes."));
        const qint64 id = chat_->conversationId();
        chat_->newConversation();
        QCOMPARE(chat_->systemPrompt(), presets_->defaultText());
        chat_->openConversation(id);
        QCOMPARE(chat_->systemPrompt(), QStringLiteral("You answer in rhymes."));
        QCOMPARE(sampling_->temperature(), 1.8); // the conversation's own settings come back
    }

    // A prompt fed in several steps shows how far the engine has read, then the answer.
    void longPromptShowsReadingProgress()
    {
        model_->setPrefillChunk(4);
        model_->loadFolder(kTinyModel);
        QCOMPARE(model_->status(), ModelController::Status::Loading);
        QTRY_COMPARE_WITH_TIMEOUT(model_->status(), ModelController::Status::Ready, 30000);
        greedy(4);
        chat_->newConversation();
        QStringList shown;
        connect(chat_, &ChatController::progressChanged, this, [&] { shown << chat_->progress(); });
        QSignalSpy finished(chat_, &ChatController::answerFinished);
        QVERIFY(chat_->send(QStringLiteral("Tell me about the garden, the fox, the river and the old mill")));
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("complete"));
        QVERIFY2(shown.size() >= 3, qPrintable(shown.join(QLatin1Char('|'))));
        QVERIFY(shown.first().contains(QLatin1Char('%')));
        QVERIFY(shown.first() != shown.at(1)); // it moves
        QCOMPARE(shown.last(), QString()); // cleared once the answer starts
        QVERIFY(chat_->progress().isEmpty());
        model_->setPrefillChunk(0);
    }

private:
    void greedy(int maxTokens)
    {
        sampling_->resetToDefaults();
        sampling_->setTemperature(0.0);
        sampling_->setMaxTokens(maxTokens);
    }
    QString content(int row) const { return messages_->data(messages_->index(row), MessageListModel::ContentRole).toString(); }

    QTemporaryDir dir_;
    std::unique_ptr<Storage> storage_;
    QThread thread_;
    EngineWorker* worker_ = nullptr;
    SamplingSettings* sampling_ = nullptr;
    ConversationListModel* conversations_ = nullptr;
    MessageListModel* messages_ = nullptr;
    PresetListModel* presets_ = nullptr;
    ModelController* model_ = nullptr;
    ChatController* chat_ = nullptr;
    QString firstAnswer_;
};

QTEST_GUILESS_MAIN(TestChatController)
#include "test_chatcontroller.moc"
