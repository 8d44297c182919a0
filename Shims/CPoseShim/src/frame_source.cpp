// Frame sources: video files (FFmpeg backend), cameras (V4L2), folders of images.
#include "shim_internal.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <vector>

namespace fs = std::filesystem;

struct hc_source {
    std::string error;
    hc_source_info info{};
    bool opened = false;
    cv::VideoCapture capture;
    std::vector<std::string> images;  // image-folder mode
    cv::Mat frame;                    // reused decode buffer; hc_frame points into it
    cv::Mat pending;                  // first frame decoded at open time (validates the file)
    bool has_pending = false;
    double pending_ts = 0;
    int64_t next_index = 0;
    double last_ts = -1;
    double last_step = 0;             // the last interval between two container timestamps, s
    bool last_real = false;           // whether last_ts was the container's timestamp
    int64_t pending_skipped = 0;      // undecodable frames skipped before the pending frame
    struct {
        bool transpose = false, mirror_x = false, mirror_y = false;
    } orientation;                    // how decoded frames are turned upright (`upright`)
    std::chrono::steady_clock::time_point camera_t0;
};

namespace {

hc_status set_error(hc_source *s, hc_status status, const std::string &text) {
    s->error = text;
    return status;
}

std::string fourcc_text(double value) {
    auto code = static_cast<uint32_t>(value);
    std::string out;
    for (int i = 0; i < 4; ++i) {
        char c = static_cast<char>((code >> (8 * i)) & 0xFF);
        if (std::isprint(static_cast<unsigned char>(c)) && c != ' ') out.push_back(c);
    }
    return out;
}

bool is_image_name(const fs::path &p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    static const char *known[] = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"};
    for (auto k : known)
        if (ext == k) return true;
    return false;
}

// Timestamp of the frame just decoded: the container's presentation time when it is sane.
// - No timestamp (OpenCV 4.6 reports 0 for the frames flushed from the decoder at the end of a
//   file with B-frames, the last 1-2): the previous frame's time plus the last interval between
//   two real timestamps (1 / fps at the start). Exact for constant-rate files and for the last
//   segment of a variable-rate one, where 1 / (average fps) was not.
// - Going backwards (a damaged file whose decoder emits a frame out of order; ffmpeg shows the
//   same order): half an interval after the previous frame, so times stay increasing and the
//   next real timestamp is still ahead (a full interval made every later frame fall back too).
// Never index / fps: skipped frames leave indices behind the stream's time.
double file_timestamp(hc_source *s, int64_t index) {
    const double ms = s->capture.get(cv::CAP_PROP_POS_MSEC);
    const double t = ms / 1000.0;
    const bool stamped = std::isfinite(ms) && ms >= 0;
    if (index == 0 || s->last_ts < 0) {
        s->last_real = stamped;
        return stamped ? t : 0.0;
    }
    const double step = s->last_step > 0 ? s->last_step : (s->info.fps > 0 ? 1.0 / s->info.fps : 0.0);
    if (!stamped || ms == 0) {
        s->last_real = false;
        return s->last_ts + step;
    }
    if (t <= s->last_ts) {
        s->last_real = false;
        return s->last_ts + step / 2;
    }
    if (s->last_real) s->last_step = t - s->last_ts;
    s->last_real = true;
    return t;
}

// Decodes the next frame of a video file, skipping frames FFmpeg cannot decode. OpenCV 4.6's
// grab gives up on the first packet the decoder refuses, so 5 flipped bytes mid-file ended the
// video there (43 of 90 frames kept in the file, 35 in the test's; ffmpeg decodes 89).
// The demuxer has moved past that packet, so grabbing again resumes with the next one; at the
// real end every retry fails at once. `skipped` is the larger of the failed grabs and the gap
// the container's timestamps show (one refused packet can take a reordered neighbour with it);
// the gap is only looked at after a failure, since variable-frame-rate files have long
// intervals of their own.
bool read_file_frame(hc_source *s, cv::Mat &frame, int64_t index, double &ts, int64_t &skipped) {
    int64_t failures = 0;
    while (!s->capture.read(frame) || frame.empty()) {
        if (++failures >= HC_MAX_UNDECODABLE_RUN) return false;
    }
    ts = file_timestamp(s, index);
    skipped = failures;
    if (failures > 0 && s->info.fps > 0 && s->last_ts >= 0) {
        double missing = (ts - s->last_ts) * s->info.fps - 1.0;
        // Clamped before rounding: a timestamp jump of hours in a damaged file is not a count of
        // frames (64: the packets OpenCV's grab may consume per failure).
        if (std::isfinite(missing) && missing > static_cast<double>(failures))
            skipped = std::llround(std::min(missing, static_cast<double>(failures * 64 + 64)));
    }
    return true;
}

// Turns a decoded frame the way FFmpeg (and every player) shows it: the container's display
// matrix as a transpose and two mirrorings (`orientation`). OpenCV 4.6's own automatic rotation
// turns 90 and 270 the wrong way (a portrait phone clip came out upside down) and knows no
// mirroring (front cameras), so it is switched off at open and this is applied instead. Checked
// pixel for pixel against ffmpeg's decode for every right-angle turn, mirrored and not
// (Tests/PoseCaptureTests/FrameSourceTests.swift, DisplayMatrixTests.swift).
void upright(hc_source *s, cv::Mat &frame) {
    const auto &o = s->orientation;
    if (!o.transpose && !o.mirror_x && !o.mirror_y) return;
    cv::Mat turned;
    if (o.transpose) cv::transpose(frame, turned);
    else turned = frame.clone();
    if (o.mirror_x || o.mirror_y) cv::flip(turned, turned, o.mirror_x && o.mirror_y ? -1 : (o.mirror_x ? 1 : 0));
    frame = turned;
}

// Gives a decoded frame its own colours: BT.709 video re-mapped from OpenCV's BT.601 decode,
// HDR (BT.2020 HLG/PQ) converted to SDR BT.709.
void colours(hc_source *s, cv::Mat &frame) {
    if (s->info.hdr_converted) hc::hdr_to_sdr(frame, s->info.color_transfer);
    else if (s->info.color_corrected) hc::bt601_to_bt709(frame);
}

// The orientation of a plain rotation angle (CAP_PROP_ORIENTATION_META: degrees counter-
// clockwise, FFmpeg's convention): 90 is a transpose then a top-bottom mirror.
void orientation_from_rotation(hc_source *s, int rot) {
    auto &o = s->orientation;
    o = {};
    if (rot == 90) { o.transpose = true; o.mirror_y = true; }
    if (rot == 180) { o.mirror_x = true; o.mirror_y = true; }
    if (rot == 270) { o.transpose = true; o.mirror_x = true; }
}

hc_status fill_file_info(hc_source *s) {
    auto &c = s->capture;
    // HingeCheck turns the frames itself (`upright`).
    c.set(cv::CAP_PROP_ORIENTATION_AUTO, 0);
    s->info.kind = HC_SOURCE_FILE;
    s->info.fps = c.get(cv::CAP_PROP_FPS);
    if (!std::isfinite(s->info.fps) || s->info.fps < 0) s->info.fps = 0;
    double count = c.get(cv::CAP_PROP_FRAME_COUNT);
    s->info.frame_count = (std::isfinite(count) && count > 0) ? static_cast<int64_t>(count) : -1;
    s->info.duration_s = (s->info.frame_count > 0 && s->info.fps > 0)
                             ? static_cast<double>(s->info.frame_count) / s->info.fps
                             : -1;
    double meta = c.get(cv::CAP_PROP_ORIENTATION_META);
    int rot = std::isfinite(meta) ? static_cast<int>(std::lround(meta)) : 0;
    rot = ((rot % 360) + 360) % 360;
    s->info.rotation_deg = rot;
    // Applied by `upright` for the four right angles; any other angle is left as decoded.
    s->info.rotation_applied = (rot == 0 || rot == 90 || rot == 180 || rot == 270) ? 1 : 0;
    orientation_from_rotation(s, rot);
    hc::copy_text(s->info.codec, sizeof(s->info.codec), fourcc_text(c.get(cv::CAP_PROP_FOURCC)));
    hc::copy_text(s->info.backend, sizeof(s->info.backend), c.getBackendName());
    return HC_OK;
}

}  // namespace

