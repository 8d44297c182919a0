// A faster 1 x 1 ("pointwise") convolution for OpenCV 4.6 DNN's CPU backend.
//
// Why: after the depthwise layer (depthwise_conv.cpp), the landmark network's 47 pointwise
// convolutions took about 62 % of a forward pass (9.7 of 15.6 ms without the mask head, one
// thread, per-layer times from cv::dnn::Net::getPerfProfile). OpenCV 4.6 runs them through its
// general convolution path at about a quarter of one core's FMA peak: on the 128 x 128 planes at
// the top of the network the reduction is only 16 or 24 channels long, and its blocking pays
// per-block overhead that a dedicated kernel does not.
//
// What: a 1 x 1 convolution over NCHW is a matrix product, out[co][p] = b[co] + sum_ci
// W[co][ci] in[ci][p]. The kernel keeps a 6 x 16 block of outputs (6 output channels, 16
// pixels) in twelve AVX2 registers and streams the input rows once per block; weights are packed
// at load time so that each step reads 6 consecutive floats. Bias and the fused ReLU / ReLU6 are
// applied when the block is stored. Only group-1, stride-1, unpadded, undilated 1 x 1 kernels on a
// batch of one are taken; everything else, and machines without AVX2 + FMA, keep OpenCV's layer.
// The results equal OpenCV's up to float summation order (checked in PoseCaptureTests).
#include "shim_internal.hpp"
#include "conv_common.hpp"
#include "register_block.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>

#include <immintrin.h>

#include <algorithm>
#include <cfloat>
#include <vector>

namespace {

using cv::Mat;
using cv::Ptr;
using cv::dnn::ActivationLayer;
using cv::dnn::Layer;
using cv::dnn::LayerParams;
using cv::dnn::MatShape;

constexpr int kRows = hc::kBlockRows;
constexpr int kCols = hc::kBlockCols;

}  // namespace

namespace hc {

void pack_weights_6(const cv::Mat &rows, const std::vector<float> &bias, std::vector<float> &packed,
                    std::vector<float> &packed_bias) {
    const int co = rows.rows, ci = rows.cols;
    const int blocks = (co + kRows - 1) / kRows;
    packed.assign(size_t(blocks) * ci * kRows, 0.0f);
    for (int b = 0; b < blocks; ++b)
        for (int k = 0; k < ci; ++k)
            for (int r = 0; r < kRows && b * kRows + r < co; ++r)
                packed[(size_t(b) * ci + k) * kRows + r] = rows.at<float>(b * kRows + r, k);
    packed_bias = bias;
    packed_bias.resize(size_t(blocks) * kRows, 0.0f);
}

}  // namespace hc

namespace {

// One 6 x 16 block over ci input rows `in_stride` floats apart (register_block.hpp).
__attribute__((target("avx2,fma"))) void pointwise_block_avx2(const float *in, size_t in_stride, int ci, const float *w,
                                                              const float *bias, float lo, float hi, float *out,
                                                              size_t out_stride, int rows) {
    hc::register_block([=](int k) { return in + size_t(k) * in_stride; }, ci, w, bias, lo, hi, out, out_stride, rows);
}

// The pixels past the last whole block of 16 (planes whose size is not a multiple of 16): copied
// into a zero-padded block, computed whole, and the valid columns copied back.
void tail_block(const float *in, size_t plane, int ci, const float *w, const float *bias, float lo, float hi,
                float *out, int rows, int count, std::vector<float> &scratch) {
    scratch.assign(size_t(ci) * kCols + size_t(kRows) * kCols, 0.0f);
    float *cols = scratch.data(), *block = cols + size_t(ci) * kCols;
    for (int k = 0; k < ci; ++k) std::copy(in + size_t(k) * plane, in + size_t(k) * plane + count, cols + size_t(k) * kCols);
    pointwise_block_avx2(cols, kCols, ci, w, bias, lo, hi, block, kCols, rows);
    for (int r = 0; r < rows; ++r) std::copy(block + size_t(r) * kCols, block + size_t(r) * kCols + count, out + size_t(r) * plane);
}

// How many pieces parallel_for_ cuts a layer into: about 64 blocks each on the large maps, but
// never fewer than 16 (when there are as many blocks), so that two threads get even shares of
// the small deep layers too (864 -> 288 channels on 8 x 8 is 192 blocks: 3 pieces split 2 : 1).
double stripes(int items) { return std::max(items / 64.0, double(std::min(items, 16))); }

class PointwiseConvLayer : public hc::LayerWithFallback {
public:
    explicit PointwiseConvLayer(LayerParams &params)
        : LayerWithFallback(params, cv::dnn::ConvolutionLayer::create(params)) {
        const Mat &wts = params.blobs[0];
        co_ = wts.size[0];
        ci_ = wts.size[1];
        hc::pack_weights_6(wts.reshape(1, co_), hc::conv_bias(params), packed_, bias_);
    }

