// BlazePose through OpenCV 4.6 DNN (CPU): MediaPipe's pose_landmark_cpu graph re-implemented
// step by step so that the landmarks agree with MediaPipe's own to a fraction of a pixel.
//
// Graph pieces mirrored here (MediaPipe 0.10.14, mediapipe/modules/pose_detection and
// mediapipe/modules/pose_landmark):
//   ImageToTensorCalculator     letterbox / rotated crop: cv::RotatedRect corners mapped onto the
//                               tensor corners, warpPerspective INTER_LINEAR; zero border for the
//                               detector, replicated border for the landmark crop.
//   SsdAnchorsCalculator        5 layers, strides 8,16,32,32,32, offset 0.5, aspect 1 plus the
//                               interpolated scale (2 anchors per layer and cell), fixed size.
//   TensorsToDetections         reverse_output_order, scale 224, score clipping 100, sigmoid.
//   NonMaxSuppression           WEIGHTED, IoU 0.3.
//   AlignmentPointsRects +      centre keypoint 0, size 2 |kp1 - kp0|, rotation aligning
//   RectTransformation          kp0->kp1 to 90 deg, square_long, scale 1.25.
//   TensorsToLandmarks          39 x 5, /256, sigmoid visibility and presence.
//   RefineLandmarksFromHeatmap  9 x 9 window, min_confidence_to_refine 0.5 (see kHeatmapKernel).
//   LandmarkProjection /        rotate back by the ROI rotation.
//   WorldLandmarkProjection
//   PoseLandmarkFiltering (aux) One Euro on the 2 auxiliary points (min_cutoff 0.01, beta 10,
//                               derivate_cutoff 1, value scale 1 / (2 |aux1 - aux0|)); this one is
//                               always on in MediaPipe (smooth_landmarks only switches the others).
#include "shim_internal.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <future>
#include <memory>
#include <sys/stat.h>
#include <vector>

namespace {

constexpr int kDetectorSize = 224;
constexpr int kNumAnchors = 2254;
constexpr int kNumCoords = 12;
constexpr int kCropSize = 256;
constexpr int kNumPoints = 39;  // 33 body landmarks + 6 auxiliary points
constexpr int kHeatmapSize = 64;
// The graph file asks for kernel_size 7, but MediaPipe 0.10.14's binary refines with a 9 x 9
// window (the option's proto default): on identical pixels, kernel 9 reproduces its landmarks to
// 0.01 px, kernel 7 leaves up to 3 px on refined points (measured on barbell-good, frame 0).
constexpr int kHeatmapKernel = 9;
constexpr float kHeatmapMinConfidence = 0.5f;   // RefineLandmarksFromHeatmap default
constexpr float kRoiScale = 1.25f;              // pose_detection_to_roi / pose_landmarks_to_roi
constexpr float kScoreClip = 100.0f;            // TensorsToDetections score_clipping_thresh
constexpr float kPi = 3.14159265358979323846f;

const std::vector<cv::String> kDetectorOutputs = {"regressors", "score_logits"};
const std::vector<cv::String> kLandmarkOutputs = {"landmarks", "pose_flag", "segmentation", "heatmap",
                                                  "world_landmarks"};
// The landmark network without its segmentation head (pose_landmark_full_nomask.onnx): the same
// outputs less "segmentation". OpenCV 4.6 runs every layer whatever outputs are asked for, so
// skipping the head takes a network without it.
const std::vector<cv::String> kMasklessOutputs = {"landmarks", "pose_flag", "heatmap", "world_landmarks"};

// Milliseconds since `start`, for the per-stage times of hc_pose_result.
inline float ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - start).count();
}

inline float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

// MediaPipe's NormalizeRadians: into [-pi, pi).
inline float normalize_radians(float angle) {
    return angle - 2 * kPi * std::floor((angle - (-kPi)) / (2 * kPi));
}

struct Anchor {
    float x, y;
};

// SsdAnchorsCalculator with pose_detection_cpu.pbtxt's options. With fixed_anchor_size every
// anchor is 1 x 1, so only the centres matter; layers of equal stride are merged per cell.
std::vector<Anchor> make_anchors() {
    const int strides[] = {8, 16, 32, 32, 32};
    const int layers = 5;
    std::vector<Anchor> anchors;
    int layer = 0;
    while (layer < layers) {
        int last = layer;
        int per_cell = 0;
        while (last < layers && strides[last] == strides[layer]) {
            per_cell += 2;  // aspect ratio 1.0 plus the interpolated-scale anchor
            ++last;
        }
        const int stride = strides[layer];
        const int fh = static_cast<int>(std::ceil(1.0f * kDetectorSize / stride));
        const int fw = fh;
        for (int y = 0; y < fh; ++y)
            for (int x = 0; x < fw; ++x)
                for (int a = 0; a < per_cell; ++a)
                    anchors.push_back({(x + 0.5f) * 1.0f / fw, (y + 0.5f) * 1.0f / fh});
        layer = last;
    }
    return anchors;
}

