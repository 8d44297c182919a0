#!/usr/bin/env python3
"""Compare HingeCheck's landmarks with MediaPipe's reference landmarks for the same video.

    python compare_landmarks.py reference.jsonl run.jsonl [--json] [--min-visibility 0.5]

reference.jsonl comes from mediapipe_reference.py, run.jsonl from `hingecheck landmarks VIDEO -o
run.jsonl` (the native landmark file: a header line, then one PoseFrame per line with "i" and "lm"
as a list of {"x","y","z","v","p"}). Frames are matched by index.

Reported:
  * deviation: Euclidean pixel distance between the two positions of a landmark, over every
    landmark whose MediaPipe visibility is above --min-visibility on frames where both found a
    pose: median, 95th percentile, max, and the median per landmark;
  * found: among frames where MediaPipe found a pose, the share where HingeCheck did too, and
    the frames HingeCheck found that MediaPipe did not.
Targets (issue 3): median <= 1.5 px, p95 <= 6 px, found >= 98 %. The exit status is 1 when a
target is missed, so the script can gate CI. Only the Python standard library is needed.
"""

import argparse
import json
import math
import sys

NAMES = ["nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye",
         "right_eye_outer", "left_ear", "right_ear", "mouth_left", "mouth_right", "left_shoulder",
         "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_pinky",
         "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb", "left_hip",
         "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle", "left_heel",
         "right_heel", "left_foot_index", "right_foot_index"]


def percentile(values, q):
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def read_reference(path):
    frames, header = {}, None
    with open(path) as f:
        for n, line in enumerate(f):
            record = json.loads(line)
            if n == 0:
                header = record
                if record.get("format") != "mediapipe-reference":
                    sys.exit(f"{path}: not a mediapipe_reference.py file (line 1 has no format mediapipe-reference)")
                continue
            if "summary" in record:
                header["summary"] = record["summary"]
                continue
            frames[record["i"]] = record.get("lm") if record.get("found") else None
    return header, frames


def read_hingecheck(path):
    frames, header = {}, None
    with open(path) as f:
        for n, line in enumerate(f):
            record = json.loads(line)
            if n == 0:
                header = record
                if record.get("format") != "hingecheck-landmarks":
                    sys.exit(f"{path}: not a HingeCheck landmark file (line 1 has no format hingecheck-landmarks)")
                continue
            lm = record.get("lm") or []
            frames[record["i"]] = [[p["x"], p["y"]] for p in lm] if len(lm) == 33 else None
    return header, frames


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("reference")
    ap.add_argument("hingecheck")
    ap.add_argument("--min-visibility", type=float, default=0.5)
    ap.add_argument("--json", action="store_true", help="print JSON instead of text")
    ap.add_argument("--target-median", type=float, default=1.5)
    ap.add_argument("--target-p95", type=float, default=6.0)
    ap.add_argument("--target-found", type=float, default=0.98)
    args = ap.parse_args()

    ref_header, ref = read_reference(args.reference)
    _, hc = read_hingecheck(args.hingecheck)

    deviations, per_landmark = [], [[] for _ in NAMES]
    ref_found = both = hc_only = 0
    for i, ref_lm in sorted(ref.items()):
        mine = hc.get(i)
        if ref_lm is None:
            if mine is not None:
                hc_only += 1
            continue
        ref_found += 1
        if mine is None:
            continue
        both += 1
        for k, (r, m) in enumerate(zip(ref_lm, mine)):
            if r[3] <= args.min_visibility:
                continue
            d = math.hypot(r[0] - m[0], r[1] - m[1])
            deviations.append(d)
            per_landmark[k].append(d)

    found_share = both / ref_found if ref_found else float("nan")
    result = {
        "reference": args.reference, "hingecheck": args.hingecheck,
        "frames": len(ref), "reference_found": ref_found, "both_found": both, "hingecheck_only": hc_only,
        "found_share": found_share, "points": len(deviations),
        "median_px": percentile(deviations, 0.5), "p95_px": percentile(deviations, 0.95),
        "max_px": max(deviations) if deviations else float("nan"),
        "per_landmark_median_px": {NAMES[k]: percentile(v, 0.5) for k, v in enumerate(per_landmark) if v},
        "reference_fps": (ref_header.get("summary") or {}).get("fps"),
    }
    passed = (result["median_px"] <= args.target_median and result["p95_px"] <= args.target_p95
              and found_share >= args.target_found)
    result["passed"] = passed
    if args.json:
        print(json.dumps(result, indent=1, sort_keys=True))
    else:
        print(f"{args.hingecheck} vs {args.reference}")
        print(f"  frames {len(ref)}, MediaPipe found {ref_found}, both {both} ({100 * found_share:.1f} %),"
              f" HingeCheck only {hc_only}")
        print(f"  deviation over {len(deviations)} visible landmarks: median {result['median_px']:.2f} px,"
              f" p95 {result['p95_px']:.2f} px, max {result['max_px']:.1f} px")
        worst = sorted(result["per_landmark_median_px"].items(), key=lambda kv: -kv[1])[:3]
        print("  largest per-landmark medians: " + ", ".join(f"{k} {v:.2f} px" for k, v in worst))
        print(f"  targets (median <= {args.target_median}, p95 <= {args.target_p95}, found >= "
              f"{100 * args.target_found:.0f} %): {'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
