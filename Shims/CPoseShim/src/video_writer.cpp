// Video writer over OpenCV's FFmpeg backend: H.264 .mp4 with a fallback to mp4v.
#include "shim_internal.hpp"

#include <opencv2/videoio.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <vector>

struct hc_writer {
    std::string error;
    cv::VideoWriter writer;
    int width = 0;
    int height = 0;
    bool opened = false;
};

namespace {
hc_status set_error(hc_writer *w, hc_status status, const std::string &text) {
    w->error = text;
    return status;
}

std::vector<std::string> candidates_for(const std::string &path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".avi") return {"MJPG"};
    if (ext == ".webm") return {"VP90", "VP80"};
    if (ext == ".mkv") return {"avc1", "mp4v", "MJPG"};
    return {"avc1", "mp4v"};  // .mp4, .mov and anything else
}
}  // namespace

extern "C" hc_status hc_writer_new(hc_writer **out) {
    if (out == nullptr) return HC_ERR_ARGUMENT;
    try {
        hc::ensure_logging_configured();
        *out = new hc_writer();
        return HC_OK;
    } catch (...) {
        *out = nullptr;
        return HC_ERR_INTERNAL;
    }
}

extern "C" void hc_writer_free(hc_writer *w) {
    try {
        if (w && w->opened) w->writer.release();
        delete w;
    } catch (...) {
    }
}

extern "C" const char *hc_writer_error(const hc_writer *w) {
    return w ? w->error.c_str() : "null writer";
}

extern "C" hc_status hc_writer_open(hc_writer *w, const char *path, int32_t width, int32_t height,
                                    double fps, const char *fourcc, char *chosen_fourcc) {
    if (w == nullptr || path == nullptr) return HC_ERR_ARGUMENT;
    return hc::guarded(w->error, [&]() -> hc_status {
        if (w->opened) return set_error(w, HC_ERR_STATE, "writer is already open");
        if (width <= 0 || height <= 0 || !(fps > 0))
            return set_error(w, HC_ERR_ARGUMENT, "width, height and fps must be positive");
        std::filesystem::path parent = std::filesystem::path(path).parent_path();
        std::error_code ec;
        if (!parent.empty() && !std::filesystem::is_directory(parent, ec))
            return set_error(w, HC_ERR_NOT_FOUND, "folder " + parent.string() + " does not exist");
        std::vector<std::string> codes;
        if (fourcc && fourcc[0]) codes.push_back(fourcc); else codes = candidates_for(path);
        for (const auto &code : codes) {
            if (code.size() != 4) return set_error(w, HC_ERR_ARGUMENT, "FOURCC must be 4 characters");
            int cc = cv::VideoWriter::fourcc(code[0], code[1], code[2], code[3]);
            if (w->writer.open(path, cv::CAP_FFMPEG, cc, fps, cv::Size(width, height), true) &&
                w->writer.isOpened()) {
                w->width = width;
                w->height = height;
                w->opened = true;
                if (chosen_fourcc) hc::copy_text(chosen_fourcc, 5, code);
                return HC_OK;
            }
        }
        return set_error(w, HC_ERR_OPEN, "no encoder could open it (tried the codecs for its extension;"
                                         " is the folder writable?)");
    });
}

extern "C" hc_status hc_writer_write(hc_writer *w, hc_image frame) {
    if (w == nullptr) return HC_ERR_ARGUMENT;
    return hc::guarded(w->error, [&]() -> hc_status {
        if (!w->opened) return set_error(w, HC_ERR_STATE, "writer is not open");
        cv::Mat mat;
        if (!hc::as_mat(frame, mat)) return set_error(w, HC_ERR_ARGUMENT, "invalid image");
        if (mat.cols != w->width || mat.rows != w->height)
            return set_error(w, HC_ERR_ARGUMENT, "frame size differs from the size given at open");
        w->writer.write(mat);
        return HC_OK;
    });
}

extern "C" hc_status hc_writer_close(hc_writer *w) {
    if (w == nullptr) return HC_ERR_ARGUMENT;
    return hc::guarded(w->error, [&]() -> hc_status {
        if (w->opened) w->writer.release();
        w->opened = false;
        return HC_OK;
    });
}
