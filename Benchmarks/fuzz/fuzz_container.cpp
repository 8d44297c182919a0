// libFuzzer target: the MP4/MOV box parser (Shims/CPoseShim/src/container_boxes.cpp) on
// untrusted bytes. Each input is parsed twice: as the body of a 'moov' box (parse_moov, the
// nested walk down to tkhd/stsd/colr) and as a whole file (read_container_facts: the top-level
// walk with seeks, then the same parse). Run by run_fuzz.sh; not part of `make test`.
#include "shim_internal.hpp"

#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace {
std::string scratch_path() {
    static const std::string path = "/tmp/hc-fuzz-container-" + std::to_string(getpid()) + ".mp4";
    return path;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    hc::container_facts facts = hc::parse_moov(data, size);
    // Every field a caller reads must be one of its documented values.
    if (facts.has_orientation && !facts.video_track) __builtin_trap();
    FILE *f = std::fopen(scratch_path().c_str(), "wb");
    if (f == nullptr) return 0;
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    (void)hc::read_container_facts(scratch_path());
    return 0;
}
