// A faster stride-2 convolution over few input channels, for OpenCV 4.6 DNN (the landmark
// network's first layer: 3 x 3, stride 2, RGB in, 24 channels out, 256 x 256 -> 128 x 128).
//
// Why: OpenCV 4.6 runs that layer through its general path at about 14 GMAC/s on one thread
// (0.78 ms, 5 % of a forward pass, per-layer times from cv::dnn::Net::getPerfProfile), and with
// two threads it scales worst of all the convolutions (0.46 ms).
//
// What: the input planes are split once into their even and odd columns (zero-padded), so that
// every tap (c, ky, kx) of an output row is a contiguous run: even columns for kx = 0 and 2 (one
// apart), odd ones for kx = 1. The 6 x 16 register block of register_block.hpp then sums the
// ci * k * k taps for 6 output channels and 16 pixels, as the 1 x 1 convolution sums input
// channels, reading each tap's run through a table of row pointers. Output rows are the work
// items. Taken for group-1,
// stride-2, undilated square kernels of 3 with at most 64 taps, on a batch of one, with AVX2 +
// FMA; everything else keeps OpenCV's layer. The results equal OpenCV's up to float summation
// order (hc_dnn_kernel_check, ShimKernelTests).
#include "shim_internal.hpp"
#include "conv_common.hpp"
#include "register_block.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>

#include <algorithm>
#include <vector>

namespace {

using cv::Mat;
using cv::Ptr;
using cv::dnn::Layer;
using cv::dnn::LayerParams;

constexpr int kKernel = 3;
constexpr int kStride = 2;
constexpr int kMaxTaps = 64;  // ci * k * k
constexpr int kRows = hc::kBlockRows, kCols = hc::kBlockCols;

// One 6 x 16 block (register_block.hpp) whose step t reads 16 floats at taps[t] + p.
__attribute__((target("avx2,fma"))) void tap_block_avx2(const float *const *taps, int count, size_t p, const float *w,
                                                        const float *bias, float lo, float hi, float *out,
                                                        size_t out_stride, int rows) {
    hc::register_block([=](int t) { return taps[t] + p; }, count, w, bias, lo, hi, out, out_stride, rows);
}

class StridedConvLayer : public hc::LayerWithFallback {
public:
    StridedConvLayer(LayerParams &params, int pad_top, int pad_left)
        : LayerWithFallback(params, cv::dnn::ConvolutionLayer::create(params)), pad_top_(pad_top), pad_left_(pad_left) {
        const Mat &wts = params.blobs[0];
        co_ = wts.size[0];
        ci_ = wts.size[1];
        // OpenCV's weights are [co][ci][ky][kx]: row o, column (c * k + ky) * k + kx, the order
        // of the taps.
        hc::pack_weights_6(wts.reshape(1, co_), hc::conv_bias(params), packed_, bias_);
    }

    bool wantsBuiltin(const std::vector<Mat> &inputs, const std::vector<Mat> &) const override {
        return inputs[0].dims != 4 || inputs[0].size[0] != 1 || inputs[0].size[1] != ci_;
    }

    void run(const std::vector<Mat> &inputs, std::vector<Mat> &outputs) override {
        const int h = inputs[0].size[2], w = inputs[0].size[3];
        const int oh = outputs[0].size[2], ow = outputs[0].size[3];
        // Split planes: rows 0 ... 2 oh cover input rows -pad_top ... 2 oh - pad_top; each row
        // holds `span` even columns, then `span` odd ones (the last block may read one past ow).
        const int rows = kStride * oh + 1, span = (ow + kCols - 1) / kCols * kCols + 1;
        split_.assign(size_t(ci_) * rows * 2 * span, 0.0f);
        const float *src = inputs[0].ptr<float>();
        cv::parallel_for_(cv::Range(0, ci_ * rows), [&](const cv::Range &range) {
            for (int cr = range.start; cr < range.end; ++cr) split_row(src, h, w, cr / rows, cr % rows, span, rows);
        }, std::max(1.0, ci_ * rows / 64.0));
        const size_t plane = size_t(oh) * ow;
        float *dst = outputs[0].ptr<float>();
        const int blocks = (co_ + kRows - 1) / kRows, taps = ci_ * kKernel * kKernel;
        cv::parallel_for_(cv::Range(0, oh), [&](const cv::Range &range) {
            const float *tap[kMaxTaps];
            std::vector<float> tail(size_t(kRows) * kCols);
            for (int y = range.start; y < range.end; ++y) {
                for (int c = 0, t = 0; c < ci_; ++c)
                    for (int ky = 0; ky < kKernel; ++ky) {
                        const float *even = split_.data() + (size_t(c) * rows + kStride * y + ky) * 2 * span;
                        for (int kx = 0; kx < kKernel; ++kx, ++t) tap[t] = (kx % 2 == 0 ? even : even + span) + kx / 2;
                    }
                for (int p = 0; p < ow; p += kCols)
                    for (int b = 0; b < blocks; ++b) {
                        const int count = std::min(kRows, co_ - b * kRows);
                        const float *wb = packed_.data() + size_t(b) * taps * kRows;
                        const float *bias = bias_.data() + size_t(b) * kRows;
                        float *out = dst + size_t(b) * kRows * plane + size_t(y) * ow + p;
                        if (p + kCols <= ow) {
                            tap_block_avx2(tap, taps, p, wb, bias, lo_, hi_, out, plane, count);
                            continue;
                        }
                        tap_block_avx2(tap, taps, p, wb, bias, lo_, hi_, tail.data(), kCols, count);
                        for (int r = 0; r < count; ++r)
                            std::copy(tail.data() + size_t(r) * kCols, tail.data() + size_t(r) * kCols + (ow - p),
                                      out + size_t(r) * plane);
                    }
            }
        }, oh);
    }

private:
    // Split row r of channel c: input row r - pad_top, even[j] = in[2j - pad_left] and
    // odd[j] = in[2j + 1 - pad_left], zero outside the input (the buffer starts zeroed).
    void split_row(const float *src, int h, int w, int c, int r, int span, int rows) {
        const int iy = r - pad_top_;
        if (iy < 0 || iy >= h) return;
        const float *in = src + (size_t(c) * h + iy) * w;
        float *even = split_.data() + (size_t(c) * rows + r) * 2 * span, *odd = even + span;
        for (int j = 0; j < span; ++j) {
            const int x0 = 2 * j - pad_left_, x1 = x0 + 1;
            if (x0 >= 0 && x0 < w) even[j] = in[x0];
            if (x1 >= 0 && x1 < w) odd[j] = in[x1];
        }
    }

    int co_ = 0, ci_ = 0, pad_top_ = 0, pad_left_ = 0;
    std::vector<float> packed_, bias_, split_;
};

}  // namespace

namespace hc {

Ptr<Layer> make_strided_convolution(LayerParams &params) {
    if (!has_avx2_fma() || !float_conv_weights(params)) return Ptr<Layer>();
    const Mat &w = params.blobs[0];
    Pads pads;
    if (w.size[2] != kKernel || w.size[3] != kKernel || w.size[1] * kKernel * kKernel > kMaxTaps ||
        params.get<int>("group", 1) != 1 || params.has("pad_mode") || !all_equal(params, "kernel_size", kKernel, 0) ||
        !all_equal(params, "stride", kStride, 1) || !all_equal(params, "dilation", 1, 1) || !read_pads(params, pads))
        return Ptr<Layer>();
    return Ptr<Layer>(new StridedConvLayer(params, pads.top, pads.left));
}

}  // namespace hc
