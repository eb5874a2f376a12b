#include "gemm.cuh"

#include "cuda_common.cuh"

namespace moe::cuda {
namespace {

const char* cublas_status_text(cublasStatus_t s) {
    switch (s) {
    case CUBLAS_STATUS_NOT_INITIALIZED: return "not initialized";
    case CUBLAS_STATUS_ALLOC_FAILED: return "allocation failed (out of GPU memory?)";
    case CUBLAS_STATUS_INVALID_VALUE: return "invalid value";
    case CUBLAS_STATUS_ARCH_MISMATCH: return "architecture mismatch";
    case CUBLAS_STATUS_EXECUTION_FAILED: return "execution failed";
    case CUBLAS_STATUS_NOT_SUPPORTED: return "not supported";
    default: return "error";
    }
}

} // namespace

void gemm_rows(cublasHandle_t handle, const void* a, int64_t n, const void* w, DType dtype, int64_t rows,
               int64_t cols, float* out) {
    MOE_KERNEL_REQUIRE(handle && a && w && out, "null pointer");
    MOE_KERNEL_REQUIRE(n > 0 && rows > 0 && cols > 0, "empty GEMM");
    MOE_KERNEL_REQUIRE(n < (int64_t(1) << 31) && rows < (int64_t(1) << 31) && cols < (int64_t(1) << 31),
                       "GEMM dimension above 2^31");
    // Column-major view: outᵀ[rows, n] = W[rows, cols] (stored as Wᵀ col-major) · aᵀ[cols, n].
    const float alpha = 1.0f, beta = 0.0f;
    const int m_ = int(rows), n_ = int(n), k_ = int(cols);
    cublasStatus_t st;
    if (dtype == DType::F32) {
        st = cublasSgemm(handle, CUBLAS_OP_T, CUBLAS_OP_N, m_, n_, k_, &alpha, static_cast<const float*>(w), k_,
                         static_cast<const float*>(a), k_, &beta, out, m_);
    } else {
        const cudaDataType_t t = dtype == DType::BF16 ? CUDA_R_16BF : CUDA_R_16F;
        st = cublasGemmEx(handle, CUBLAS_OP_T, CUBLAS_OP_N, m_, n_, k_, &alpha, w, t, k_, a, t, k_, &beta, out,
                          CUDA_R_32F, m_, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT);
    }
    if (st != CUBLAS_STATUS_SUCCESS)
        throw Error(std::string("cuBLAS GEMM failed (") + __FILE__ + ":" + std::to_string(__LINE__) + "): " +
                    cublas_status_text(st) + " for [" + std::to_string(n) + " x " + std::to_string(cols) +
                    "] x [" + std::to_string(cols) + " x " + std::to_string(rows) + "]");
}

} // namespace moe::cuda
