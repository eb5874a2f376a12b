// The CPU device's matrix products (backend/cpu_device.cpp, backend/cpu_kernels.cpp) against a
// double-precision reference: decode (matrix-vector) and prefill (blocked matrix-matrix) paths,
// every weight dtype, sizes that are not multiples of any block, column slices (tensor-parallel
// shards), one and two threads. Run again with MOECHAT_CPU_ISA=portable by ctest.
#include <QTest>

#include <cmath>
#include <random>
#include <vector>

#include "device.h"
#include "tensor.h"

using namespace moe;

namespace {

struct Weights {
    std::vector<uint16_t> half; // bf16 or f16 bits
    std::vector<float> full;    // f32 weights, or the exact values of the half ones
    MatrixView view;
};

Weights make_weights(DType dtype, int64_t rows, int64_t cols, std::mt19937& rng) {
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    Weights w;
    w.full.resize(size_t(rows * cols));
    for (auto& v : w.full) v = u(rng);
    if (dtype != DType::F32) {
        w.half.resize(w.full.size());
        for (size_t i = 0; i < w.full.size(); ++i) {
            w.half[i] = dtype == DType::BF16 ? f32_to_bf16(w.full[i]) : f32_to_f16(w.full[i]);
            w.full[i] = dtype == DType::BF16 ? bf16_to_f32(w.half[i]) : f16_to_f32(w.half[i]);
        }
    }
    const void* data = dtype == DType::F32 ? static_cast<const void*>(w.full.data()) : w.half.data();
    w.view = MatrixView{data, dtype, rows, cols, cols};
    return w;
}

// Largest |ours − exact| / Σ|w·x| over all outputs: the rounding error of an fp32 sum relative to
// the size of its terms.
double worst_error(const Weights& w, const MatrixView& v, int64_t col0, const std::vector<float>& x, int n,
                   const std::vector<float>& out) {
    double worst = 0.0;
    for (int t = 0; t < n; ++t)
        for (int64_t r = 0; r < v.rows; ++r) {
            double exact = 0.0, scale = 0.0;
            for (int64_t k = 0; k < v.cols; ++k) {
                const double term = double(w.full[size_t(r * w.view.cols + col0 + k)]) * x[size_t(t * v.cols + k)];
                exact += term;
                scale += std::fabs(term);
            }
            const double got = out[size_t(t * v.rows + r)];
            if (!std::isfinite(got)) return INFINITY;
            worst = std::max(worst, std::fabs(got - exact) / std::max(scale, 1e-30));
        }
    return worst;
}

} // namespace

class TestCpuDevice : public QObject {
    Q_OBJECT
private slots:
    void matmul_matches_exact_sums_data() {
        QTest::addColumn<int>("dtype");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::addColumn<int>("tokens");
        QTest::addColumn<int>("threads");
        const int dtypes[] = {int(DType::BF16), int(DType::F16), int(DType::F32)};
        const int shapes[][2] = {{1, 1}, {3, 7}, {15, 8}, {16, 256}, {17, 257}, {35, 600}, {64, 96}, {130, 513}};
        const int token_counts[] = {1, 2, 3, 4, 5, 6, 7, 13, 40};
        for (int d : dtypes)
            for (const auto& s : shapes)
                for (int n : token_counts) {
                    const int threads = (s[0] + n) % 2 + 1;
                    QTest::addRow("%s %dx%d, %d tokens, %d threads", dtype_name(DType(d)), s[0], s[1], n, threads)
                        << d << s[0] << s[1] << n << threads;
                }
    }
    void matmul_matches_exact_sums() {
        QFETCH(int, dtype);
        QFETCH(int, rows);
        QFETCH(int, cols);
        QFETCH(int, tokens);
        QFETCH(int, threads);
        std::mt19937 rng(uint32_t(rows * 7919 + cols * 31 + tokens));
        const Weights w = make_weights(DType(dtype), rows, cols, rng);
        std::uniform_real_distribution<float> u(-1.0f, 1.0f);
        std::vector<float> x(size_t(tokens) * size_t(cols));
        for (auto& v : x) v = u(rng);
        auto device = make_cpu_device(CpuDeviceOptions{threads});
        // sentinels after the output catch writes past it
        std::vector<float> out(size_t(tokens) * size_t(rows) + 16, 12345.0f);
        device->matmul(x.data(), tokens, device->upload(w.view), out.data());
        for (size_t i = size_t(tokens) * size_t(rows); i < out.size(); ++i) QCOMPARE(out[i], 12345.0f);
        out.resize(size_t(tokens) * size_t(rows));
        const double err = worst_error(w, w.view, 0, x, tokens, out);
        QVERIFY2(err < 1e-5, qPrintable(QString("worst error %1").arg(err)));
    }

    // A column slice reads each row with the full matrix's stride, as a tensor-parallel shard of
    // the attention output and expert down projections does.
    void matmul_on_a_column_slice() {
        std::mt19937 rng(11);
        const Weights w = make_weights(DType::BF16, 37, 300, rng);
        const MatrixView slice = w.view.col_slice(100, 150);
        for (int tokens : {1, 9}) {
            std::vector<float> x(size_t(tokens) * 150);
            std::uniform_real_distribution<float> u(-1.0f, 1.0f);
            for (auto& v : x) v = u(rng);
            auto device = make_cpu_device(CpuDeviceOptions{2});
            std::vector<float> out(size_t(tokens) * 37);
            device->matmul(x.data(), tokens, slice, out.data());
            const double err = worst_error(w, slice, 100, x, tokens, out);
            QVERIFY2(err < 1e-5, qPrintable(QString("%1 tokens: worst error %2").arg(tokens).arg(err)));
        }
    }

    // Prefill (matrix-matrix) and decode (matrix-vector) give the same rows for the same tokens.
    void batched_rows_equal_single_token_rows() {
        std::mt19937 rng(5);
        const Weights w = make_weights(DType::BF16, 50, 700, rng);
        const int tokens = 11;
        std::vector<float> x(size_t(tokens) * 700);
        std::uniform_real_distribution<float> u(-1.0f, 1.0f);
        for (auto& v : x) v = u(rng);
        auto device = make_cpu_device(CpuDeviceOptions{2});
        std::vector<float> batched(size_t(tokens) * 50), single(50);
        device->matmul(x.data(), tokens, w.view, batched.data());
        for (int t = 0; t < tokens; ++t) {
            device->matmul(x.data() + size_t(t) * 700, 1, w.view, single.data());
            for (int r = 0; r < 50; ++r)
                QVERIFY(std::fabs(batched[size_t(t * 50 + r)] - single[size_t(r)]) <=
                        1e-5f * (1.0f + std::fabs(single[size_t(r)])));
        }
    }
};

QTEST_GUILESS_MAIN(TestCpuDevice)
#include "test_cpu_device.moc"
