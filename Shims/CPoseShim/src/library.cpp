// Library-wide settings: logging, threads.
#include "shim_internal.hpp"

#include <opencv2/core/utils/logger.hpp>

#include <cstdlib>
#include <mutex>

namespace {
std::once_flag g_logging_once;

void apply_logging() {
    // FFmpeg's own messages ("moov atom not found", ...) go straight to stderr unless
    // OpenCV is told otherwise; -8 is AV_LOG_QUIET. Respect a value the user set.
    setenv("OPENCV_FFMPEG_LOGLEVEL", "-8", 0);
    setenv("OPENCV_LOG_LEVEL", "SILENT", 0);
    // Don't probe GStreamer/gPhoto2 behind our back: they slow every start and can hang without a camera.
    setenv("OPENCV_VIDEOIO_PRIORITY_GSTREAMER", "0", 0);
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
}
}  // namespace

namespace hc {
void ensure_logging_configured() {
    std::call_once(g_logging_once, apply_logging);
}
}  // namespace hc

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

extern "C" void hc_buffer_free(void *buffer) {
    std::free(buffer);
}