struct Detection {
    int anchor;  // anchor index: a stable tie-break when scores are equal
    float score;
    float xmin, ymin, width, height;  // normalised to the (letterboxed) detector input
    float kp[8];                      // 4 keypoints x, y, same space
};

struct Roi {
    float cx, cy, size, rotation;  // pixels, pixels, pixels, radians
};

// Rotated square in pixels from a centre point and a scale point (AlignmentPointsRects followed by
// RectTransformation square_long, scale 1.25).
Roi roi_from_points(float x0, float y0, float x1, float y1) {
    const float box = std::sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)) * 2.0f;
    const float rotation = normalize_radians(kPi / 2 - std::atan2(-(y1 - y0), x1 - x0));
    return {x0, y0, box * kRoiScale, rotation};
}

// Perspective matrix mapping the rotated rect (centre, w x h, rotation) onto a dst_w x dst_h
// tensor, exactly as MediaPipe's OpenCV ImageToTensor converter builds it.
cv::Mat rect_to_tensor_matrix(float cx, float cy, float w, float h, float rotation, int dst_w, int dst_h) {
    const cv::RotatedRect rect(cv::Point2f(cx, cy), cv::Size2f(w, h), rotation * 180.f / kPi);
    cv::Point2f src[4];
    rect.points(src);
    const float fw = static_cast<float>(dst_w), fh = static_cast<float>(dst_h);
    const cv::Point2f dst[4] = {{0.0f, fh}, {0.0f, 0.0f}, {fw, 0.0f}, {fw, fh}};
    return cv::getPerspectiveTransform(src, dst);
}

// Weighted non-maximum suppression (MediaPipe NonMaxSuppressionCalculator, WEIGHTED, IoU).
float iou(const Detection &a, const Detection &b) {
    const float x0 = std::max(a.xmin, b.xmin), y0 = std::max(a.ymin, b.ymin);
    const float x1 = std::min(a.xmin + a.width, b.xmin + b.width);
    const float y1 = std::min(a.ymin + a.height, b.ymin + b.height);
    if (x1 < x0 || y1 < y0) return 0.0f;
    const float inter = (x1 - x0) * (y1 - y0);
    const float uni = a.width * a.height + b.width * b.height - inter;
    return uni > 0.0f ? inter / uni : 0.0f;
}

std::vector<Detection> weighted_nms(std::vector<Detection> candidates, float threshold) {
    std::sort(candidates.begin(), candidates.end(), [](const Detection &a, const Detection &b) {
        return a.score > b.score || (a.score == b.score && a.anchor < b.anchor);
    });
    std::vector<Detection> out;
    std::vector<Detection> remained;
    while (!candidates.empty()) {
        const size_t before = candidates.size();
        const Detection top = candidates.front();
        remained.clear();
        float total = 0, xmin = 0, ymin = 0, xmax = 0, ymax = 0;
        float kp[8] = {};
        for (const auto &c : candidates) {
            if (iou(c, top) > threshold) {
                total += c.score;
                xmin += c.xmin * c.score;
                ymin += c.ymin * c.score;
                xmax += (c.xmin + c.width) * c.score;
                ymax += (c.ymin + c.height) * c.score;
                for (int k = 0; k < 8; ++k) kp[k] += c.kp[k] * c.score;
            } else {
                remained.push_back(c);
            }
        }
        Detection merged = top;
        if (total > 0) {
            merged.xmin = xmin / total;
            merged.ymin = ymin / total;
            merged.width = xmax / total - merged.xmin;
            merged.height = ymax / total - merged.ymin;
            for (int k = 0; k < 8; ++k) merged.kp[k] = kp[k] / total;
        }
        out.push_back(merged);
        if (remained.size() == before) break;
        candidates.swap(remained);
    }
    return out;
}

// MediaPipe's LowPassFilter and OneEuroFilter (mediapipe/util/filtering), same float/double mix.
struct LowPass {
    bool initialized = false;
    float raw = 0, stored = 0;
    float apply(float value, float alpha) {
        float result = initialized ? alpha * value + (1.0 - alpha) * stored : value;
        initialized = true;
        raw = value;
        stored = result;
        return result;
    }
};

struct OneEuro {
    static constexpr double kMinCutoff = 0.01, kBeta = 10.0, kDerivateCutoff = 1.0, kDefaultFrequency = 30.0;
    double frequency = kDefaultFrequency;
    bool has_time = false;
    int64_t last_ns = 0;
    LowPass x, dx;

