// What the shim's convolution layers (depthwise_conv.cpp, pointwise_conv.cpp, direct_conv.cpp)
// share. Never included by Swift.
#pragma once

#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>

#include <cfloat>
#include <vector>

namespace hc {

// Packs a co x ci weight matrix for register_block.hpp's block: per block of 6 output channels, ci steps
// of 6 weights (zero past co); `bias` (co values) padded the same way into `packed_bias`.
void pack_weights_6(const cv::Mat &rows, const std::vector<float> &bias, std::vector<float> &packed,
                    std::vector<float> &packed_bias);

// The shim's layer constructors, each returning null when the layer is not one it takes (the
// dispatch in shim_layers.cpp then falls back to OpenCV's own layer).
cv::Ptr<cv::dnn::Layer> make_depthwise_convolution(cv::dnn::LayerParams &params);
cv::Ptr<cv::dnn::Layer> make_pointwise_convolution(cv::dnn::LayerParams &params);
cv::Ptr<cv::dnn::Layer> make_direct_convolution(cv::dnn::LayerParams &params);
cv::Ptr<cv::dnn::Layer> make_strided_convolution(cv::dnn::LayerParams &params);
cv::Ptr<cv::dnn::Layer> make_dense_convolution(cv::dnn::LayerParams &params);
cv::Ptr<cv::dnn::Layer> make_bilinear_upsample(cv::dnn::LayerParams &params);
cv::Ptr<cv::dnn::Layer> make_sum(cv::dnn::LayerParams &params);

// The shim's vector kernels need AVX2 and FMA (checked at run time: the package builds without
// machine-specific flags); without them every layer stays OpenCV's.
inline bool has_avx2_fma() {
    return cv::checkHardwareSupport(CV_CPU_AVX2) && cv::checkHardwareSupport(CV_CPU_FMA3);
}

// What every shim convolution reads: 4-D float weights [co][ci][kh][kw] and, if there is a bias,
// one value per output channel.
inline bool float_conv_weights(const cv::dnn::LayerParams &p) {
    return !p.blobs.empty() && p.blobs[0].dims == 4 && p.blobs[0].type() == CV_32F &&
           (p.blobs.size() < 2 || p.blobs[1].total() == size_t(p.blobs[0].size[0]));
}

// The bias, one float per output channel (zeros without a bias blob).
inline std::vector<float> conv_bias(const cv::dnn::LayerParams &p) {
    const int co = p.blobs[0].size[0];
    if (p.blobs.size() < 2) return std::vector<float>(size_t(co), 0.0f);
    const float *b = p.blobs[1].ptr<float>();
    return std::vector<float>(b, b + co);
}

// A convolution's padding in pixels per side.
struct Pads {
    int top = 0, left = 0, bottom = 0, right = 0;
};

// The "pad" parameter of OpenCV's ONNX importer (ONNX order: top, left, bottom, right; or
// vertical, horizontal; or one value for all); false for any other form or a negative pad.
inline bool read_pads(const cv::dnn::LayerParams &p, Pads &pads) {
    pads = Pads();
    if (p.has("pad")) {
        const cv::dnn::DictValue &v = p.get("pad");
        if (v.size() == 4) pads = {v.get<int>(0), v.get<int>(1), v.get<int>(2), v.get<int>(3)};
        else if (v.size() == 2) pads = {v.get<int>(0), v.get<int>(1), v.get<int>(0), v.get<int>(1)};
        else if (v.size() == 1) pads = {v.get<int>(0), v.get<int>(0), v.get<int>(0), v.get<int>(0)};
        else return false;
    }
    return pads.top >= 0 && pads.left >= 0 && pads.bottom >= 0 && pads.right >= 0;
}

// All entries of an "x" / "x, y" / four-value integer parameter equal `want` (absent: `fallback`).
inline bool all_equal(const cv::dnn::LayerParams &p, const char *key, int want, int fallback) {
    if (!p.has(key)) return fallback == want;
    const cv::dnn::DictValue &v = p.get(key);
    for (int i = 0; i < v.size(); ++i)
        if (v.get<int>(i) != want) return false;
    return true;
}

// The clamp of an activation OpenCV offers to fuse into a convolution: ReLU6 (ONNX Clip) gives its
// bounds, plain ReLU [0, +inf); false for any other activation (the layer then declines it).
inline bool activation_bounds(const cv::Ptr<cv::dnn::ActivationLayer> &layer, float &lo, float &hi) {
    if (auto relu6 = layer.dynamicCast<cv::dnn::ReLU6Layer>()) {
        lo = relu6->minValue;
        hi = relu6->maxValue;
        return true;
    }
    if (auto relu = layer.dynamicCast<cv::dnn::ReLULayer>(); relu && relu->negativeSlope == 0.0f) {
        lo = 0.0f;
        hi = FLT_MAX;
        return true;
    }
    return false;
}

// Base of the shim's layers: OpenCV's own layer of the same type kept beside it (for the shapes
// where that one is faster or the shim's does not apply, e.g. a batch above one), and the clamp
// of a fused activation, which both must accept for OpenCV to fuse it. Subclasses say which
// runs (`wantsBuiltin`) and implement their kernel (`run`).
class LayerWithFallback : public cv::dnn::Layer {
public:
    // `builtin` may be null when OpenCV's layer is never needed: the shim's kernel then always runs.
    LayerWithFallback(cv::dnn::LayerParams &params, cv::Ptr<cv::dnn::Layer> builtin)
        : cv::dnn::Layer(params), builtin_(builtin) {}

