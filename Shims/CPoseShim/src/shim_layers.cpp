// Which of the shim's layers replace OpenCV 4.6 DNN's own, registered once per process.
//
// Why here: OpenCV's LayerFactory keeps one stack of constructors per layer type and creates
// every layer of a network from the top one when the network is read. The shim registers one
// dispatcher per type it speeds up ("Convolution", "Resize", "Eltwise"); each dispatcher asks the
// shim's layers in turn (each takes only the shapes it is written and measured for) and falls
// back to OpenCV's layer. Per-layer times and what each layer gave: docs/benchmarks.md.
#include "shim_internal.hpp"
#include "conv_common.hpp"

#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>

#include <functional>
#include <mutex>

namespace {

using cv::Ptr;
using cv::dnn::Layer;
using cv::dnn::LayerParams;

Ptr<Layer> make_convolution(LayerParams &params) {
    for (auto make : {hc::make_depthwise_convolution, hc::make_pointwise_convolution, hc::make_direct_convolution,
                      hc::make_strided_convolution, hc::make_dense_convolution})
        if (Ptr<Layer> layer = make(params)) return layer;
    return cv::dnn::ConvolutionLayer::create(params);
}

Ptr<Layer> make_resize(LayerParams &params) {
    if (Ptr<Layer> layer = hc::make_bilinear_upsample(params)) return layer;
    return cv::dnn::ResizeLayer::create(params);
}

Ptr<Layer> make_eltwise(LayerParams &params) {
    if (Ptr<Layer> layer = hc::make_sum(params)) return layer;
    return cv::dnn::EltwiseLayer::create(params);
}

struct Registration {
    const char *type;
    cv::dnn::LayerFactory::Constructor make;
};

constexpr Registration kLayers[] = {{"Convolution", make_convolution}, {"Resize", make_resize}, {"Eltwise", make_eltwise}};

void push_all() {
    for (const Registration &r : kLayers) cv::dnn::LayerFactory::registerLayer(r.type, r.make);
}

}  // namespace

namespace hc {

// Must run before a network is read: OpenCV creates layer instances when it reads the network.
void register_shim_layers() {
    static std::once_flag once;
    std::call_once(once, push_all);
}

// Unregistering pops the shim's constructors (OpenCV's own are then on top); registering pushes
// them back (kernel_check.cpp).
void with_stock_layers(const std::function<void()> &body) {
    static std::mutex mutex;
    std::lock_guard<std::mutex> lock(mutex);
    register_shim_layers();
    for (const Registration &r : kLayers) cv::dnn::LayerFactory::unregisterLayer(r.type);
    try {
        body();
    } catch (...) {
        push_all();
        throw;
    }
    push_all();
}

}  // namespace hc