    double alpha(double cutoff) const {
        const double te = 1.0 / frequency;
        const double tau = 1.0 / (2 * M_PI * cutoff);
        return 1.0 / (1.0 + tau / te);
    }

    float apply(int64_t ns, double value_scale, float value) {
        if (has_time && last_ns >= ns) return value;  // time did not advance: pass through
        if (has_time) frequency = 1.0 / ((ns - last_ns) * 1e-9);
        has_time = true;
        last_ns = ns;
        const double dvalue = x.initialized ? (value - x.raw) * value_scale * frequency : 0.0;
        const double edvalue = dx.apply(static_cast<float>(dvalue), static_cast<float>(alpha(kDerivateCutoff)));
        const double cutoff = kMinCutoff + kBeta * std::fabs(edvalue);
        return x.apply(value, static_cast<float>(alpha(cutoff)));
    }
};

struct LandmarkPass {
    float presence = 0;
    float raw[kNumPoints * 5];     // landmark output: x, y, z, visibility and presence logits
    std::vector<cv::Mat> outputs;  // in kLandmarkOutputs order
};

bool file_exists(const char *path) {
    struct stat info;
    return path != nullptr && stat(path, &info) == 0 && S_ISREG(info.st_mode);
}

std::string first_line(const std::string &text) {
    auto end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

}  // namespace

struct hc_pose {
    std::string error;
    cv::dnn::Net detector;
    cv::dnn::Net landmarker;
    cv::dnn::Net maskless;  // optional (empty unless loaded): used when no mask is wanted
    hc_pose_options options{};
    std::vector<Anchor> anchors;
    // tracking state
    bool has_roi = false;
    Roi roi{};
    float track_score = 0;
    bool has_last_center = false;
    float last_cx = 0, last_cy = 0;
    OneEuro aux_filter[2][2];  // [aux point][x, y]
    // buffers
    cv::Mat letterbox, crop, blob;
    std::vector<cv::Mat> det_out, maskless_out;
    LandmarkPass pass;
    cv::Mat seg_prob, mask;
};

