#include "hardwareinfo.h"

#include <QFile>
#include <QVariantMap>

#include <algorithm>
#include <exception>
#include <memory>
#include <nlohmann/json.hpp>

#include "error.h"
#include "memory_plan.h"

namespace {

QString bytesText(uint64_t bytes) { return QString::fromStdString(moe::format_bytes(bytes)); }

// The KV cache is fp32 on the CPU and bf16 on GPUs (see plan_memory).
constexpr int kCpuKvBytes = 4;
constexpr int kGpuKvBytes = 2;

struct ProbeResult {
    std::vector<moe::GpuInfo> gpus;
    uint64_t system_memory = 0;
    QString error;
};

} // namespace

HardwareInfo::HardwareInfo(QObject* parent) : QObject(parent) { refresh(); }

HardwareInfo::HardwareInfo(std::vector<moe::GpuInfo> gpus, uint64_t system_memory, QObject* parent)
    : QObject(parent) {
    apply(gpus, system_memory);
}

HardwareInfo::~HardwareInfo() {
    // The probe thread writes into a result it shares, but must not outlive its QThread object.
    if (probe_thread_) probe_thread_->wait();
}

HardwareInfo* HardwareInfo::create(QQmlEngine*, QJSEngine*) { return new HardwareInfo; }

QString HardwareInfo::systemMemoryText() const { return bytesText(system_memory_); }

void HardwareInfo::refresh() {
    if (probe_thread_) return;
    auto result = std::make_shared<ProbeResult>();
    probe_thread_ = QThread::create([result] {
        result->system_memory = moe::system_memory_available();
        try {
            result->gpus = moe::list_gpus();
        } catch (const std::exception& e) {
            result->error = QString::fromStdString(e.what());
        }
    });
    probe_thread_->setParent(this);
    connect(probe_thread_, &QThread::finished, this, [this, result] {
        probe_thread_->deleteLater();
        probe_thread_ = nullptr;
        probe_error_ = result->error;
        apply(result->gpus, result->system_memory);
        emit probingChanged();
    });
    probe_thread_->start();
    emit probingChanged();
}

std::vector<HardwareInfo::KnownModel> HardwareInfo::knownModelConfigs() {
    static const struct {
        const char* name;
        const char* file;
    } known[] = {
        {"Mixtral-8x7B", "mixtral-8x7b.config.json"},
        {"Mixtral-8x22B", "mixtral-8x22b.config.json"},
        {"Zephyr-141B-A39B", "zephyr-orpo-141b-a35b.config.json"},
    };
    std::vector<KnownModel> models;
    for (const auto& k : known) {
        const QString path = QStringLiteral(":/known-models/") + QLatin1String(k.file);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            throw moe::Error(path.toStdString() + " is not in the application's resources: the build is incomplete");
        const QByteArray bytes = file.readAll();
        const auto json = nlohmann::json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, false);
        if (json.is_discarded()) throw moe::Error(path.toStdString() + " is not valid JSON");
        models.push_back({QString::fromLatin1(k.name), moe::parse_config(json)});
    }
    return models;
}

int HardwareInfo::gpusNeeded(const moe::ModelConfig& config, const std::vector<moe::GpuInfo>& gpus) {
    std::vector<moe::GpuInfo> usable;
    // A capacity of 0 means "no limit" to the planner, so a GPU with nothing free is left out.
    std::copy_if(gpus.begin(), gpus.end(), std::back_inserter(usable),
                 [](const moe::GpuInfo& g) { return g.free_bytes > 0; });
    std::stable_sort(usable.begin(), usable.end(),
                     [](const moe::GpuInfo& a, const moe::GpuInfo& b) { return a.free_bytes > b.free_bytes; });
    std::vector<moe::DeviceBudget> ranks;
    for (const moe::GpuInfo& gpu : usable) {
        ranks.push_back({"GPU " + std::to_string(gpu.index) + ": " + gpu.name, gpu.free_bytes});
        try {
            if (moe::plan_memory(config, moe::DType::BF16, kContextTokens, ranks, kGpuKvBytes, moe::kCudaPrefillChunk).fits())
                return int(ranks.size());
        } catch (const moe::Error&) {
            // The heads or expert width do not split over this many ranks; try one more GPU.
        }
    }
    return 0;
}

bool HardwareInfo::fitsInMemory(const moe::ModelConfig& config, uint64_t system_memory) {
    if (system_memory == 0) return false;
    const moe::DeviceBudget cpu{"CPU (system RAM)", system_memory};
    return moe::plan_memory(config, moe::DType::BF16, kContextTokens, {cpu}, kCpuKvBytes, moe::kCpuPrefillChunk).fits();
}

void HardwareInfo::apply(const std::vector<moe::GpuInfo>& gpus, uint64_t system_memory) {
    gpus_.clear();
    for (const moe::GpuInfo& gpu : gpus) {
        gpus_.append(QVariantMap{
            {"index", gpu.index},
            {"name", QString::fromStdString(gpu.name)},
            {"memory", double(gpu.total_bytes)},
            {"memoryText", bytesText(gpu.total_bytes)},
            {"freeMemory", double(gpu.free_bytes)},
            {"freeMemoryText", bytesText(gpu.free_bytes)},
        });
    }
    system_memory_ = system_memory;

    known_models_.clear();
    try {
        for (const KnownModel& model : knownModelConfigs()) {
            const int needed = gpusNeeded(model.config, gpus);
            QString per_gpu;
            if (needed > 0) {
                const std::vector<moe::DeviceBudget> ranks(size_t(needed), moe::DeviceBudget{"GPU", 0});
                per_gpu = bytesText(moe::plan_memory(model.config, moe::DType::BF16, kContextTokens, ranks,
                                                     kGpuKvBytes, moe::kCudaPrefillChunk).devices.front().total());
            }
            known_models_.append(QVariantMap{
                {"name", model.name},
                {"bf16Size", double(model.config.parameter_count()) * 2.0},
                {"bf16SizeText", bytesText(uint64_t(model.config.parameter_count()) * 2)},
                {"fitsInRam", fitsInMemory(model.config, system_memory)},
                {"gpusNeeded", needed},
                {"perGpuText", per_gpu},
            });
        }
    } catch (const std::exception& e) {
        known_models_.clear();
        probe_error_ = QString::fromStdString(e.what());
    }
    emit changed();
}
