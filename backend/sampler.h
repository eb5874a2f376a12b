#pragma once
// Sampling as a chain of small steps over a candidate list: repetition penalty (with window),
// temperature, top-k, top-p, min-p, then a seeded draw. Temperature 0 is greedy.
#include <atomic>
#include <cstdint>
#include <mutex>
#include <random>
#include <span>
#include <vector>

namespace moe {

struct SamplingParams {
    float temperature = 0.7f;
    int top_k = 50;            // 0 = off
    float top_p = 0.95f;       // 1 = off
    float min_p = 0.0f;        // 0 = off
    float repeat_penalty = 1.0f; // 1 = off
    int repeat_window = 64;    // last N tokens penalised; 0 = all
    uint64_t seed = 0;
};

// Sampling settings that another thread may change while a generation runs; the generation
// loop reads them before every token.
class LiveSampling {
public:
    LiveSampling() = default;
    explicit LiveSampling(const SamplingParams& p) : params_(p) {}
    void set(const SamplingParams& p) { std::lock_guard lock(mutex_); params_ = p; ++version_; }
    SamplingParams get() const { std::lock_guard lock(mutex_); return params_; }
    uint64_t version() const { std::lock_guard lock(mutex_); return version_; }

private:
    mutable std::mutex mutex_;
    SamplingParams params_;
    uint64_t version_ = 0;
};

struct Candidate {
    int id;
    float logit;
    float p; // filled by softmax
};

// The steps, each usable on its own (tests run them on 4-element vectors).
namespace sampling {
void repetition_penalty(std::vector<Candidate>& c, std::span<const int> history, float penalty, int window);
void temperature(std::vector<Candidate>& c, float t);
void softmax(std::vector<Candidate>& c);           // sorts by logit descending, fills p
void top_k(std::vector<Candidate>& c, int k);      // keeps the k highest logits, sorted
void top_p(std::vector<Candidate>& c, float p);    // expects softmax'd; keeps the smallest prefix with mass ≥ p
void min_p(std::vector<Candidate>& c, float p);    // expects softmax'd; keeps p_i ≥ p · p_max
int draw(const std::vector<Candidate>& c, std::mt19937_64& rng); // renormalises and draws
int greedy(std::span<const float> logits);         // argmax, lowest id on ties
} // namespace sampling

class Sampler {
public:
    explicit Sampler(uint64_t seed) : rng_(seed) {}
    void reseed(uint64_t seed) { rng_.seed(seed); }
    // Picks the next token from logits[vocab] given the tokens so far.
    int sample(std::span<const float> logits, std::span<const int> history, const SamplingParams& p);

private:
    std::mt19937_64 rng_;
    std::vector<Candidate> candidates_;
};

} // namespace moe
