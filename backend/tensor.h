#pragma once
// Element types and non-owning views of tensors held in memory-mapped checkpoint files.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace moe {

enum class DType : uint8_t { F32, F16, BF16 };

constexpr size_t dtype_size(DType t) { return t == DType::F32 ? 4 : 2; }
const char* dtype_name(DType t); // "F32", "F16", "BF16" as safetensors spells them

// A row-major tensor somewhere in host memory (usually inside an mmap). Not owning.
struct TensorView {
    const void* data = nullptr;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;

    int64_t numel() const;
    size_t nbytes() const { return size_t(numel()) * dtype_size(dtype); }
};

// A 2-D weight matrix [rows = out_features, cols = in_features] as Hugging Face stores
// nn.Linear weights; row_stride (elements) lets a tensor-parallel shard take a column slice
// of a larger matrix without copying.
struct MatrixView {
    const void* data = nullptr;
    DType dtype = DType::F32;
    int64_t rows = 0;
    int64_t cols = 0;
    int64_t row_stride = 0;

    static MatrixView of(const TensorView& t); // 2-D tensor (or 1-D as one row)
    MatrixView row_slice(int64_t begin, int64_t count) const;
    MatrixView col_slice(int64_t begin, int64_t count) const;
    const void* row(int64_t r) const { return static_cast<const char*>(data) + size_t(r * row_stride) * dtype_size(dtype); }
};

// Scalar conversions used by the CPU paths.
float bf16_to_f32(uint16_t v);
uint16_t f32_to_bf16(float v); // round to nearest even
float f16_to_f32(uint16_t v);
uint16_t f32_to_f16(float v);

// Converts `n` elements of type `t` starting at `src` to float.
void to_f32(const void* src, DType t, size_t n, float* dst);

} // namespace moe
