/*
 * CPoseShim — HingeCheck's pure C boundary over OpenCV 4.6 (C++) and libjpeg.
 *
 * Rules of this header (the layering: Swift sees only this C header, never C++):
 *  - every symbol is prefixed `hc_`; handles are opaque; structs are POD;
 *  - every entry point returns an hc_status; results go through out-parameters;
 *  - a handle keeps the text of its last error (hc_*_error); stateless calls take an
 *    `hc_error` out-parameter instead;
 *  - no C++ exception crosses this header: every entry point catches everything;
 *  - pixels are 8-bit BGR, row-major, `stride` bytes per row, origin top-left, y down.
 */
#ifndef HC_CPOSESHIM_H
#define HC_CPOSESHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- status */

typedef enum hc_status {
    HC_OK = 0,
    HC_END_OF_STREAM = 1,   /* not an error: no more frames */
    HC_ERR_ARGUMENT = 2,    /* a null pointer, a bad size, a bad option */
    HC_ERR_NOT_FOUND = 3,   /* the file, folder or camera does not exist */
    HC_ERR_OPEN = 4,        /* it exists but cannot be opened/decoded as asked */
    HC_ERR_DECODE = 5,      /* a frame or image could not be decoded */
    HC_ERR_ENCODE = 6,      /* a frame or image could not be encoded or written */
    HC_ERR_MODEL = 7,       /* a network file is missing, corrupt or gives bad shapes */
    HC_ERR_STATE = 8,       /* call order (e.g. write before open) */
    HC_ERR_INTERNAL = 9     /* an unexpected C++ exception, caught here */
} hc_status;

/* Error text buffer for stateless calls. Always NUL-terminated. */
typedef struct hc_error {
    char message[512];
} hc_error;

/* OpenCV's worker thread count for DNN and image operations (0 = OpenCV's default). */
void hc_set_num_threads(int32_t threads);

/* ---------------------------------------------------------------- images */

/* A view of caller-owned pixels (BGR, 3 bytes per pixel). */
typedef struct hc_image {
    uint8_t *data;
    int32_t width;
    int32_t height;
    int32_t stride; /* bytes per row, >= 3 * width */
} hc_image;

/* Free a buffer the shim allocated (hc_jpeg_encode, hc_jpeg_decode, hc_image_read). */
void hc_buffer_free(void *buffer);

/* ---------------------------------------------------------------- frame sources */

typedef enum hc_source_kind {
    HC_SOURCE_FILE = 0,
    HC_SOURCE_CAMERA = 1,
    HC_SOURCE_IMAGE_FOLDER = 2
} hc_source_kind;

typedef struct hc_source_info {
    int32_t kind;            /* hc_source_kind */
    int32_t width;           /* pixels of the delivered frames (after rotation) */
    int32_t height;
    double fps;              /* frames per second as declared by the source; 0 if unknown */
    int64_t frame_count;     /* declared frame count; -1 if unknown (cameras) */
    double duration_s;       /* frame_count / fps; -1 if unknown */
    int32_t rotation_deg;    /* rotation metadata of the container (0, 90, 180, 270, counter-
                                clockwise as FFmpeg names it; when `mirrored`, the turn that
                                follows a left-right mirror) */
    int32_t rotation_applied;/* 1 if delivered frames are already rotated upright */
    int32_t mirrored;        /* 1 if the container's display matrix mirrors the picture (front
                                cameras); applied with the rotation (MP4/MOV 'tkhd' matrix) */
    char codec[8];           /* FOURCC as text, e.g. "h264"; empty if unknown */
    char backend[32];        /* OpenCV capture backend, e.g. "FFMPEG", "V4L2", "images" */
    int32_t color_matrix;    /* video files: matrix_coefficients of the container's 'colr' box
                                (1 = BT.709, 5 or 6 = BT.601, 9 = BT.2020), -1 if none. FFmpeg
                                through OpenCV 4.6 decodes with BT.601 always; BT.709 frames are
                                re-mapped to BT.709 colours (color_matrix.cpp) */
    int32_t color_corrected; /* 1 when delivered frames were re-mapped to their BT.709 colours */
    int32_t color_transfer;  /* transfer_characteristics of the 'colr' box (1 = BT.709,
                                16 = PQ, 18 = HLG), -1 if none */
    int32_t color_primaries; /* colour_primaries of the 'colr' box (1 = BT.709, 9 = BT.2020), -1 */
    int32_t hdr_converted;   /* 1 when HLG/PQ BT.2020 frames were converted to SDR BT.709
                                (hdr.cpp); 0 means they come as OpenCV decodes them (washed out) */
} hc_source_info;

