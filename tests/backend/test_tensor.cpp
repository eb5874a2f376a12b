// dtype helpers, bf16/f16 conversions and MatrixView slicing (backend/tensor.cpp).
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

#include "error.h"
#include "tensor.h"

using namespace moe;

namespace {

float from_bits(uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

} // namespace

class TestTensor : public QObject {
    Q_OBJECT
private slots:
    void dtypeHelpers() {
        QCOMPARE(dtype_size(DType::F32), size_t(4));
        QCOMPARE(dtype_size(DType::F16), size_t(2));
        QCOMPARE(dtype_size(DType::BF16), size_t(2));
        QCOMPARE(QString(dtype_name(DType::BF16)), QString("BF16"));
        QCOMPARE(QString(dtype_name(DType::F16)), QString("F16"));
        QCOMPARE(QString(dtype_name(DType::F32)), QString("F32"));
        TensorView t;
        t.dtype = DType::BF16;
        t.shape = {3, 5};
        QCOMPARE(t.numel(), int64_t(15));
        QCOMPARE(t.nbytes(), size_t(30));
        t.shape = {};
        QCOMPARE(t.numel(), int64_t(1)); // a scalar
    }

    void bf16RoundTripsEveryValue() {
        // Every non-NaN bf16 converts to f32 and back unchanged.
        for (uint32_t v = 0; v < 0x10000; ++v) {
            float f = bf16_to_f32(uint16_t(v));
            if (std::isnan(f)) continue;
            QCOMPARE(f32_to_bf16(f), uint16_t(v));
        }
    }

    void bf16RoundsToNearestEven() {
        // 1.0 = 0x3F80; the next bf16 is 0x3F81 (1 + 2^-7).
        QCOMPARE(f32_to_bf16(from_bits(0x3F808000)), uint16_t(0x3F80)); // exact tie → even (down)
        QCOMPARE(f32_to_bf16(from_bits(0x3F818000)), uint16_t(0x3F82)); // exact tie → even (up)
        QCOMPARE(f32_to_bf16(from_bits(0x3F808001)), uint16_t(0x3F81)); // above the tie → up
        QCOMPARE(f32_to_bf16(from_bits(0x3F807FFF)), uint16_t(0x3F80)); // below the tie → down
        QCOMPARE(f32_to_bf16(-1.0f), uint16_t(0xBF80));
        // The largest finite values round to infinity when above the last bf16.
        QCOMPARE(f32_to_bf16(std::numeric_limits<float>::max()), uint16_t(0x7F80));
        QCOMPARE(f32_to_bf16(from_bits(0x7F7F7FFF)), uint16_t(0x7F7F));
    }

    void bf16SpecialValues() {
        QCOMPARE(f32_to_bf16(std::numeric_limits<float>::infinity()), uint16_t(0x7F80));
        QCOMPARE(f32_to_bf16(-std::numeric_limits<float>::infinity()), uint16_t(0xFF80));
        QVERIFY(std::isinf(bf16_to_f32(0x7F80)));
        QCOMPARE(f32_to_bf16(0.0f), uint16_t(0x0000));
        QCOMPARE(f32_to_bf16(-0.0f), uint16_t(0x8000));
        // NaN stays NaN, even one whose payload lives only in the low 16 bits (rounding
        // would otherwise turn it into infinity).
        QVERIFY(std::isnan(bf16_to_f32(f32_to_bf16(std::numeric_limits<float>::quiet_NaN()))));
        QVERIFY(std::isnan(bf16_to_f32(f32_to_bf16(from_bits(0x7F800001)))));
        QVERIFY(std::isnan(bf16_to_f32(f32_to_bf16(from_bits(0xFF800001)))));
        QVERIFY(std::signbit(bf16_to_f32(f32_to_bf16(from_bits(0xFFC00000)))));
        // Subnormals pass through.
        QCOMPARE(bf16_to_f32(0x0001), from_bits(0x00010000));
    }

