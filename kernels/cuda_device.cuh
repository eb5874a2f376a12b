#pragma once
#include <cuda_runtime.h>

#include <string>

namespace moe {

class Device;

// Where a device made by make_cuda_device runs its work; the NCCL collective enqueues its
// all-reduce there (so it joins the captured decode graph). Throws moe::Error for a device that
// is not a CUDA device.
struct CudaPlacement {
    int gpu = 0;
    cudaStream_t stream = nullptr;
};
CudaPlacement cuda_placement(Device& device);

// With MOECHAT_CUDA_PROFILE=1 in the environment, a CUDA device times every op (synchronously,
// decode graphs off); these print and clear the per-op totals (empty for other devices).
std::string cuda_profile_report(Device& device);
void cuda_profile_reset(Device& device);

} // namespace moe
