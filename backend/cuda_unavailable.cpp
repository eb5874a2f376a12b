// The CUDA entry points of a build without CUDA (MOECHAT_CUDA=OFF, or AUTO on a machine
// without nvcc/cuBLAS/NCCL): the CPU backend works as before, and asking for the GPU says how
// to get it. With CUDA, kernels/cuda_device.cu and kernels/nccl_collective.cu define these.
#ifndef MOECHAT_HAVE_CUDA

#include "collective.h"
#include "device.h"
#include "error.h"

namespace moe {

namespace {
const char* const kNoCuda =
    "moechat was built without CUDA; rebuild with -DMOECHAT_CUDA=ON (needs nvcc, cuBLAS and NCCL), or use --backend cpu";
}

std::vector<GpuInfo> list_gpus() { return {}; }

bool cuda_available(std::string* why_not) {
    if (why_not) *why_not = kNoCuda;
    return false;
}

std::unique_ptr<Device> make_cuda_device(const CudaDeviceOptions&) { throw Error(kNoCuda); }

std::unique_ptr<Collective> make_nccl_collective(const std::vector<int>&) { throw Error(kNoCuda); }

} // namespace moe

#endif // MOECHAT_HAVE_CUDA
