// A convolution whose kernel covers its whole input (a fully connected layer written as a
// convolution), for OpenCV 4.6 DNN: the landmark network's three output heads, 2 x 2 kernels over
// the 288 x 2 x 2 features giving the 195 landmark values, the 117 world coordinates and the
// presence flag.
//
// Why: OpenCV 4.6 sets these up as image convolutions (im2col of one pixel, then its blocked
// product), about 0.22 ms on one thread for 0.26 M multiply-adds, and slower still with two
// threads, which only add synchronisation to so little work (per-layer times from
// cv::dnn::Net::getPerfProfile). Every frame's tracking waits for these heads.
//
// What: with the input exactly one kernel in size and no padding, the output is one dot product
// per output channel between the flattened input ([c][y][x], the order OpenCV stores both) and
// that channel's weights, done here with eight AVX2 accumulators on one thread. Other shapes
// (a batch above one, a larger input) and machines without AVX2 + FMA keep OpenCV's layer. The
// results equal OpenCV's up to float summation order (hc_dnn_kernel_check, ShimKernelTests).
#include "shim_internal.hpp"
#include "conv_common.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>

#include <immintrin.h>

#include <algorithm>
#include <vector>

namespace {

using cv::Mat;
using cv::Ptr;
using cv::dnn::Layer;
using cv::dnn::LayerParams;

// sum_i w[i] x[i] over n floats, 32 at a time in four pairs of registers, then the rest.
__attribute__((target("avx2,fma"))) float dot_avx2(const float *w, const float *x, int n) {
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    int i = 0;
    for (; i + 32 <= n; i += 32) {
        a0 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i), _mm256_loadu_ps(x + i), a0);
        a1 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 8), _mm256_loadu_ps(x + i + 8), a1);
        a2 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 16), _mm256_loadu_ps(x + i + 16), a2);
        a3 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 24), _mm256_loadu_ps(x + i + 24), a3);
    }
    for (; i + 8 <= n; i += 8) a0 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i), _mm256_loadu_ps(x + i), a0);
    const __m256 s = _mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3));
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, s);
    float sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    for (; i < n; ++i) sum += w[i] * x[i];
    return sum;
}

class DenseConvLayer : public hc::LayerWithFallback {
public:
    explicit DenseConvLayer(LayerParams &params) : LayerWithFallback(params, cv::dnn::ConvolutionLayer::create(params)) {
        const Mat &wts = params.blobs[0];
        co_ = wts.size[0];
        ci_ = wts.size[1];
        kh_ = wts.size[2];
        kw_ = wts.size[3];
        weights_ = wts.reshape(1, co_).clone();  // co rows of ci * kh * kw
        bias_ = hc::conv_bias(params);
    }

    bool wantsBuiltin(const std::vector<Mat> &inputs, const std::vector<Mat> &) const override {
        const Mat &in = inputs[0];
        return in.dims != 4 || in.size[0] != 1 || in.size[1] != ci_ || in.size[2] != kh_ || in.size[3] != kw_;
    }

    void run(const std::vector<Mat> &inputs, std::vector<Mat> &outputs) override {
        const float *x = inputs[0].ptr<float>();
        float *out = outputs[0].ptr<float>();
        const int n = ci_ * kh_ * kw_;
        for (int o = 0; o < co_; ++o)
            out[o] = std::min(std::max(bias_[o] + dot_avx2(weights_.ptr<float>(o), x, n), lo_), hi_);
    }

private:
    int co_ = 0, ci_ = 0, kh_ = 0, kw_ = 0;
    Mat weights_;
    std::vector<float> bias_;
};

}  // namespace

namespace hc {

// Taken for group-1, stride-1, undilated, unpadded kernels larger than 1 x 1; whether the input
// is exactly one kernel in size is known only in finalize (else OpenCV's layer runs).
Ptr<Layer> make_dense_convolution(LayerParams &params) {
    if (!has_avx2_fma() || !float_conv_weights(params)) return Ptr<Layer>();
    const Mat &w = params.blobs[0];
    if (w.size[2] * w.size[3] < 2 || params.get<int>("group", 1) != 1 || params.has("pad_mode") ||
        !all_equal(params, "stride", 1, 1) || !all_equal(params, "dilation", 1, 1) || !all_equal(params, "pad", 0, 0))
        return Ptr<Layer>();
    return Ptr<Layer>(new DenseConvLayer(params));
}

}  // namespace hc
