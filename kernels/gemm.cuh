#pragma once
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <cstdint>

#include "tensor.h"

namespace moe::cuda {

// out[n, rows] = a[n, cols] · wᵀ through cuBLAS with fp32 accumulation: w contiguous
// [rows, cols] in `dtype`, a [n, cols] already in `dtype` (bf16/f16 use the tensor cores;
// f32 runs a plain fp32 SGEMM, no TF32), out fp32. The prefill-time matmul.
void gemm_rows(cublasHandle_t handle, const void* a, int64_t n, const void* w, DType dtype, int64_t rows,
               int64_t cols, float* out);

} // namespace moe::cuda