namespace {

hc_status set_error(hc_pose *p, hc_status status, const std::string &text) {
    p->error = text;
    return status;
}

void reset_filters(hc_pose *p) {
    for (auto &point : p->aux_filter)
        for (auto &axis : point) axis = OneEuro();
}

hc_status load_net(const char *path, const char *role, const std::vector<cv::String> &outputs,
                   const std::vector<size_t> &sizes, int input_size, cv::dnn::Net &net, std::string &error) {
    const std::string name = path ? path : "(null)";
    if (!file_exists(path)) {
        error = std::string(role) + " model " + name + " does not exist";
        return HC_ERR_MODEL;
    }
    try {
        net = cv::dnn::readNetFromONNX(path);
    } catch (const cv::Exception &e) {
        error = std::string(role) + " model " + name + " is not a network OpenCV can load (corrupt or not the converted ONNX): " +
                first_line(e.err);
        return HC_ERR_MODEL;
    }
    if (net.empty()) {
        error = std::string(role) + " model " + name + " loaded as an empty network";
        return HC_ERR_MODEL;
    }
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    // Dry run on a grey input: checks the output names and sizes, and warms the network up.
    try {
        const int shape[] = {1, 3, input_size, input_size};
        cv::Mat input(4, shape, CV_32F, cv::Scalar(0.5));
        net.setInput(input, "input");
        std::vector<cv::Mat> outs;
        net.forward(outs, outputs);
        for (size_t i = 0; i < outputs.size(); ++i) {
            if (outs.size() <= i || outs[i].total() != sizes[i] || outs[i].type() != CV_32F) {
                error = std::string(role) + " model " + name + ": output " + outputs[i] +
                        " has an unexpected size (not the BlazePose model install-models.sh converts)";
                return HC_ERR_MODEL;
            }
        }
    } catch (const cv::Exception &e) {
        error = std::string(role) + " model " + name +
                " does not run as the BlazePose network (wrong model or missing outputs): " + first_line(e.err);
        return HC_ERR_MODEL;
    }
    return HC_OK;
}

// Person detection on the whole frame: letterbox to 224 x 224, decode, NMS, undo the letterbox.
std::vector<Detection> detect(hc_pose *p, const cv::Mat &frame) {
    const float w = static_cast<float>(frame.cols), h = static_cast<float>(frame.rows);
    // PadRoi with keep_aspect_ratio: the square around the whole frame.
    const float side = std::max(w, h);
    float pad_x = 0, pad_y = 0;  // letterbox padding, normalised, each side
    if (h / w < 1.0f) pad_y = (1.0f - (h / w)) / 2.0f; else pad_x = (1.0f - (w / h)) / 2.0f;
    cv::Mat m = rect_to_tensor_matrix(0.5f * w, 0.5f * h, side, side, 0.0f, kDetectorSize, kDetectorSize);
    cv::warpPerspective(frame, p->letterbox, m, cv::Size(kDetectorSize, kDetectorSize), cv::INTER_LINEAR,
                        cv::BORDER_CONSTANT, cv::Scalar(0, 0, 0));
    cv::dnn::blobFromImage(p->letterbox, p->blob, 1.0 / 127.5, cv::Size(), cv::Scalar(127.5, 127.5, 127.5),
                           /*swapRB=*/true, /*crop=*/false, CV_32F);
    p->detector.setInput(p->blob, "input");
    p->detector.forward(p->det_out, kDetectorOutputs);
    const float *boxes = p->det_out[0].ptr<float>();
    const float *scores = p->det_out[1].ptr<float>();

    std::vector<Detection> candidates;
    const float scale = static_cast<float>(kDetectorSize);
    for (int i = 0; i < kNumAnchors; ++i) {
        float logit = std::min(std::max(scores[i], -kScoreClip), kScoreClip);
        float score = sigmoid(logit);
        if (score < p->options.min_detection_score) continue;
        const float *r = boxes + i * kNumCoords;
        const Anchor &a = p->anchors[i];
        const float xc = r[0] / scale + a.x, yc = r[1] / scale + a.y;
        const float bw = r[2] / scale, bh = r[3] / scale;
        if (bw < 0 || bh < 0) continue;  // MediaPipe drops boxes with negative size
        Detection d{};
        d.anchor = i;
        d.score = score;
        d.xmin = xc - bw / 2;
        d.ymin = yc - bh / 2;
        d.width = bw;
        d.height = bh;
        for (int k = 0; k < 4; ++k) {
            d.kp[2 * k] = r[4 + 2 * k] / scale + a.x;
            d.kp[2 * k + 1] = r[4 + 2 * k + 1] / scale + a.y;
        }
        candidates.push_back(d);
    }
    std::vector<Detection> kept = weighted_nms(std::move(candidates), p->options.nms_iou);
    // DetectionLetterboxRemoval
    const float sx = 1.0f - 2 * pad_x, sy = 1.0f - 2 * pad_y;
    for (auto &d : kept) {
        d.xmin = (d.xmin - pad_x) / sx;
        d.ymin = (d.ymin - pad_y) / sy;
        d.width /= sx;
        d.height /= sy;
        for (int k = 0; k < 4; ++k) {
            d.kp[2 * k] = (d.kp[2 * k] - pad_x) / sx;
            d.kp[2 * k + 1] = (d.kp[2 * k + 1] - pad_y) / sy;
        }
    }
    return kept;
}

// cv::warpPerspective(frame, crop, m, size, INTER_LINEAR, BORDER_REPLICATE) in horizontal bands
// on OpenCV's threads. Why: OpenCV 4.6 gives a warp one thread per 65,536 output pixels, so the
// 256 x 256 crop ran on one thread (0.28 ms a frame while the other core waited). Each band
// samples through the same inverse map, shifted to its first row: the same pixels.
void warp_crop(const cv::Mat &frame, const cv::Mat &m, int size, cv::Mat &crop) {
    crop.create(size, size, frame.type());
    cv::Matx33d inverse;
    cv::invert(m, inverse);  // what warpPerspective does with a forward map
    const int bands = std::max(1, std::min(cv::getNumThreads(), 4));
    cv::parallel_for_(cv::Range(0, bands), [&](const cv::Range &range) {
        for (int b = range.start; b < range.end; ++b) {
            const int y0 = size * b / bands, y1 = size * (b + 1) / bands;
            cv::Matx33d shifted = inverse;
            for (int r = 0; r < 3; ++r) shifted(r, 2) += inverse(r, 1) * y0;
            cv::Mat band = crop.rowRange(y0, y1);
            cv::warpPerspective(frame, band, shifted, band.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                                cv::BORDER_REPLICATE);
        }
    }, bands);
}

// Runs the landmark model in `roi`; fills p->pass (raw outputs, presence).
void run_landmarks(hc_pose *p, const cv::Mat &frame, const Roi &roi, hc_pose_result *out) {
    const auto start = std::chrono::steady_clock::now();
    cv::Mat m = rect_to_tensor_matrix(roi.cx, roi.cy, roi.size, roi.size, roi.rotation, kCropSize, kCropSize);
    warp_crop(frame, m, kCropSize, p->crop);
    cv::dnn::blobFromImage(p->crop, p->blob, 1.0 / 255.0, cv::Size(), cv::Scalar(), /*swapRB=*/true,
                           /*crop=*/false, CV_32F);
    if (!p->maskless.empty() && !p->options.want_mask) {
        p->maskless.setInput(p->blob, "input");
        p->maskless.forward(p->maskless_out, kMasklessOutputs);
        p->pass.outputs.resize(kLandmarkOutputs.size());
        p->pass.outputs[0] = p->maskless_out[0];
        p->pass.outputs[1] = p->maskless_out[1];
        p->pass.outputs[2] = cv::Mat();  // no segmentation logits
        p->pass.outputs[3] = p->maskless_out[2];
        p->pass.outputs[4] = p->maskless_out[3];
    } else {
        p->landmarker.setInput(p->blob, "input");
        p->landmarker.forward(p->pass.outputs, kLandmarkOutputs);
    }
    p->pass.presence = p->pass.outputs[1].ptr<float>()[0];
    std::memcpy(p->pass.raw, p->pass.outputs[0].ptr<float>(), sizeof(p->pass.raw));
    out->mask_network = p->pass.outputs[2].empty() ? 0 : 1;
    out->landmark_ms += ms_since(start);
}

// Normalised crop coordinates (x, y in [0, 1] of the 256 x 256 crop) after heatmap refinement.
void decode_crop_points(const hc_pose *p, float *nx, float *ny) {
    const float *raw = p->pass.raw;
    const float *hm = p->pass.outputs[3].ptr<float>();  // NCHW: one 64 x 64 plane per point
    const int plane = kHeatmapSize * kHeatmapSize;
    const int offset = (kHeatmapKernel - 1) / 2;
    for (int i = 0; i < kNumPoints; ++i) {
        nx[i] = raw[i * 5] / kCropSize;
        ny[i] = raw[i * 5 + 1] / kCropSize;
        if (!std::isfinite(nx[i]) || !std::isfinite(ny[i]) || std::fabs(nx[i]) > 1e4f || std::fabs(ny[i]) > 1e4f)
            continue;
        // RefineLandmarksFromHeatmap, including its bounds check as written upstream
        // (the row is compared against the heatmap height only through the clamped window).
        const int col = static_cast<int>(nx[i] * kHeatmapSize);
        const int row = static_cast<int>(ny[i] * kHeatmapSize);
        if (col < 0 || col >= kHeatmapSize || row < 0 || col >= kHeatmapSize) continue;
        const int c0 = std::max(0, col - offset), c1 = std::min(kHeatmapSize, col + offset + 1);
        const int r0 = std::max(0, row - offset), r1 = std::min(kHeatmapSize, row + offset + 1);
        float sum = 0, wc = 0, wr = 0, best = 0;
        const float *layer = hm + i * plane;
        for (int r = r0; r < r1; ++r)
            for (int c = c0; c < c1; ++c) {
                const float conf = sigmoid(layer[r * kHeatmapSize + c]);
                sum += conf;
                best = std::max(best, conf);
                wc += c * conf;
                wr += r * conf;
            }
        if (best >= kHeatmapMinConfidence && sum > 0) {
            nx[i] = wc / kHeatmapSize / sum;
            ny[i] = wr / kHeatmapSize / sum;
        }
    }
}

// Crop-normalised point -> image pixels (LandmarkProjectionCalculator).
inline void project(const Roi &roi, float nx, float ny, float &x, float &y) {
    const float dx = nx - 0.5f, dy = ny - 0.5f;
    const float c = std::cos(roi.rotation), s = std::sin(roi.rotation);
    x = (c * dx - s * dy) * roi.size + roi.cx;
    y = (s * dx + c * dy) * roi.size + roi.cy;
}

// Full-frame person mask from the crop's segmentation logits.
void unwarp_mask(hc_pose *p, const Roi &roi, int width, int height, hc_pose_result *out) {
    const int s = std::max(1, p->options.mask_scale);
    const int mw = (width + s - 1) / s, mh = (height + s - 1) / s;
    cv::Mat logits(kCropSize, kCropSize, CV_32F, p->pass.outputs[2].ptr<float>());
    cv::exp(-logits, p->seg_prob);
    p->seg_prob = 1.0 / (1.0 + p->seg_prob);
    // Crop coordinate u (pixels of the 256 crop) -> image: T(u) = A u + b with
    // A = size / 256 * R(rotation), b = centre - A (128, 128). Mask pixel (i, j) covers the image
    // point Q = s (i + 0.5, j + 0.5); its crop coordinate is A^-1 (Q - b).
    const double k = roi.size / kCropSize, c = std::cos(roi.rotation), sn = std::sin(roi.rotation);
    const double a00 = k * c, a01 = -k * sn, a10 = k * sn, a11 = k * c;
    const double bx = roi.cx - (a00 * 128 + a01 * 128), by = roi.cy - (a10 * 128 + a11 * 128);
    const double det = a00 * a11 - a01 * a10;
    const double i00 = a11 / det, i01 = -a01 / det, i10 = -a10 / det, i11 = a00 / det;
    const double ox = s * 0.5 - bx, oy = s * 0.5 - by;
    // Only the mask pixels the crop covers can be non-zero (the border is constant 0), so the
    // warp runs over the crop's bounding box (plus a pixel for the bilinear footprint) and the
    // rest of the mask is zero: a third to a half of the frame instead of all of it.
    float cx[4], cy[4];
    for (int k = 0; k < 4; ++k) {
        const double u = (k == 1 || k == 2) ? kCropSize : 0, v = (k >= 2) ? kCropSize : 0;
        cx[k] = static_cast<float>((a00 * u + a01 * v + bx) / s);
        cy[k] = static_cast<float>((a10 * u + a11 * v + by) / s);
    }
    const int x0 = std::max(0, static_cast<int>(std::floor(*std::min_element(cx, cx + 4))) - 1);
    const int y0 = std::max(0, static_cast<int>(std::floor(*std::min_element(cy, cy + 4))) - 1);
    const int x1 = std::min(mw, static_cast<int>(std::ceil(*std::max_element(cx, cx + 4))) + 2);
    const int y1 = std::min(mh, static_cast<int>(std::ceil(*std::max_element(cy, cy + 4))) + 2);
    p->mask.create(mh, mw, CV_8U);
    p->mask.setTo(0);
    if (x1 > x0 && y1 > y0) {
        // The same inverse map, shifted to the box's corner.
        const double tx = i00 * ox + i01 * oy + (i00 * x0 + i01 * y0) * s;
        const double ty = i10 * ox + i11 * oy + (i10 * x0 + i11 * y0) * s;
        cv::Matx23d m(i00 * s, i01 * s, tx, i10 * s, i11 * s, ty);
        cv::Mat prob;
        cv::warpAffine(p->seg_prob, prob, m, cv::Size(x1 - x0, y1 - y0), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                       cv::BORDER_CONSTANT, cv::Scalar(0));
        cv::Mat box = p->mask(cv::Rect(x0, y0, x1 - x0, y1 - y0));
        prob.convertTo(box, CV_8U, 255.0);
    }
    out->mask = p->mask.ptr<uint8_t>();
    out->mask_width = mw;
    out->mask_height = mh;
    out->mask_scale = s;
}

hc_status validate(const hc_pose_options &o, std::string &why) {
    auto unit = [](float v) { return v >= 0.0f && v <= 1.0f; };
    if (o.threads < 0 || o.threads > 256) why = "threads must be 0..256";
    else if (!unit(o.min_detection_score)) why = "min_detection_score must be in [0, 1]";
    else if (!unit(o.min_presence)) why = "min_presence must be in [0, 1]";
    else if (!(o.nms_iou > 0.0f && o.nms_iou <= 1.0f)) why = "nms_iou must be in (0, 1]";
    else if (o.mask_scale < 1 || o.mask_scale > 64) why = "mask_scale must be 1..64";
    else return HC_OK;
    return HC_ERR_ARGUMENT;
}

}  // namespace

