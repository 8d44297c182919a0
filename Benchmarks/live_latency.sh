#!/usr/bin/env bash
# Capture-to-cue latency of `hingecheck live` at 30 fps input (issue 7), on the sample clips
# played in real time as if they were a camera (--realtime: frames the processing cannot take
# in time are dropped and counted). Prints p50/p95 latency and the frame-drop rate per run.
#
#   bash Benchmarks/live_latency.sh            # release build (built first if missing)
#   HINGECHECK=.build/debug/hingecheck bash Benchmarks/live_latency.sh
#   RUNS="markers blazepose" bash Benchmarks/live_latency.sh
#
# Runs: markers (rdl-markers.mp4, ArUco markers), blazepose (deadlift-fatigue.mp4, BlazePose
# full + segmentation mask), blazepose-view (the same with --serve and one viewer reading the
# MJPEG stream in real time with curl, so every processed frame is also drawn and JPEG-encoded).
# BlazePose runs need the models (`hingecheck models install`).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-$(mktemp -d /tmp/hingecheck-live-latency.XXXXXX)}"
RUNS="${RUNS:-markers blazepose blazepose-view}"
if [ -z "${HINGECHECK:-}" ]; then
  HINGECHECK=.build-live-release/release/hingecheck
  if [ ! -x "$HINGECHECK" ]; then
    swift build -c release --scratch-path .build-live-release --product hingecheck
  fi
fi
echo "binary: $HINGECHECK   machine: $(nproc) cores, $(uname -m)   results: $OUT"

run_live() { # name, extra args...
  local name=$1; shift
  local cmd=("$HINGECHECK" live --realtime --no-window --no-sound --latency-report "$OUT/$name.json" "$@")
  echo "== $name: ${cmd[*]}"
  "${cmd[@]}" > "$OUT/$name.stdout" 2> "$OUT/$name.stderr" || { echo "   failed: see $OUT/$name.stderr"; tail -3 "$OUT/$name.stderr"; return 0; }
  grep -E "capture-to-(cue|picture)" "$OUT/$name.stderr" | sed 's/^/   /'
}

for run in $RUNS; do
  case $run in
    markers)
      run_live markers --source SampleVideos/rdl-markers.mp4 --landmarks markers ;;
    blazepose)
      run_live blazepose --source SampleVideos/deadlift-fatigue.mp4 ;;
    blazepose-view)
      port=$((18000 + RANDOM % 1000))
      ( sleep 1.5; curl -s --max-time 15 "http://127.0.0.1:$port/video.mjpeg" -o "$OUT/view.mjpeg" || true ) &
      run_live blazepose-view --source SampleVideos/deadlift-fatigue.mp4 --serve "127.0.0.1:$port"
      wait ;;
    *) echo "unknown run $run" ;;
  esac
done

python3 - "$OUT" $RUNS <<'PY'
import json, os, sys
out = sys.argv[1]
print()
print("| run | frames in | processed | dropped | drop rate | cue p50 ms | cue p95 ms | picture p95 ms | flagged reps | cued reps |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name in sys.argv[2:]:
    p = os.path.join(out, name + ".json")
    if not os.path.exists(p): continue
    r = json.load(open(p)); l = r["latency"]; v = r.get("renderLatency")
    print(f"| {name} | {l['framesCaptured']} | {l['framesProcessed']} | {l['framesDropped']} | {100*l['dropRate']:.1f}% | "
          f"{l['p50Ms']:.0f} | {l['p95Ms']:.0f} | {v['p95Ms'] if v else '-':{'.0f' if v else ''}} | {r['repsFlagged']} | {r['repsCuedLost']} |")
PY
