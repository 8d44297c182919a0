// BT.709 video decoded with the BT.709 matrix.
//
// Debian's OpenCV 4.6 converts every video's YUV to BGR with swscale's default BT.601 matrix,
// whatever the stream's colour tag. Phone and camera video in HD is tagged BT.709, and MediaPipe's
// own OpenCV honours the tag: on real BT.709 clips Debian's frames equal `ffmpeg -vf
// scale=in_color_matrix=bt601` exactly and MediaPipe's equal `in_color_matrix=bt709` exactly
// (differences up to 16 grey levels; enough to move BlazePose's tracked landmarks by several
// pixels, docs/measurements.md). The fix: read the matrix from the container's 'colr' box and,
// for BT.709, map the BT.601-decoded BGR to BT.709 with one 3 x 3 transform per pixel.
//
// The map is linear: both decodes are BGR = A(K) R (yuv - offset) with the same range scaling R,
// so BGR709 = A709 A601^-1 BGR601. On the clips checked it leaves a mean 0.04 (max 4) grey-level
// difference from a true BT.709 decode (rounding and clipping of the first conversion).
#include "shim_internal.hpp"

#include <opencv2/core.hpp>

#include <array>
#include <cstdint>
#include <fstream>
#include <vector>

namespace {

uint64_t read_be(const unsigned char *p, int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
    return v;
}

// The 'moov' box of an ISO BMFF / QuickTime file, or empty when there is none (not an MP4/MOV,
// or truncated). Walks the top-level boxes with seeks: the media data is never read.
std::vector<unsigned char> read_moov(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    in.seekg(0, std::ios::end);
    const uint64_t size = static_cast<uint64_t>(in.tellg());
    uint64_t pos = 0;
    for (int boxes = 0; pos + 8 <= size && boxes < 1000; ++boxes) {
        unsigned char head[16];
        in.seekg(static_cast<std::streamoff>(pos));
        if (!in.read(reinterpret_cast<char *>(head), 8)) return {};
        uint64_t box = read_be(head, 4), header = 8;
        if (box == 1) {  // 64-bit size follows the type
            if (!in.read(reinterpret_cast<char *>(head + 8), 8)) return {};
            box = read_be(head + 8, 8);
            header = 16;
        } else if (box == 0) {
            box = size - pos;  // runs to the end of the file
        }
        if (box < header || pos + box > size) return {};
        if (std::memcmp(head + 4, "moov", 4) == 0) {
            constexpr uint64_t kMaxMoov = 256ull << 20;  // index of a very long recording
            if (box - header > kMaxMoov) return {};
            std::vector<unsigned char> data(box - header);
            if (!in.read(reinterpret_cast<char *>(data.data()), static_cast<std::streamsize>(data.size()))) return {};
            return data;
        }
        pos += box;
    }
    return {};
}

}  // namespace

namespace hc {

int container_color_matrix(const std::string &path) {
    const std::vector<unsigned char> moov = read_moov(path);
    // 'colr' box body: colour_type ('nclx' in MP4, 'nclc' in QuickTime), colour_primaries,
    // transfer_characteristics, matrix_coefficients (16 bits each, ISO/IEC 23091-2 codes).
    for (size_t i = 0; i + 14 <= moov.size(); ++i) {
        if (std::memcmp(&moov[i], "colr", 4) != 0) continue;
        if (std::memcmp(&moov[i + 4], "nclx", 4) != 0 && std::memcmp(&moov[i + 4], "nclc", 4) != 0) continue;
        return static_cast<int>(read_be(&moov[i + 12], 2));
    }
    return -1;
}

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
