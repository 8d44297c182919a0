// Per-layer times of a network through OpenCV 4.6 DNN with the shim's layers in place (or, with
// --stock, OpenCV's own), from cv::dnn::Net::getPerfProfile: the figures behind docs/benchmarks.md
// ("Where the time goes", "What changed"). Built and run by Benchmarks/layer_profile.sh.
//
// Input: a fixed pseudo-random 1 x 3 x size x size tensor in [0, 1] (the timing does not depend
// on the pixels). Output: the median forward time, then the time per layer type, then (with
// --layers) every layer with its input and output shapes, in milliseconds per pass.
#include "shim_internal.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/dnn.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {

struct Options {
    std::string onnx;
    int size = 256, threads = 1, passes = 100;
    bool stock = false, layers = false;
};

bool parse(int argc, char **argv, Options &o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--size" && has_value) o.size = std::atoi(argv[++i]);
        else if (a == "--threads" && has_value) o.threads = std::atoi(argv[++i]);
        else if (a == "--passes" && has_value) o.passes = std::atoi(argv[++i]);
        else if (a == "--stock") o.stock = true;
        else if (a == "--layers") o.layers = true;
        else if (!a.empty() && a[0] != '-' && o.onnx.empty()) o.onnx = a;
        else return false;
    }
    return !o.onnx.empty() && o.size >= 16 && o.threads >= 1 && o.passes >= 1;
}

std::string shape_text(const cv::dnn::MatShape &shape) {
    std::string text;
    for (int d : shape) text += (text.empty() ? "" : "x") + std::to_string(d);
    return text;
}

void profile(const Options &o) {
    cv::setNumThreads(o.threads);
    cv::dnn::Net net = cv::dnn::readNetFromONNX(o.onnx);
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    cv::Mat input({1, 3, o.size, o.size}, CV_32F);
    cv::RNG(20261207).fill(input, cv::RNG::UNIFORM, 0.0, 1.0);
    const std::vector<cv::String> outputs = net.getUnconnectedOutLayersNames();
    std::vector<cv::Mat> results;
    net.setInput(input);
    net.forward(results, outputs);  // set-up and first-touch pass, not counted
    const std::vector<cv::String> names = net.getLayerNames();
    std::vector<double> per_layer(names.size(), 0.0), passes;
    for (int i = 0; i < o.passes; ++i) {
        net.setInput(input);
        const auto start = std::chrono::steady_clock::now();
        net.forward(results, outputs);
        passes.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        std::vector<double> ticks;
        net.getPerfProfile(ticks);
        for (size_t k = 0; k < ticks.size() && k < per_layer.size(); ++k)
            per_layer[k] += ticks[k] * 1000.0 / cv::getTickFrequency() / o.passes;
    }
    std::sort(passes.begin(), passes.end());
    std::printf("%s: %d thread(s), %s layers, median forward %.3f ms (fastest %.3f) over %d passes\n",
                o.onnx.c_str(), o.threads, o.stock ? "OpenCV's" : "the shim's", passes[passes.size() / 2],
                passes.front(), o.passes);
    std::vector<int> ids;
    std::vector<std::vector<cv::dnn::MatShape>> in_shapes, out_shapes;
    net.getLayersShapes(cv::dnn::MatShape({1, 3, o.size, o.size}), ids, in_shapes, out_shapes);
    std::map<int, size_t> row_of;
    for (size_t k = 0; k < ids.size(); ++k) row_of[ids[k]] = k;
    std::map<std::string, double> by_type;
    for (size_t k = 0; k < names.size(); ++k) {
        const int id = net.getLayerId(names[k]);
        const std::string type = net.getLayer(id)->type;
        by_type[type] += per_layer[k];
        if (!o.layers || per_layer[k] <= 0) continue;
        const auto row = row_of.find(id);
        const std::string in = row == row_of.end() || in_shapes[row->second].empty() ? "" : shape_text(in_shapes[row->second][0]);
        const std::string out = row == row_of.end() || out_shapes[row->second].empty() ? "" : shape_text(out_shapes[row->second][0]);
        std::printf("  %-36s %-12s %-16s -> %-16s %.3f\n", names[k].c_str(), type.c_str(), in.c_str(), out.c_str(), per_layer[k]);
    }
    for (const auto &[type, ms] : by_type) std::printf("%-14s %.3f\n", type.c_str(), ms);
}

}  // namespace

int main(int argc, char **argv) {
    Options o;
    if (!parse(argc, argv, o)) {
        std::fprintf(stderr, "usage: layer_profile NETWORK.onnx [--size 256] [--threads 1] [--passes 100] [--stock] [--layers]\n");
        return 2;
    }
    try {
        if (o.stock) hc::with_stock_layers([&] { profile(o); });
        else {
            hc::register_shim_layers();
            profile(o);
        }
    } catch (const std::exception &e) {
        std::fprintf(stderr, "layer_profile: %s: %s\n", o.onnx.c_str(), e.what());
        return 1;
    }
    return 0;
}