extern "C" hc_status hc_source_new(hc_source **out) {
    if (out == nullptr) return HC_ERR_ARGUMENT;
    try {
        hc::ensure_logging_configured();
        *out = new hc_source();
        (*out)->info.color_matrix = -1;  // unknown until a file says otherwise
        (*out)->info.color_transfer = -1;
        (*out)->info.color_primaries = -1;
        return HC_OK;
    } catch (...) {
        *out = nullptr;
        return HC_ERR_INTERNAL;
    }
}

extern "C" void hc_source_free(hc_source *source) {
    try {
        delete source;
    } catch (...) {
    }
}

extern "C" const char *hc_source_error(const hc_source *source) {
    return source ? source->error.c_str() : "null source";
}

extern "C" hc_status hc_source_open_file(hc_source *s, const char *path) {
    if (s == nullptr || path == nullptr) return HC_ERR_ARGUMENT;
    return hc::guarded(s->error, [&]() -> hc_status {
        if (s->opened) return set_error(s, HC_ERR_STATE, "source is already open");
        std::error_code ec;
        fs::path p(path);
        if (!fs::exists(p, ec)) return set_error(s, HC_ERR_NOT_FOUND, "no such file");
        if (fs::is_directory(p, ec))
            return set_error(s, HC_ERR_OPEN, "is a directory, expected a video file");
        if (fs::file_size(p, ec) == 0) return set_error(s, HC_ERR_OPEN, "file is empty (0 bytes)");
        if (!s->capture.open(path, cv::CAP_FFMPEG) || !s->capture.isOpened())
            return set_error(s, HC_ERR_OPEN,
                             "FFmpeg cannot open it as a video (not a video, or damaged/truncated)");
        fill_file_info(s);
        const hc::container_facts container = hc::read_container_facts(path);
        s->info.color_matrix = container.matrix_coefficients;
        s->info.color_transfer = container.transfer;
        s->info.color_primaries = container.primaries;
        s->info.color_corrected = s->info.color_matrix == 1 ? 1 : 0;
        // BT.2020 with an HDR transfer: OpenCV's decode alone looks flat and grey (hdr_to_sdr.cpp).
        s->info.hdr_converted = (hc::hdr_transfer(container.transfer) &&
                                 (container.primaries == 9 || container.matrix_coefficients == 9)) ? 1 : 0;
        // The whole display matrix, mirroring included, where the container has one (MP4/MOV);
        // OpenCV's rotation angle otherwise (and for matrices that are no right-angle move).
        if (container.has_orientation) {
            s->orientation.transpose = container.transpose;
            s->orientation.mirror_x = container.mirror_x;
            s->orientation.mirror_y = container.mirror_y;
            s->info.rotation_applied = 1;
            // From the matrix, not OpenCV: OpenCV calls a plain left-right mirror "180".
            s->info.rotation_deg = container.rotation_deg;
            s->info.mirrored = container.mirrored ? 1 : 0;
        }
        // Decode the first frame now: a container can open while holding no decodable frame.
        if (!read_file_frame(s, s->pending, 0, s->pending_ts, s->pending_skipped)) {
            s->capture.release();
            return set_error(s, HC_ERR_OPEN, "holds no decodable video frame (damaged or truncated)");
        }
        colours(s, s->pending);
        upright(s, s->pending);
        s->has_pending = true;
        s->info.width = s->pending.cols;
        s->info.height = s->pending.rows;
        s->opened = true;
        return HC_OK;
    });
}