    void f16RoundTripsEveryValue() {
        for (uint32_t v = 0; v < 0x10000; ++v) {
            float f = f16_to_f32(uint16_t(v));
            if (std::isnan(f)) {
                QVERIFY(std::isnan(f16_to_f32(f32_to_f16(f))));
                continue;
            }
            QCOMPARE(f32_to_f16(f), uint16_t(v));
        }
    }

    void f16KnownValues() {
        QCOMPARE(f16_to_f32(0x3C00), 1.0f);
        QCOMPARE(f16_to_f32(0xC000), -2.0f);
        QCOMPARE(f16_to_f32(0x7BFF), 65504.0f);
        QCOMPARE(f16_to_f32(0x0001), std::ldexp(1.0f, -24)); // smallest subnormal
        QCOMPARE(f16_to_f32(0x0400), std::ldexp(1.0f, -14)); // smallest normal
        QCOMPARE(f16_to_f32(0x03FF), std::ldexp(1023.0f, -24)); // largest subnormal
        QVERIFY(std::isinf(f16_to_f32(0x7C00)) && f16_to_f32(0xFC00) < 0);
        QVERIFY(std::isnan(f16_to_f32(0x7E00)));
    }

    void f16RoundsToNearestEven() {
        // Around 1.0 the f16 step is 2^-10.
        QCOMPARE(f32_to_f16(1.0f + std::ldexp(1.0f, -11)), uint16_t(0x3C00)); // tie → even (down)
        QCOMPARE(f32_to_f16(1.0f + 3 * std::ldexp(1.0f, -11)), uint16_t(0x3C02)); // tie → even (up)
        QCOMPARE(f32_to_f16(1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -20)), uint16_t(0x3C01));
        // Overflow: 65504 is the largest finite; 65520 is the tie with "65536" → infinity.
        QCOMPARE(f32_to_f16(65504.0f), uint16_t(0x7BFF));
        QCOMPARE(f32_to_f16(65519.0f), uint16_t(0x7BFF));
        QCOMPARE(f32_to_f16(65520.0f), uint16_t(0x7C00));
        QCOMPARE(f32_to_f16(1e10f), uint16_t(0x7C00));
        QCOMPARE(f32_to_f16(-1e10f), uint16_t(0xFC00));
        QCOMPARE(f32_to_f16(std::numeric_limits<float>::infinity()), uint16_t(0x7C00));
        // Subnormal results and underflow: 2^-25 is a tie between 0 and the smallest subnormal.
        QCOMPARE(f32_to_f16(std::ldexp(1.0f, -25)), uint16_t(0x0000));
        QCOMPARE(f32_to_f16(std::ldexp(1.0f, -25) * 1.0001f), uint16_t(0x0001));
        QCOMPARE(f32_to_f16(std::ldexp(3.0f, -25)), uint16_t(0x0002)); // 1.5 ulp tie → even
        QCOMPARE(f32_to_f16(std::ldexp(1.0f, -30)), uint16_t(0x0000));
        QCOMPARE(f32_to_f16(-std::ldexp(1.0f, -30)), uint16_t(0x8000));
        // Rounding up out of the subnormals reaches the smallest normal.
        QCOMPARE(f32_to_f16(std::ldexp(1023.5f, -24) * 1.0001f), uint16_t(0x0400));
        QCOMPARE(f32_to_f16(-0.0f), uint16_t(0x8000));
        QVERIFY(std::isnan(f16_to_f32(f32_to_f16(std::numeric_limits<float>::quiet_NaN()))));
        QVERIFY(std::isnan(f16_to_f32(f32_to_f16(from_bits(0x7F800001)))));
    }

    void f16AgreesWithRoundingAcrossRandomFloats() {
        // Against an independent reference: the nearer of the two neighbouring f16 values.
        uint32_t state = 12345;
        for (int i = 0; i < 200000; ++i) {
            state = state * 1664525u + 1013904223u;
            uint32_t exponent = 100 + (state >> 24) % 44; // 2^-27 .. 2^16: zero, subnormal, normal, overflow
            float f = from_bits((state & 0x80000000u) | (exponent << 23) | ((state * 2654435761u) & 0x7FFFFFu));
            if (std::fabs(f) >= 65520.0f) continue;
            uint16_t h = f32_to_f16(f);
            double got = f16_to_f32(h);
            double below = f16_to_f32(uint16_t(h - ((h & 0x7FFF) ? 1 : 0)));
            double above = f16_to_f32(uint16_t(h + 1));
            double err = std::fabs(got - f);
            QVERIFY2(err <= std::fabs(below - f) && err <= std::fabs(above - f), qPrintable(QString::number(double(f))));
        }
    }

