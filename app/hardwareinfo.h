#pragma once
// What the first-run screen shows about this machine: the GPUs and system memory found and,
// for the known Mixtral-family models in bf16, whether they fit and on how many GPUs.
#include <QObject>
#include <QThread>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <cstdint>
#include <vector>

#include "config.h"
#include "device.h"

class QQmlEngine;
class QJSEngine;

class HardwareInfo : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    // [{name, memory (bytes), memoryText, freeMemory (bytes), freeMemoryText}]
    Q_PROPERTY(QVariantList gpus READ gpus NOTIFY changed)
    // Bytes of system memory available to a model (MemAvailable), and as "61.2 GB".
    Q_PROPERTY(double systemMemory READ systemMemory NOTIFY changed)
    Q_PROPERTY(QString systemMemoryText READ systemMemoryText NOTIFY changed)
    // [{name, bf16Size (bytes), bf16SizeText, fitsInRam, gpusNeeded (0: these GPUs cannot hold it),
    //   perGpuText (what each of those GPUs holds, "" when gpusNeeded is 0)}]
    Q_PROPERTY(QVariantList knownModels READ knownModels NOTIFY changed)
    // Tokens of context the fit is computed for (the engine's default KV-cache length).
    Q_PROPERTY(int contextTokens READ contextTokens CONSTANT)
    Q_PROPERTY(bool probing READ probing NOTIFY probingChanged)
    // Set when the GPUs could not be listed ("" otherwise).
    Q_PROPERTY(QString probeError READ probeError NOTIFY changed)

public:
    // Probes the machine on a worker thread: listing GPUs initialises CUDA, which can take
    // seconds on a multi-GPU machine, and the window must not freeze meanwhile.
    explicit HardwareInfo(QObject* parent = nullptr);
    // Fixed hardware, for tests.
    HardwareInfo(std::vector<moe::GpuInfo> gpus, uint64_t system_memory, QObject* parent = nullptr);
    ~HardwareInfo() override;

    static HardwareInfo* create(QQmlEngine* qml_engine, QJSEngine* js_engine);

    QVariantList gpus() const { return gpus_; }
    double systemMemory() const { return double(system_memory_); }
    QString systemMemoryText() const;
    QVariantList knownModels() const { return known_models_; }
    int contextTokens() const { return kContextTokens; }
    bool probing() const { return probe_thread_ != nullptr; }
    QString probeError() const { return probe_error_; }

    // Probes again (GPUs may have been freed by other programs since).
    Q_INVOKABLE void refresh();

    // The fewest of `gpus` (largest free memory first) whose free memory holds `config` in bf16
    // with tensor parallelism, or 0 if all of them together cannot (or the model's heads do not
    // split evenly over any count that would fit).
    static int gpusNeeded(const moe::ModelConfig& config, const std::vector<moe::GpuInfo>& gpus);
    static bool fitsInMemory(const moe::ModelConfig& config, uint64_t system_memory);

    struct KnownModel {
        QString name;
        moe::ModelConfig config;
    };
    // Mixtral-8x7B, Mixtral-8x22B and Zephyr-141B-A39B, from the config.json files embedded under
    // :/known-models; throws moe::Error if one is missing or invalid.
    static std::vector<KnownModel> knownModelConfigs();

    static constexpr int kContextTokens = 4096;

signals:
    void changed();
    void probingChanged();

private:
    void apply(const std::vector<moe::GpuInfo>& gpus, uint64_t system_memory);

    QVariantList gpus_;
    uint64_t system_memory_ = 0;
    QVariantList known_models_;
    QString probe_error_;
    QThread* probe_thread_ = nullptr;
};