extern "C" hc_status hc_source_open_camera(hc_source *s, int32_t index, const char *device_path,
                                           int32_t width, int32_t height, double fps) {
    if (s == nullptr) return HC_ERR_ARGUMENT;
    return hc::guarded(s->error, [&]() -> hc_status {
        if (s->opened) return set_error(s, HC_ERR_STATE, "source is already open");
        std::string device = device_path ? std::string(device_path)
                                         : "/dev/video" + std::to_string(index);
        std::error_code ec;
        if (!fs::exists(device, ec))
            return set_error(s, HC_ERR_NOT_FOUND, "no camera at " + device);
        bool ok = device_path ? s->capture.open(device, cv::CAP_V4L2)
                              : s->capture.open(index, cv::CAP_V4L2);
        if (!ok || !s->capture.isOpened())
            return set_error(s, HC_ERR_OPEN, "cannot open camera " + device +
                                                 " (busy, or no permission: add yourself to group 'video')");
        if (width > 0) s->capture.set(cv::CAP_PROP_FRAME_WIDTH, width);
        if (height > 0) s->capture.set(cv::CAP_PROP_FRAME_HEIGHT, height);
        if (fps > 0) s->capture.set(cv::CAP_PROP_FPS, fps);
        if (!s->capture.read(s->pending) || s->pending.empty()) {
            s->capture.release();
            return set_error(s, HC_ERR_OPEN, "camera " + device + " opened but delivered no frame");
        }
        s->camera_t0 = std::chrono::steady_clock::now();
        s->has_pending = true;
        s->pending_ts = 0;
        s->info.kind = HC_SOURCE_CAMERA;
        s->info.width = s->pending.cols;
        s->info.height = s->pending.rows;
        s->info.fps = s->capture.get(cv::CAP_PROP_FPS);
        s->info.frame_count = -1;
        s->info.duration_s = -1;
        hc::copy_text(s->info.codec, sizeof(s->info.codec), fourcc_text(s->capture.get(cv::CAP_PROP_FOURCC)));
        hc::copy_text(s->info.backend, sizeof(s->info.backend), s->capture.getBackendName());
        s->opened = true;
        return HC_OK;
    });
}

