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

// Set while with_stock_layers runs its body on this thread: layers created then are OpenCV's.
// Thread-local, so that networks read at the same time on other threads (tests run in parallel)
// still get the shim's layers.
thread_local bool stock_only = false;

Ptr<Layer> make_convolution(LayerParams &params) {
    if (stock_only) return cv::dnn::ConvolutionLayer::create(params);
    for (auto make : {hc::make_depthwise_convolution, hc::make_pointwise_convolution, hc::make_direct_convolution,
                      hc::make_strided_convolution, hc::make_dense_convolution})
        if (Ptr<Layer> layer = make(params)) return layer;
    return cv::dnn::ConvolutionLayer::create(params);
}

Ptr<Layer> make_resize(LayerParams &params) {
    if (stock_only) return cv::dnn::ResizeLayer::create(params);
    if (Ptr<Layer> layer = hc::make_bilinear_upsample(params)) return layer;
    return cv::dnn::ResizeLayer::create(params);
}

Ptr<Layer> make_eltwise(LayerParams &params) {
    if (stock_only) return cv::dnn::EltwiseLayer::create(params);
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

// OpenCV creates a network's layers on the thread that reads it and first runs it, so `body`
// gets OpenCV's own layers for the networks it reads and runs (kernel_check.cpp).
void with_stock_layers(const std::function<void()> &body) {
    register_shim_layers();
    struct Scope {
        Scope() { stock_only = true; }
        ~Scope() { stock_only = false; }
    } scope;
    body();
}

}  // namespace hc