/* One decoded frame. `data` is owned by the source and valid until the next
 * hc_source_read or hc_source_free on that source: read it without copying. */
typedef struct hc_frame {
    const uint8_t *data;
    int32_t width;
    int32_t height;
    int32_t stride;
    int64_t index;           /* 0-based index of the delivered frame (skipped undecodable
                                frames are not counted: indices stay contiguous) */
    double timestamp_s;      /* seconds from the source's start (stream time for files,
                                monotonic clock for cameras, index/fps for image folders) */
    int64_t skipped_before;  /* video files: undecodable frames skipped just before this one
                                (damaged data); 0 otherwise */
} hc_frame;

typedef struct hc_source hc_source;

/* How many failed decodes in a row a video file may have before reading stops: a damaged
 * stretch shorter than this is skipped; at the true end every retry fails at once (cheap). */
#define HC_MAX_UNDECODABLE_RUN 256

/* Create an empty source; open it with one of the hc_source_open_* calls. */
hc_status hc_source_new(hc_source **out);
void hc_source_free(hc_source *source);
/* Last error text of this source ("" if none). Valid until the next call on it. */
const char *hc_source_error(const hc_source *source);

/* A video file, through OpenCV's FFmpeg backend only. */
hc_status hc_source_open_file(hc_source *source, const char *path);
/* A camera by index (device_path NULL) or by device path such as /dev/video2 (V4L2).
 * width/height/fps are requests (0 = camera default). */
hc_status hc_source_open_camera(hc_source *source, int32_t index, const char *device_path,
                                int32_t width, int32_t height, double fps);
/* A folder of images (.jpg .jpeg .png .bmp .tif .tiff .webp), read in file-name order;
 * timestamps are index / fps (fps <= 0 means 30). */
hc_status hc_source_open_image_folder(hc_source *source, const char *path, double fps);

hc_status hc_source_get_info(const hc_source *source, hc_source_info *out);
/* Decode the next frame into the source's reused buffer. HC_END_OF_STREAM at the end.
 * Video files: a frame FFmpeg cannot decode (damaged data) is skipped and reading goes on, up to
 * HC_MAX_UNDECODABLE_RUN failed frames in a row; the count comes back in `skipped_before`. */
hc_status hc_source_read(hc_source *source, hc_frame *out);

/* ---------------------------------------------------------------- video writer */

typedef struct hc_writer hc_writer;

hc_status hc_writer_new(hc_writer **out);
void hc_writer_free(hc_writer *writer);
const char *hc_writer_error(const hc_writer *writer);
/* Open `path` for frames of width x height at fps. `fourcc` NULL or "" picks by extension:
 * .mp4 tries H.264 (avc1) then falls back to mp4v; .avi uses MJPG; .webm uses VP90.
 * The chosen FOURCC is written to chosen_fourcc (5 bytes incl. NUL) when non-null. */
hc_status hc_writer_open(hc_writer *writer, const char *path, int32_t width, int32_t height,
                         double fps, const char *fourcc, char *chosen_fourcc);
hc_status hc_writer_write(hc_writer *writer, hc_image frame);
/* Finish the file (flushes the encoder). Also done by hc_writer_free. */
hc_status hc_writer_close(hc_writer *writer);

/* ---------------------------------------------------------------- JPEG (libjpeg) */

/* Encode BGR pixels to JPEG (quality 1..100). *out_data must be freed with hc_buffer_free. */
hc_status hc_jpeg_encode(hc_image image, int32_t quality, uint8_t **out_data, size_t *out_size,
                         hc_error *error);
