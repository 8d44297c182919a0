#!/usr/bin/env bash
# Live analysis cost per frame and verdict latency, minute by minute, over a generated 60-minute
# session replayed through the live cue path (issue #20): the rolling AnalysisSession keeps them
# flat; the whole-retention baseline (the live path before it) is shown for the first minutes.
#
#   bash Benchmarks/live_flat_cost.sh                       # 60 min, baseline 5 min
#   MINUTES=10 WHOLE_MINUTES=3 bash Benchmarks/live_flat_cost.sh
#
# No video, no networks: the frames are SyntheticLift's (spine points, 30 fps), made as they are
# replayed. Release build of Benchmarks/LiveReplay (built on first use, about 3 minutes).
set -euo pipefail
cd "$(dirname "$0")"
MINUTES="${MINUTES:-60}"
WHOLE_MINUTES="${WHOLE_MINUTES:-5}"
swift build -c release --product LiveReplay >/dev/null
echo "command: swift run -c release --package-path Benchmarks LiveReplay --minutes $MINUTES --whole-minutes $WHOLE_MINUTES"
./.build/release/LiveReplay --minutes "$MINUTES" --whole-minutes "$WHOLE_MINUTES"
