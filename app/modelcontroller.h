#pragma once
// Choosing and loading a model: what a folder holds, the memory plan for the chosen backend
// and GPUs before anything is loaded, loading with progress and cancel, recent models.
#include <QObject>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <optional>

#include "engineworker.h"

class ModelController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController.model")
    Q_PROPERTY(Status status READ status NOTIFY statusChanged)
    Q_PROPERTY(QString folder READ folder NOTIFY inspectedChanged)
    Q_PROPERTY(QVariantMap summary READ summary NOTIFY inspectedChanged)
    Q_PROPERTY(QString backend READ backend WRITE setBackend NOTIFY planChanged)
    Q_PROPERTY(int tensorParallel READ tensorParallel WRITE setTensorParallel NOTIFY planChanged)
    Q_PROPERTY(QVariantList gpus READ gpus WRITE setGpus NOTIFY planChanged)
    Q_PROPERTY(QVariantList availableGpus READ availableGpus NOTIFY devicesChanged)
    Q_PROPERTY(QString cudaUnavailableReason READ cudaUnavailableReason NOTIFY devicesChanged)
    Q_PROPERTY(QVariantList memoryPlan READ memoryPlan NOTIFY planChanged)
    Q_PROPERTY(bool planFits READ planFits NOTIFY planChanged)
    Q_PROPERTY(QString planExplanation READ planExplanation NOTIFY planChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString error READ error NOTIFY statusChanged)
    Q_PROPERTY(QString loadedName READ loadedName NOTIFY statusChanged)
    Q_PROPERTY(QString loadedDescription READ loadedDescription NOTIFY statusChanged)
    Q_PROPERTY(bool ready READ ready NOTIFY statusChanged)
    Q_PROPERTY(QStringList recentModels READ recentModels NOTIFY recentModelsChanged)

public:
    enum class Status { NoModel, Inspecting, Inspected, Loading, Ready, Failed };
    Q_ENUM(Status)

    ModelController(EngineWorker* worker, QObject* parent = nullptr);

    Status status() const { return status_; }
    QString folder() const { return folder_; }
    QVariantMap summary() const;
    QString backend() const { return backend_; }
    int tensorParallel() const { return tensorParallel_; }
    QVariantList gpus() const;
    QVariantList availableGpus() const { return availableGpus_; }
    QString cudaUnavailableReason() const { return cudaUnavailableReason_; }
    QVariantList memoryPlan() const;
    bool planFits() const { return plan_ && plan_->fits(); }
    QString planExplanation() const;
    double progress() const { return progress_; }
    QString error() const { return error_; }
    QString loadedName() const;
    QString loadedDescription() const { return loadedDescription_; }
    bool ready() const { return !loadedFolder_.isEmpty() && status_ != Status::Loading; }
    QStringList recentModels() const { return recentModels_; }

    void setBackend(const QString& backend);
    void setTensorParallel(int tp);
    // Prompt tokens per prefill step for the next load (0 = the engine's default).
    void setPrefillChunk(int tokens) { prefillChunk_ = tokens; }
    void setGpus(const QVariantList& gpus);

    // A folder path or a file:// URL, as a FileDialog gives it.
    Q_INVOKABLE void inspect(const QString& folderOrUrl);
    Q_INVOKABLE void load();
    Q_INVOKABLE void loadFolder(const QString& folderOrUrl); // without showing the plan first
    Q_INVOKABLE void cancelLoad();
    Q_INVOKABLE void refreshDevices();
    Q_INVOKABLE void forgetRecent(const QString& folder);

signals:
    void statusChanged();
    void inspectedChanged();
    void planChanged();
    void devicesChanged();
    void progressChanged();
    void recentModelsChanged();
    void loadRequested(const LoadRequest& request);
    void inspectRequested(const QString& folder);

private:
    void setStatus(Status status, const QString& error = {});
    void updatePlan();
    void remember(const QString& folder);
    EngineWorker* worker_;
    Status status_ = Status::NoModel;
    QString folder_;
    std::optional<moe::ModelInfo> info_;
    std::optional<moe::MemoryPlan> plan_;
    QString backend_ = QStringLiteral("cpu");
    int tensorParallel_ = 1;
    int prefillChunk_ = 0;
    QList<int> gpus_;
    QVariantList availableGpus_;
    QString cudaUnavailableReason_;
    double progress_ = 0;
    QString error_;
    QString loadedFolder_;
    QString loadedDescription_;
    QStringList recentModels_;
};