extern "C" hc_status hc_source_open_image_folder(hc_source *s, const char *path, double fps) {
    if (s == nullptr || path == nullptr) return HC_ERR_ARGUMENT;
    return hc::guarded(s->error, [&]() -> hc_status {
        if (s->opened) return set_error(s, HC_ERR_STATE, "source is already open");
        std::error_code ec;
        fs::path dir(path);
        if (!fs::exists(dir, ec)) return set_error(s, HC_ERR_NOT_FOUND, "no such folder");
        if (!fs::is_directory(dir, ec)) return set_error(s, HC_ERR_OPEN, "is not a folder");
        for (const auto &entry : fs::directory_iterator(dir, ec))
            if (entry.is_regular_file() && is_image_name(entry.path()))
                s->images.push_back(entry.path().string());
        if (ec) return set_error(s, HC_ERR_OPEN, "cannot list folder: " + ec.message());
        if (s->images.empty())
            return set_error(s, HC_ERR_OPEN,
                             "folder holds no images (.jpg .jpeg .png .bmp .tif .tiff .webp)");
        std::sort(s->images.begin(), s->images.end());
        s->pending = cv::imread(s->images.front(), cv::IMREAD_COLOR);
        if (s->pending.empty())
            return set_error(s, HC_ERR_DECODE, "cannot decode image " + s->images.front());
        s->has_pending = true;
        s->info.kind = HC_SOURCE_IMAGE_FOLDER;
        s->info.fps = fps > 0 ? fps : 30.0;
        s->info.width = s->pending.cols;
        s->info.height = s->pending.rows;
        s->info.frame_count = static_cast<int64_t>(s->images.size());
        s->info.duration_s = static_cast<double>(s->images.size()) / s->info.fps;
        hc::copy_text(s->info.backend, sizeof(s->info.backend), "images");
        s->opened = true;
        return HC_OK;
    });
}

extern "C" hc_status hc_source_get_info(const hc_source *s, hc_source_info *out) {
    if (s == nullptr || out == nullptr) return HC_ERR_ARGUMENT;
    if (!s->opened) return HC_ERR_STATE;
    *out = s->info;
    return HC_OK;
}

extern "C" hc_status hc_source_read(hc_source *s, hc_frame *out) {
    if (s == nullptr || out == nullptr) return HC_ERR_ARGUMENT;
    return hc::guarded(s->error, [&]() -> hc_status {
        if (!s->opened) return set_error(s, HC_ERR_STATE, "source is not open");
        int64_t index = s->next_index;
        double ts = 0;
        int64_t skipped = 0;
        if (s->has_pending) {
            // Swap, not copy: the first frame's buffer becomes the reused buffer.
            cv::swap(s->frame, s->pending);
            s->has_pending = false;
            ts = s->pending_ts;
            skipped = s->pending_skipped;
        } else if (s->info.kind == HC_SOURCE_IMAGE_FOLDER) {
            if (index >= static_cast<int64_t>(s->images.size())) return HC_END_OF_STREAM;
            const std::string &name = s->images[static_cast<size_t>(index)];
            cv::Mat img = cv::imread(name, cv::IMREAD_COLOR);
            if (img.empty()) return set_error(s, HC_ERR_DECODE, "cannot decode image " + name);
            if (img.cols != s->info.width || img.rows != s->info.height)
                return set_error(s, HC_ERR_DECODE,
                                 "image " + name + " is " + std::to_string(img.cols) + "x" +
                                     std::to_string(img.rows) + ", the folder's first image is " +
                                     std::to_string(s->info.width) + "x" + std::to_string(s->info.height));
            s->frame = img;
            ts = static_cast<double>(index) / s->info.fps;
        } else if (s->info.kind == HC_SOURCE_CAMERA) {
            // No retries: a camera that stops delivering has gone away.
            if (!s->capture.read(s->frame) || s->frame.empty()) return HC_END_OF_STREAM;
            ts = std::chrono::duration<double>(std::chrono::steady_clock::now() - s->camera_t0).count();
        } else {
            if (!read_file_frame(s, s->frame, index, ts, skipped)) return HC_END_OF_STREAM;
            colours(s, s->frame);
            upright(s, s->frame);
        }
        if (!s->frame.isContinuous() && s->frame.type() != CV_8UC3)
            return set_error(s, HC_ERR_DECODE, "unexpected pixel format");
        s->last_ts = ts;
        s->next_index = index + 1;
        out->data = s->frame.data;
        out->width = s->frame.cols;
        out->height = s->frame.rows;
        out->stride = static_cast<int32_t>(s->frame.step[0]);
        out->index = index;
        out->timestamp_s = ts;
        out->skipped_before = skipped;
        return HC_OK;
    });
}
