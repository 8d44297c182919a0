#!/usr/bin/env bash
# memory_vs_length.sh [OUT_DIR] -- peak memory of the whole pipeline against video length.
#
# Generates two 1080p clips of the same scripted set with `hingecheck synth` (1 minute and 10
# minutes, 30 fps; reps with a long pause at the bottom so the lifter moves all along; no noise
# or blur, which makes 1080p rendering about 5x faster) unless they already exist in OUT_DIR, then
# runs `hingecheck analyze CLIP --json` and `hingecheck batch CLIP --report-video pictures` on each
# under /usr/bin/time -v and prints the peak resident memory (max RSS), the frames per second and
# the ratio 10 min / 1 min. The check passes when the 10-minute peak is within 1.5x of the
# 1-minute one.
#
# Needs .build/release/hingecheck (`swift build -c release`) and the models. On 2 cores: about
# 1 + 7 minutes to render, and about 1 + 10 minutes per command to analyse (more under load;
# docs/benchmarks.md has the latest figures).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
HC=${HINGECHECK:-$ROOT/.build/release/hingecheck}
OUT=${1:-$ROOT/out/memory}
[ -x "$HC" ] || { echo "memory_vs_length: $HC not found; build it with: swift build -c release" >&2; exit 1; }
mkdir -p "$OUT"

render() { # NAME SECONDS REPS
    [ -f "$OUT/$1.mp4" ] && return
    echo "rendering $1.mp4 ($2 s at 1920x1080)" >&2
    "$HC" synth --scenario deadlift-neutral --size 1920x1080 --fps 30 --duration "$2" --reps "$3" --pause 9.5 \
        --noise 0 --blur 0 --quiet -o "$OUT/$1.mp4"
}
render lift-1min-1080p 60 5
render lift-10min-1080p 600 50

measure() { # LABEL COMMAND... ; prints "LABEL seconds maxrss_kb"
    local label=$1; shift
    /usr/bin/time -v -o "$OUT/$label.time" "$@" >"$OUT/$label.out" 2>"$OUT/$label.err" || true
    local wall rss
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/$label.time")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/$label.time")
    echo "$label $(python3 -c "import sys; p=sys.argv[1].split(':'); s=0.0
for x in p: s=s*60+float(x)
print(s)" "$wall") $rss"
}

{
    for clip in lift-1min-1080p lift-10min-1080p; do
        measure "analyze-$clip" "$HC" analyze "$OUT/$clip.mp4" --json
        rm -rf "$OUT/batch-$clip"
        measure "batch-$clip" "$HC" batch "$OUT/$clip.mp4" --out "$OUT/batch-$clip" --jobs 1 --quiet
    done
} | tee "$OUT/results.txt"

python3 - "$OUT/results.txt" <<'EOF'
import sys
rows = {l.split()[0]: (float(l.split()[1]), int(l.split()[2])) for l in open(sys.argv[1]) if l.strip()}
frames = {"lift-1min-1080p": 1800, "lift-10min-1080p": 18000}
ok = True
for command in ("analyze", "batch"):
    a, b = rows[f"{command}-lift-1min-1080p"], rows[f"{command}-lift-10min-1080p"]
    ratio = b[1] / a[1]
    ok &= ratio <= 1.5
    print(f"{command:8} 1 min: {a[1] / 1024:6.0f} MB, {frames['lift-1min-1080p'] / a[0]:5.1f} fps | "
          f"10 min: {b[1] / 1024:6.0f} MB, {frames['lift-10min-1080p'] / b[0]:5.1f} fps | peak ratio {ratio:.2f} "
          f"({'within' if ratio <= 1.5 else 'ABOVE'} 1.5x)")
sys.exit(0 if ok else 1)
EOF
