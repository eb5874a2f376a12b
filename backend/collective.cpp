#include "collective.h"

#include <barrier>
#include <vector>

#include "device.h"
#include "error.h"

namespace moe {
namespace {

// Ranks are threads of this process. Each rank stages its buffer in host memory; after a
// barrier every rank sums all stages in rank order (so all ranks get bit-identical results).
class InProcessCollective final : public Collective {
public:
    explicit InProcessCollective(int ranks) : ranks_(ranks), stages_(size_t(ranks)), sums_(size_t(ranks)), sync_(ranks) {}

    int ranks() const override { return ranks_; }
    const char* name() const override { return "in-process"; }

    void all_reduce_sum(int rank, Device& device, float* data, size_t n) override {
        if (ranks_ == 1) return;
        auto& stage = stages_[size_t(rank)];
        stage.resize(n);
        device.copy_to_host(data, n, stage.data());
        sync_.arrive_and_wait();
        std::vector<float>& sum = sums_[size_t(rank)];
        sum.assign(stages_[0].begin(), stages_[0].end());
        for (int r = 1; r < ranks_; ++r) {
            const auto& s = stages_[size_t(r)];
            for (size_t i = 0; i < n; ++i) sum[i] += s[i];
        }
        // Nobody may overwrite its stage for the next call until every rank has read them all.
        sync_.arrive_and_wait();
        device.copy_from_host(sum.data(), n, data);
    }

private:
    int ranks_;
    std::vector<std::vector<float>> stages_;
    std::vector<std::vector<float>> sums_;
    std::barrier<> sync_;
};

} // namespace

std::unique_ptr<Collective> make_in_process_collective(int ranks) {
    if (ranks < 1) throw Error("tensor-parallel size must be at least 1");
    return std::make_unique<InProcessCollective>(ranks);
}

} // namespace moe
