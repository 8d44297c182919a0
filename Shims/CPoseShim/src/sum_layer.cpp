// A faster element-wise sum (ONNX Add of two same-shaped maps, the residual connections) with its
// fused ReLU / ReLU6, for OpenCV 4.6 DNN.
//
// Why: the landmark network has 28 such additions; OpenCV 4.6's Eltwise splits each into stripes
// sized for its general case (per-channel coefficients, channel-count mismatches), and gains
// little from a second thread (1.09 ms on one thread, 0.96 ms on two, per-layer times from
// cv::dnn::Net::getPerfProfile). The sums are memory-bound: what helps is even chunks of
// contiguous floats, one pass.
//
// What: out = clamp(a + b (+ c ...), lo, hi) over the flattened maps, in chunks of 16 K floats
// (64 KB) shared out among the threads. The sum is computed in the same order as OpenCV's, so
// the results are equal. Taken only for "sum" without coefficients on inputs of identical shape;
// everything else (products, maxima, weighted sums, broadcasting) is OpenCV's layer.
#include "shim_internal.hpp"
#include "conv_common.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>

#include <algorithm>
#include <cfloat>
#include <string>
#include <vector>

namespace {

using cv::Mat;
using cv::Ptr;
using cv::dnn::Layer;
using cv::dnn::LayerParams;

constexpr size_t kChunk = 16384;  // floats per work item

class SumLayer : public hc::LayerWithFallback {
public:
    explicit SumLayer(LayerParams &params) : LayerWithFallback(params, cv::dnn::EltwiseLayer::create(params)) {}

    bool wantsBuiltin(const std::vector<Mat> &inputs, const std::vector<Mat> &) const override {
        bool builtin = inputs.size() < 2;
        for (const Mat &in : inputs)
            builtin = builtin || in.type() != CV_32F || !in.isContinuous() || in.size != inputs[0].size;
        return builtin;
    }

    void run(const std::vector<Mat> &inputs, std::vector<Mat> &outputs) override {
        const size_t total = inputs[0].total();
        const int chunks = int((total + kChunk - 1) / kChunk);
        float *out = outputs[0].ptr<float>();
        const float lo = lo_, hi = hi_;
        cv::parallel_for_(cv::Range(0, chunks), [&](const cv::Range &range) {
            const size_t begin = size_t(range.start) * kChunk, n = std::min(total, size_t(range.end) * kChunk) - begin;
            const float *a = inputs[0].ptr<float>() + begin, *b = inputs[1].ptr<float>() + begin;
            float *o = out + begin;
            const bool clamped = lo > -FLT_MAX || hi < FLT_MAX;
            if (inputs.size() == 2 && clamped) {  // the common case in one pass
                for (size_t i = 0; i < n; ++i) o[i] = std::min(std::max(a[i] + b[i], lo), hi);
                return;
            }
            for (size_t i = 0; i < n; ++i) o[i] = a[i] + b[i];
            for (size_t k = 2; k < inputs.size(); ++k) {
                const float *c = inputs[k].ptr<float>() + begin;
                for (size_t i = 0; i < n; ++i) o[i] += c[i];
            }
            if (clamped)
                for (size_t i = 0; i < n; ++i) o[i] = std::min(std::max(o[i], lo), hi);
        }, chunks);
    }

};

}  // namespace

namespace hc {

Ptr<Layer> make_sum(LayerParams &params) {
    std::string op = params.get<std::string>("operation", "sum");
    std::transform(op.begin(), op.end(), op.begin(), ::tolower);
    if (op != "sum" || params.has("coeff") || params.has("output_channels_mode")) return Ptr<Layer>();
    return Ptr<Layer>(new SumLayer(params));
}

}  // namespace hc
