// Each sampling step on small vectors with exact expected results, and the chain as a whole.
#include <QtTest>

#include <thread>

#include "sampler.h"

using namespace moe;

namespace {
std::vector<Candidate> cands(std::initializer_list<float> logits) {
    std::vector<Candidate> c;
    int id = 0;
    for (float l : logits) c.push_back({id++, l, 0.0f});
    return c;
}
std::vector<int> ids(const std::vector<Candidate>& c) {
    std::vector<int> out;
    for (const auto& x : c) out.push_back(x.id);
    return out;
}
} // namespace

class TestSampler : public QObject {
    Q_OBJECT
private slots:
    void softmax_sorts_and_normalises() {
        auto c = cands({0.0f, std::log(3.0f), std::log(2.0f), std::log(4.0f)});
        sampling::softmax(c);
        QCOMPARE(ids(c), (std::vector<int>{3, 1, 2, 0}));
        QVERIFY(qAbs(c[0].p - 0.4f) < 1e-6f);
        QVERIFY(qAbs(c[1].p - 0.3f) < 1e-6f);
        QVERIFY(qAbs(c[2].p - 0.2f) < 1e-6f);
        QVERIFY(qAbs(c[3].p - 0.1f) < 1e-6f);
    }
    void temperature_scales_logits() {
        auto c = cands({1.0f, -2.0f, 4.0f, 0.0f});
        sampling::temperature(c, 0.5f);
        QCOMPARE(c[0].logit, 2.0f);
        QCOMPARE(c[1].logit, -4.0f);
        QCOMPARE(c[2].logit, 8.0f);
    }
    void top_k_keeps_the_k_best() {
        auto c = cands({0.1f, 0.9f, 0.5f, 0.7f});
        sampling::top_k(c, 2);
        QCOMPARE(ids(c), (std::vector<int>{1, 3}));
        auto all = cands({0.1f, 0.9f});
        sampling::top_k(all, 0); // off
        QCOMPARE(all.size(), size_t(2));
    }
    void top_p_keeps_smallest_prefix_reaching_p() {
        auto c = cands({0.0f, std::log(3.0f), std::log(2.0f), std::log(4.0f)}); // p = .1 .3 .2 .4
        sampling::softmax(c);
        auto c1 = c;
        sampling::top_p(c1, 0.65f); // .4 + .3 = .7 ≥ .65
        QCOMPARE(ids(c1), (std::vector<int>{3, 1}));
        auto c2 = c;
        sampling::top_p(c2, 0.71f); // .7 < .71: the third is needed
        QCOMPARE(ids(c2), (std::vector<int>{3, 1, 2}));
        auto c3 = c;
        sampling::top_p(c3, 0.05f); // always keeps at least one
        QCOMPARE(ids(c3), (std::vector<int>{3}));
    }
    void min_p_drops_below_fraction_of_best() {
        auto c = cands({0.0f, std::log(3.0f), std::log(2.0f), std::log(4.0f)}); // p = .1 .3 .2 .4
        sampling::softmax(c);
        sampling::min_p(c, 0.5f); // threshold .2
        QCOMPARE(ids(c), (std::vector<int>{3, 1, 2}));
    }
    void repetition_penalty_divides_positive_multiplies_negative() {
        auto c = cands({2.0f, -1.0f, 3.0f, 1.0f});
        const std::vector<int> history{0, 1, 0};
        sampling::repetition_penalty(c, history, 2.0f, 0);
        QCOMPARE(c[0].logit, 1.0f);   // seen twice, penalised once
        QCOMPARE(c[1].logit, -2.0f);
        QCOMPARE(c[2].logit, 3.0f);
        auto w = cands({2.0f, -1.0f, 3.0f, 1.0f});
        sampling::repetition_penalty(w, history, 2.0f, 1); // window: only the last token (0)
        QCOMPARE(w[0].logit, 1.0f);
        QCOMPARE(w[1].logit, -1.0f);
    }
    void draw_follows_probabilities() {
        auto c = cands({0.0f, std::log(3.0f)}); // .25 / .75
        sampling::softmax(c);
        std::mt19937_64 rng(42);
        int ones = 0;
        const int n = 20000;
        for (int i = 0; i < n; ++i) ones += sampling::draw(c, rng) == 1;
        QVERIFY(qAbs(double(ones) / n - 0.75) < 0.015);
    }
    void greedy_picks_lowest_id_on_ties() {
        const std::vector<float> l{1.0f, 3.0f, 3.0f, 2.0f};
        QCOMPARE(sampling::greedy(l), 1);
    }
    void temperature_zero_is_greedy() {
        Sampler s(1);
        SamplingParams p;
        p.temperature = 0.0f;
        const std::vector<float> l{0.5f, 2.0f, 1.9f, -1.0f};
        for (int i = 0; i < 10; ++i) QCOMPARE(s.sample(l, {}, p), 1);
        p.repeat_penalty = 2.0f; // with 1 penalised, 2 wins
        const std::vector<int> history{1};
        QCOMPARE(s.sample(l, history, p), 2);
    }
    void same_seed_same_draws() {
        std::vector<float> l(100);
        for (size_t i = 0; i < l.size(); ++i) l[i] = float(std::sin(double(i)));
        SamplingParams p;
        p.temperature = 1.0f;
        p.top_k = 0;
        p.top_p = 1.0f;
        Sampler a(7), b(7), c(8);
        std::vector<int> ra, rb, rc;
        for (int i = 0; i < 50; ++i) {
            ra.push_back(a.sample(l, {}, p));
            rb.push_back(b.sample(l, {}, p));
            rc.push_back(c.sample(l, {}, p));
        }
        QCOMPARE(ra, rb);
        QVERIFY(ra != rc);
    }
    void top_k_one_is_greedy_at_any_temperature() {
        const std::vector<float> l{0.5f, 2.0f, 1.9f, -1.0f};
        SamplingParams p;
        p.temperature = 5.0f;
        p.top_k = 1;
        Sampler s(3);
        for (int i = 0; i < 20; ++i) QCOMPARE(s.sample(l, {}, p), 1);
    }
    void live_settings_are_seen_by_another_thread() {
        LiveSampling live;
        SamplingParams p;
        p.temperature = 0.3f;
        std::thread writer([&] { live.set(p); });
        writer.join();
        QCOMPARE(live.get().temperature, 0.3f);
        QCOMPARE(live.version(), uint64_t(1));
    }
};

QTEST_APPLESS_MAIN(TestSampler)
#include "test_sampler.moc"
