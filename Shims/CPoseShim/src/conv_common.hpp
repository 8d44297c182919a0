// What the shim's convolution layers (depthwise_conv.cpp, pointwise_conv.cpp, direct_conv.cpp)
// share. Never included by Swift.
#pragma once

#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>

#include <cfloat>

namespace hc {

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

}  // namespace hc