extern "C" void hc_pose_default_options(hc_pose_options *out) {
    if (out == nullptr) return;
    *out = hc_pose_options{};
    out->threads = 0;
    out->min_detection_score = 0.5f;
    out->min_presence = 0.5f;
    out->nms_iou = 0.3f;
    out->tracking = 1;
    out->redetect_on_loss = 1;
    out->want_mask = 0;
    out->mask_scale = 1;
}

extern "C" hc_status hc_pose_new(const char *detector_onnx, const char *landmark_onnx, const char *maskless_onnx,
                                 hc_pose **out, hc_error *error) {
    if (out == nullptr) return hc::fail(error, HC_ERR_ARGUMENT, "null output handle");
    *out = nullptr;
    return hc::guarded(error, [&]() -> hc_status {
        hc::ensure_logging_configured();
        hc::register_shim_layers();
        auto pose = std::make_unique<hc_pose>();
        hc_pose_default_options(&pose->options);
        pose->anchors = make_anchors();
        if (pose->anchors.size() != static_cast<size_t>(kNumAnchors))
            return hc::fail(error, HC_ERR_INTERNAL, "anchor generation gave the wrong count");
        // Reading and dry-running a network is about 0.1 s of one core each: the mask-free one
        // (or else the detector) loads on a second thread, the rest on this one, so that start-up
        // (paid by every analyze run and every batch input) takes about half as long on 2 cores.
        std::string why_detector, why_landmark, why_maskless;
        hc_status s_detector = HC_OK, s_landmark = HC_OK, s_maskless = HC_OK;
        const auto load_detector = [&] {
            s_detector = load_net(detector_onnx, "detector", kDetectorOutputs,
                                  {size_t(kNumAnchors) * kNumCoords, size_t(kNumAnchors)}, kDetectorSize,
                                  pose->detector, why_detector);
        };
        const auto load_maskless = [&] {
            s_maskless = load_net(maskless_onnx, "landmark (without mask head)", kMasklessOutputs,
                                  {size_t(kNumPoints) * 5, 1, size_t(kNumPoints) * kHeatmapSize * kHeatmapSize,
                                   size_t(kNumPoints) * 3},
                                  kCropSize, pose->maskless, why_maskless);
        };
        std::future<void> side = std::async(std::launch::async, maskless_onnx ? std::function<void()>(load_maskless)
                                                                              : std::function<void()>(load_detector));
        if (maskless_onnx) load_detector();
        s_landmark = load_net(landmark_onnx, "landmark", kLandmarkOutputs,
                              {size_t(kNumPoints) * 5, 1, size_t(kCropSize) * kCropSize,
                               size_t(kNumPoints) * kHeatmapSize * kHeatmapSize, size_t(kNumPoints) * 3},
                              kCropSize, pose->landmarker, why_landmark);
        side.get();  // rethrows what the other thread threw
        if (s_detector != HC_OK) return hc::fail(error, s_detector, why_detector);
        if (s_landmark != HC_OK) return hc::fail(error, s_landmark, why_landmark);
        if (s_maskless != HC_OK) return hc::fail(error, s_maskless, why_maskless);
        *out = pose.release();
        return HC_OK;
    });
}

