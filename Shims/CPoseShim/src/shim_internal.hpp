// Internal helpers shared by the shim's C++ files. Never included by Swift.
#pragma once

#include "CPoseShim.h"

#include <opencv2/core.hpp>

#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <string>
#include <vector>

namespace hc {

// Copy a message into a fixed C buffer, always NUL-terminated.
inline void copy_text(char *dst, size_t cap, const std::string &text) {
    if (dst == nullptr || cap == 0) return;
    std::snprintf(dst, cap, "%s", text.c_str());
}

inline hc_status fail(hc_error *error, hc_status status, const std::string &text) {
    if (error != nullptr) copy_text(error->message, sizeof(error->message), text);
    return status;
}

// A non-owning cv::Mat header over caller pixels (BGR).
inline bool as_mat(const hc_image &image, cv::Mat &out) {
    if (image.data == nullptr || image.width <= 0 || image.height <= 0 ||
        image.stride < image.width * 3)
        return false;
    out = cv::Mat(image.height, image.width, CV_8UC3, image.data, static_cast<size_t>(image.stride));
    return true;
}

// Run `body` (returning hc_status) and turn any C++ exception into a status and message.
// Every exported entry point goes through this, so no exception crosses the C header.
template <typename Body>
hc_status guarded(std::string &error_text, Body &&body) {
    try {
        error_text.clear();
        return body();
    } catch (const cv::Exception &e) {
        error_text = std::string("OpenCV: ") + e.what();
        return HC_ERR_INTERNAL;
    } catch (const std::exception &e) {
        error_text = e.what();
        return HC_ERR_INTERNAL;
    } catch (...) {
        error_text = "unknown C++ exception";
        return HC_ERR_INTERNAL;
    }
}

template <typename Body>
hc_status guarded(hc_error *error, Body &&body) {
    std::string text;
    hc_status status = guarded(text, std::forward<Body>(body));
    if (!text.empty()) fail(error, status, text);
    return status;
}

// Make sure OpenCV's and FFmpeg's own logging is configured before first use.
void ensure_logging_configured();

// Puts the shim's faster layers in place of OpenCV DNN's (shim_layers.cpp; process-wide,
// idempotent). Call before reading a network.
void register_shim_layers();
// Runs `body` with OpenCV's own layers in force instead of the shim's on this thread (networks
// read and first run inside get OpenCV's layers), for checking the shim's kernels against them.
void with_stock_layers(const std::function<void()> &body);

// What an MP4/MOV file's first video track declares (container_boxes.cpp). Codes are ISO/IEC
// 23091-2: matrix 1 = BT.709, 5/6 = BT.601, 9 = BT.2020; transfer 18 = HLG, 16 = PQ; -1 = none.
struct container_facts {
    bool video_track = false;
    int primaries = -1, transfer = -1, matrix_coefficients = -1;
    // The display matrix (track times movie) when it is a right-angle turn and/or mirroring:
    // shown = decoded, transposed first when `transpose`, then mirrored left-right / top-bottom.
    bool has_orientation = false;
    bool transpose = false, mirror_x = false, mirror_y = false;
    bool mirrored = false;  // a reflection (determinant -1): front cameras
    int rotation_deg = 0;   // 0, 90, 180, 270 counter-clockwise, after a left-right mirror if mirrored
};
// Parses the body of a 'moov' box (untrusted bytes: bounds-checked, fuzzed).
container_facts parse_moov(const unsigned char *data, size_t size);
// The 'moov' box body of an MP4/MOV file, or empty (not one, truncated, or over 256 MiB).
std::vector<unsigned char> read_moov(const std::string &path);
// read_moov + parse_moov; all unknown for other containers.
container_facts read_container_facts(const std::string &path);
// Re-maps BGR that FFmpeg decoded with the BT.601 matrix to what the BT.709 matrix gives, in place.
void bt601_to_bt709(cv::Mat &bgr);

// True for the HDR transfers hdr_to_sdr handles: 16 = PQ (SMPTE ST 2084), 18 = HLG (ARIB STD-B67).
bool hdr_transfer(int transfer);
// Turns BT.2020 HLG/PQ frames that FFmpeg decoded with the BT.601 matrix into SDR BT.709, in
// place (hdr_to_sdr.cpp). Other transfers are left alone.
void hdr_to_sdr(cv::Mat &bgr, int transfer);

// cv::setNumThreads, serialised and skipped when the count is already in force (library.cpp).
void set_num_threads(int threads);

}  // namespace hc
