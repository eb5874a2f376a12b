#include "modelcontroller.h"

#include <QDir>
#include <QLocale>
#include <QSettings>
#include <QUrl>

#include "device.h"
#include "engine.h"

namespace {

constexpr int kRecentModels = 8;
const QString kRecentKey = QStringLiteral("models/recent");

QString toLocalFolder(const QString& folderOrUrl)
{
    const QUrl url(folderOrUrl);
    const QString path = url.isLocalFile() ? url.toLocalFile() : folderOrUrl;
    return QDir::cleanPath(QDir(path).absolutePath());
}

QString parameterText(int64_t n)
{
    const QLocale locale;
    if (n >= 1'000'000'000)
        return QObject::tr("%1 B").arg(locale.toString(double(n) / 1e9, 'f', 1));
    if (n >= 1'000'000)
        return QObject::tr("%1 M").arg(locale.toString(double(n) / 1e6, 'f', 1));
    return locale.toString(qlonglong(n));
}

} // namespace

ModelController::ModelController(EngineWorker* worker, QObject* parent) : QObject(parent), worker_(worker)
{
    recentModels_ = QSettings().value(kRecentKey).toStringList();
    connect(this, &ModelController::inspectRequested, worker, &EngineWorker::inspect);
    connect(this, &ModelController::loadRequested, worker, &EngineWorker::load);
    connect(worker, &EngineWorker::inspected, this, [this](const QString& folder, const moe::ModelInfo& info) {
        if (folder != folder_)
            return; // the user has chosen another folder since
        info_ = info;
        emit inspectedChanged();
        updatePlan();
        setStatus(Status::Inspected);
    });
    connect(worker, &EngineWorker::inspectFailed, this, [this](const QString& folder, const QString& message) {
        if (folder == folder_)
            setStatus(Status::Failed, message);
    });
    connect(worker, &EngineWorker::loadProgress, this, [this](double fraction) {
        progress_ = fraction;
        emit progressChanged();
    });
    connect(worker, &EngineWorker::loaded, this, [this](const QString& folder, const QString& description) {
        loadedFolder_ = folder;
        loadedDescription_ = description;
        remember(folder);
        setStatus(Status::Ready);
    });
    connect(worker, &EngineWorker::loadFailed, this, [this](const QString& message, bool) {
        // The worker drops the previous model before loading, so nothing is loaded now.
        loadedFolder_.clear();
        loadedDescription_.clear();
        setStatus(Status::Failed, message);
    });
}

void ModelController::setStatus(Status status, const QString& error)
{
    status_ = status;
    error_ = error;
    emit statusChanged();
}

QVariantMap ModelController::summary() const
{
    if (!info_)
        return {};
    const moe::ModelConfig& c = info_->config;
    return {{"architecture", QString::fromStdString(c.architecture)},
            {"parameters", parameterText(info_->parameters)},
            {"activeParameters", parameterText(info_->active_parameters)},
            {"experts", c.is_moe() ? tr("%1 experts, %2 per token").arg(c.num_experts).arg(c.experts_per_token) : tr("dense (no experts)")},
            {"dtype", QString::fromStdString(info_->dtype)},
            {"layers", c.num_layers},
            {"context", c.max_position_embeddings},
            {"weights", QString::fromStdString(moe::format_bytes(info_->weight_bytes))},
            {"hasTokenizer", info_->has_tokenizer}};
}

QVariantList ModelController::gpus() const
{
    QVariantList list;
    for (int g : gpus_)
        list << g;
    return list;
}

void ModelController::setBackend(const QString& backend)
{
    if (backend == backend_)
        return;
    backend_ = backend;
    updatePlan();
}

void ModelController::setTensorParallel(int tp)
{
    tp = std::max(1, tp);
    if (tp == tensorParallel_)
        return;
    tensorParallel_ = tp;
    updatePlan();
}

void ModelController::setGpus(const QVariantList& gpus)
{
    gpus_.clear();
    for (const QVariant& g : gpus)
        gpus_ << g.toInt();
    if (backend_ == QLatin1String("cuda") && !gpus_.isEmpty())
        tensorParallel_ = int(gpus_.size());
    updatePlan();
}

void ModelController::refreshDevices()
{
    std::string whyNot;
    availableGpus_.clear();
    if (moe::cuda_available(&whyNot)) {
        cudaUnavailableReason_.clear();
        for (const moe::GpuInfo& g : moe::list_gpus())
            availableGpus_ << QVariantMap{{"index", g.index},
                                          {"name", QString::fromStdString(g.name)},
                                          {"free", QString::fromStdString(moe::format_bytes(g.free_bytes))}};
    } else {
        cudaUnavailableReason_ = QString::fromStdString(whyNot);
    }
    emit devicesChanged();
}

void ModelController::updatePlan()
{
    plan_.reset();
    if (info_) {
        const moe::ModelConfig& c = info_->config;
        const int context = std::min(c.max_position_embeddings > 0 ? c.max_position_embeddings : 4096, 4096);
        std::vector<moe::DeviceBudget> budgets;
        const bool cuda = backend_ == QLatin1String("cuda");
        if (cuda) {
            const std::vector<moe::GpuInfo> found = moe::list_gpus();
            QList<int> chosen = gpus_;
            for (int r = int(chosen.size()); r < tensorParallel_; ++r)
                chosen << r;
            for (int g : chosen) {
                const auto it = std::find_if(found.begin(), found.end(), [&](const moe::GpuInfo& i) { return i.index == g; });
                budgets.push_back(it != found.end() ? moe::DeviceBudget{"GPU " + std::to_string(g) + ": " + it->name, it->free_bytes}
                                                    : moe::DeviceBudget{"GPU " + std::to_string(g), 0});
            }
        } else {
            const uint64_t ram = moe::system_memory_available();
            for (int r = 0; r < tensorParallel_; ++r)
                budgets.push_back({"CPU (system RAM)", ram / uint64_t(tensorParallel_)});
        }
        const moe::DType dtype = info_->dtype == "F32" ? moe::DType::F32 : info_->dtype == "F16" ? moe::DType::F16 : moe::DType::BF16;
        try {
            moe::EngineOptions options;
            options.backend = backend_.toStdString();
            options.prefill_chunk = prefillChunk_;
            plan_ = moe::plan_memory(c, dtype, context, budgets, cuda ? 2 : 4, moe::prefill_chunk_for(options));
        } catch (const std::exception& e) {
            error_ = QString::fromStdString(e.what());
        }
    }
    emit planChanged();
}

QVariantList ModelController::memoryPlan() const
{
    QVariantList rows;
    if (!plan_)
        return rows;
    const auto bytes = [](uint64_t b) { return QString::fromStdString(moe::format_bytes(b)); };
    for (const moe::DevicePlan& d : plan_->devices)
        rows << QVariantMap{{"name", QString::fromStdString(d.name)},
                            {"weights", bytes(d.weights)},
                            {"kvCache", bytes(d.kv_cache)},
                            {"workspace", bytes(d.workspace)},
                            {"total", bytes(d.total())},
                            {"capacity", d.capacity ? bytes(d.capacity) : tr("unknown")},
                            {"fits", d.fits()}};
    return rows;
}

QString ModelController::planExplanation() const
{
    return plan_ ? QString::fromStdString(plan_->explain()) : QString();
}

QString ModelController::loadedName() const
{
    return loadedFolder_.isEmpty() ? QString() : QDir(loadedFolder_).dirName();
}

void ModelController::inspect(const QString& folderOrUrl)
{
    folder_ = toLocalFolder(folderOrUrl);
    info_.reset();
    plan_.reset();
    emit inspectedChanged();
    emit planChanged();
    setStatus(Status::Inspecting);
    emit inspectRequested(folder_);
}

void ModelController::load()
{
    if (folder_.isEmpty() || status_ == Status::Loading)
        return;
    progress_ = 0;
    emit progressChanged();
    setStatus(Status::Loading);
    worker_->armLoad();
    LoadRequest request;
    request.folder = folder_;
    request.backend = backend_;
    request.tensorParallel = tensorParallel_;
    request.prefillChunk = prefillChunk_;
    if (backend_ == QLatin1String("cuda"))
        request.gpus = gpus_;
    emit loadRequested(request);
}

void ModelController::loadFolder(const QString& folderOrUrl)
{
    folder_ = toLocalFolder(folderOrUrl);
    emit inspectedChanged();
    load();
}

void ModelController::cancelLoad()
{
    worker_->requestCancelLoad();
}

void ModelController::remember(const QString& folder)
{
    recentModels_.removeAll(folder);
    recentModels_.prepend(folder);
    while (recentModels_.size() > kRecentModels)
        recentModels_.removeLast();
    QSettings().setValue(kRecentKey, recentModels_);
    emit recentModelsChanged();
}

void ModelController::forgetRecent(const QString& folder)
{
    recentModels_.removeAll(folder);
    QSettings().setValue(kRecentKey, recentModels_);
    emit recentModelsChanged();
}

#include "moc_modelcontroller.cpp"
