#!/usr/bin/env python3
"""How fragile is the markerless verdict's window? (docs/measurements.md, issue 5)

Reads what `realclips.py` leaves in its output folder (per clip: the analysis JSON and the
landmark file with the dorsal contour of every frame) and recomputes, per rep, the lower-back
angle with other trunk-length windows: a least-squares line of the outline's depth over the
window, against the trunk axis (ContourAngles.lowerBackAngleDeg), on the rays after the 3-ray
median, smoothed over time with shear-guard's 0.3 s moving median, over the frames within 10 deg
of the rep's peak trunk inclination (shear-guard's judged frames; this script does not add the
0.3 s minimum around the deepest frame). It prints, per window, the per-rep median / maximum on
the side-view clips labelled "no" and "yes", and whether a 0 deg threshold keeps them apart; and,
for the live view's provisional cue (every loaded frame, 0.1 s median), the share of loaded frames
at or over 0 deg on each side.

Self-check: for the window the analysis uses (0-0.5) a rep whose maximum is >= 0 should be one
the analysis flagged, and the other way round; disagreements are listed (they may come from the
minimum-duration rule or the 0.3 s minimum window, which this emulation leaves out).

Usage: python3 Benchmarks/validation/realclips.py --out DIR   (first, once)
       python3 Benchmarks/validation/contour_windows.py DIR [--clips ../shared/realclips]
"""
import argparse
import json
import math
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
WINDOWS = [(0.0, 0.5), (0.05, 0.5), (0.1, 0.5), (0.0, 0.4), (0.0, 0.6)]


def median_of_3(depths):
    out = list(depths)
    for i in range(1, len(depths) - 1):
        if depths[i] is None:
            continue
        near = [d for d in depths[i - 1:i + 2] if d is not None]
        if len(near) == 3:
            out[i] = sorted(near)[1]
        elif len(near) == 2:
            out[i] = sum(near) / 2
    return out


def lower_back_deg(dorsal, window):
    hip, shoulder = dorsal["hip"], dorsal["shoulder"]
    length = math.dist((hip["x"], hip["y"]), (shoulder["x"], shoulder["y"]))
    depths = median_of_3(dorsal["depths"])
    last = len(depths) - 1
    pts = [(i / last * length, d) for i, d in enumerate(depths)
           if d is not None and window[0] <= i / last <= window[1]]
    if len(pts) < 4:
        return None
    n = len(pts)
    sx = sum(x for x, _ in pts); sy = sum(y for _, y in pts)
    sxx = sum(x * x for x, _ in pts); sxy = sum(x * y for x, y in pts)
    den = n * sxx - sx * sx
    return math.degrees(math.atan((n * sxy - sx * sy) / den)) if den > 1e-9 else None


def inclination_deg(dorsal):
    dx = dorsal["shoulder"]["x"] - dorsal["hip"]["x"]
    dy = dorsal["shoulder"]["y"] - dorsal["hip"]["y"]
    return math.degrees(math.atan2(abs(dx), -dy))


def per_rep(frames, fps, doc, window):
    """(median, maximum) of the smoothed angle over each rep's judged frames; None when unknown."""
    raw = [lower_back_deg(f["dorsal"], window) if f.get("dorsal") else None for f in frames]
    incl = [inclination_deg(f["dorsal"]) if f.get("dorsal") else None for f in frames]
    radius = round(0.3 * fps) // 2
    smooth = []
    for i, v in enumerate(raw):
        near = [x for x in raw[max(0, i - radius):i + radius + 1] if x is not None]
        smooth.append(statistics.median(near) if v is not None and near else None)
    out = []
    for rep in doc["reps"]:
        peak = rep["peak_trunk_inclination_deg"]
        a, b = round(rep["start_s"] * fps), min(len(frames) - 1, round(rep["end_s"] * fps))
        values = [smooth[j] for j in range(a, b + 1)
                  if peak is not None and incl[j] is not None and incl[j] >= peak - 10 and smooth[j] is not None]
        out.append((statistics.median(values), max(values)) if values else None)
    return out


def live_cue_share(frames, fps, window=(0.0, 0.5)):
    """(loaded frames, of them at or over 0 deg): the live view's provisional cue, which looks at
    every loaded frame (trunk >= 30 deg) with a 0.1 s median, not only at the rep's bottom."""
    raw = [lower_back_deg(f["dorsal"], window) if f.get("dorsal") else None for f in frames]
    incl = [inclination_deg(f["dorsal"]) if f.get("dorsal") else None for f in frames]
    radius = round(0.1 * fps) // 2
    loaded = over = 0
    for i, v in enumerate(raw):
        if v is None or incl[i] is None or incl[i] < 30:
            continue
        loaded += 1
        over += statistics.median(x for x in raw[max(0, i - radius):i + radius + 1] if x is not None) >= 0
    return loaded, over


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", help="realclips.py's --out folder")
    ap.add_argument("--clips", default=os.path.join(REPO, "..", "shared", "realclips"))
    args = ap.parse_args()
    labels_path = os.path.join(args.clips, "labels.json")
    if not os.path.exists(labels_path):
        print(f"skipped: no real clips at {args.clips}")
        return 0
    clips = []
    for clip in json.load(open(labels_path))["clips"]:
        if clip["view"] != "side" or clip["rounding"] not in ("yes", "no"):
            continue
        base = os.path.join(args.folder, clip["file"].replace(".mp4", ""))
        if not (os.path.exists(base + ".json") and os.path.exists(base + ".jsonl")):
            print(f"error: {base}.json/.jsonl missing: run realclips.py --out {args.folder} first", file=sys.stderr)
            return 2
        lines = open(base + ".jsonl").read().splitlines()
        header = json.loads(lines[0])
        clips.append((clip, header["fps"], [json.loads(l) for l in lines[1:]], json.load(open(base + ".json"))))

    disagreements = []
    for window in WINDOWS:
        worst = {"no": [], "yes": []}
        for clip, fps, frames, doc in clips:
            reps = per_rep(frames, fps, doc, window)
            for rep, values in zip(doc["reps"], reps):
                if values is None:
                    continue
                worst[clip["rounding"]].append(values)
                if window == (0.0, 0.5) and (values[1] >= 0) != bool(rep["posture_lost"]):
                    disagreements.append(f"{clip['file']} rep {rep['index']}: max {values[1]:+.1f}, posture_lost {rep['posture_lost']}")
        neutral = (max(m for m, _ in worst["no"]), max(x for _, x in worst["no"]))
        rounded = (min(m for m, _ in worst["yes"]), min(x for _, x in worst["yes"]))
        apart = neutral[1] < 0 <= rounded[1]
        print(f"window {window[0]:.2f}-{window[1]:.2f}: neutral reps <= {neutral[0]:+.1f} / {neutral[1]:+.1f}, "
              f"rounded reps >= {rounded[0]:+.1f} / {rounded[1]:+.1f} (median / max)  "
              f"{'separated at 0' if apart else 'NOT separated at 0'}")
    for label in ("no", "yes"):
        counts = [live_cue_share(frames, fps) for clip, fps, frames, _ in clips if clip["rounding"] == label]
        loaded, over = sum(c[0] for c in counts), sum(c[1] for c in counts)
        print(f"live cue, clips labelled {label!r}: {over} of {loaded} loaded frames at or over 0 deg "
              f"({100 * over / max(loaded, 1):.1f} %)")
    print("self-check (0-0.5 against the analysis' verdicts): " +
          ("agrees on every rep" if not disagreements else "; ".join(disagreements)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
