#include "tensor.h"

#include <cstring>
#include <string>

#include "error.h"

namespace moe {

const char* dtype_name(DType t) {
    switch (t) {
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    }
    return "?";
}

int64_t TensorView::numel() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

namespace {

// Views of tensors bound for --random-weights carry shapes but no data; slicing them must
// not do arithmetic on a null pointer.
const void* offset_elements(const void* data, int64_t elements, DType t) {
    if (!data) return nullptr;
    return static_cast<const char*>(data) + size_t(elements) * dtype_size(t);
}

} // namespace

MatrixView MatrixView::of(const TensorView& t) {
    MatrixView m;
    m.data = t.data;
    m.dtype = t.dtype;
    if (t.shape.size() == 2) {
        m.rows = t.shape[0];
        m.cols = t.shape[1];
    } else if (t.shape.size() == 1) {
        m.rows = 1;
        m.cols = t.shape[0];
    } else {
        throw Error("a weight matrix must be 1-D or 2-D, got a tensor with " +
                    std::to_string(t.shape.size()) + " dimensions");
    }
    m.row_stride = m.cols;
    return m;
}

MatrixView MatrixView::row_slice(int64_t begin, int64_t count) const {
    if (begin < 0 || count < 0 || begin > rows || count > rows - begin)
        throw Error("row slice [" + std::to_string(begin) + ", " + std::to_string(begin + count) +
                    ") is outside a matrix of " + std::to_string(rows) + " rows");
    MatrixView m = *this;
    m.data = offset_elements(data, begin * row_stride, dtype);
    m.rows = count;
    return m;
}

MatrixView MatrixView::col_slice(int64_t begin, int64_t count) const {
    if (begin < 0 || count < 0 || begin > cols || count > cols - begin)
        throw Error("column slice [" + std::to_string(begin) + ", " + std::to_string(begin + count) +
                    ") is outside a matrix of " + std::to_string(cols) + " columns");
    MatrixView m = *this;
    m.data = offset_elements(data, begin, dtype);
    m.cols = count;
    return m;
}

namespace {

uint32_t bits_of(float f) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

float float_of(uint32_t u) {
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}

} // namespace

float bf16_to_f32(uint16_t v) { return float_of(uint32_t(v) << 16); }

uint16_t f32_to_bf16(float v) {
    uint32_t u = bits_of(v);
    if ((u & 0x7FFFFFFFu) > 0x7F800000u) // NaN: keep the sign, force a quiet NaN
        return uint16_t((u >> 16) | 0x0040u);
    // Round to nearest, ties to even: add 0x7FFF plus the lowest kept bit.
    u += 0x7FFFu + ((u >> 16) & 1u);
    return uint16_t(u >> 16);
}

float f16_to_f32(uint16_t v) {
    uint32_t sign = uint32_t(v & 0x8000u) << 16;
    uint32_t exponent = (v >> 10) & 0x1Fu;
    uint32_t mantissa = v & 0x3FFu;
    if (exponent == 0x1F) return float_of(sign | 0x7F800000u | (mantissa << 13)); // Inf, NaN
    if (exponent == 0) {
        if (mantissa == 0) return float_of(sign); // ±0
        // Subnormal: normalise the mantissa into an f32 exponent.
        int e = 1;
        while ((mantissa & 0x400u) == 0) {
            mantissa <<= 1;
            --e;
        }
        mantissa &= 0x3FFu;
        return float_of(sign | (uint32_t(e + 112) << 23) | (mantissa << 13));
    }
    return float_of(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

uint16_t f32_to_f16(float v) {
    uint32_t u = bits_of(v);
    uint16_t sign = uint16_t((u >> 16) & 0x8000u);
    uint32_t a = u & 0x7FFFFFFFu;
    if (a > 0x7F800000u) return uint16_t(sign | 0x7E00u | ((a >> 13) & 0x3FFu)); // quiet NaN
    if (a >= 0x47800000u) return uint16_t(sign | 0x7C00u); // ≥ 65536 (and Inf) → Inf
    if (a < 0x38800000u) {
        // Below the smallest normal f16 (2^-14): a multiple of 2^-24, rounded to nearest even.
        if (a < 0x33000000u) return sign; // below 2^-25 rounds to zero
        uint32_t exponent = a >> 23;
        uint32_t mantissa = (a & 0x7FFFFFu) | 0x800000u;
        uint32_t shift = 126 - exponent; // 14 .. 24
        uint32_t r = mantissa >> shift;
        uint32_t rest = mantissa & ((1u << shift) - 1);
        uint32_t half = 1u << (shift - 1);
        if (rest > half || (rest == half && (r & 1u))) ++r;
        return uint16_t(sign | r);
    }
    uint32_t h = ((((a >> 23) - 127 + 15)) << 10) | ((a >> 13) & 0x3FFu);
    uint32_t rest = a & 0x1FFFu;
    if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h; // a carry may reach Inf, as it should
    return uint16_t(sign | h);
}

void to_f32(const void* src, DType t, size_t n, float* dst) {
    switch (t) {
    case DType::F32:
        std::memcpy(dst, src, n * sizeof(float));
        return;
    case DType::BF16: {
        const auto* s = static_cast<const unsigned char*>(src);
        for (size_t i = 0; i < n; ++i) {
            uint16_t v;
            std::memcpy(&v, s + 2 * i, 2);
            dst[i] = bf16_to_f32(v);
        }
        return;
    }
    case DType::F16: {
        const auto* s = static_cast<const unsigned char*>(src);
        for (size_t i = 0; i < n; ++i) {
            uint16_t v;
            std::memcpy(&v, s + 2 * i, 2);
            dst[i] = f16_to_f32(v);
        }
        return;
    }
    }
}

} // namespace moe
