// Image files, resizing, overlay drawing and the generator's blur/noise. Anti-aliased
// drawing uses OpenCV's fixed-point sub-pixel coordinates (shift = 4, i.e. 1/16 pixel).
#include "shim_internal.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <vector>

namespace {

constexpr int kShift = 4;
constexpr float kScale = 16.0f;

cv::Point fixed(float x, float y) {
    return cv::Point(static_cast<int>(std::lround(x * kScale)), static_cast<int>(std::lround(y * kScale)));
}

cv::Scalar scalar(hc_color c) { return cv::Scalar(c.b, c.g, c.r); }

int thick(float t) { return t < 0 ? cv::FILLED : std::max(1, static_cast<int>(std::lround(t))); }

bool finite_all(std::initializer_list<float> values) {
    for (float v : values)
        if (!std::isfinite(v)) return false;
    return true;
}

template <typename Body>
hc_status draw(hc_image image, Body &&body) {
    std::string text;
    return hc::guarded(text, [&]() -> hc_status {
        cv::Mat mat;
        if (!hc::as_mat(image, mat)) return HC_ERR_ARGUMENT;
        return body(mat);
    });
}

hc_status copy_out(const cv::Mat &bgr, uint8_t **out_pixels, int32_t *w, int32_t *h) {
    size_t row = static_cast<size_t>(bgr.cols) * 3;
    auto *buffer = static_cast<uint8_t *>(std::malloc(row * static_cast<size_t>(bgr.rows)));
    if (buffer == nullptr) return HC_ERR_INTERNAL;
    for (int y = 0; y < bgr.rows; ++y) std::memcpy(buffer + row * y, bgr.ptr(y), row);
    *out_pixels = buffer;
    *w = bgr.cols;
    *h = bgr.rows;
    return HC_OK;
}

}  // namespace

extern "C" hc_status hc_image_read(const char *path, uint8_t **out_pixels, int32_t *out_width,
                                   int32_t *out_height, hc_error *error) {
    if (path == nullptr || out_pixels == nullptr || out_width == nullptr || out_height == nullptr)
        return HC_ERR_ARGUMENT;
    return hc::guarded(error, [&]() -> hc_status {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) return hc::fail(error, HC_ERR_NOT_FOUND, "no such file");
        if (std::filesystem::is_directory(path, ec))
            return hc::fail(error, HC_ERR_OPEN, "is a directory, expected an image file");
        cv::Mat img = cv::imread(path, cv::IMREAD_COLOR);
        if (img.empty()) return hc::fail(error, HC_ERR_DECODE, "not a readable image");
        return copy_out(img, out_pixels, out_width, out_height);
    });
}

extern "C" hc_status hc_image_write(const char *path, hc_image image, hc_error *error) {
    if (path == nullptr) return HC_ERR_ARGUMENT;
    return hc::guarded(error, [&]() -> hc_status {
        cv::Mat mat;
        if (!hc::as_mat(image, mat)) return hc::fail(error, HC_ERR_ARGUMENT, "invalid image");
        if (!cv::imwrite(path, mat)) return hc::fail(error, HC_ERR_ENCODE, "cannot write image");
        return HC_OK;
    });
}

extern "C" hc_status hc_image_resize(hc_image src, hc_image dst, hc_error *error) {
    return hc::guarded(error, [&]() -> hc_status {
        cv::Mat a, b;
        if (!hc::as_mat(src, a) || !hc::as_mat(dst, b))
            return hc::fail(error, HC_ERR_ARGUMENT, "invalid image");
        cv::resize(a, b, b.size(), 0, 0, cv::INTER_LINEAR);
        return HC_OK;
    });
}

extern "C" hc_status hc_draw_line(hc_image image, float x0, float y0, float x1, float y1,
                                  hc_color color, float thickness) {
    if (!finite_all({x0, y0, x1, y1, thickness})) return HC_ERR_ARGUMENT;
    return draw(image, [&](cv::Mat &m) {
        cv::line(m, fixed(x0, y0), fixed(x1, y1), scalar(color), std::max(1, thick(thickness)),
                 cv::LINE_AA, kShift);
        return HC_OK;
    });
}

extern "C" hc_status hc_draw_circle(hc_image image, float cx, float cy, float radius, hc_color color,
                                    float thickness) {
    if (!finite_all({cx, cy, radius, thickness}) || radius < 0) return HC_ERR_ARGUMENT;
    return draw(image, [&](cv::Mat &m) {
        cv::circle(m, fixed(cx, cy), static_cast<int>(std::lround(radius * kScale)), scalar(color),
                   thick(thickness), cv::LINE_AA, kShift);
        return HC_OK;
    });
}

extern "C" hc_status hc_draw_ellipse(hc_image image, float cx, float cy, float half_width,
                                     float half_height, float angle_deg, hc_color color,
                                     float thickness) {
    if (!finite_all({cx, cy, half_width, half_height, angle_deg, thickness}) || half_width < 0 ||
        half_height < 0)
        return HC_ERR_ARGUMENT;
    return draw(image, [&](cv::Mat &m) {
        cv::Size axes(static_cast<int>(std::lround(half_width * kScale)),
                      static_cast<int>(std::lround(half_height * kScale)));
        cv::ellipse(m, fixed(cx, cy), axes, angle_deg, 0, 360, scalar(color), thick(thickness),
                    cv::LINE_AA, kShift);
        return HC_OK;
    });
}

