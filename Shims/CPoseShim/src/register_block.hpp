// The 6 x 16 register block that the shim's 1 x 1 (pointwise_conv.cpp) and strided
// (strided_conv.cpp) convolutions share: 6 output channels by 16 pixels in twelve AVX2
// accumulators, one input row of 16 pixels loaded per step and multiplied by 6 broadcast weights.
// Never included by Swift.
#pragma once

#include <immintrin.h>

#include <cstddef>

namespace hc {

constexpr int kBlockRows = 6;   // output channels per block
constexpr int kBlockCols = 16;  // pixels per block (two 8-float registers)

// out[r][0, 16) = clamp(bias[r] + sum_k w[k * 6 + r] * row_of(k)[0, 16), lo, hi) for r < rows
// (1...6), output rows `out_stride` floats apart. `row_of(k)` gives step k's 16 input floats;
// `w` holds the block's packed weights (step-major, 6 per step, zero for missing rows).
template <class RowOf>
__attribute__((target("avx2,fma"), always_inline)) inline void register_block(RowOf row_of, int steps, const float *w,
                                                                              const float *bias, float lo, float hi,
                                                                              float *out, size_t out_stride, int rows) {
    __m256 acc[kBlockRows][2];
    for (int r = 0; r < kBlockRows; ++r) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
    for (int k = 0; k < steps; ++k) {
        const float *row = row_of(k);
        const __m256 x0 = _mm256_loadu_ps(row), x1 = _mm256_loadu_ps(row + 8);
        const float *wk = w + size_t(k) * kBlockRows;
        for (int r = 0; r < kBlockRows; ++r) {
            const __m256 wv = _mm256_broadcast_ss(wk + r);
            acc[r][0] = _mm256_fmadd_ps(wv, x0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(wv, x1, acc[r][1]);
        }
    }
    const __m256 vlo = _mm256_set1_ps(lo), vhi = _mm256_set1_ps(hi);
    for (int r = 0; r < rows; ++r) {
        const __m256 b = _mm256_set1_ps(bias[r]);
        float *o = out + size_t(r) * out_stride;
        _mm256_storeu_ps(o, _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(acc[r][0], b), vlo), vhi));
        _mm256_storeu_ps(o + 8, _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(acc[r][1], b), vlo), vhi));
    }
}

}  // namespace hc
