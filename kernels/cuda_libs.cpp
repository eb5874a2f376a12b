// cuBLAS and NCCL are loaded when the CUDA device first needs them, not when the program
// starts: the package only recommends NVIDIA's libraries, and moechat and moechat-cli must
// start and run on the CPU where they are missing. These definitions stand in for the few
// library entry points the CUDA device calls; each forwards to the real function, found with
// dlopen/dlsym on first use. (The CUDA runtime itself is linked statically; it loads the
// driver, libcuda.so.1, on its own when a GPU is first asked for.)
#include <dlfcn.h>

#include <cublas_v2.h>
#include <cuda_runtime_api.h>
#include <nccl.h>

#include <mutex>
#include <string>

#include "error.h"

namespace {

// cuBLAS's soname carries the toolkit's major version (libcublas.so.13 for CUDA 13).
const std::string kCublas = "libcublas.so." + std::to_string(CUDART_VERSION / 1000);
const std::string kNccl = "libnccl.so.2";

void* open_library(const std::string& soname, const char* package_hint) {
    void* handle = dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle)
        throw moe::Error(soname + " could not be loaded (" + dlerror() + "); the CUDA backend needs " + package_hint +
                         " — install it, or use the CPU backend");
    return handle;
}

void* cublas_library() {
    static std::once_flag once;
    static void* handle = nullptr;
    std::call_once(once, [] { handle = open_library(kCublas, "NVIDIA's cuBLAS (libcublas)"); });
    return handle;
}

void* nccl_library() {
    static std::once_flag once;
    static void* handle = nullptr;
    std::call_once(once, [] { handle = open_library(kNccl, "NVIDIA's NCCL (libnccl2)"); });
    return handle;
}

template <class Fn>
Fn resolve(void* library, const char* name, const std::string& soname) {
    void* f = dlsym(library, name);
    if (!f) throw moe::Error(soname + " has no " + name + ": is it the version moechat was built with?");
    return reinterpret_cast<Fn>(f);
}

} // namespace

#define MOE_FORWARD(lib, soname, ret, name, params, args)                                   \
    ret name params {                                                                      \
        static const auto real = resolve<ret(*) params>(lib(), #name, soname);            \
        return real args;                                                                   \
    }

extern "C" {

MOE_FORWARD(cublas_library, kCublas, cublasStatus_t, cublasCreate_v2, (cublasHandle_t * handle), (handle))
MOE_FORWARD(cublas_library, kCublas, cublasStatus_t, cublasDestroy_v2, (cublasHandle_t handle), (handle))
MOE_FORWARD(cublas_library, kCublas, cublasStatus_t, cublasSetStream_v2, (cublasHandle_t handle, cudaStream_t stream),
            (handle, stream))
MOE_FORWARD(cublas_library, kCublas, cublasStatus_t, cublasSetWorkspace_v2,
            (cublasHandle_t handle, void* workspace, size_t bytes), (handle, workspace, bytes))
MOE_FORWARD(cublas_library, kCublas, cublasStatus_t, cublasSgemm_v2,
            (cublasHandle_t handle, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const float* alpha,
             const float* A, int lda, const float* B, int ldb, const float* beta, float* C, int ldc),
            (handle, ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc))
MOE_FORWARD(cublas_library, kCublas, cublasStatus_t, cublasGemmEx,
            (cublasHandle_t handle, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const void* alpha,
             const void* A, cudaDataType Atype, int lda, const void* B, cudaDataType Btype, int ldb, const void* beta,
             void* C, cudaDataType Ctype, int ldc, cublasComputeType_t compute, cublasGemmAlgo_t algo),
            (handle, ta, tb, m, n, k, alpha, A, Atype, lda, B, Btype, ldb, beta, C, Ctype, ldc, compute, algo))

MOE_FORWARD(nccl_library, kNccl, ncclResult_t, ncclCommInitAll, (ncclComm_t * comms, int ndev, const int* devlist),
            (comms, ndev, devlist))
MOE_FORWARD(nccl_library, kNccl, ncclResult_t, ncclCommDestroy, (ncclComm_t comm), (comm))
MOE_FORWARD(nccl_library, kNccl, ncclResult_t, ncclAllReduce,
            (const void* sendbuff, void* recvbuff, size_t count, ncclDataType_t datatype, ncclRedOp_t op, ncclComm_t comm,
             cudaStream_t stream),
            (sendbuff, recvbuff, count, datatype, op, comm, stream))
MOE_FORWARD(nccl_library, kNccl, const char*, ncclGetErrorString, (ncclResult_t result), (result))

} // extern "C"