    void toF32() {
        const uint16_t bf[3] = {0x3F80, 0xC000, 0x7F80};
        float out[3];
        to_f32(bf, DType::BF16, 3, out);
        QCOMPARE(out[0], 1.0f);
        QCOMPARE(out[1], -2.0f);
        QVERIFY(std::isinf(out[2]));
        const uint16_t h[2] = {0x3C00, 0x3800};
        to_f32(h, DType::F16, 2, out);
        QCOMPARE(out[0], 1.0f);
        QCOMPARE(out[1], 0.5f);
        const float f[2] = {3.5f, -7.25f};
        to_f32(f, DType::F32, 2, out);
        QCOMPARE(out[0], 3.5f);
        QCOMPARE(out[1], -7.25f);
        // Unaligned source (a safetensors header need not leave data 2-byte aligned).
        alignas(4) unsigned char raw[7] = {0, 0x80, 0x3F, 0x00, 0x40, 0, 0};
        to_f32(raw + 1, DType::BF16, 2, out);
        QCOMPARE(out[0], 1.0f);
        QCOMPARE(out[1], 2.0f);
    }

    void matrixSlices() {
        std::vector<float> data(6 * 8);
        for (size_t i = 0; i < data.size(); ++i) data[i] = float(i);
        TensorView t{data.data(), DType::F32, {6, 8}};
        MatrixView m = MatrixView::of(t);
        QCOMPARE(m.rows, int64_t(6));
        QCOMPARE(m.cols, int64_t(8));
        QCOMPARE(m.row_stride, int64_t(8));

        MatrixView rows = m.row_slice(2, 3);
        QCOMPARE(rows.rows, int64_t(3));
        QCOMPARE(static_cast<const float*>(rows.row(0))[0], 16.0f);
        QCOMPARE(static_cast<const float*>(rows.row(2))[7], 39.0f);

        MatrixView cols = m.col_slice(4, 4);
        QCOMPARE(cols.cols, int64_t(4));
        QCOMPARE(cols.row_stride, int64_t(8));
        QCOMPARE(static_cast<const float*>(cols.row(0))[0], 4.0f);
        QCOMPARE(static_cast<const float*>(cols.row(5))[3], 47.0f);

        MatrixView both = m.row_slice(1, 2).col_slice(2, 3);
        QCOMPARE(static_cast<const float*>(both.row(1))[2], 20.0f);

        TensorView v{data.data(), DType::F32, {8}};
        MatrixView one = MatrixView::of(v);
        QCOMPARE(one.rows, int64_t(1));
        QCOMPARE(one.cols, int64_t(8));
    }

    void matrixSliceErrors() {
        std::vector<float> data(12);
        MatrixView m = MatrixView::of(TensorView{data.data(), DType::F32, {3, 4}});
        QVERIFY_THROWS_EXCEPTION(Error, m.row_slice(2, 2));
        QVERIFY_THROWS_EXCEPTION(Error, m.row_slice(-1, 1));
        QVERIFY_THROWS_EXCEPTION(Error, m.col_slice(0, 5));
        QVERIFY_THROWS_EXCEPTION(Error, MatrixView::of(TensorView{data.data(), DType::F32, {2, 3, 2}}));
        try {
            m.col_slice(3, 2);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("4 columns"));
        }
    }

    void slicesOfShapeOnlyViews() {
        // --random-weights hands out views with shapes and no data.
        MatrixView m;
        m.rows = 8;
        m.cols = 8;
        m.row_stride = 8;
        QVERIFY(m.row_slice(4, 4).data == nullptr);
        QVERIFY(m.col_slice(4, 4).data == nullptr);
    }
};

QTEST_APPLESS_MAIN(TestTensor)
#include "test_tensor.moc"
