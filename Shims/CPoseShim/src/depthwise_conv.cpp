// A faster depthwise convolution for OpenCV 4.6 DNN's CPU backend.
//
// Why: profiling BlazePose's landmark network (pose_landmark_full, 256 x 256 input) showed its
// nine 5 x 5 depthwise convolutions taking about 40 % of a forward pass while doing 6 % of the
// multiply-adds: OpenCV 4.6 has a vectorised depthwise path only for 3 x 3 kernels, and even that
// one loses to per-channel overhead on the 16 x 16 and 8 x 8 planes deep in the network. This layer
// replaces OpenCV's "Convolution" for depthwise kernels of 3 x 3 and 5 x 5 (stride 1 or 2) and hands
// back to OpenCV's own layer where that is faster (3 x 3 on planes 32 pixels wide or more).
// Other convolutions are OpenCV's, untouched. Measured on the 2-core development VM: landmark
// network without the mask head 18.5 -> 10.9 ms per forward pass (2 threads), outputs equal to
// OpenCV's to 1e-3 px on landmarks (float summation order only). With AVX2 the output is computed
// in register blocks (blocked_rows_avx2, 2026-12-07): 11.3 -> 10.0 ms on one thread.
// Registered with the shim's other layers by shim_layers.cpp.
#include "shim_internal.hpp"
#include "conv_common.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>

#include <immintrin.h>

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

constexpr int kSlackRows = 8;

struct Geometry {
    int k, stride, pad_top, pad_left, pad_bottom, pad_right;
};

// One channel: `src` is the zero-padded plane (ph x pw, plus a few floats of zero slack), `out`
// the oh x ow result. `scratch` holds at least ph * pw + 8 floats, `odd` (ph * pw + 1) / 2 + 8.
// Written as plain loops over contiguous runs so that the compiler vectorises them for the
// instruction set of the function this is inlined into.
static inline __attribute__((always_inline)) void channel_kernel(const float *src, int ph, int pw,
                                                                  float *__restrict scratch, float *__restrict odd,
                                                                  const float *w, float bias, float lo, float hi,
                                                                  const Geometry &g, float *__restrict out, int oh,
                                                                  int ow) {
    const int k = g.k;
    if (g.stride == 1) {
        // The whole plane as one run of rows pw wide: the k - 1 columns past each output row are
        // computed and dropped. One long loop per tap beats per-row loops on small planes.
        const int n = oh * pw;
        float *acc = scratch;
        for (int i = 0; i < n; ++i) acc[i] = bias;
        for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx) {
                const float wv = w[ky * k + kx];
                const float *in = src + ky * pw + kx;
                _Pragma("clang loop vectorize_width(8) interleave_count(2)")
                for (int i = 0; i < n; ++i) acc[i] += wv * in[i];
            }
        for (int oy = 0; oy < oh; ++oy) {
            const float *a = acc + oy * pw;
            float *o = out + oy * ow;
            for (int x = 0; x < ow; ++x) o[x] = std::min(std::max(a[x], lo), hi);
        }
        return;
    }
    // Stride 2: split the plane into even and odd columns so that every tap reads a contiguous run.
    const int ew = (pw + 1) / 2, odw = pw / 2;
    float *even = scratch;
    for (int y = 0; y < ph; ++y) {
        const float *r = src + y * pw;
        float *e = even + y * ew, *d = odd + y * ew;
        for (int x = 0; x < ew; ++x) e[x] = r[2 * x];
        for (int x = 0; x < odw; ++x) d[x] = r[2 * x + 1];
    }
    for (int oy = 0; oy < oh; ++oy) {
        float *o = out + oy * ow;
        for (int x = 0; x < ow; ++x) o[x] = bias;
        for (int ky = 0; ky < k; ++ky) {
            const int y = oy * 2 + ky;
            for (int kx = 0; kx < k; ++kx) {
                const float wv = w[ky * k + kx];
                const float *in = ((kx & 1) ? odd : even) + y * ew + (kx >> 1);
                for (int x = 0; x < ow; ++x) o[x] += wv * in[x];
            }
        }
        for (int x = 0; x < ow; ++x) o[x] = std::min(std::max(o[x], lo), hi);
    }
}

