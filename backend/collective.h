#pragma once
// The collective that joins tensor-parallel ranks: an all-reduce (sum) of one activation
// buffer, called by every rank with the same n. NCCL implements it across GPUs (kernels/);
// the in-process implementation here joins ranks that are threads of one process.
#include <cstddef>
#include <memory>
#include <vector>

namespace moe {

class Device;

class Collective {
public:
    virtual ~Collective() = default;
    virtual int ranks() const = 0;
    // Sums `data` (n floats in `device`'s memory) over all ranks; every rank gets the sum.
    // Ranks add in rank order, so the result is the same on every rank and on every run.
    virtual void all_reduce_sum(int rank, Device& device, float* data, size_t n) = 0;
    virtual const char* name() const = 0;
};

std::unique_ptr<Collective> make_in_process_collective(int ranks);
// NCCL across `gpus` (one rank per GPU, one communicator, ranks driven by threads of this
// process). Throws moe::Error when the build has no CUDA/NCCL or a GPU is missing.
std::unique_ptr<Collective> make_nccl_collective(const std::vector<int>& gpus);

} // namespace moe
