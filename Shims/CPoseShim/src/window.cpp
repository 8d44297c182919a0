// A highgui window for `hingecheck live`, behind a display check that cannot abort.
//
// Debian's highgui is built on Qt5: the first imshow/namedWindow without a reachable display
// makes Qt print "could not connect to display" and abort() the process, which no C++ handler
// catches (docs/live.md, "What you see"). So every window entry point first asks, without Qt, whether a
// display really accepts a connection: libX11 is loaded at run time (dlopen, so the shim does not
// link X11) and XOpenDisplay is tried on $DISPLAY. QT_QPA_PLATFORM=offscreen (Qt renders into
// memory and needs no display) also counts as available.
#include "shim_internal.hpp"

#include <opencv2/highgui.hpp>
#include <opencv2/imgproc.hpp>

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <string>

struct hc_window {
    std::string error;
    std::string title;
    bool open = false;
};

namespace {

// Qt's platform plugins that draw into memory (no display needed).
bool headless_qt_platform(std::string &why) {
    const char *platform = std::getenv("QT_QPA_PLATFORM");
    if (platform == nullptr) return false;
    std::string p(platform);
    if (p.rfind("offscreen", 0) == 0 || p.rfind("minimal", 0) == 0) {
        why = "QT_QPA_PLATFORM=" + p + " (Qt draws off screen)";
        return true;
    }
    return false;
}

// The probe result is cached per DISPLAY value: a connection attempt to a dead TCP display can
// take seconds, and the answer does not change while the process runs.
std::mutex g_probe_mutex;
std::string g_probed_display;
int g_probed_result = -1;
std::string g_probed_reason;

int probe_x_display(std::string &reason) {
    const char *display = std::getenv("DISPLAY");
    if (display == nullptr || display[0] == '\0') {
        reason = "DISPLAY is not set (no X server to show a window on)";
        return 0;
    }
    std::lock_guard<std::mutex> lock(g_probe_mutex);
    if (g_probed_result >= 0 && g_probed_display == display) {
        reason = g_probed_reason;
        return g_probed_result;
    }
    int result = 0;
    void *x11 = dlopen("libX11.so.6", RTLD_NOW | RTLD_LOCAL);
    if (x11 == nullptr) {
        reason = "libX11.so.6 cannot be loaded, so no X display can be reached";
    } else {
        using OpenFn = void *(*)(const char *);
        using CloseFn = int (*)(void *);
        auto open_display = reinterpret_cast<OpenFn>(dlsym(x11, "XOpenDisplay"));
        auto close_display = reinterpret_cast<CloseFn>(dlsym(x11, "XCloseDisplay"));
        if (open_display == nullptr || close_display == nullptr) {
            reason = "libX11.so.6 lacks XOpenDisplay/XCloseDisplay";
        } else if (void *connection = open_display(display)) {
            close_display(connection);
            result = 1;
            reason = std::string("X display ") + display + " accepts connections";
        } else {
            reason = std::string("X display ") + display + " does not accept a connection";
        }
        // libX11 stays loaded: unloading it after a connection can run atexit handlers late.
    }
    g_probed_display = display;
    g_probed_result = result;
    g_probed_reason = reason;
    return result;
}

int display_available(std::string &reason) {
    if (headless_qt_platform(reason)) return 1;
    return probe_x_display(reason);
}

hc_status set_error(hc_window *w, hc_status status, const std::string &text) {
    w->error = text;
    return status;
}

}  // namespace

extern "C" hc_status hc_display_probe(int32_t *out_available, hc_error *reason) {
    if (out_available == nullptr) return HC_ERR_ARGUMENT;
    try {
        std::string why;
        *out_available = display_available(why);
        if (reason != nullptr) hc::copy_text(reason->message, sizeof(reason->message), why);
        return HC_OK;
    } catch (...) {
        *out_available = 0;
        return hc::fail(reason, HC_ERR_INTERNAL, "display probe failed");
    }
}

extern "C" hc_status hc_window_open(const char *title, int32_t width, int32_t height, hc_window **out,
                                    hc_error *error) {
    if (out == nullptr || title == nullptr || width <= 0 || height <= 0) {
        return hc::fail(error, HC_ERR_ARGUMENT, "hc_window_open: a title, an out pointer and a positive size are needed");
    }
    *out = nullptr;
    std::string why;
    if (!display_available(why)) return hc::fail(error, HC_ERR_STATE, "no display: " + why);
    auto *window = new (std::nothrow) hc_window();
    if (window == nullptr) return hc::fail(error, HC_ERR_INTERNAL, "out of memory");
    window->title = title;
    hc_status status = hc::guarded(error, [&]() -> hc_status {
        hc::ensure_logging_configured();
        cv::namedWindow(window->title, cv::WINDOW_NORMAL | cv::WINDOW_KEEPRATIO | cv::WINDOW_GUI_NORMAL);
        cv::resizeWindow(window->title, width, height);
        window->open = true;
        return HC_OK;
    });
    if (status != HC_OK) {
        delete window;
        return status;
    }
    *out = window;
    return HC_OK;
}

extern "C" void hc_window_free(hc_window *window) {
    if (window == nullptr) return;
    try {
        if (window->open) {
            cv::destroyWindow(window->title);
            cv::waitKey(1);  // let Qt process the close
        }
    } catch (...) {
    }
    delete window;
}

extern "C" const char *hc_window_error(const hc_window *window) {
    return window == nullptr ? "" : window->error.c_str();
}

extern "C" hc_status hc_window_show(hc_window *window, hc_image image) {
    if (window == nullptr) return HC_ERR_ARGUMENT;
    if (!window->open) return set_error(window, HC_ERR_STATE, "the window was closed");
    cv::Mat mat;
    if (!hc::as_mat(image, mat)) return set_error(window, HC_ERR_ARGUMENT, "hc_window_show: bad image");
    return hc::guarded(window->error, [&]() -> hc_status {
        cv::imshow(window->title, mat);
        return HC_OK;
    });
}

extern "C" hc_status hc_window_poll(hc_window *window, int32_t wait_ms, int32_t *out_key, int32_t *out_closed) {
    if (window == nullptr || out_key == nullptr || out_closed == nullptr) return HC_ERR_ARGUMENT;
    *out_key = -1;
    *out_closed = window->open ? 0 : 1;
    if (!window->open) return HC_OK;
    return hc::guarded(window->error, [&]() -> hc_status {
        *out_key = cv::waitKey(wait_ms > 0 ? wait_ms : 1);
        // A window the person closed reports a negative (or zero) visibility.
        double visible = cv::getWindowProperty(window->title, cv::WND_PROP_VISIBLE);
        if (visible < 1) {
            window->open = false;
            *out_closed = 1;
        }
        return HC_OK;
    });
}