    bool getMemoryShapes(const std::vector<MatShape> &inputs, const int, std::vector<MatShape> &outputs,
                         std::vector<MatShape> &internals) const override {
        MatShape out = inputs[0];
        out[1] = co_;
        outputs.assign(1, out);
        builtinInternals(inputs, internals);
        return false;
    }

    bool wantsBuiltin(const std::vector<Mat> &inputs, const std::vector<Mat> &) const override {
        // Interleaved per-layer timings on both networks: this kernel wins on planes of whole
        // 16-pixel blocks and on large ones (14 x 14 and up); OpenCV's on the 2 x 2 and 7 x 7
        // maps, where the blocks are mostly padding.
        const bool shape_ok = inputs[0].dims == 4 && inputs[0].size[0] == 1 && inputs[0].size[1] == ci_;
        const size_t plane = shape_ok ? size_t(inputs[0].size[2]) * inputs[0].size[3] : 0;
        return !shape_ok || plane < size_t(kCols) || (plane % kCols != 0 && plane < 128);
    }

    void run(const std::vector<Mat> &inputs, std::vector<Mat> &outputs) override {
        const size_t plane = size_t(inputs[0].size[2]) * inputs[0].size[3];
        const float *src = inputs[0].ptr<float>();
        float *dst = outputs[0].ptr<float>();
        const int whole = int(plane / kCols), blocks = (co_ + kRows - 1) / kRows;
        const int tail = int(plane % kCols);
        // Work items: (pixel block, channel block), pixel-major so that one item's input columns
        // stay in cache across its channel blocks.
        const int items = (whole + (tail ? 1 : 0)) * blocks;
        cv::parallel_for_(cv::Range(0, items), [&](const cv::Range &range) {
            std::vector<float> scratch;
            for (int i = range.start; i < range.end; ++i) {
                const int px = i / blocks, b = i % blocks;
                const int rows = std::min(kRows, co_ - b * kRows);
                const float *w = packed_.data() + size_t(b) * ci_ * kRows;
                const float *bias = bias_.data() + size_t(b) * kRows;
                const size_t p = size_t(px) * kCols;
                float *o = dst + size_t(b) * kRows * plane + p;
                if (px < whole) pointwise_block_avx2(src + p, plane, ci_, w, bias, lo_, hi_, o, plane, rows);
                else tail_block(src + p, plane, ci_, w, bias, lo_, hi_, o, rows, tail, scratch);
            }
        }, stripes(items));
    }

private:
    int co_ = 0, ci_ = 0;
    std::vector<float> packed_, bias_;
};

}  // namespace

namespace hc {

Ptr<Layer> make_pointwise_convolution(LayerParams &params) {
    const bool pointwise = hc::has_avx2_fma() && hc::float_conv_weights(params) && params.blobs[0].size[2] == 1 &&
                           params.blobs[0].size[3] == 1 && params.get<int>("group", 1) == 1 && !params.has("pad_mode") &&
                           all_equal(params, "kernel_size", 1, 1) && all_equal(params, "stride", 1, 1) &&
                           all_equal(params, "dilation", 1, 1) && all_equal(params, "pad", 0, 0);
    if (!pointwise) return Ptr<Layer>();
    return Ptr<Layer>(new PointwiseConvLayer(params));
}

}  // namespace hc