/* Decode a JPEG to BGR (stride = 3 * width). *out_pixels must be freed with hc_buffer_free. */
hc_status hc_jpeg_decode(const uint8_t *data, size_t size, uint8_t **out_pixels,
                         int32_t *out_width, int32_t *out_height, hc_error *error);

/* Read any image file OpenCV can decode, as BGR (stride = 3 * width). */
hc_status hc_image_read(const char *path, uint8_t **out_pixels, int32_t *out_width,
                        int32_t *out_height, hc_error *error);
/* Write an image; the format follows the extension (.png, .jpg, ...). */
hc_status hc_image_write(const char *path, hc_image image, hc_error *error);
/* Resize (bilinear) src into dst; both caller-owned. */
hc_status hc_image_resize(hc_image src, hc_image dst, hc_error *error);

/* ---------------------------------------------------------------- overlay drawing */

typedef struct hc_color {
    uint8_t b, g, r;
} hc_color;

/* All coordinates in pixels (float for sub-pixel anti-aliased drawing).
 * thickness < 0 fills where that makes sense. */
hc_status hc_draw_line(hc_image image, float x0, float y0, float x1, float y1, hc_color color,
                       float thickness);
hc_status hc_draw_circle(hc_image image, float cx, float cy, float radius, hc_color color,
                         float thickness);
/* An ellipse rotated by angle_deg (clockwise in image coordinates). */
hc_status hc_draw_ellipse(hc_image image, float cx, float cy, float half_width, float half_height,
                          float angle_deg, hc_color color, float thickness);
/* A polygon of n points xy[2*i], xy[2*i+1]; filled when filled != 0 (any shape, not only convex). */
hc_status hc_draw_polygon(hc_image image, const float *xy, int32_t n, hc_color color, int32_t filled,
                          float thickness);
/* A polyline through n points (open). */
hc_status hc_draw_polyline(hc_image image, const float *xy, int32_t n, hc_color color,
                           float thickness);
/* Text with its baseline-left corner at (x, y); height_px is the cap height in pixels. */
hc_status hc_draw_text(hc_image image, const char *text, float x, float y, float height_px,
                       hc_color color, float thickness);
/* Blend a filled rectangle: alpha 0 = unchanged, 1 = opaque. */
hc_status hc_draw_rect(hc_image image, float x, float y, float width, float height, hc_color color,
                       float alpha);
/* Gaussian blur in place (sigma in pixels) and additive Gaussian noise (stddev in grey levels,
 * deterministic for a given seed): used by the sample-video generator. */
hc_status hc_image_blur(hc_image image, float sigma);
hc_status hc_image_add_noise(hc_image image, float stddev, uint64_t seed);

/* ---------------------------------------------------------------- BlazePose (OpenCV DNN) */

/* MediaPipe's BlazePose (pose_detection + pose_landmark_full, converted to ONNX by
 * Shims/models/install-models.sh) run through OpenCV's DNN module, CPU backend. The pipeline
 * follows MediaPipe's pose_landmark_cpu graph: letterboxed 224x224 person detection, a rotated
 * square ROI from the detector's keypoints 0 and 1, a 256x256 crop with replicated borders, heatmap
 * refinement, and between frames an ROI tracked from the two auxiliary landmarks (smoothed with
 * MediaPipe's One Euro settings). Deterministic for the same frames, options and thread count.
 *
 * Coordinates: image pixels of the frame given to hc_pose_process, origin top-left, y down, in
 * MediaPipe's convention (x = normalised x * width). */

#define HC_POSE_LANDMARK_COUNT 33

typedef struct hc_pose hc_pose;

typedef struct hc_pose_options {
    int32_t threads;             /* OpenCV worker threads (cv::setNumThreads, process-wide);
                                    0 = leave OpenCV's setting alone. Default 0. */
    float min_detection_score;   /* detector score (sigmoid) to accept a person. Default 0.5
                                    (MediaPipe Pose min_detection_confidence). */
    float min_presence;          /* landmark model's pose presence to accept a pose and keep
                                    tracking it. Default 0.5 (MediaPipe min_tracking_confidence). */
    float nms_iou;               /* weighted non-maximum suppression overlap. Default 0.3
                                    (pose_detection_cpu.pbtxt). */
    int32_t tracking;            /* 1: take the next frame's ROI from this frame's landmarks (video);
                                    0: detect on every frame (unrelated images). Default 1. */
    int32_t redetect_on_loss;    /* 1: when a tracked ROI loses the person, run the detector again
                                    on the same frame (MediaPipe waits for the next frame). Default 1. */
    int32_t want_mask;           /* 1: un-warp the segmentation into a full-image mask. Default 0. */
    int32_t mask_scale;          /* image pixels per mask pixel (>= 1). Default 1. */
} hc_pose_options;

