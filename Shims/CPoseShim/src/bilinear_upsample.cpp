// A faster 2x bilinear upsampling (ONNX Resize, linear, half-pixel centres) for OpenCV 4.6 DNN:
// the landmark network's decoder and segmentation head double their maps five times, up to
// 8 x 256 x 256 for the mask.
//
// Why: OpenCV 4.6 runs each channel plane through cv::resize, one call after another; each call
// splits its rows over the threads and waits for them, so with two threads the layer is slower
// than with one (0.69 against 0.58 ms a forward pass with the mask head, per-layer times from
// cv::dnn::Net::getPerfProfile).
//
// What: with the factor exactly 2 and half-pixel centres, output column 2j samples input column
// j - 1/4 and 2j + 1 samples j + 1/4, so every output is 3/4 of the nearer input and 1/4 of the
// other one in each direction, clamped at the borders (as cv::resize does). Each work item is a
// band of output rows of one channel: its input rows are upsampled horizontally once into a small
// buffer, then blended in pairs. All planes' bands are one parallel loop. Taken only for
// "opencv_linear" with half-pixel centres and a zoom of 2 in both directions on a batch of one;
// any other Resize is OpenCV's. The results equal cv::resize's up to float rounding
// (hc_dnn_kernel_check, ShimKernelTests).
#include "shim_internal.hpp"
#include "conv_common.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using cv::Mat;
using cv::Ptr;
using cv::dnn::Layer;
using cv::dnn::LayerParams;

constexpr int kBandRows = 32;  // output rows per work item

// out[2j] = 3/4 in[j] + 1/4 in[j - 1], out[2j + 1] = 3/4 in[j] + 1/4 in[j + 1], edges clamped.
inline void upsample_row(const float *in, int w, float *out) {
    out[0] = in[0];
    for (int j = 1; j < w; ++j) out[2 * j] = in[j] * 0.75f + in[j - 1] * 0.25f;
    for (int j = 0; j + 1 < w; ++j) out[2 * j + 1] = in[j] * 0.75f + in[j + 1] * 0.25f;
    out[2 * w - 1] = in[w - 1];
}

class BilinearUpsampleLayer : public hc::LayerWithFallback {
public:
    explicit BilinearUpsampleLayer(LayerParams &params) : LayerWithFallback(params, cv::dnn::ResizeLayer::create(params)) {}

    // No activation is fused into this layer (its kernel applies no clamp).
    bool setActivation(const Ptr<cv::dnn::ActivationLayer> &) override { return false; }

    bool wantsBuiltin(const std::vector<Mat> &inputs, const std::vector<Mat> &outputs) const override {
        if (inputs.size() != 1) return true;
        const Mat &in = inputs[0], &out = outputs[0];
        return in.dims != 4 || in.size[0] != 1 || in.type() != CV_32F || out.size[1] != in.size[1] ||
               out.size[2] != 2 * in.size[2] || out.size[3] != 2 * in.size[3];
    }

    void run(const std::vector<Mat> &inputs, std::vector<Mat> &outputs) override {
        const int c = inputs[0].size[1], h = inputs[0].size[2], w = inputs[0].size[3];
        const int oh = 2 * h, ow = 2 * w, bands = (oh + kBandRows - 1) / kBandRows;
        const float *src = inputs[0].ptr<float>();
        float *dst = outputs[0].ptr<float>();
        cv::parallel_for_(cv::Range(0, c * bands), [&](const cv::Range &range) {
            std::vector<float> rows(size_t(kBandRows / 2 + 2) * ow);
            for (int item = range.start; item < range.end; ++item) {
                const int ch = item / bands, y0 = (item % bands) * kBandRows, y1 = std::min(oh, y0 + kBandRows);
                band(src + size_t(ch) * h * w, h, w, y0, y1, rows.data(), dst + size_t(ch) * oh * ow);
            }
        }, c * bands);
    }

private:
    // Output rows [y0, y1) of one plane. Output row 2i blends input rows i - 1 and i, row 2i + 1
    // rows i and i + 1 (3/4 on row i), clamped at the top and bottom.
    static void band(const float *in, int h, int w, int y0, int y1, float *rows, float *out) {
        const int ow = 2 * w;
        const int first = std::max(0, y0 / 2 - 1), last = std::min(h - 1, (y1 - 1) / 2 + 1);
        for (int r = first; r <= last; ++r) upsample_row(in + size_t(r) * w, w, rows + size_t(r - first) * ow);
        for (int y = y0; y < y1; ++y) {
            const int i = y / 2, other = (y % 2 == 0) ? i - 1 : i + 1;
            const float *near = rows + size_t(i - first) * ow;
            float *o = out + size_t(y) * ow;
            if (other < 0 || other >= h) {
                std::copy(near, near + ow, o);
                continue;
            }
            const float *far = rows + size_t(other - first) * ow;
            for (int x = 0; x < ow; ++x) o[x] = near[x] * 0.75f + far[x] * 0.25f;
        }
    }

};

}  // namespace

namespace hc {

Ptr<Layer> make_bilinear_upsample(LayerParams &params) {
    const bool doubled = params.get<std::string>("interpolation", "") == "opencv_linear" &&
                         params.get<std::string>("coordinate_transformation_mode", "half_pixel") == "half_pixel" &&
                         params.get<int>("align_corners", 0) == 0 && params.get<float>("zoom_factor_x", 0) == 2.0f &&
                         params.get<float>("zoom_factor_y", 0) == 2.0f;
    if (!doubled) return Ptr<Layer>();
    return Ptr<Layer>(new BilinearUpsampleLayer(params));
}

}  // namespace hc
