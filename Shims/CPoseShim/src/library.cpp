// Library-wide settings: logging, threads, version.
#include "shim_internal.hpp"

#include <opencv2/core/utils/logger.hpp>

#include <cstdlib>
#include <mutex>

namespace {
std::once_flag g_logging_once;
int g_verbose = 0;

void apply_logging() {
    // FFmpeg's own messages ("moov atom not found", ...) go straight to stderr unless
    // OpenCV is told otherwise; -8 is AV_LOG_QUIET. Respect a value the user set.
    setenv("OPENCV_FFMPEG_LOGLEVEL", g_verbose ? "24" : "-8", 0);
    setenv("OPENCV_LOG_LEVEL", g_verbose ? "WARNING" : "SILENT", 0);
    // Don't probe GStreamer/gPhoto2 behind our back: they slow every start and can hang without a camera.
    setenv("OPENCV_VIDEOIO_PRIORITY_GSTREAMER", "0", 0);
    cv::utils::logging::setLogLevel(g_verbose ? cv::utils::logging::LOG_LEVEL_WARNING
                                              : cv::utils::logging::LOG_LEVEL_SILENT);
}
}  // namespace

namespace hc {
void ensure_logging_configured() {
    std::call_once(g_logging_once, apply_logging);
}
}  // namespace hc

extern "C" void hc_set_library_logging(int verbose) {
    try {
        g_verbose = verbose;
        hc::ensure_logging_configured();
        cv::utils::logging::setLogLevel(verbose ? cv::utils::logging::LOG_LEVEL_WARNING
                                                : cv::utils::logging::LOG_LEVEL_SILENT);
    } catch (...) {
    }
}

namespace hc {

// cv::setNumThreads rebuilds OpenCV's TBB arena: a thread inside parallel_for_ on the old arena at
// that moment can crash (seen with several BlazePose handles in concurrent tests). Serialise the
// calls and skip the rebuild when the count does not change, which is every call after the first.
void set_num_threads(int threads) {
    static std::mutex lock;
    std::lock_guard<std::mutex> guard(lock);
    const int wanted = threads > 0 ? threads : -1;
    if (wanted > 0 && cv::getNumThreads() == wanted) return;
    cv::setNumThreads(wanted);
}

}  // namespace hc

extern "C" void hc_set_num_threads(int32_t threads) {
    try {
        hc::set_num_threads(threads);
    } catch (...) {
    }
}

extern "C" const char *hc_opencv_version(void) {
    return CV_VERSION;
}

extern "C" void hc_buffer_free(void *buffer) {
    std::free(buffer);
}
