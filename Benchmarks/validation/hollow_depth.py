#!/usr/bin/env python3
"""How deep is the lumbar hollow in the back's outline at the bottom of each rep? (issue 5)

Compares the generated figure's body shape with real lifters' through the same pipeline
(BlazePose's mask, the dorsal contour of every frame). Reads a folder of analysis JSON + landmark
files (`NAME.json` + `NAME.jsonl`, as `realclips.py --out DIR` and `synthclips.py --out DIR`
leave them). Per rep, over the frames within 10 deg of its peak trunk inclination (shear-guard's
judged frames), it takes the outline's depth profile: the distance of the back's edge from the
hip->shoulder axis (dorsal positive) on each ray, after the 3-ray median, as a fraction of
hip->shoulder length, against the ray's position along the axis (0 = hip level, 1 = shoulder).

  hollow = (largest depth over 0-0.25, the buttock) - (smallest depth from there up to 0.5,
           the lumbar hollow), as % of trunk length; the median over the rep's judged frames.

It prints each rep's hollow and its mean depth profile (every 0.05 of trunk length, 0-0.6), so
the figure's soft tissue can be compared with real people's, not with one rep's verdict.

Usage: python3 Benchmarks/validation/hollow_depth.py DIR [DIR ...] [--names a,b]
"""
import argparse
import glob
import json
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from contour_windows import inclination_deg, median_of_3  # noqa: E402  (same contour handling)

STEPS = [round(0.05 * k, 2) for k in range(13)]


def profile(dorsal):
    """[(position, depth)] as fractions of trunk length; None rays dropped."""
    hip, shoulder = dorsal["hip"], dorsal["shoulder"]
    length = math.dist((hip["x"], hip["y"]), (shoulder["x"], shoulder["y"]))
    depths = median_of_3(dorsal["depths"])
    last = len(depths) - 1
    return [(i / last, d / length) for i, d in enumerate(depths) if d is not None]


def hollow(points):
    buttock = [(f, d) for f, d in points if f <= 0.25]
    if not buttock:
        return None
    top_f, top_d = max(buttock, key=lambda p: p[1])
    lumbar = [d for f, d in points if top_f <= f <= 0.5]
    return (top_d - min(lumbar)) * 100 if lumbar else None


def at(points, f):
    near = [d for g, d in points if abs(g - f) <= 0.026]
    return statistics.mean(near) if near else None


def per_rep(frames, fps, doc):
    out = []
    for rep in doc["reps"]:
        peak = rep["peak_trunk_inclination_deg"]
        a, b = round(rep["start_s"] * fps), min(len(frames) - 1, round(rep["end_s"] * fps))
        judged = [profile(frames[j]["dorsal"]) for j in range(a, b + 1)
                  if peak is not None and frames[j].get("dorsal")
                  and inclination_deg(frames[j]["dorsal"]) >= peak - 10]
        values = [h for h in map(hollow, judged) if h is not None]
        if not values:
            out.append(None)
            continue
        mean_profile = []
        for f in STEPS:
            near = [v for v in (at(p, f) for p in judged) if v is not None]
            mean_profile.append(statistics.mean(near) * 100 if near else None)
        out.append((statistics.median(values), mean_profile, rep.get("lumbar_angle_deg")))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--names", help="comma-separated clip names (file names without .json) to keep")
    args = ap.parse_args()
    keep = set(args.names.split(",")) if args.names else None
    print("depth profile columns: % of trunk length at " + " ".join(f"{f:.2f}" for f in STEPS))
    for folder in args.folders:
        for path in sorted(glob.glob(os.path.join(folder, "*.jsonl"))):
            base = path[:-len(".jsonl")]
            name = os.path.basename(base)
            if (keep and name not in keep) or not os.path.exists(base + ".json"):
                continue
            lines = open(path).read().splitlines()
            fps = json.loads(lines[0])["fps"]
            frames = [json.loads(l) for l in lines[1:]]
            for k, rep in enumerate(per_rep(frames, fps, json.load(open(base + ".json")))):
                if rep is None:
                    print(f"{name:26} rep {k + 1:2}: no contour")
                    continue
                h, prof, angle = rep
                angle_text = "   —  " if angle is None else f"{angle:+6.1f}"
                cols = " ".join("  —  " if v is None else f"{v:5.1f}" for v in prof)
                print(f"{name:26} rep {k + 1:2}: hollow {h:5.1f} %  lower-back {angle_text} deg  | {cols}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
