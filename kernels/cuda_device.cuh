#pragma once
#include <cuda_runtime.h>

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

} // namespace moe
