#include "engineworker.h"

#include <QDir>

#include "error.h"

namespace {

QString fromStd(const std::string& s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

} // namespace

EngineWorker::EngineWorker(std::shared_ptr<moe::LiveSampling> sampling, QObject* parent)
    : QObject(parent), sampling_(std::move(sampling))
{
    qRegisterMetaType<LoadRequest>();
    qRegisterMetaType<GenerationJob>();
    qRegisterMetaType<moe::ModelInfo>();
}

EngineWorker::~EngineWorker() = default;

void EngineWorker::inspect(const QString& folder)
{
    try {
        emit inspected(folder, moe::inspect_model(folder.toStdString()));
    } catch (const std::exception& e) {
        emit inspectFailed(folder, fromStd(e.what()));
    }
}

void EngineWorker::load(const LoadRequest& request)
{
    // The old model goes first: two large models rarely fit side by side.
    session_.reset();
    engine_.reset();
    moe::EngineOptions options;
    options.backend = request.backend.toStdString();
    options.tp = request.tensorParallel;
    options.gpus.assign(request.gpus.cbegin(), request.gpus.cend());
    options.threads = request.threads;
    options.prefill_chunk = request.prefillChunk;
    options.progress = [this](double fraction) {
        emit loadProgress(fraction);
        return !cancelLoad_.load();
    };
    try {
        engine_ = moe::Engine::load(request.folder.toStdString(), options);
        session_ = std::make_unique<moe::Session>(*engine_);
        emit loaded(request.folder, fromStd(engine_->describe()));
    } catch (const moe::Cancelled&) {
        emit loadFailed(tr("Loading was cancelled."), true);
    } catch (const std::exception& e) {
        emit loadFailed(tr("Could not load %1: %2").arg(QDir::toNativeSeparators(request.folder), fromStd(e.what())), false);
    } catch (...) {
        emit loadFailed(tr("Could not load %1 (unknown error).").arg(QDir::toNativeSeparators(request.folder)), false);
    }
}

std::vector<int> EngineWorker::encode(const GenerationJob& job, int maxTokens) const
{
    // The engine's context policy: when the conversation outgrows the context, the oldest
    // turns after the system prompt are left out; a message that alone does not fit is an error.
    std::vector<moe::ChatMessage> messages;
    if (!job.systemPrompt.isEmpty())
        messages.push_back({"system", job.systemPrompt.toStdString()});
    for (const ChatTurn& t : std::as_const(job.turns))
        messages.push_back({t.role.toStdString(), t.content.toStdString()});
    return engine_->encode_chat(messages, maxTokens);
}

void EngineWorker::generate(const GenerationJob& job)
{
    if (!engine_) {
        emit generationFailed(job.id, tr("No model is loaded. Open one with “Open model…” in the tool bar (Ctrl+O)."));
        return;
    }
    try {
        const int context = engine_->context_tokens();
        moe::GenerateRequest request;
        request.prompt_ids = encode(job, std::min(job.maxTokens, context / 2));
        request.max_tokens = std::min(job.maxTokens, context - int(request.prompt_ids.size()));
        request.sampling = sampling_.get();
        request.cancel = &stopGeneration_;
        request.on_piece = [&](const std::string& text) { emit piece(job.id, fromStd(text)); };
        request.on_prefill = [&](int done, int total) { emit prefillProgress(job.id, done, total); };
        const moe::GenerationStats stats = session_->generate(request);
        emit generationFinished(job.id, QJsonObject{
            {"prompt_tokens", stats.prompt_tokens},
            {"reused_tokens", stats.reused_tokens},
            {"generated_tokens", stats.generated_tokens},
            {"time_to_first_token_ms", stats.time_to_first_token_ms},
            {"prefill_tokens_per_s", stats.prefill_tokens_per_s},
            {"decode_tokens_per_s", stats.decode_tokens_per_s},
            {"stop", QString::fromLatin1(moe::stop_reason_name(stats.stop))}});
    } catch (const std::exception& e) {
        // The cache may hold part of the failed turn; the next request starts clean.
        session_->reset();
        emit generationFailed(job.id, tr("The answer could not be generated: %1").arg(fromStd(e.what())));
    }
}

#include "moc_engineworker.cpp"
