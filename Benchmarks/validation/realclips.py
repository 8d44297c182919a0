#!/usr/bin/env python3
"""Validate HingeCheck's markerless analysis on real lifters (../shared/realclips).

The clips have no licence: they are read in place, never copied into the repository. When the
folder is absent the script says so and exits 0 (skipped).

Checks, from issue 5:
  - rep counts match labels.json,
  - every side-view clip labelled rounding "yes" gets posture_lost on its reps,
  - no clip labelled "no" does,
  - oblique clips raise the `not_side_on` warning.
"mild" is reported but not judged (a borderline case by its label).

Usage: python3 Benchmarks/validation/realclips.py [--clips DIR] [--binary PATH] [--out DIR]
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clips", default=os.path.join(REPO, "..", "shared", "realclips"))
    ap.add_argument("--binary", default=os.path.join(REPO, ".build", "release", "hingecheck"))
    ap.add_argument("--out", default=os.path.join(REPO, "out", "realclips"), help="analysis JSON per clip goes here")
    ap.add_argument("--only", help="analyse only this clip file name")
    args = ap.parse_args()

    labels_path = os.path.join(args.clips, "labels.json")
    if not os.path.exists(labels_path):
        print(f"skipped: no real clips at {args.clips}")
        return 0
    if not os.access(args.binary, os.X_OK):
        print(f"error: {args.binary} not built; run `swift build -c release` first", file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    labels = json.load(open(labels_path))["clips"]
    failures, rows = [], []
    for clip in labels:
        if args.only and clip["file"] != args.only:
            continue
        path = os.path.join(args.clips, clip["file"])
        out_json = os.path.join(args.out, clip["file"].replace(".mp4", ".json"))
        t0 = time.time()
        proc = subprocess.run([args.binary, "analyze", path, "--json",
                               "--save-landmarks", out_json.replace(".json", ".jsonl")],
                              capture_output=True, text=True)
        elapsed = time.time() - t0
        if proc.returncode != 0:
            failures.append(f"{clip['file']}: analyze failed: {proc.stderr.strip()[-300:]}")
            continue
        open(out_json, "w").write(proc.stdout)
        doc = json.loads(proc.stdout)
        reps = doc["reps"]
        lost = [r["posture_lost"] for r in reps]
        angles = [r["lumbar_angle_deg"] for r in reps]
        warnings = [w["code"] for w in doc["warnings"]]
        side = clip["view"] == "side"
        problems = []
        if len(reps) != clip["reps"]:
            problems.append(f"reps {len(reps)} != label {clip['reps']}")
        if side and clip["rounding"] == "yes" and (not reps or not all(v is True for v in lost)):
            problems.append(f"labelled rounded, posture_lost = {lost}")
        if clip["rounding"] == "no" and any(v is True for v in lost):
            problems.append(f"labelled not rounded, posture_lost = {lost}")
        if not side and "not_side_on" not in warnings:
            problems.append("oblique clip without not_side_on")
        status = "ok" if not problems else "FAIL"
        fmt = lambda v: "—" if v is None else f"{v:+.1f}"
        rows.append(f"{status:4}  {clip['file']:28} view={clip['view'][:8]:8} label={clip['rounding']:4} reps={len(reps)}/{clip['reps']}"
                    f"  lost={lost}  angle={[fmt(a) for a in angles]}  warnings={warnings}  ({elapsed:.1f} s)")
        failures += [f"{clip['file']}: {p}" for p in problems]
    print("\n".join(rows))
    print(f"\n{len(rows) - len({f.split(':')[0] for f in failures})} of {len(rows)} clips pass")
    for f in failures:
        print("  " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
