#pragma once
// A tiny test harness for the CUDA tests. These tests deliberately do not use Qt Test: the GPU
// machines that run them have no Qt, and the CUDA code is the only thing under test here.
// Each check prints a line; main() returns 1 on any failure, 77 (ctest: skipped) without a GPU.
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "device.h"

namespace moe::ktest {

inline int& failures() {
    static int n = 0;
    return n;
}
inline int& checks() {
    static int n = 0;
    return n;
}

inline void check(bool ok, const std::string& what) {
    ++checks();
    if (!ok) {
        ++failures();
        std::printf("FAIL  %s\n", what.c_str());
    } else if (std::getenv("MOECHAT_TEST_VERBOSE")) {
        std::printf("ok    %s\n", what.c_str());
    }
    std::fflush(stdout);
}

// ‖a − b‖ / ‖b‖; NaN or Inf anywhere in a, or a size mismatch, gives +inf.
inline double rel_error(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return INFINITY;
    double num = 0, den = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        if (!std::isfinite(a[i]) || !std::isfinite(b[i])) return INFINITY;
        const double d = double(a[i]) - double(b[i]);
        num += d * d;
        den += double(b[i]) * double(b[i]);
    }
    if (den == 0) return num == 0 ? 0 : INFINITY;
    return std::sqrt(num / den);
}

// Sentinel written into every output buffer before an op: an element the op does not write
// keeps it and fails the test.
constexpr float kSentinel = -3.0e33f;

inline bool all_written_and_finite(const std::vector<float>& v) {
    for (float x : v)
        if (x == kSentinel || !std::isfinite(x)) return false;
    return true;
}

inline void compare(const std::string& what, const std::vector<float>& gpu, const std::vector<float>& cpu, double bound) {
    const bool written = all_written_and_finite(gpu);
    const double err = rel_error(gpu, cpu);
    char buf[96];
    std::snprintf(buf, sizeof buf, " rel err %.2e (bound %.0e)%s", err, bound, written ? "" : " NOT WRITTEN/NaN");
    check(written && err <= bound, what + buf);
}

inline std::mt19937& rng() {
    static std::mt19937 r(std::random_device{}());
    return r;
}
// Fresh random values (never zeros): uniform in ±[0.1, 1]·scale with random signs.
inline std::vector<float> random_values(size_t n, float scale = 1.0f) {
    std::uniform_real_distribution<float> u(0.1f, 1.0f);
    std::bernoulli_distribution sign(0.5);
    std::vector<float> v(n);
    for (float& x : v) x = (sign(rng()) ? 1.0f : -1.0f) * u(rng()) * scale;
    return v;
}

// A device buffer holding `host` (or the sentinel when host is empty and n is given).
inline float* device_buffer(Device& d, const std::vector<float>& host) {
    float* p = d.alloc(host.size());
    d.copy_from_host(host.data(), host.size(), p);
    return p;
}
inline float* sentinel_buffer(Device& d, size_t n) { return device_buffer(d, std::vector<float>(n, kSentinel)); }
inline std::vector<float> to_host(Device& d, const float* p, size_t n) {
    std::vector<float> v(n);
    d.copy_to_host(p, n, v.data());
    return v;
}

// Runs the registered cases; exit code for ctest.
inline int run(const char* name, const std::vector<std::pair<std::string, std::function<void()>>>& cases) {
    std::string why;
    if (!cuda_available(&why)) {
        std::printf("SKIP  %s: %s\n", name, why.c_str());
        return 77;
    }
    for (const auto& [case_name, fn] : cases) {
        const int before = failures();
        try {
            fn();
        } catch (const std::exception& e) {
            check(false, case_name + ": threw " + e.what());
        }
        std::printf("%s  %s\n", failures() == before ? "PASS" : "FAIL", case_name.c_str());
        std::fflush(stdout);
    }
    std::printf("%s: %d checks, %d failed\n", name, checks(), failures());
    return failures() == 0 ? 0 : 1;
}

} // namespace moe::ktest
