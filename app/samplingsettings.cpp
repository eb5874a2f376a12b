#include "samplingsettings.h"

#include <algorithm>
#include <cmath>

namespace {
constexpr int kDefaultMaxTokens = 512;

// Slider steps add binary noise (0.7000000000000001); the panel shows three decimals at most.
double tidy(double v, double lo, double hi) { return std::round(std::clamp(v, lo, hi) * 1000.0) / 1000.0; }
} // namespace

SamplingSettings::SamplingSettings(QObject* parent) : QObject(parent), maxTokens_(kDefaultMaxTokens)
{
    publish();
}

moe::SamplingParams SamplingSettings::params(uint64_t seed) const
{
    moe::SamplingParams p;
    p.temperature = float(values_.temperature);
    p.top_k = values_.topK;
    p.top_p = float(values_.topP);
    p.min_p = float(values_.minP);
    p.repeat_penalty = float(values_.repetitionPenalty);
    p.seed = seed;
    return p;
}

void SamplingSettings::publish()
{
    live_->set(params(answerSeed_));
    emit changed();
}

void SamplingSettings::setTemperature(double v)
{
    v = tidy(v, 0.0, 2.0);
    if (v == values_.temperature)
        return;
    values_.temperature = v;
    publish();
}

void SamplingSettings::setTopK(int v)
{
    v = std::clamp(v, 0, 200);
    if (v == values_.topK)
        return;
    values_.topK = v;
    publish();
}

void SamplingSettings::setTopP(double v)
{
    v = tidy(v, 0.0, 1.0);
    if (v == values_.topP)
        return;
    values_.topP = v;
    publish();
}

void SamplingSettings::setMinP(double v)
{
    v = tidy(v, 0.0, 1.0);
    if (v == values_.minP)
        return;
    values_.minP = v;
    publish();
}

void SamplingSettings::setRepetitionPenalty(double v)
{
    v = tidy(v, 1.0, 2.0);
    if (v == values_.repetitionPenalty)
        return;
    values_.repetitionPenalty = v;
    publish();
}

void SamplingSettings::setMaxTokens(int v)
{
    v = std::clamp(v, 1, 32768);
    if (v == maxTokens_)
        return;
    maxTokens_ = v;
    publish();
}

void SamplingSettings::setSeed(int v)
{
    v = std::max(v, -1);
    if (v == seed_)
        return;
    seed_ = v;
    publish();
}

void SamplingSettings::resetToDefaults()
{
    values_ = Values{};
    maxTokens_ = kDefaultMaxTokens;
    seed_ = -1;
    publish();
}

QJsonObject SamplingSettings::toJson() const
{
    return {{"temperature", values_.temperature}, {"top_k", values_.topK}, {"top_p", values_.topP},
            {"min_p", values_.minP}, {"repetition_penalty", values_.repetitionPenalty},
            {"max_tokens", maxTokens_}, {"seed", seed_}};
}

void SamplingSettings::loadJson(const QJsonObject& json)
{
    const Values d;
    const auto number = [&](const char* key, double fallback, double lo, double hi) {
        const double v = json.value(QLatin1String(key)).toDouble(fallback);
        return v >= lo && v <= hi ? v : fallback;
    };
    values_.temperature = number("temperature", d.temperature, 0, 2);
    values_.topK = int(number("top_k", d.topK, 0, 200));
    values_.topP = number("top_p", d.topP, 0, 1);
    values_.minP = number("min_p", d.minP, 0, 1);
    values_.repetitionPenalty = number("repetition_penalty", d.repetitionPenalty, 1, 2);
    maxTokens_ = int(number("max_tokens", kDefaultMaxTokens, 1, 32768));
    seed_ = int(number("seed", -1, -1, 2147483647));
    publish();
}

void SamplingSettings::startAnswer(uint64_t seed)
{
    answerSeed_ = seed;
    live_->set(params(seed));
}

#include "moc_samplingsettings.cpp"
