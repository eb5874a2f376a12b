// The NCCL collective: one communicator over the engine's GPUs (one rank per GPU, ranks are
// threads of this process), the all-reduce enqueued on each rank's compute stream so that it
// is captured into the decode graph with the rest of the step.
#include <nccl.h>

#include <string>
#include <vector>

#include "collective.h"
#include "cuda_common.cuh"
#include "cuda_device.cuh"
#include "device.h"

#define MOE_NCCL_CHECK(call)                                                                             \
    do {                                                                                                 \
        const ncclResult_t moe_res_ = (call);                                                            \
        if (moe_res_ != ncclSuccess)                                                                     \
            throw ::moe::Error(std::string("NCCL error in " #call " (") + __FILE__ + ":" +              \
                               std::to_string(__LINE__) + "): " + ncclGetErrorString(moe_res_));         \
    } while (0)

namespace moe {
namespace {

class NcclCollective final : public Collective {
public:
    explicit NcclCollective(const std::vector<int>& gpus) : gpus_(gpus), comms_(gpus.size(), nullptr) {
        int count = 0;
        if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
            cudaGetLastError();
            throw Error("NCCL tensor parallelism needs CUDA GPUs, and none is visible");
        }
        if (gpus.empty()) throw Error("NCCL collective: no GPUs given");
        for (size_t i = 0; i < gpus.size(); ++i) {
            if (gpus[i] < 0 || gpus[i] >= count)
                throw Error("GPU " + std::to_string(gpus[i]) + " is not visible (" + std::to_string(count) + " GPU(s))");
            for (size_t j = 0; j < i; ++j)
                if (gpus[j] == gpus[i])
                    throw Error("GPU " + std::to_string(gpus[i]) +
                                " is listed twice: NCCL needs one GPU per tensor-parallel rank");
        }
        // Peer-to-peer access decides NCCL's transport: direct copies between the cards, or
        // staging through host shared memory on cards that cannot address each other
        // (consumer GPUs). Say which one this machine gets.
        bool all_peer = true;
        for (size_t i = 0; i < gpus.size(); ++i)
            for (size_t j = 0; j < gpus.size(); ++j) {
                if (i == j) continue;
                int can = 0;
                MOE_CUDA_CHECK(cudaDeviceCanAccessPeer(&can, gpus[i], gpus[j]));
                all_peer = all_peer && can;
            }
        if (gpus.size() == 1) name_ = "nccl (1 GPU, no transfers)";
        else if (all_peer) name_ = "nccl (" + std::to_string(gpus.size()) + " GPUs, peer-to-peer)";
        else name_ = "nccl (" + std::to_string(gpus.size()) + " GPUs, no peer-to-peer: via host shared memory)";
        MOE_NCCL_CHECK(ncclCommInitAll(comms_.data(), int(gpus.size()), gpus.data()));
    }

    ~NcclCollective() override {
        for (ncclComm_t c : comms_)
            if (c) ncclCommDestroy(c);
    }

    int ranks() const override { return int(gpus_.size()); }
    const char* name() const override { return name_.c_str(); }

    void all_reduce_sum(int rank, Device& device, float* data, size_t n) override {
        if (rank < 0 || rank >= ranks()) throw Error("internal: NCCL rank out of range");
        const CudaPlacement where = cuda_placement(device);
        if (where.gpu != gpus_[size_t(rank)])
            throw Error("internal: rank " + std::to_string(rank) + " runs on GPU " + std::to_string(where.gpu) +
                        " but its NCCL communicator is on GPU " + std::to_string(gpus_[size_t(rank)]));
        MOE_CUDA_CHECK(cudaSetDevice(where.gpu));
        MOE_NCCL_CHECK(ncclAllReduce(data, data, n, ncclFloat32, ncclSum, comms_[size_t(rank)], where.stream));
    }

private:
    std::vector<int> gpus_;
    std::vector<ncclComm_t> comms_;
    std::string name_;
};

} // namespace

std::unique_ptr<Collective> make_nccl_collective(const std::vector<int>& gpus) {
    return std::make_unique<NcclCollective>(gpus);
}

} // namespace moe
