#!/usr/bin/env bash
# run_comparison.sh [CLIPS_DIR] [OUT_DIR] -- HingeCheck's BlazePose against MediaPipe's own, on real clips.
#
# For every clip of CLIPS_DIR/labels.json whose "view" is "side" (default CLIPS_DIR:
# /work/shared/realclips; the clips are never copied anywhere):
#   video:  mediapipe_reference.py and `hingecheck landmarks` each decode the video themselves
#           (each with its own FFmpeg build) and use their own clock: what a user gets;
#   pixels: the video is decoded once into lossless PNGs (OUT_DIR/frames, deleted afterwards) and
#           both read the same frames at MediaPipe's simulated 30 fps clock: the pipelines alone.
# Then compare_landmarks.py prints median / p95 pixel deviation and the share of frames found, and
# a speed line gives both tools' frames per second on the longest clip (decode included), run one
# after the other on the otherwise idle machine.
#
# Needs: .build/release/hingecheck (`swift build -c release`), the models (`hingecheck models
# install`), and a venv with mediapipe==0.10.14 (Python 3.11): MP_VENV (default
# ~/.cache/hingecheck/mediapipe-venv) is created with `python3.11 -m venv` and pip if missing.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CLIPS=${1:-/work/shared/realclips}
OUT=${2:-$ROOT/out/peers}
HC=${HINGECHECK:-$ROOT/.build/release/hingecheck}
MP_VENV=${MP_VENV:-$HOME/.cache/hingecheck/mediapipe-venv}
THREADS=${THREADS:-2}

[ -x "$HC" ] || { echo "run_comparison: $HC not found; build it with: swift build -c release" >&2; exit 1; }
[ -f "$CLIPS/labels.json" ] || { echo "run_comparison: $CLIPS/labels.json not found" >&2; exit 1; }
if [ ! -x "$MP_VENV/bin/python" ] || ! "$MP_VENV/bin/python" -c 'import mediapipe' 2>/dev/null; then
    echo "run_comparison: creating $MP_VENV with mediapipe==0.10.14" >&2
    python3.11 -m venv "$MP_VENV"
    "$MP_VENV/bin/pip" install --quiet mediapipe==0.10.14
fi
PY=$MP_VENV/bin/python
mkdir -p "$OUT/ref" "$OUT/hc" "$OUT/ref-pixels" "$OUT/hc-pixels" "$OUT/frames"

CLIP_LIST=$(python3 -c 'import json,sys; print(" ".join(c["file"] for c in json.load(open(sys.argv[1]))["clips"] if c["view"] == "side"))' "$CLIPS/labels.json")
for file in $CLIP_LIST; do
    name=${file%.*}
    echo "== $name" >&2
    "$PY" "$HERE/mediapipe_reference.py" "$CLIPS/$file" -o "$OUT/ref/$name.jsonl" 2>/dev/null
    "$HC" landmarks "$CLIPS/$file" -o "$OUT/hc/$name.jsonl" --threads "$THREADS" --quiet 2>/dev/null
    frames=$OUT/frames/$name
    "$PY" "$HERE/mediapipe_reference.py" "$CLIPS/$file" --dump-frames "$frames" 2>/dev/null
    "$PY" "$HERE/mediapipe_reference.py" "$frames" -o "$OUT/ref-pixels/$name.jsonl" --fps 30 2>/dev/null
    "$HC" landmarks "$frames" -o "$OUT/hc-pixels/$name.jsonl" --folder-fps 30 --threads "$THREADS" --quiet 2>/dev/null
    rm -rf "$frames"
    python3 "$HERE/compare_landmarks.py" "$OUT/ref/$name.jsonl" "$OUT/hc/$name.jsonl" --json >"$OUT/$name.video.json" || true
    python3 "$HERE/compare_landmarks.py" "$OUT/ref-pixels/$name.jsonl" "$OUT/hc-pixels/$name.jsonl" --json >"$OUT/$name.pixels.json" || true
done

python3 - "$OUT" $CLIP_LIST <<'EOF'
import json, os, sys
out, files = sys.argv[1], sys.argv[2:]
print(f"{'clip':24} {'frames':>6} | {'same pixels: median':>19} {'p95':>6} {'found':>6} | {'own decoders: median':>20} {'p95':>6} {'found':>6}")
for f in files:
    name = os.path.splitext(f)[0]
    p = json.load(open(os.path.join(out, name + ".pixels.json")))
    v = json.load(open(os.path.join(out, name + ".video.json")))
    print(f"{name:24} {v['frames']:6d} | {p['median_px']:17.2f}px {p['p95_px']:4.2f}px {100*p['found_share']:5.1f}% |"
          f" {v['median_px']:18.2f}px {v['p95_px']:4.2f}px {100*v['found_share']:5.1f}%")
EOF

# Speed: the longest side clip, decode included, one tool after the other.
longest=$(python3 -c 'import json,sys; c=[c for c in json.load(open(sys.argv[1]))["clips"] if c["view"]=="side"]; print(max(c, key=lambda c: c.get("reps", 0))["file"])' "$CLIPS/labels.json")
frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$CLIPS/$longest" 2>/dev/null || echo 0)
t0=$(date +%s.%N); "$HC" landmarks "$CLIPS/$longest" -o "$OUT/speed-hc.jsonl" --threads "$THREADS" --quiet 2>/dev/null; t1=$(date +%s.%N)
"$PY" "$HERE/mediapipe_reference.py" "$CLIPS/$longest" -o "$OUT/speed-mp.jsonl" 2>/dev/null
python3 - "$OUT/speed-mp.jsonl" "$frames" "$t0" "$t1" "$longest" <<'EOF'
import json, sys
mp = json.loads(open(sys.argv[1]).read().strip().split("\n")[-1])["summary"]
frames, t0, t1 = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
hc_fps = frames / (t1 - t0)
print(f"speed on {sys.argv[5]} ({frames} frames, decode included): HingeCheck {hc_fps:.1f} fps "
      f"(process start to exit, model loading included), MediaPipe {mp['fps']:.1f} fps; ratio {hc_fps / mp['fps']:.2f}")
EOF