typedef struct hc_pose_landmark {
    float x, y;          /* image pixels */
    float z;             /* depth relative to the hips, same pixel scale as x; smaller = nearer */
    float visibility;    /* [0, 1]: in the image and not occluded (sigmoid of the logit) */
    float presence;      /* [0, 1]: in the image (sigmoid of the logit) */
} hc_pose_landmark;

typedef struct hc_pose_world_landmark {
    float x, y, z;       /* metres, origin between the hips, rotated like the image (y down) */
} hc_pose_world_landmark;

/* A square region of interest rotated by `rotation_rad` (MediaPipe's convention: the crop's x
 * axis points along (cos r, sin r) in image pixels, y down, so positive turns clockwise on screen). */
typedef struct hc_pose_roi {
    float center_x, center_y;   /* image pixels */
    float size;                 /* side, image pixels */
    float rotation_rad;
} hc_pose_roi;

typedef struct hc_pose_result {
    int32_t found;               /* 1 when a pose passed min_presence in this frame */
    int32_t detected;            /* 1: the ROI came from the detector in this frame; 0: tracked */
    int32_t detections;          /* people the detector found when it ran in this frame (after NMS) */
    float detection_score;       /* score of the detection that started the current track */
    float presence;              /* landmark model's pose presence for the ROI used (even if < min) */
    hc_pose_roi roi;             /* the ROI the landmarks were computed in */
    hc_pose_landmark landmarks[HC_POSE_LANDMARK_COUNT];
    hc_pose_world_landmark world[HC_POSE_LANDMARK_COUNT];
    /* Person probability over the whole frame, 0..255, row-major, `mask_width` bytes per row;
     * mask pixel (u, v) covers the image point ((u + 0.5) * mask_scale, (v + 0.5) * mask_scale).
     * NULL unless want_mask and found. Owned by the handle: valid until the next call on it. */
    const uint8_t *mask;
    int32_t mask_width;
    int32_t mask_height;
    int32_t mask_scale;
    /* Where this frame's time went (wall clock, milliseconds; for profiling, never for results):
     * the detector pass (letterbox, network, decoding, NMS; 0 when it did not run), the landmark
     * passes (crop, network, refinement; two when a lost track was re-detected) and the mask
     * (sigmoid and un-warp; 0 without one). `mask_network` is 1 when the landmark pass ran the
     * network with the segmentation head, 0 when it ran the one without. */
    float detector_ms;
    float landmark_ms;
    float mask_ms;
    int32_t mask_network;
} hc_pose_result;

/* The defaults documented above. */
void hc_pose_default_options(hc_pose_options *out);

/* Load the networks and check their outputs with a dry run: the detector, the landmark network
 * and, optionally (`maskless_onnx` may be NULL), the landmark network without its segmentation
 * head (install-models.sh's pose_landmark_full_nomask.onnx). Frames processed while want_mask is 0
 * run that one instead of the whole network: the same landmarks for about a third less work
 * (OpenCV 4.6 runs every layer of a network whatever outputs are asked for). The networks load
 * on two threads. A missing, unreadable or corrupt file, or one with unexpected outputs, gives
 * HC_ERR_MODEL with a message that starts with the network's role ("detector", "landmark",
 * "landmark (without mask head)") and names the file. */
hc_status hc_pose_new(const char *detector_onnx, const char *landmark_onnx, const char *maskless_onnx, hc_pose **out,
                      hc_error *error);