// The same kernel compiled twice: for AVX2 + FMA (chosen at run time) and for the baseline
// (the package builds without machine-specific flags).
// AVX2 + FMA: the output in blocks of 4 rows by 8 columns held in registers. Every tap is one
// weight broadcast and four loads for four multiply-adds, where the run-per-tap loop of
// channel_kernel also loads and stores its accumulator each time (measured 1.6-1.9 times as fast
// on the 3 x 3 and 5 x 5 layers). `taps[t]` points at tap t's input for output (0, 0); output row
// y reads `row_step` floats further per row. The sum runs in channel_kernel's order (bias, then
// the taps row by row), so the results are the same. Columns past ow are computed into a block
// of scratch and dropped (the padded planes have 8 floats of slack).
template <int K>
__attribute__((target("avx2,fma"))) void blocked_rows_avx2(const float *const *taps, size_t row_step, const float *w,
                                                           float bias, float lo, float hi, float *out, int oh, int ow) {
    const __m256 vb = _mm256_set1_ps(bias), vlo = _mm256_set1_ps(lo), vhi = _mm256_set1_ps(hi);
    alignas(32) float spill[4][8];
    for (int y = 0; y < oh; y += 4) {
        const int rows = std::min(4, oh - y);
        for (int x = 0; x < ow; x += 8) {
            __m256 acc[4] = {vb, vb, vb, vb};
            for (int t = 0; t < K * K; ++t) {
                const __m256 wv = _mm256_broadcast_ss(w + t);
                const float *in = taps[t] + size_t(y) * row_step + x;
                for (int r = 0; r < 4; ++r)  // rows past oh read the slack and are dropped
                    acc[r] = _mm256_fmadd_ps(wv, _mm256_loadu_ps(in + size_t(r) * row_step), acc[r]);
            }
            for (int r = 0; r < rows; ++r) {
                const __m256 v = _mm256_min_ps(_mm256_max_ps(acc[r], vlo), vhi);
                float *o = out + size_t(y + r) * ow + x;
                if (x + 8 <= ow) {
                    _mm256_storeu_ps(o, v);
                } else {
                    _mm256_store_ps(spill[r], v);
                    std::copy(spill[r], spill[r] + (ow - x), o);
                }
            }
        }
    }
}

__attribute__((target("avx2,fma"))) void channel_avx2(const float *src, int ph, int pw, float *scratch, float *odd,
                                                      const float *w, float bias, float lo, float hi,
                                                      const Geometry &g, float *out, int oh, int ow) {
    const float *taps[25];
    const int k = g.k;
    size_t row_step = size_t(pw);
    if (g.stride == 1) {
        for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx) taps[ky * k + kx] = src + ky * pw + kx;
    } else {
        // Even and odd columns apart, as channel_kernel splits them, so that every tap is a run.
        const int ew = (pw + 1) / 2, odw = pw / 2;
        for (int y = 0; y < ph; ++y) {
            const float *r = src + y * pw;
            float *e = scratch + y * ew, *d = odd + y * ew;
            for (int x = 0; x < ew; ++x) e[x] = r[2 * x];
            for (int x = 0; x < odw; ++x) d[x] = r[2 * x + 1];
        }
        for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx) taps[ky * k + kx] = ((kx & 1) ? odd : scratch) + ky * ew + (kx >> 1);
        row_step = size_t(2) * ew;
    }
    if (k == 3) blocked_rows_avx2<3>(taps, row_step, w, bias, lo, hi, out, oh, ow);
    else blocked_rows_avx2<5>(taps, row_step, w, bias, lo, hi, out, oh, ow);
}

void channel_baseline(const float *src, int ph, int pw, float *scratch, float *odd, const float *w, float bias,
                      float lo, float hi, const Geometry &g, float *out, int oh, int ow) {
    channel_kernel(src, ph, pw, scratch, odd, w, bias, lo, hi, g, out, oh, ow);
}

class DepthwiseConvLayer : public hc::LayerWithFallback {
public:
    // 3 x 3: OpenCV's own layer stays ready for the shapes where it is the faster one.
    DepthwiseConvLayer(LayerParams &params, const Geometry &g)
        : LayerWithFallback(params, g.k == 3 ? Ptr<Layer>(cv::dnn::ConvolutionLayer::create(params)) : Ptr<Layer>()), geo_(g) {
        const Mat &wts = params.blobs[0];
        const int channels = wts.size[0];
        weights_ = wts.reshape(1, channels).clone();
        bias_ = params.blobs.size() > 1 ? params.blobs[1].reshape(1, 1).clone() : Mat::zeros(1, channels, CV_32F);
        avx2_ = hc::has_avx2_fma();
    }

    bool getMemoryShapes(const std::vector<MatShape> &inputs, const int, std::vector<MatShape> &outputs,
                         std::vector<MatShape> &internals) const override {
        MatShape out = inputs[0];
        out[2] = (inputs[0][2] + geo_.pad_top + geo_.pad_bottom - geo_.k) / geo_.stride + 1;
        out[3] = (inputs[0][3] + geo_.pad_left + geo_.pad_right - geo_.k) / geo_.stride + 1;
        outputs.assign(1, out);
        builtinInternals(inputs, internals);
        return false;
    }

