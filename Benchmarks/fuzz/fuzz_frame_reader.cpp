// libFuzzer target: the shim's video reader (hc_source_open_file / hc_source_read, through
// OpenCV 4.6's FFmpeg backend) on untrusted bytes written to a file, the way a user's damaged
// or hostile video reaches it. Only the shim is instrumented (ASan + coverage); a crash inside
// FFmpeg still stops the run and is reported. Run by run_fuzz.sh; not part of `make test`.
#include "CPoseShim.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const std::string path = "/tmp/hc-fuzz-reader-" + std::to_string(getpid()) + ".mp4";
    FILE *f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return 0;
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    hc_source *source = nullptr;
    if (hc_source_new(&source) != HC_OK) return 0;
    if (hc_source_open_file(source, path.c_str()) == HC_OK) {
        hc_source_info info;
        if (hc_source_get_info(source, &info) != HC_OK) __builtin_trap();
        hc_frame frame;
        double previous = -1;
        // Bounded: a hostile header may declare millions of frames.
        for (int i = 0; i < 64 && hc_source_read(source, &frame) == HC_OK; ++i) {
            // Times never go backwards (the LandmarkStream contract), whatever the file says.
            if (!(frame.timestamp_s >= previous)) __builtin_trap();
            previous = frame.timestamp_s;
            // The contract of hc_frame: a whole BGR image inside the buffer, increasing times.
            if (frame.width <= 0 || frame.height <= 0 || frame.stride < 3 * frame.width) __builtin_trap();
            volatile uint8_t last = frame.data[static_cast<size_t>(frame.height - 1) * frame.stride + 3 * frame.width - 1];
            (void)last;
            if (frame.skipped_before < 0) __builtin_trap();
        }
    }
    hc_source_free(source);
    return 0;
}