namespace {
bool points_from(const float *xy, int32_t n, std::vector<cv::Point> &pts) {
    if (xy == nullptr || n < 2) return false;
    pts.reserve(static_cast<size_t>(n));
    for (int32_t i = 0; i < n; ++i) {
        if (!std::isfinite(xy[2 * i]) || !std::isfinite(xy[2 * i + 1])) return false;
        pts.push_back(fixed(xy[2 * i], xy[2 * i + 1]));
    }
    return true;
}
}  // namespace

extern "C" hc_status hc_draw_polygon(hc_image image, const float *xy, int32_t n, hc_color color,
                                     int32_t filled, float thickness) {
    std::vector<cv::Point> pts;
    if (!points_from(xy, n, pts)) return HC_ERR_ARGUMENT;
    return draw(image, [&](cv::Mat &m) {
        std::vector<std::vector<cv::Point>> polys{pts};
        if (filled)
            cv::fillPoly(m, polys, scalar(color), cv::LINE_AA, kShift);
        else
            cv::polylines(m, polys, true, scalar(color), std::max(1, thick(thickness)), cv::LINE_AA, kShift);
        return HC_OK;
    });
}

extern "C" hc_status hc_draw_polyline(hc_image image, const float *xy, int32_t n, hc_color color,
                                      float thickness) {
    std::vector<cv::Point> pts;
    if (!points_from(xy, n, pts)) return HC_ERR_ARGUMENT;
    return draw(image, [&](cv::Mat &m) {
        std::vector<std::vector<cv::Point>> polys{pts};
        cv::polylines(m, polys, false, scalar(color), std::max(1, thick(thickness)), cv::LINE_AA, kShift);
        return HC_OK;
    });
}

extern "C" hc_status hc_draw_text(hc_image image, const char *text, float x, float y, float height_px,
                                  hc_color color, float thickness) {
    if (text == nullptr || !finite_all({x, y, height_px, thickness}) || height_px <= 0)
        return HC_ERR_ARGUMENT;
    return draw(image, [&](cv::Mat &m) {
        // FONT_HERSHEY_SIMPLEX's cap height is about 22 px at scale 1.
        double scale = height_px / 22.0;
        cv::putText(m, text, cv::Point(static_cast<int>(x), static_cast<int>(y)),
                    cv::FONT_HERSHEY_SIMPLEX, scale, scalar(color), std::max(1, thick(thickness)),
                    cv::LINE_AA);
        return HC_OK;
    });
}

extern "C" hc_status hc_draw_rect(hc_image image, float x, float y, float width, float height,
                                  hc_color color, float alpha) {
    if (!finite_all({x, y, width, height, alpha})) return HC_ERR_ARGUMENT;
    return draw(image, [&](cv::Mat &m) {
        cv::Rect r(static_cast<int>(std::floor(x)), static_cast<int>(std::floor(y)),
                   static_cast<int>(std::ceil(width)), static_cast<int>(std::ceil(height)));
        r &= cv::Rect(0, 0, m.cols, m.rows);
        if (r.area() == 0) return HC_OK;
        cv::Mat roi = m(r);
        float a = std::min(1.0f, std::max(0.0f, alpha));
        cv::Mat fill(roi.size(), roi.type(), scalar(color));
        cv::addWeighted(fill, a, roi, 1.0 - a, 0.0, roi);
        return HC_OK;
    });
}

extern "C" hc_status hc_image_blur(hc_image image, float sigma) {
    if (!std::isfinite(sigma) || sigma < 0) return HC_ERR_ARGUMENT;
    return draw(image, [&](cv::Mat &m) {
        if (sigma > 0) cv::GaussianBlur(m, m, cv::Size(0, 0), sigma, sigma, cv::BORDER_REPLICATE);
        return HC_OK;
    });
}

extern "C" hc_status hc_image_add_noise(hc_image image, float stddev, uint64_t seed) {
    if (!std::isfinite(stddev) || stddev < 0) return HC_ERR_ARGUMENT;
    return draw(image, [&](cv::Mat &m) {
        if (stddev == 0) return HC_OK;
        // std::mt19937_64 is specified by the standard: the same seed gives the same noise
        // everywhere (cv::RNG would too, but ties us to OpenCV's implementation).
        std::mt19937_64 rng(seed);
        for (int y = 0; y < m.rows; ++y) {
            uint8_t *row = m.ptr<uint8_t>(y);
            for (int i = 0; i < m.cols * 3; ++i) {
                // Sum of 4 uniforms: cheap, deterministic, close to Gaussian.
                double u = 0;
                for (int k = 0; k < 4; ++k) u += static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
                double v = row[i] + (u - 2.0) * stddev * 1.7320508;
                row[i] = static_cast<uint8_t>(std::min(255.0, std::max(0.0, std::round(v))));
            }
        }
        return HC_OK;
    });
}