void hc_pose_free(hc_pose *pose);
/* Last error text of this handle ("" if none). Valid until the next call on it. */
const char *hc_pose_error(const hc_pose *pose);
/* Validate and apply options (HC_ERR_ARGUMENT for out-of-range values); also forgets tracking. */
hc_status hc_pose_set_options(hc_pose *pose, const hc_pose_options *options);
/* Run the pipeline on one BGR frame. `timestamp_s` drives the ROI smoothing (seconds, increasing
 * within a video). A frame without a person is HC_OK with found = 0. */
hc_status hc_pose_process(hc_pose *pose, const uint8_t *bgr, int32_t width, int32_t height,
                          int32_t stride, double timestamp_s, hc_pose_result *out);
/* Switch the mask on or off from the next frame on, keeping the track (unlike
 * hc_pose_set_options): for deciding per frame whether the segmentation is worth computing. */
hc_status hc_pose_set_mask_wanted(hc_pose *pose, int32_t want_mask);
/* OpenCV worker threads from the next frame on (cv::setNumThreads, process-wide), keeping the
 * track: for choosing the count while a stream runs. The results do not depend on it. */
hc_status hc_pose_set_threads(hc_pose *pose, int32_t threads);
/* Self-check of the shim's layers (convolutions, 2x upsampling, sums: shim_layers.cpp): runs the
 * network in `onnx` (input `input`, 1 x 3 x size x size) once with OpenCV's own layers and once
 * with the shim's, on the same pseudo-random input, and reports the largest difference over
 * all outputs relative to each output's largest magnitude, and how many of the network's layers
 * are the shim's (some hand shapes where OpenCV is faster back to it). For tests; an error
 * with OpenCV's message when the file does not load. */
hc_status hc_dnn_kernel_check(const char *onnx, int32_t size, double *max_relative_difference,
                              int32_t *shim_layers, hc_error *error);
/* Forget the tracked ROI, the smoothing state and the last person's position. */
hc_status hc_pose_reset(hc_pose *pose);

/* ---------------------------------------------------------------- checksums */

/* SHA-256 of a file as 64 lowercase hex digits plus NUL. HC_ERR_NOT_FOUND / HC_ERR_OPEN. */
hc_status hc_sha256_file(const char *path, char hex[65], hc_error *error);

/* ---------------------------------------------------------------- ArUco marker drawing */

/* OpenCV's predefined dictionary ids (cv::aruco::PREDEFINED_DICTIONARY_NAME). */
#define HC_ARUCO_DICT_4X4_50 0

/* Render marker `marker_id` of a predefined dictionary into `out`, which must be side_px x
 * side_px (BGR; black and white only). border_bits is the black border width in cells (1 is
 * OpenCV's default). The marker has no white quiet zone: draw one around it. Uses
 * cv::aruco::drawMarker. HC_ERR_ARGUMENT for an unknown dictionary, an id out of range or a
 * side too small for the cells. */
hc_status hc_aruco_draw_marker(int32_t dictionary_id, int32_t marker_id, int32_t side_px,
                               int32_t border_bits, hc_image out, hc_error *error);

/* ---------------------------------------------------------------- ArUco marker detection */

/* Square fiducial markers (OpenCV 4.6 contrib aruco: getPredefinedDictionary, DetectorParameters::
 * create, detectMarkers with CORNER_REFINE_SUBPIX). OpenCV's corners are then refined by fitting a
 * straight line to each of the square's four outer edges (sub-pixel edge points along the
 * whole side, a robust fit) and intersecting the lines: on 14 px markers in H.264 video this
 * halves the centre error of OpenCV's corners (0.26 -> 0.16 px against the generator's truth).
 * Markers under ~24 px are detected and refined in a 2x (bicubic) upscaled copy: see `upscale`.
 *
 * Coordinates: image pixels of the frame given to hc_markers_detect, origin top-left, y down,
 * pixel centres at integers (OpenCV's convention). */

typedef struct hc_markers hc_markers;

