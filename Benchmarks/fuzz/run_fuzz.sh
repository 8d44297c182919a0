#!/usr/bin/env bash
# libFuzzer over the shim's untrusted-input code: the MP4/MOV box parser (container_boxes.cpp)
# and the video reader (frame_source.cpp through OpenCV 4.6's FFmpeg backend). Builds both
# targets with clang's -fsanitize=fuzzer,address, makes a seed corpus with ffmpeg, runs each
# target for a fixed time, and prints executions, corpus size and crashes (docs/fuzzing.md).
# Not part of `make test`.
#
#   Benchmarks/fuzz/run_fuzz.sh [SECONDS_PER_TARGET]     (default 120)
#   HC_FUZZ_DIR=/tmp/fz Benchmarks/fuzz/run_fuzz.sh 600  (work folder; default .build/fuzz)
#
# A crash leaves its input in $HC_FUZZ_DIR/crashes/; replay it with
#   $HC_FUZZ_DIR/fuzz_frame_reader $HC_FUZZ_DIR/crashes/crash-...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-120}
work=${HC_FUZZ_DIR:-$root/.build/fuzz}
shim=$root/Shims/CPoseShim
mkdir -p "$work/crashes"

# A clang whose runtime has libFuzzer: Swift's toolchain ships one (clang 21 here); Debian's
# clang needs the libclang-rt-dev package for it.
cxx=""
for candidate in "${CXX:-}" "$(dirname "$(command -v swift 2>/dev/null || echo /nonexistent)")/clang++" \
                 /opt/swift/usr/bin/clang++ "$(command -v clang++ 2>/dev/null || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    if echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long){return 0;}' |
        "$candidate" -x c++ -fsanitize=fuzzer - -o "$work/probe" 2>/dev/null; then cxx=$candidate; break; fi
done
[ -n "$cxx" ] || { echo "run_fuzz.sh: no clang++ with libFuzzer found (install Swift's toolchain or Debian's clang with libclang-rt-dev), or set CXX" >&2; exit 1; }
command -v ffmpeg >/dev/null || { echo "run_fuzz.sh: ffmpeg is needed for the seed corpus (apt-get install ffmpeg)" >&2; exit 1; }

flags=(-std=c++17 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address -I"$shim/include" -I"$shim/src")
read -r -a opencv_cflags <<< "$(pkg-config --cflags opencv4)"
read -r -a opencv_libs <<< "$(pkg-config --libs opencv4)"
echo "building with $cxx ($("$cxx" --version | head -1)); log in $work/build.log" >&2
# The linker's warnings about ASan's local symbols are noise: the log keeps them for a failure.
build() { "$cxx" "${flags[@]}" "${opencv_cflags[@]}" "$@" "${opencv_libs[@]}" >> "$work/build.log" 2>&1 ||
              { tail -30 "$work/build.log" >&2; exit 1; }; }
: > "$work/build.log"
build "$here/fuzz_container.cpp" "$shim/src/container_boxes.cpp" -o "$work/fuzz_container"
build "$here/fuzz_frame_reader.cpp" "$shim/src/frame_source.cpp" "$shim/src/container_boxes.cpp" \
    "$shim/src/color_matrix.cpp" "$shim/src/hdr_to_sdr.cpp" "$shim/src/library.cpp" -o "$work/fuzz_frame_reader"

