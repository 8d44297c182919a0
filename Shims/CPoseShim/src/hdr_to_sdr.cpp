// HDR video (BT.2020 primaries, HLG or PQ transfer: what iPhones record by default) shown as SDR.
//
// OpenCV 4.6 decodes every video with swscale's BT.601 matrix into 8-bit BGR and knows nothing of
// the transfer: an HLG clip came out flat and grey (mean luma 120 and contrast 21.6 grey levels
// where the SDR original has 181 and 32.8; colours at half their saturation). Here those frames
// are turned into what a player shows on an SDR screen, following ITU-R BT.2408 (SDR reference
// white at 203 nits):
//   1. undo the BT.601 matrix and apply the BT.2020 one (linear in the 8-bit values, like
//      bt601_to_bt709): non-linear BT.2020 R'G'B';
//   2. to display light: HLG inverse OETF then the BT.2100 OOTF for a 1000-nit display
//      (gamma 1.2 on luminance), or the PQ EOTF;
//   3. divide by 203 nits, BT.2020 to BT.709 primaries (BT.2087 matrix);
//   4. clip to [0, 1] (highlights above reference white clip: no tone curve, the pose networks
//      need the body's mid-tones, not the sky), and encode for an SDR screen (BT.1886, gamma 2.4).
// On an HLG clip made from the SDR sample this lands within a mean 1.9 grey levels (99th
// percentile 7) of ffmpeg's `zscale=t=bt709:m=bt709:p=bt709:npl=203`; mean luma 182 and contrast
// 32.5 against its 181 and 32.6; colours keep about 80 % of its saturation (the BT.601 decode
// clips first). Tests/PoseCaptureTests/VideoFormatTests.swift measures it. Per pixel: two 3 x 3 products and
// three table look-ups; rows run in parallel.
#include "shim_internal.hpp"

#include <opencv2/core.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace {

constexpr double kReferenceWhiteNits = 203.0;  // ITU-R BT.2408: SDR white in an HDR signal
constexpr double kHLGPeakNits = 1000.0;        // BT.2100 reference display for HLG
constexpr int kInSteps = 1024;                 // table resolution over non-linear [0, 1]
constexpr int kOutSteps = 4096;                // table resolution over linear [0, 1]

double hlg_inverse_oetf(double e) {
    const double a = 0.17883277, b = 1 - 4 * a, c = 0.5 - a * std::log(4 * a);
    return e <= 0.5 ? e * e / 3 : (std::exp((e - c) / a) + b) / 12;
}

double pq_eotf_nits(double e) {
    const double m1 = 2610.0 / 16384, m2 = 2523.0 / 4096 * 128, c1 = 3424.0 / 4096, c2 = 2413.0 / 4096 * 32,
                 c3 = 2392.0 / 4096 * 32;
    const double p = std::pow(std::max(e, 0.0), 1 / m2);
    return 10000 * std::pow(std::max(p - c1, 0.0) / (c2 - c3 * p), 1 / m1);
}

// Display light to the code value an SDR screen shows as that light: the inverse of the BT.1886
// EOTF (gamma 2.4, black at 0). The BT.709 camera OETF instead left frames 11 grey levels darker
// and more contrasty than ffmpeg's zscale conversion (mean 170 vs 181).
double bt1886_inverse_eotf(double l) { return std::pow(l, 1 / 2.4); }

struct tables {
    cv::Matx33f to_2020;                       // BGR(BT.601 decode) -> R'G'B' BT.2020, in [0, 1]
    cv::Matx33f to_709;                        // linear RGB BT.2020 -> linear RGB BT.709
    std::array<float, kInSteps + 1> linear;    // non-linear -> HLG scene light or PQ nits / 203
    std::array<float, kOutSteps + 1> encode;   // linear [0, 1] -> BT.709 code value [0, 255]
};

tables make_tables(bool hlg) {
    tables t;
    auto a = [](double kr, double kb) {  // BGR from (Y', Cb, Cr), as in color_matrix.cpp
        const double kg = 1 - kr - kb;
        return cv::Matx33d(1, 2 * (1 - kb), 0, 1, -2 * kb * (1 - kb) / kg, -2 * kr * (1 - kr) / kg, 1, 0, 2 * (1 - kr));
    };
    // Rows of the BGR result reversed to RGB, and scaled from 0..255 to 0..1.
    const cv::Matx33d bgr_2020 = a(0.2627, 0.0593) * a(0.299, 0.114).inv();
    const cv::Matx33d flip(0, 0, 1, 0, 1, 0, 1, 0, 0);
    t.to_2020 = cv::Matx33f(flip * bgr_2020 * (1.0 / 255));
    t.to_709 = cv::Matx33f(1.6605, -0.5876, -0.0728, -0.1246, 1.1329, -0.0083, -0.0182, -0.1006, 1.1187);
    for (int i = 0; i <= kInSteps; ++i) {
        const double e = static_cast<double>(i) / kInSteps;
        t.linear[static_cast<size_t>(i)] =
            static_cast<float>(hlg ? hlg_inverse_oetf(e) : pq_eotf_nits(e) / kReferenceWhiteNits);
    }
    for (int i = 0; i <= kOutSteps; ++i)
        t.encode[static_cast<size_t>(i)] = static_cast<float>(255 * bt1886_inverse_eotf(static_cast<double>(i) / kOutSteps));
    return t;
}

float lookup_in(const tables &t, float v) {
    const float x = std::min(std::max(v, 0.0f), 1.0f) * kInSteps;
    return t.linear[static_cast<size_t>(x + 0.5f)];
}

uint8_t lookup_out(const tables &t, float v) {
    const float x = std::min(std::max(v, 0.0f), 1.0f) * kOutSteps;
    return static_cast<uint8_t>(t.encode[static_cast<size_t>(x + 0.5f)] + 0.5f);
}

}  // namespace

namespace hc {

bool hdr_transfer(int transfer) { return transfer == 16 || transfer == 18; }

void hdr_to_sdr(cv::Mat &bgr, int transfer) {
    if (bgr.empty() || bgr.type() != CV_8UC3 || !hdr_transfer(transfer)) return;
    static const tables hlg_tables = make_tables(true);
    static const tables pq_tables = make_tables(false);
    const bool hlg = transfer == 18;
    const tables &t = hlg ? hlg_tables : pq_tables;
    // HLG's OOTF: display light = Lw * Ys^(gamma - 1) * scene light, gamma = 1.2 at 1000 nits.
    const float hlg_scale = static_cast<float>(kHLGPeakNits / kReferenceWhiteNits);
    cv::parallel_for_(cv::Range(0, bgr.rows), [&](const cv::Range &rows) {
        for (int y = rows.start; y < rows.end; ++y) {
            uint8_t *p = bgr.ptr<uint8_t>(y);
            for (int x = 0; x < bgr.cols; ++x, p += 3) {
                const cv::Vec3f in(p[0], p[1], p[2]);
                const cv::Vec3f code = t.to_2020 * in;  // R'G'B'
                cv::Vec3f light(lookup_in(t, code[0]), lookup_in(t, code[1]), lookup_in(t, code[2]));
                if (hlg) {
                    const float ys = 0.2627f * light[0] + 0.6780f * light[1] + 0.0593f * light[2];
                    light *= hlg_scale * (ys > 0 ? std::pow(ys, 0.2f) : 0.0f);
                }
                const cv::Vec3f rgb = t.to_709 * light;
                p[0] = lookup_out(t, rgb[2]);
                p[1] = lookup_out(t, rgb[1]);
                p[2] = lookup_out(t, rgb[0]);
            }
        }
    });
}

}  // namespace hc
