// hc_dnn_kernel_check: the shim's layers against OpenCV's own, on a whole network.
//
// Why: the shim's layers (shim_layers.cpp: convolutions, 2x upsampling, sums) replace most of the
// landmark network's arithmetic. Landmark tests on photos would pass with small kernel bugs (a wrong tail
// block moves a few outputs), so this compares every output of the network, element by element,
// with what OpenCV 4.6's layers compute from the same input.
#include "shim_internal.hpp"

#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>

#include <algorithm>
#include <cmath>

namespace {

std::vector<cv::Mat> run(cv::dnn::Net &net, const cv::Mat &blob, const std::vector<cv::String> &names) {
    std::vector<cv::Mat> out;
    net.setInput(blob, "input");
    net.forward(out, names);
    for (auto &m : out) m = m.clone();
    return out;
}

}  // namespace

extern "C" hc_status hc_dnn_kernel_check(const char *onnx, int32_t size, double *max_relative_difference,
                                         int32_t *shim_layers, hc_error *error) {
    if (onnx == nullptr || max_relative_difference == nullptr || shim_layers == nullptr || size < 16 || size > 1024)
        return hc::fail(error, HC_ERR_ARGUMENT, "null argument or size outside 16...1024");
    return hc::guarded(error, [&]() -> hc_status {
        hc::ensure_logging_configured();
        hc::register_shim_layers();
        // A fixed pseudo-random image in [0, 1]: every pixel and channel differs.
        cv::Mat blob({1, 3, size, size}, CV_32F);
        cv::RNG rng(20261207);
        rng.fill(blob, cv::RNG::UNIFORM, 0.0, 1.0);
        std::vector<cv::Mat> stock, shim;
        std::vector<cv::String> names;
        hc::with_stock_layers([&] {
            cv::dnn::Net net = cv::dnn::readNetFromONNX(onnx);
            names = net.getUnconnectedOutLayersNames();
            stock = run(net, blob, names);
        });
        cv::dnn::Net net = cv::dnn::readNetFromONNX(onnx);
        shim = run(net, blob, names);
        // The shim's layers keep OpenCV's type names but are other classes.
        int replaced = 0;
        for (const cv::String &layer : net.getLayerNames()) {
            cv::Ptr<cv::dnn::Layer> l = net.getLayer(net.getLayerId(layer));
            if ((l->type == "Convolution" && l.dynamicCast<cv::dnn::ConvolutionLayer>().empty()) ||
                (l->type == "Resize" && l.dynamicCast<cv::dnn::ResizeLayer>().empty()) ||
                (l->type == "Eltwise" && l.dynamicCast<cv::dnn::EltwiseLayer>().empty()))
                ++replaced;
        }
        double worst = 0;
        for (size_t i = 0; i < stock.size(); ++i) {
            const double scale = std::max(cv::norm(stock[i], cv::NORM_INF), 1e-12);
            worst = std::max(worst, cv::norm(stock[i], shim[i], cv::NORM_INF) / scale);
        }
        *max_relative_difference = worst;
        *shim_layers = replaced;
        return HC_OK;
    });
}
