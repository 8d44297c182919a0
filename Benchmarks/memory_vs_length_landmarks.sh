#!/usr/bin/env bash
# memory_vs_length_landmarks.sh SOURCE.jsonl [OUT_DIR] [MINUTES...] -- peak memory of `report` and
# `analyze --report` against recording length, without video (no networks: seconds, not hours).
#
# Makes a long landmark file per length from SOURCE (a real clip's landmark file, e.g. from
# `hingecheck landmarks VIDEO -o clip.jsonl`): its frames repeated in order, index and time
# renumbered at its frame rate, the header kept. Then runs, under /usr/bin/time -v,
#   hingecheck report LONG.jsonl --out DIR
#   hingecheck analyze LONG.jsonl --report DIR
#   hingecheck analyze LONG.jsonl --json
# and prints the peak resident memory (max RSS) and wall time of each. HINGECHECK picks the
# binary (default .build/release/hingecheck), so an older build can be measured the same way.
# Default lengths: 1 and 10 minutes. docs/benchmarks.md ("Memory against video length") has
# the latest figures.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
HC=${HINGECHECK:-$ROOT/.build/release/hingecheck}
SRC=${1:?usage: memory_vs_length_landmarks.sh SOURCE.jsonl [OUT_DIR] [MINUTES...]}
OUT=${2:-$ROOT/out/memory-landmarks}
shift $(( $# >= 2 ? 2 : 1 ))
MINUTES=("$@")
[ ${#MINUTES[@]} -gt 0 ] || MINUTES=(1 10)
[ -x "$HC" ] || { echo "memory_vs_length_landmarks: $HC not found; build it with: swift build -c release" >&2; exit 1; }
mkdir -p "$OUT"

for m in "${MINUTES[@]}"; do
    long="$OUT/long-${m}min.jsonl"
    [ -f "$long" ] || python3 - "$SRC" "$m" "$long" <<'PY'
import json, sys
src, minutes, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
lines = open(src).read().splitlines()
fps = json.loads(lines[0]).get("fps") or 30
frames = [json.loads(l) for l in lines[1:] if l.strip()]
with open(out, "w") as f:
    f.write(lines[0] + "\n")
    for k in range(int(round(minutes * 60 * fps))):
        d = dict(frames[k % len(frames)])
        d["i"], d["t"] = k, k / fps
        f.write(json.dumps(d, separators=(",", ":")) + "\n")
PY
    frames=$(( $(wc -l < "$long") - 1 ))
    for command in report analyze-report analyze-json; do
        rm -rf "$OUT/$command-$m"
        case $command in
            report) args=(report "$long" --out "$OUT/$command-$m") ;;
            analyze-report) args=(analyze "$long" --report "$OUT/$command-$m") ;;
            analyze-json) args=(analyze "$long" --json) ;;
        esac
        /usr/bin/time -v -o "$OUT/$command-$m.time" "$HC" "${args[@]}" >"$OUT/$command-$m.out" 2>"$OUT/$command-$m.err" || true
        rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/$command-$m.time")
        wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/$command-$m.time")
        printf '%-15s %4s min %7d frames  peak %5d MB  %s\n' "$command" "$m" "$frames" $((rss / 1024)) "$wall"
    done
done