# Seeds: tiny files of every format the reader meets (64 x 48, 4 frames), a rotated, a mirrored
# (written into tkhd) and an HDR-tagged one, and the moov boxes of the MP4/MOV ones.
seeds=$work/seeds
if [ ! -d "$seeds" ]; then
    mkdir -p "$seeds/files" "$seeds/moov"
    src=(-f lavfi -i testsrc=size=64x48:rate=10 -frames:v 4)
    ff() { ffmpeg -nostdin -v error -y "$@"; }
    ff "${src[@]}" -c:v libx264 -pix_fmt yuv420p "$seeds/files/h264.mp4"
    ff -i "$seeds/files/h264.mp4" -c copy -metadata:s:v:0 rotate=90 "$seeds/files/rotated.mp4"
    ff "${src[@]}" -c:v libx264 -pix_fmt yuv420p -colorspace bt709 -color_primaries bt709 -color_trc bt709 "$seeds/files/bt709.mov"
    ff "${src[@]}" -c:v libx265 -x265-params log-level=error -pix_fmt yuv420p10le -tag:v hvc1 \
        -color_primaries bt2020 -color_trc arib-std-b67 -colorspace bt2020nc "$seeds/files/hlg.mov" || true
    ff "${src[@]}" -c:v libvpx-vp9 -deadline realtime "$seeds/files/vp9.webm" || true
    ff "${src[@]}" -c:v libx264 "$seeds/files/h264.mkv"
    ff "${src[@]}" -c:v mjpeg "$seeds/files/mjpeg.avi"
    ff "${src[@]}" "$seeds/files/anim.gif"
    python3 - "$seeds" <<'PY'
import struct, sys, pathlib
seeds = pathlib.Path(sys.argv[1])
def boxes(data, start, end):
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack('>I4s', data[pos:pos + 8])
        if size < 8 or pos + size > end: return
        yield kind, pos, pos + size
        pos += size
h264 = (seeds / 'files/h264.mp4').read_bytes()
for kind, start, end in boxes(h264, 0, len(h264)):
    if kind == b'moov':
        # The same file with a mirrored display matrix (a front camera's): -1 in tkhd's 'a'.
        i = h264.index(b'tkhd', start)
        m = bytearray(h264)
        m[i + 4 + 40:i + 4 + 44] = struct.pack('>i', -65536)
        (seeds / 'files/mirrored.mp4').write_bytes(bytes(m))
for f in sorted((seeds / 'files').iterdir()):
    data = f.read_bytes()
    for kind, start, end in boxes(data, 0, len(data)):
        if kind == b'moov': (seeds / 'moov' / (f.name + '.moov')).write_bytes(data[start + 8:end])
PY
fi

run() {  # name, corpus seeds..., extra flags after --
    local name=$1; shift
    local corpus=$work/corpus-$name
    mkdir -p "$corpus"
    local log=$work/$name.log
    local dirs=() extra=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do dirs+=("$1"); shift; done
    [ $# -gt 0 ] && shift && extra=("$@")
    local status=0
    "$work/fuzz_$name" "$corpus" "${dirs[@]}" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$work/crashes/$name-" "${extra[@]}" > "$log" 2>&1 || status=$?
    local execs rate peak files bytes crashes
    execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1)
    rate=$(grep 'stat::average_exec_per_sec:' "$log" | awk '{print $2}' | tail -1)
    peak=$(grep 'stat::peak_rss_mb:' "$log" | awk '{print $2}' | tail -1)
    files=$(find "$corpus" -type f | wc -l)
    bytes=$(du -sb "$corpus" | awk '{print $1}')
    crashes=$(find "$work/crashes" -name "$name-*" -type f | wc -l)
    printf '%s: %s s, %s executions (%s/s), corpus %s files (%s bytes), peak RSS %s MB, crash/leak/timeout artifacts %s, exit %s\n' \
        "$name" "$seconds" "${execs:-?}" "${rate:-?}" "$files" "$bytes" "${peak:-?}" "$crashes" "$status" | tee -a "$work/results.txt"
}

date -u +"run at %Y-%m-%dT%H:%M:%SZ on $(nproc) cores" | tee -a "$work/results.txt"
run container "$seeds/moov" "$seeds/files" -- -max_len=65536
# Leaks are not checked here: OpenCV's and FFmpeg's own allocations at exit would be reported.
run frame_reader "$seeds/files" -- -max_len=65536 -timeout=20 -rss_limit_mb=4096 -detect_leaks=0