    bool setActivation(const cv::Ptr<cv::dnn::ActivationLayer> &layer) override {
        float lo, hi;
        if (!activation_bounds(layer, lo, hi) || (builtin_ && !builtin_->setActivation(layer))) return false;
        lo_ = lo;
        hi_ = hi;
        return true;
    }

    // OpenCV's layer's output shapes and scratch (the shim's layers compute the same outputs).
    bool getMemoryShapes(const std::vector<cv::dnn::MatShape> &inputs, const int required,
                         std::vector<cv::dnn::MatShape> &outputs,
                         std::vector<cv::dnn::MatShape> &internals) const override {
        return builtin_->getMemoryShapes(inputs, required, outputs, internals);
    }

    // Decides which layer runs (asked once the shapes are known), and sets up OpenCV's layer only
    // when it is the one (its own copy of the weights).
    void finalize(cv::InputArrayOfArrays inputs_arr, cv::OutputArrayOfArrays outputs_arr) final {
        std::vector<cv::Mat> inputs, outputs;
        inputs_arr.getMatVector(inputs);
        outputs_arr.getMatVector(outputs);
        use_builtin_ = builtin_ && wantsBuiltin(inputs, outputs);
        if (use_builtin_) builtin_->finalize(inputs_arr, outputs_arr);
    }

    void forward(cv::InputArrayOfArrays inputs_arr, cv::OutputArrayOfArrays outputs_arr,
                 cv::OutputArrayOfArrays internals_arr) final {
        if (use_builtin_) {
            builtin_->forward(inputs_arr, outputs_arr, internals_arr);
            return;
        }
        std::vector<cv::Mat> inputs, outputs;
        inputs_arr.getMatVector(inputs);
        outputs_arr.getMatVector(outputs);
        run(inputs, outputs);
    }

protected:
    // True when OpenCV's layer should run for these shapes (the shim's kernel does not apply, or
    // is the slower one there).
    virtual bool wantsBuiltin(const std::vector<cv::Mat> &inputs, const std::vector<cv::Mat> &outputs) const = 0;
    // The shim's kernel: fills outputs (already allocated, OpenCV's buffers) from inputs.
    virtual void run(const std::vector<cv::Mat> &inputs, std::vector<cv::Mat> &outputs) = 0;

    // OpenCV's layer's scratch, in case it is the one that runs (for subclasses that compute
    // their own output shapes).
    void builtinInternals(const std::vector<cv::dnn::MatShape> &inputs, std::vector<cv::dnn::MatShape> &internals) const {
        if (!builtin_) return;
        std::vector<cv::dnn::MatShape> ignored;
        builtin_->getMemoryShapes(inputs, 1, ignored, internals);
    }

    cv::Ptr<cv::dnn::Layer> builtin_;
    bool use_builtin_ = false;
    float lo_ = -FLT_MAX, hi_ = FLT_MAX;
};

}  // namespace hc