    bool wantsBuiltin(const std::vector<Mat> &inputs, const std::vector<Mat> &) const override {
        // Interleaved per-layer timings: OpenCV's 3 x 3 layer wins on planes 32 pixels wide or
        // more (stride 1 or 2), this one on the smaller planes.
        return inputs[0].size[3] >= 32;
    }

    void run(const std::vector<Mat> &inputs, std::vector<Mat> &outputs) override {
        const Mat &in = inputs[0];
        Mat &out = outputs[0];
        const int n = in.size[0], c = in.size[1], h = in.size[2], w = in.size[3];
        const int oh = out.size[2], ow = out.size[3];
        const Geometry g = geo_;
        const int ph = h + g.pad_top + g.pad_bottom, pw = w + g.pad_left + g.pad_right;
        const float *src = in.ptr<float>();
        float *dst = out.ptr<float>();
        const float lo = lo_, hi = hi_;
        const bool avx2 = avx2_;
        cv::parallel_for_(cv::Range(0, n * c), [&](const cv::Range &range) {
            // kSlackRows zero rows past each plane: the blocks of 4 output rows read up to 3 rows
            // (6 input rows at stride 2) past the last, into lanes they drop.
            std::vector<float> padded(size_t(ph + kSlackRows) * pw + 8, 0.0f),
                scratch(size_t(ph + kSlackRows) * pw + 8), odd(size_t(ph + kSlackRows) * ((pw + 1) / 2) + 8);
            for (int nc = range.start; nc < range.end; ++nc) {
                const int ch = nc % c;
                const float *plane = src + size_t(nc) * h * w;
                for (int y = 0; y < h; ++y)  // the border stays zero from the allocation
                    std::copy(plane + size_t(y) * w, plane + size_t(y + 1) * w,
                              padded.data() + size_t(y + g.pad_top) * pw + g.pad_left);
                const float *wk = weights_.ptr<float>(ch);
                const float b = bias_.ptr<float>()[ch];
                float *o = dst + size_t(nc) * oh * ow;
                if (avx2) channel_avx2(padded.data(), ph, pw, scratch.data(), odd.data(), wk, b, lo, hi, g, o, oh, ow);
                else channel_baseline(padded.data(), ph, pw, scratch.data(), odd.data(), wk, b, lo, hi, g, o, oh, ow);
            }
        }, std::max(1.0, n * c / 16.0));
    }

private:
    Geometry geo_;
    Mat weights_, bias_;
    bool avx2_ = false;
};

// An "x" or "x, y" parameter of OpenCV's ONNX importer (kernel_size, stride, dilation).
bool int_pair(const LayerParams &p, const char *key, int fallback, int &a, int &b) {
    if (!p.has(key)) {
        a = b = fallback;
        return true;
    }
    const cv::dnn::DictValue &v = p.get(key);
    if (v.size() == 1) {
        a = b = v.get<int>(0);
        return true;
    }
    if (v.size() == 2) {
        a = v.get<int>(0);
        b = v.get<int>(1);
        return true;
    }
    return false;
}

// The padding of conv_common.hpp's reader, in the geometry's fields.
bool read_pads(const LayerParams &p, Geometry &g) {
    hc::Pads pads;
    if (!hc::read_pads(p, pads)) return false;
    g.pad_top = pads.top;
    g.pad_left = pads.left;
    g.pad_bottom = pads.bottom;
    g.pad_right = pads.right;
    return true;
}

}  // namespace

namespace hc {

Ptr<Layer> make_depthwise_convolution(LayerParams &params) {
    const int group = params.get<int>("group", 1);
    int kh = 0, kw = 0, sh = 1, sw = 1, dh = 1, dw = 1;
    Geometry g{};
    const bool depthwise = params.blobs.size() >= 1 && params.blobs[0].dims == 4 &&
                           params.blobs[0].type() == CV_32F && group > 1 && params.blobs[0].size[0] == group &&
                           params.blobs[0].size[1] == 1 && params.get<int>("num_output", group) == group &&
                           !params.has("pad_mode") && int_pair(params, "kernel_size", 0, kh, kw) && kh == kw &&
                           (kh == 3 || kh == 5) && int_pair(params, "stride", 1, sh, sw) && sh == sw &&
                           (sh == 1 || sh == 2) && int_pair(params, "dilation", 1, dh, dw) && dh == 1 && dw == 1;
    if (!depthwise) return Ptr<Layer>();
    g.k = kh;
    g.stride = sh;
    if (!read_pads(params, g)) return Ptr<Layer>();
    return Ptr<Layer>(new DepthwiseConvLayer(params, g));
}

}  // namespace hc
