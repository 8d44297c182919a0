// A direct 3 x 3 convolution for layers with very few output channels, for OpenCV 4.6 DNN.
//
// Why: the landmark network's segmentation head ends in a 3 x 3 convolution from 8 channels to
// the single 256 x 256 mask logit plane. OpenCV 4.6 runs it through its general path at about
// 5 GFLOP/s: 1.8 ms, nearly half of what the mask head adds to a forward pass (per-layer times
// from cv::dnn::Net::getPerfProfile, one thread). With one output channel there is nothing to
// block over, so this layer does what depthwise_conv.cpp does per channel: pad each input plane
// once, then for every input channel and tap one long multiply-add over the whole plane, summed
// into the output plane. Taken only for group-1, stride-1, undilated square kernels of 3 or 5
// with at most 4 output channels, on a batch of one; everything else keeps OpenCV's layer.
#include "shim_internal.hpp"
#include "conv_common.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>

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

constexpr int kMaxOutputs = 4;
constexpr int kBandFloats = 4096;  // 16 KB of accumulators: half a typical L1 data cache

using hc::Pads;

// acc[i] += w * in[i + ky * pw + kx] over the whole padded plane for every tap; rows are pw wide,
// so the k - 1 columns past each output row are computed and dropped by the caller.
static inline __attribute__((always_inline)) void accumulate(const float *in, int pw, int n, int k, const float *w,
                                                             float *__restrict acc) {
    for (int ky = 0; ky < k; ++ky)
        for (int kx = 0; kx < k; ++kx) {
            const float wv = w[ky * k + kx];
            const float *src = in + ky * pw + kx;
            _Pragma("clang loop vectorize_width(8) interleave_count(2)")
            for (int i = 0; i < n; ++i) acc[i] += wv * src[i];
        }
}

__attribute__((target("avx2,fma"))) void accumulate_avx2(const float *in, int pw, int n, int k, const float *w,
                                                         float *acc) {
    accumulate(in, pw, n, k, w, acc);
}

void accumulate_baseline(const float *in, int pw, int n, int k, const float *w, float *acc) {
    accumulate(in, pw, n, k, w, acc);
}

class DirectConvLayer : public hc::LayerWithFallback {
public:
    DirectConvLayer(LayerParams &params, int k, const Pads &pads)
        : LayerWithFallback(params, cv::dnn::ConvolutionLayer::create(params)), k_(k), pads_(pads) {
        const Mat &wts = params.blobs[0];
        co_ = wts.size[0];
        ci_ = wts.size[1];
        weights_ = wts.reshape(1, co_).clone();  // co rows of ci * k * k
        bias_ = hc::conv_bias(params);
        avx2_ = hc::has_avx2_fma();
    }

    bool getMemoryShapes(const std::vector<MatShape> &inputs, const int, std::vector<MatShape> &outputs,
                         std::vector<MatShape> &internals) const override {
        MatShape out = inputs[0];
        out[1] = co_;
        out[2] = inputs[0][2] + pads_.top + pads_.bottom - k_ + 1;
        out[3] = inputs[0][3] + pads_.left + pads_.right - k_ + 1;
        outputs.assign(1, out);
        builtinInternals(inputs, internals);
        return false;
    }

    bool wantsBuiltin(const std::vector<Mat> &inputs, const std::vector<Mat> &) const override {
        return inputs[0].dims != 4 || inputs[0].size[0] != 1 || inputs[0].size[1] != ci_;
    }

    void run(const std::vector<Mat> &inputs, std::vector<Mat> &outputs) override {
        const int h = inputs[0].size[2], w = inputs[0].size[3];
        const int oh = outputs[0].size[2], ow = outputs[0].size[3];
        const int ph = h + pads_.top + pads_.bottom, pw = w + pads_.left + pads_.right;
        // Every input plane padded once (k - 1 floats of zero slack past the end for the last
        // row's dropped columns), then one accumulator band per output channel and band of rows.
        padded_.assign(size_t(ci_) * ph * pw + k_, 0.0f);
        const float *src = inputs[0].ptr<float>();
        cv::parallel_for_(cv::Range(0, ci_ * h), [&](const cv::Range &range) {
            for (int cy = range.start; cy < range.end; ++cy) {
                const int c = cy / h, y = cy % h;
                std::copy(src + size_t(cy) * w, src + size_t(cy + 1) * w,
                          padded_.data() + (size_t(c) * ph + y + pads_.top) * pw + pads_.left);
            }
        }, std::max(1.0, ci_ * h / 64.0));
        float *dst = outputs[0].ptr<float>();
        // Bands of rows whose accumulators stay in the L1 cache across all ci * k * k passes; the
        // bands are the work items (a 256 x 256 plane with one output channel is 16 of them).
        const int band = std::max(1, kBandFloats / pw);
        const int bands = (oh + band - 1) / band;
        cv::parallel_for_(cv::Range(0, co_ * bands), [&](const cv::Range &range) {
            std::vector<float> acc(size_t(band) * pw);
            for (int item = range.start; item < range.end; ++item) {
                const int o = item / bands, y0 = (item % bands) * band, rows = std::min(band, oh - y0);
                std::fill(acc.begin(), acc.end(), bias_[o]);
                const float *wo = weights_.ptr<float>(o);
                for (int c = 0; c < ci_; ++c) {
                    const float *plane = padded_.data() + (size_t(c) * ph + y0) * pw;
                    if (avx2_) accumulate_avx2(plane, pw, rows * pw, k_, wo + size_t(c) * k_ * k_, acc.data());
                    else accumulate_baseline(plane, pw, rows * pw, k_, wo + size_t(c) * k_ * k_, acc.data());
                }
                for (int y = 0; y < rows; ++y) {
                    const float *a = acc.data() + size_t(y) * pw;
                    float *out = dst + (size_t(o) * oh + y0 + y) * ow;
                    for (int x = 0; x < ow; ++x) out[x] = std::min(std::max(a[x], lo_), hi_);
                }
            }
        }, co_ * bands);
    }

private:
    int k_, co_ = 0, ci_ = 0;
    Pads pads_;
    Mat weights_;
    std::vector<float> bias_, padded_;
    bool avx2_ = false;
};

}  // namespace

namespace hc {

Ptr<Layer> make_direct_convolution(LayerParams &params) {
    if (!float_conv_weights(params)) return Ptr<Layer>();
    const Mat &w = params.blobs[0];
    const int k = w.size[2];
    Pads pads;
    if (w.size[3] != k || (k != 3 && k != 5) || w.size[0] > kMaxOutputs || params.get<int>("group", 1) != 1 ||
        params.has("pad_mode") || !all_equal(params, "stride", 1, 1) || !all_equal(params, "dilation", 1, 1) ||
        !read_pads(params, pads))
        return Ptr<Layer>();
    return Ptr<Layer>(new DirectConvLayer(params, k, pads));
}

}  // namespace hc