typedef struct hc_markers_options {
    int32_t dictionary_id;       /* predefined dictionary (HC_ARUCO_DICT_4X4_50 = 0). Default 0. */
    float min_side_px;           /* smallest marker side to look for, pixels (>= 4). Sets OpenCV's
                                    minMarkerPerimeterRate. Default 10. */
    int32_t upscale;             /* 1: detect in the frame as is; 2: detect and refine in a 2x
                                    upscaled copy (about 3x the time); 0 (auto): detect as is;
                                    when a wanted id (hc_markers_set_wanted_ids; any id when none
                                    are set) is missing, detect again in the whole frame at 2x,
                                    else locate each marker under 24 px again in a 2x copy of a
                                    small window around it. Default 0. */
    int32_t edge_refinement;     /* 1: fit lines to the four edges (above); 0: OpenCV's
                                    CORNER_REFINE_SUBPIX corners as they are. Default 1. */
} hc_markers_options;

/* One detected marker. Corners in the marker's own order (0 = the top-left corner of the marker
 * as printed, then clockwise as printed). */
typedef struct hc_marker {
    int32_t id;
    float corners[8];            /* x0, y0, x1, y1, x2, y2, x3, y3 (sub-pixel) */
    float center_x, center_y;    /* intersection of the diagonals (the projected centre) */
} hc_marker;

/* The defaults documented above. */
void hc_markers_default_options(hc_markers_options *out);
/* A detector for one dictionary. HC_ERR_ARGUMENT (text in *error) for bad options. */
hc_status hc_markers_new(const hc_markers_options *options, hc_markers **out, hc_error *error);
void hc_markers_free(hc_markers *markers);
/* Last error text of this handle ("" if none). Valid until the next call on it. */
const char *hc_markers_error(const hc_markers *markers);
/* Restrict results to these ids (n = 0 clears: every id of the dictionary is reported). */
hc_status hc_markers_set_wanted_ids(hc_markers *markers, const int32_t *ids, int32_t n);
/* Detect markers in one BGR frame. Writes up to `capacity` markers to `out`, sorted by id (the
 * same id may appear more than once: a copy or a false match), and the number found to *count,
 * which may exceed capacity (the rest are dropped). Cost, one thread, 640x480 H.264 frames with
 * eight 15 px markers (a loaded 2-core machine): 11 ms at 1x, 23 ms auto, 36 ms at 2x. */
hc_status hc_markers_detect(hc_markers *markers, const uint8_t *bgr, int32_t width, int32_t height,
                            int32_t stride, hc_marker *out, int32_t capacity, int32_t *count);

/* ---------------------------------------------------------------- live window (highgui) */

/* Debian's highgui is Qt5: showing a window without a reachable display aborts the process
 * (docs/live.md, "What you see"). hc_display_probe answers without touching Qt: *out_available is 1 when
 * QT_QPA_PLATFORM is "offscreen" or "minimal" (Qt draws into memory), or when $DISPLAY names an
 * X server that accepts a connection (libX11.so.6 loaded with dlopen, XOpenDisplay, then
 * XCloseDisplay); 0 otherwise. The reason, either way, goes to reason->message. The X answer is
 * cached per $DISPLAY value. Thread-safe. */
hc_status hc_display_probe(int32_t *out_available, hc_error *reason);

typedef struct hc_window hc_window;

/* Open a resizable window of width x height pixels titled `title` (the title is its identity:
 * one window per title). Probes the display first: HC_ERR_STATE with the reason when there is
 * none, so highgui is never called without one. Call every hc_window_* function of a window
 * from the thread that opened it (Qt's GUI thread). */
hc_status hc_window_open(const char *title, int32_t width, int32_t height, hc_window **out,
                         hc_error *error);
/* Close the window (if still open) and free the handle. */
void hc_window_free(hc_window *window);
/* Last error text of this window ("" if none). Valid until the next call on it. */
const char *hc_window_error(const hc_window *window);
/* Show a BGR image (scaled to the window, aspect kept). HC_ERR_STATE once the window was closed. */
hc_status hc_window_show(hc_window *window, hc_image image);
/* Process window events for up to wait_ms milliseconds (at least 1): *out_key is the key pressed
 * (-1 for none; ASCII for printable keys, 27 for Escape), *out_closed is 1 once the person closed
 * the window. */
hc_status hc_window_poll(hc_window *window, int32_t wait_ms, int32_t *out_key, int32_t *out_closed);

#ifdef __cplusplus
}
#endif

#endif /* HC_CPOSESHIM_H */
