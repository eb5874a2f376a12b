#pragma once
// EngineWorker owns the moe::Engine and its Session on a thread of its own. Requests arrive
// as queued signals; pieces, progress, stats and errors leave as signals. Stopping is an
// atomic flag the GUI thread sets directly, read by the engine between tokens.
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

#include "engine.h"

struct LoadRequest {
    QString folder;
    QString backend = QStringLiteral("cpu"); // "cpu" or "cuda"
    int tensorParallel = 1;
    QList<int> gpus;
    int threads = 0;
    int prefillChunk = 0; // prompt tokens per prefill step (0 = the engine's default)
};

struct ChatTurn {
    QString role; // "user" or "assistant"
    QString content;
};

struct GenerationJob {
    quint64 id = 0;
    QString systemPrompt;
    QList<ChatTurn> turns; // ends with the user message to answer
    int maxTokens = 512;
};

Q_DECLARE_METATYPE(LoadRequest)
Q_DECLARE_METATYPE(GenerationJob)
Q_DECLARE_METATYPE(moe::ModelInfo)

class EngineWorker : public QObject {
    Q_OBJECT

public:
    explicit EngineWorker(std::shared_ptr<moe::LiveSampling> sampling, QObject* parent = nullptr);
    ~EngineWorker() override;

    // Thread-safe: called from the GUI thread while the worker is busy.
    void requestStopGeneration() { stopGeneration_ = true; }
    void requestCancelLoad() { cancelLoad_ = true; }
    // Called from the GUI thread before queueing a request, so an early stop is never lost.
    void armGeneration() { stopGeneration_ = false; }
    void armLoad() { cancelLoad_ = false; }

public slots:
    void inspect(const QString& folder);
    void load(const LoadRequest& request);
    void generate(const GenerationJob& job);

signals:
    void inspected(const QString& folder, const moe::ModelInfo& info);
    void inspectFailed(const QString& folder, const QString& message);
    void loadProgress(double fraction);
    void loaded(const QString& folder, const QString& description);
    void loadFailed(const QString& message, bool cancelled);
    void piece(quint64 job, const QString& text);
    // While a long prompt is fed: tokens of it in the cache so far, of its total.
    void prefillProgress(quint64 job, int done, int total);
    void generationFinished(quint64 job, const QJsonObject& stats);
    void generationFailed(quint64 job, const QString& message);

private:
    std::vector<int> encode(const GenerationJob& job, int maxTokens) const;
    std::shared_ptr<moe::LiveSampling> sampling_;
    std::atomic<bool> stopGeneration_{false};
    std::atomic<bool> cancelLoad_{false};
    std::unique_ptr<moe::Engine> engine_;
    // The engine has one KV cache; the session knows which tokens it holds, so a follow-up in
    // the same conversation only prefills its new tokens.
    std::unique_ptr<moe::Session> session_;
};