extern "C" void hc_pose_free(hc_pose *pose) {
    try {
        delete pose;
    } catch (...) {
    }
}

extern "C" const char *hc_pose_error(const hc_pose *pose) {
    return pose ? pose->error.c_str() : "null pose handle";
}

extern "C" hc_status hc_pose_set_options(hc_pose *p, const hc_pose_options *options) {
    if (p == nullptr || options == nullptr) return HC_ERR_ARGUMENT;
    return hc::guarded(p->error, [&]() -> hc_status {
        std::string why;
        if (validate(*options, why) != HC_OK) return set_error(p, HC_ERR_ARGUMENT, why);
        p->options = *options;
        if (options->threads > 0) hc::set_num_threads(options->threads);
        p->has_roi = false;
        p->has_last_center = false;
        reset_filters(p);
        return HC_OK;
    });
}

extern "C" hc_status hc_pose_set_mask_wanted(hc_pose *p, int32_t want_mask) {
    if (p == nullptr) return HC_ERR_ARGUMENT;
    p->options.want_mask = want_mask ? 1 : 0;
    return HC_OK;
}

extern "C" hc_status hc_pose_set_threads(hc_pose *p, int32_t threads) {
    if (p == nullptr || threads < 1 || threads > 256) return HC_ERR_ARGUMENT;
    return hc::guarded(p->error, [&]() -> hc_status {
        hc::set_num_threads(threads);
        p->options.threads = threads;
        return HC_OK;
    });
}

