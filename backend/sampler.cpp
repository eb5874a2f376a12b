#include "sampler.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

namespace moe {
namespace sampling {

// CTRL-style penalty as transformers applies it: positive logits are divided by the
// penalty, negative ones multiplied, once per distinct token in the window.
void repetition_penalty(std::vector<Candidate>& c, std::span<const int> history, float penalty, int window) {
    if (penalty == 1.0f || history.empty()) return;
    const size_t start = (window > 0 && history.size() > size_t(window)) ? history.size() - size_t(window) : 0;
    std::unordered_set<int> seen(history.begin() + long(start), history.end());
    for (Candidate& x : c)
        if (seen.count(x.id)) x.logit = x.logit > 0 ? x.logit / penalty : x.logit * penalty;
}

void temperature(std::vector<Candidate>& c, float t) {
    if (t <= 0.0f || t == 1.0f) return;
    for (Candidate& x : c) x.logit /= t;
}

void softmax(std::vector<Candidate>& c) {
    std::sort(c.begin(), c.end(), [](const Candidate& a, const Candidate& b) {
        return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
    });
    if (c.empty()) return;
    const float mx = c.front().logit;
    double sum = 0.0;
    for (Candidate& x : c) sum += (x.p = std::exp(x.logit - mx));
    for (Candidate& x : c) x.p = float(x.p / sum);
}

void top_k(std::vector<Candidate>& c, int k) {
    if (k <= 0 || size_t(k) >= c.size()) return;
    std::partial_sort(c.begin(), c.begin() + k, c.end(), [](const Candidate& a, const Candidate& b) {
        return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
    });
    c.resize(size_t(k));
}

void top_p(std::vector<Candidate>& c, float p) {
    if (p >= 1.0f || c.empty()) return;
    double mass = 0.0;
    size_t keep = c.size();
    for (size_t i = 0; i < c.size(); ++i) {
        mass += c[i].p;
        if (mass >= double(p)) {
            keep = i + 1;
            break;
        }
    }
    c.resize(std::max<size_t>(1, keep));
}

void min_p(std::vector<Candidate>& c, float p) {
    if (p <= 0.0f || c.empty()) return;
    float mx = 0.0f;
    for (const Candidate& x : c) mx = std::max(mx, x.p);
    const float threshold = p * mx;
    std::erase_if(c, [&](const Candidate& x) { return x.p < threshold; });
}

int draw(const std::vector<Candidate>& c, std::mt19937_64& rng) {
    double total = 0.0;
    for (const Candidate& x : c) total += x.p;
    // 53 random bits → [0, total); the same seed gives the same draw everywhere.
    const double u = double(rng() >> 11) * (1.0 / 9007199254740992.0) * total;
    double acc = 0.0;
    for (const Candidate& x : c) {
        acc += x.p;
        if (u < acc) return x.id;
    }
    return c.back().id;
}

int greedy(std::span<const float> logits) {
    int best = 0;
    for (size_t i = 1; i < logits.size(); ++i)
        if (logits[i] > logits[size_t(best)]) best = int(i);
    return best;
}

} // namespace sampling

int Sampler::sample(std::span<const float> logits, std::span<const int> history, const SamplingParams& p) {
    candidates_.resize(logits.size());
    for (size_t i = 0; i < logits.size(); ++i) candidates_[i] = Candidate{int(i), logits[i], 0.0f};
    sampling::repetition_penalty(candidates_, history, p.repeat_penalty, p.repeat_window);
    if (p.temperature <= 0.0f) {
        // greedy: the best logit after penalties, lowest id on ties
        const auto best = std::max_element(candidates_.begin(), candidates_.end(), [](const Candidate& a, const Candidate& b) {
            return a.logit < b.logit || (a.logit == b.logit && a.id > b.id);
        });
        return best->id;
    }
    sampling::temperature(candidates_, p.temperature);
    sampling::top_k(candidates_, p.top_k); // first, so the softmax below sorts only k candidates
    sampling::softmax(candidates_);
    sampling::top_p(candidates_, p.top_p);
    sampling::min_p(candidates_, p.min_p);
    return sampling::draw(candidates_, rng_);
}

} // namespace moe
