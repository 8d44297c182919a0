/*
 * CPoseShim — HingeCheck's pure C boundary over OpenCV 4.6 (C++) and libjpeg.
 *
 * Rules of this header (STYLE.md, "Layering"):
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

/* Silence OpenCV's and FFmpeg's own log lines (they would interleave with the CLI's output).
 * `verbose` != 0 lets warnings through. Idempotent, thread-safe. */
void hc_set_library_logging(int verbose);

/* OpenCV's worker thread count for DNN and image operations (0 = OpenCV's default). */
void hc_set_num_threads(int32_t threads);

/* The OpenCV version string, e.g. "4.6.0" (static storage). */
const char *hc_opencv_version(void);

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
    int32_t rotation_deg;    /* rotation metadata of the container (0, 90, 180, 270) */
    int32_t rotation_applied;/* 1 if delivered frames are already rotated upright */
    char codec[8];           /* FOURCC as text, e.g. "h264"; empty if unknown */
    char backend[32];        /* OpenCV capture backend, e.g. "FFMPEG", "V4L2", "images" */
} hc_source_info;

/* One decoded frame. `data` is owned by the source and valid until the next
 * hc_source_read or hc_source_free on that source: read it without copying. */
typedef struct hc_frame {
    const uint8_t *data;
    int32_t width;
    int32_t height;
    int32_t stride;
    int64_t index;           /* 0-based frame index */
    double timestamp_s;      /* seconds from the source's start (stream time for files,
                                monotonic clock for cameras, index/fps for image folders) */
} hc_frame;

typedef struct hc_source hc_source;

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
/* Decode the next frame into the source's reused buffer. HC_END_OF_STREAM at the end. */
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

#ifdef __cplusplus
}
#endif

#endif /* HC_CPOSESHIM_H */