extern "C" hc_status hc_pose_reset(hc_pose *p) {
    if (p == nullptr) return HC_ERR_ARGUMENT;
    p->error.clear();
    p->has_roi = false;
    p->has_last_center = false;
    p->track_score = 0;
    reset_filters(p);
    return HC_OK;
}

extern "C" hc_status hc_pose_process(hc_pose *p, const uint8_t *bgr, int32_t width, int32_t height, int32_t stride,
                                     double timestamp_s, hc_pose_result *out) {
    if (p == nullptr) return HC_ERR_ARGUMENT;
    return hc::guarded(p->error, [&]() -> hc_status {
        if (out == nullptr || bgr == nullptr) return set_error(p, HC_ERR_ARGUMENT, "null frame or result");
        if (width <= 0 || height <= 0 || stride < width * 3)
            return set_error(p, HC_ERR_ARGUMENT, "invalid frame size or stride");
        if (!std::isfinite(timestamp_s)) return set_error(p, HC_ERR_ARGUMENT, "timestamp is not finite");
        *out = hc_pose_result{};
        const cv::Mat frame(height, width, CV_8UC3, const_cast<uint8_t *>(bgr), static_cast<size_t>(stride));
        const hc_pose_options &o = p->options;
        if (!o.tracking) {
            p->has_roi = false;
            reset_filters(p);
        }

        Roi roi{};
        bool ok = false;
        if (p->has_roi) {
            roi = p->roi;
            run_landmarks(p, frame, roi, out);
            out->presence = p->pass.presence;
            ok = p->pass.presence >= o.min_presence;
            if (!ok) {  // lost: MediaPipe resets the ROI smoothing and detects again
                p->has_roi = false;
                reset_filters(p);
                if (!o.redetect_on_loss) return HC_OK;
            }
        }
        if (!ok) {
            const auto detect_start = std::chrono::steady_clock::now();
            std::vector<Detection> found = detect(p, frame);
            out->detector_ms = ms_since(detect_start);
            out->detections = static_cast<int32_t>(found.size());
            if (found.empty()) {
                reset_filters(p);
                return HC_OK;
            }
            // Follow the same person: after a loss prefer the detection nearest to where the
            // person was; otherwise MediaPipe's choice, the highest score.
            size_t pick = 0;
            if (o.tracking && p->has_last_center) {
                float best = INFINITY;
                for (size_t i = 0; i < found.size(); ++i) {
                    const float dx = found[i].kp[0] * width - p->last_cx, dy = found[i].kp[1] * height - p->last_cy;
                    const float d = dx * dx + dy * dy;
                    if (d < best) {
                        best = d;
                        pick = i;
                    }
                }
            }
            const Detection &d = found[pick];
            roi = roi_from_points(d.kp[0] * width, d.kp[1] * height, d.kp[2] * width, d.kp[3] * height);
            if (!(roi.size > 1e-3f) || !std::isfinite(roi.size)) {
                reset_filters(p);
                return HC_OK;
            }
            run_landmarks(p, frame, roi, out);
            out->presence = p->pass.presence;
            out->detected = 1;
            if (p->pass.presence < o.min_presence) {
                reset_filters(p);
                return HC_OK;
            }
            p->track_score = d.score;
            ok = true;
        }

        // Landmarks in image pixels.
        float nx[kNumPoints], ny[kNumPoints];
        decode_crop_points(p, nx, ny);
        const float *raw = p->pass.raw;
        for (int i = 0; i < HC_POSE_LANDMARK_COUNT; ++i) {
            hc_pose_landmark &l = out->landmarks[i];
            project(roi, nx[i], ny[i], l.x, l.y);
            l.z = raw[i * 5 + 2] / kCropSize * roi.size;
            l.visibility = sigmoid(raw[i * 5 + 3]);
            l.presence = sigmoid(raw[i * 5 + 4]);
        }
        const float *world = p->pass.outputs[4].ptr<float>();
        const float c = std::cos(roi.rotation), s = std::sin(roi.rotation);
        for (int i = 0; i < HC_POSE_LANDMARK_COUNT; ++i) {
            const float x = world[i * 3], y = world[i * 3 + 1];
            out->world[i] = {c * x - s * y, s * x + c * y, world[i * 3 + 2]};
        }
        out->found = 1;
        out->detection_score = p->track_score;
        out->roi = {roi.cx, roi.cy, roi.size, roi.rotation};

        // Next frame's ROI from the smoothed auxiliary points 33 (hip centre) and 34.
        float ax[2], ay[2];
        for (int k = 0; k < 2; ++k) project(roi, nx[33 + k], ny[33 + k], ax[k], ay[k]);
        p->last_cx = ax[0];
        p->last_cy = ay[0];
        p->has_last_center = true;
        if (o.tracking) {
            const float scale = std::sqrt((ax[1] - ax[0]) * (ax[1] - ax[0]) + (ay[1] - ay[0]) * (ay[1] - ay[0])) * 2.0f;
            if (scale > 1e-6f) {
                const double value_scale = 1.0 / scale;
                const int64_t ns = static_cast<int64_t>(std::llround(timestamp_s * 1e9));
                for (int k = 0; k < 2; ++k) {
                    ax[k] = p->aux_filter[k][0].apply(ns, value_scale, ax[k]);
                    ay[k] = p->aux_filter[k][1].apply(ns, value_scale, ay[k]);
                }
            }
            p->roi = roi_from_points(ax[0], ay[0], ax[1], ay[1]);
            p->has_roi = p->roi.size > 1e-3f && std::isfinite(p->roi.size);
        }

        if (o.want_mask && out->mask_network) {
            const auto mask_start = std::chrono::steady_clock::now();
            unwarp_mask(p, roi, width, height, out);
            out->mask_ms = ms_since(mask_start);
        }
        return HC_OK;
    });
}
