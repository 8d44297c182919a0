// BT.709 video decoded with the BT.709 matrix.
//
// Debian's OpenCV 4.6 converts every video's YUV to BGR with swscale's default BT.601 matrix,
// whatever the stream's colour tag. Phone and camera video in HD is tagged BT.709, and MediaPipe's
// own OpenCV honours the tag: on real BT.709 clips Debian's frames equal `ffmpeg -vf
// scale=in_color_matrix=bt601` exactly and MediaPipe's equal `in_color_matrix=bt709` exactly
// (differences up to 16 grey levels; enough to move BlazePose's tracked landmarks by several
// pixels, docs/measurements.md). The fix: read the matrix from the container's 'colr' box
// (container_boxes.cpp) and, for BT.709, map the BT.601-decoded BGR to BT.709 with one 3 x 3 transform per pixel.
//
// The map is linear: both decodes are BGR = A(K) R (yuv - offset) with the same range scaling R,
// so BGR709 = A709 A601^-1 BGR601. On the clips checked it leaves a mean 0.04 (max 4) grey-level
// difference from a true BT.709 decode (rounding and clipping of the first conversion).
#include "shim_internal.hpp"

#include <opencv2/core.hpp>


namespace hc {

void bt601_to_bt709(cv::Mat &bgr) {
    // A(Kr, Kb): BGR from (Y', Cb, Cr), rows B, G, R (Rec. ITU-R BT.601 / BT.709 luma weights).
    static const cv::Matx33f map = [] {
        auto a = [](double kr, double kb) {
            const double kg = 1 - kr - kb;
            return cv::Matx33d(1, 2 * (1 - kb), 0,
                               1, -2 * kb * (1 - kb) / kg, -2 * kr * (1 - kr) / kg,
                               1, 0, 2 * (1 - kr));
        };
        const cv::Matx33d m = a(0.2126, 0.0722) * a(0.299, 0.114).inv();
        return cv::Matx33f(m);
    }();
    if (bgr.empty() || bgr.type() != CV_8UC3) return;
    cv::transform(bgr, bgr, map);
}

}  // namespace hc
