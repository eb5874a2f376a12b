#pragma once
// The sampling panel's values. Every change reaches the engine's LiveSampling at once, so
// the answer being generated uses it from its next token.
#include <QJsonObject>
#include <QObject>
#include <QtQml/qqmlregistration.h>

#include <memory>

#include "sampler.h"

class SamplingSettings : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController.sampling")
    Q_PROPERTY(double temperature READ temperature WRITE setTemperature NOTIFY changed)
    Q_PROPERTY(int topK READ topK WRITE setTopK NOTIFY changed)
    Q_PROPERTY(double topP READ topP WRITE setTopP NOTIFY changed)
    Q_PROPERTY(double minP READ minP WRITE setMinP NOTIFY changed)
    Q_PROPERTY(double repetitionPenalty READ repetitionPenalty WRITE setRepetitionPenalty NOTIFY changed)
    Q_PROPERTY(int maxTokens READ maxTokens WRITE setMaxTokens NOTIFY changed)
    Q_PROPERTY(int seed READ seed WRITE setSeed NOTIFY changed) // -1: a new random seed per answer

public:
    explicit SamplingSettings(QObject* parent = nullptr);

    double temperature() const { return values_.temperature; }
    int topK() const { return values_.topK; }
    double topP() const { return values_.topP; }
    double minP() const { return values_.minP; }
    double repetitionPenalty() const { return values_.repetitionPenalty; }
    int maxTokens() const { return maxTokens_; }
    int seed() const { return seed_; }

    void setTemperature(double v);
    void setTopK(int v);
    void setTopP(double v);
    void setMinP(double v);
    void setRepetitionPenalty(double v);
    void setMaxTokens(int v);
    void setSeed(int v);
    Q_INVOKABLE void resetToDefaults();

    QJsonObject toJson() const;
    // Missing or out-of-range values take their defaults; emits changed() once.
    void loadJson(const QJsonObject& json);

    // The engine reads this object before every token; the seed is the answer's actual seed.
    std::shared_ptr<moe::LiveSampling> live() const { return live_; }
    void startAnswer(uint64_t seed);

signals:
    void changed();

public:
    // Kept as the panel shows them (doubles); the engine gets floats.
    struct Values {
        double temperature = 0.7;
        int topK = 40;
        double topP = 0.95;
        double minP = 0.05;
        double repetitionPenalty = 1.1;
    };

private:
    void publish();
    moe::SamplingParams params(uint64_t seed) const;
    Values values_;
    int maxTokens_ = 512;
    int seed_ = -1;
    uint64_t answerSeed_ = 0;
    std::shared_ptr<moe::LiveSampling> live_ = std::make_shared<moe::LiveSampling>();
};
