// ArUco marker bitmaps (OpenCV 4.6 contrib aruco API) for the sample-video generator and
// printable marker sheets. Only drawing lives here; detection is a separate file.
#include "shim_internal.hpp"

#include <opencv2/aruco.hpp>
#include <opencv2/imgproc.hpp>

extern "C" hc_status hc_aruco_draw_marker(int32_t dictionary_id, int32_t marker_id, int32_t side_px,
                                          int32_t border_bits, hc_image out, hc_error *error) {
    return hc::guarded(error, [&]() -> hc_status {
        cv::Mat dst;
        if (!hc::as_mat(out, dst)) return hc::fail(error, HC_ERR_ARGUMENT, "invalid output image");
        if (out.width != side_px || out.height != side_px)
            return hc::fail(error, HC_ERR_ARGUMENT, "output image must be side_px x side_px");
        if (dictionary_id < cv::aruco::DICT_4X4_50 || dictionary_id > cv::aruco::DICT_APRILTAG_36h11)
            return hc::fail(error, HC_ERR_ARGUMENT, "unknown predefined ArUco dictionary id");
        if (border_bits < 1) return hc::fail(error, HC_ERR_ARGUMENT, "border_bits must be >= 1");
        cv::Ptr<cv::aruco::Dictionary> dict = cv::aruco::getPredefinedDictionary(
            static_cast<cv::aruco::PREDEFINED_DICTIONARY_NAME>(dictionary_id));
        if (marker_id < 0 || marker_id >= dict->bytesList.rows)
            return hc::fail(error, HC_ERR_ARGUMENT,
                            "marker id out of range for this dictionary (0..." +
                                std::to_string(dict->bytesList.rows - 1) + ")");
        if (side_px < dict->markerSize + 2 * border_bits)
            return hc::fail(error, HC_ERR_ARGUMENT, "side_px too small for the marker's cells");
        cv::Mat gray;
        cv::aruco::drawMarker(dict, marker_id, side_px, gray, border_bits);
        cv::cvtColor(gray, dst, cv::COLOR_GRAY2BGR);  // writes into the caller's pixels
        return HC_OK;
    });
}
