#!/usr/bin/env python3
"""Validate HingeCheck's verdicts on real lifters (../shared/realclips), and choose the markerless
threshold by leave-one-lifter-out (issue 18; docs/measurements.md).

The clips have no licence: they are read in place, never copied into the repository. When the
folder is absent the script says so and exits 0 (skipped).

Stages:
  1. landmarks: each clip's BlazePose landmarks with the back outline, made once by
     `hingecheck analyze CLIP --save-landmarks OUT/NAME.jsonl` and kept (--reextract redoes them);
  2. analysis: `hingecheck analyze OUT/NAME.jsonl --json` (a replay: no networks, seconds);
  3. scoring, per view: label (no / yes / mild / unknown) against verdict (held / lost /
     can't tell), per rep and per clip, per lifter and in total, with rep counts against labels;
  4. leave-one-lifter-out (--lolo): for each lifter, the markerless threshold is chosen on the
     side-view reps of every OTHER lifter (cost: 10 per wrong verdict + 1 per can't tell; the
     middle of the cheapest range), then that lifter's reps are judged with it. Each rep's
     deciding value and uncertainty come from the analysis JSON, and the verdict rule is the
     analyzer's own (RepJudge.verdict): lost if value - U >= T, held if value + U < T.

Targets (issue 18, side views, leave-one-lifter-out): no wrong verdict, at most 20 % of side-view
reps can't tell, every clip labelled rounded flagged on at least one rep.

Usage: python3 Benchmarks/validation/realclips.py [--clips DIR] [--binary PATH] [--out DIR]
                                                  [--only FILE] [--reextract] [--lolo]
"""
import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
VERDICTS = ("held", "lost", "cant_tell")
LABELS = ("no", "yes", "mild", "unknown")
GRID = [x / 4 for x in range(-12, 41)]   # candidate thresholds, -3 ... +10 deg


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def analyse(clip, args):
    """The clip's analysis document (landmarks extracted once, then replayed), or an error."""
    name = clip["file"].rsplit(".", 1)[0]
    landmarks = os.path.join(args.out, name + ".jsonl")
    if args.reextract or not os.path.exists(landmarks):
        p = run([args.binary, "analyze", os.path.join(args.clips, clip["file"]), "--json",
                 "--save-landmarks", landmarks])
        if p.returncode != 0:
            return None, f"landmarks failed: {p.stderr.strip()[-300:]}"
    p = run([args.binary, "analyze", landmarks, "--json"] + sum((["--set", s] for s in args.set), []))
    if p.returncode != 0:
        return None, f"analyze failed: {p.stderr.strip()[-300:]}"
    open(os.path.join(args.out, name + ".json"), "w").write(p.stdout)
    return json.loads(p.stdout), None


def clip_verdict(reps):
    v = [r["verdict"] for r in reps]
    return "lost" if "lost" in v else ("held" if "held" in v else "cant_tell")


def table(title, counts):
    """counts: {(label, verdict): n}."""
    lines = [f"  {title}", f"    {'label':8}" + "".join(f"{v:>11}" for v in VERDICTS)]
    for label in LABELS:
        if any(counts.get((label, v)) for v in VERDICTS):
            lines.append(f"    {label:8}" + "".join(f"{counts.get((label, v), 0):>11}" for v in VERDICTS))
    return "\n".join(lines)


def rejudge(rep, threshold):
    """The analyzer's rule on a rep's deciding value at another threshold (reasons other than
    the uncertainty keep the rep can't tell)."""
    if rep["verdict_reason"] not in (None, "within_uncertainty", "unsteady") or rep["deciding_value_deg"] is None:
        return "cant_tell"
    v, u = rep["deciding_value_deg"], rep["deciding_uncertainty_deg"]
    return "lost" if v - u >= threshold else ("held" if v + u < threshold else "cant_tell")


def cost(reps, threshold):
    wrong = cant = 0
    for label, rep in reps:
        v = rejudge(rep, threshold)
        cant += v == "cant_tell"
        wrong += (v == "lost" and label == "no") or (v == "held" and label == "yes")
    return 10 * wrong + cant


def choose(reps):
    costs = [cost(reps, t) for t in GRID]
    best = min(costs)
    # The middle of the longest run of cheapest thresholds: the largest margin both ways.
    runs, start = [], None
    for i, c in enumerate(costs + [None]):
        if c == best and start is None:
            start = i
        elif c != best and start is not None:
            runs.append((start, i - 1)); start = None
    a, b = max(runs, key=lambda r: r[1] - r[0])
    return (GRID[a] + GRID[b]) / 2, (GRID[a], GRID[b])


def lolo(results):
    """Leave-one-lifter-out on the side-view reps labelled yes / no (markerless)."""
    reps = [(c["lifter"], c["rounding"], c["file"], r) for c, doc in results
            if c["view"] == "side" and c["rounding"] in ("yes", "no") and doc["source"] != "markers"
            for r in doc["reps"]]
    lifters = sorted({l for l, *_ in reps})
    counts, clip_lost, clip_labels, folds, cant_reasons = Counter(), defaultdict(list), {}, [], Counter()
    print("\nleave-one-lifter-out (markerless threshold chosen without the lifter being scored):")
    for lifter in lifters:
        train = [(lab, r) for l, lab, _, r in reps if l != lifter]
        threshold, span = choose(train)
        folds.append(threshold)
        mine = [(lab, f, r) for l, lab, f, r in reps if l == lifter]
        verdicts = [rejudge(r, threshold) for _, _, r in mine]
        for (lab, f, r), v in zip(mine, verdicts):
            counts[(lab, v)] += 1
            clip_lost[f].append(v)
            clip_labels[f] = lab
            if v == "cant_tell":
                cant_reasons[r["verdict_reason"] or "within_uncertainty"] += 1
        wrong = sum((v == "lost" and lab == "no") or (v == "held" and lab == "yes") for (lab, _, _), v in zip(mine, verdicts))
        print(f"  {lifter:32} T = {threshold:+.2f} (cheapest {span[0]:+.2f}…{span[1]:+.2f})  {len(mine):2} reps: "
              f"{verdicts.count('lost')} lost, {verdicts.count('held')} held, {verdicts.count('cant_tell')} can't tell, {wrong} wrong")
    print(table("side-view reps, leave-one-lifter-out", counts))
    n = sum(counts.values())
    wrong = counts[("no", "lost")] + counts[("yes", "held")]
    cant = sum(counts[(l, "cant_tell")] for l in ("yes", "no"))
    rounded_clips = [f for f, lab in clip_labels.items() if lab == "yes"]
    missed = [f for f in rounded_clips if "lost" not in clip_lost[f]]
    all_threshold, all_span = choose([(lab, r) for _, lab, _, r in reps])
    print(f"  wrong verdicts {wrong} of {n} reps; can't tell {cant} ({100 * cant / max(n, 1):.0f} %: "
          + ", ".join(f"{k} {v}" for k, v in cant_reasons.most_common()) + ")")
    print(f"  rounded clips flagged on at least one rep: {len(rounded_clips) - len(missed)} of {len(rounded_clips)}"
          + (f" (missed: {', '.join(missed)})" if missed else ""))
    print(f"  thresholds chosen per fold {min(folds):+.2f}…{max(folds):+.2f}; on all lifters {all_threshold:+.2f} "
          f"(cheapest {all_span[0]:+.2f}…{all_span[1]:+.2f})")
    return wrong == 0 and cant <= 0.2 * n and not missed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clips", default=os.path.join(REPO, "..", "shared", "realclips"))
    ap.add_argument("--binary", default=os.path.join(REPO, ".build", "release", "hingecheck"))
    ap.add_argument("--out", default=os.path.join(REPO, "out", "realclips"), help="landmarks and analysis JSON per clip")
    ap.add_argument("--only", help="analyse only this clip file name")
    ap.add_argument("--reextract", action="store_true", help="redo the landmark files (after a change to the landmark path)")
    ap.add_argument("--set", action="append", default=[], metavar="PLUGIN.PARAM=VALUE", help="passed to analyze")
    ap.add_argument("--lolo", action="store_true", help="choose the markerless threshold by leave-one-lifter-out")
    args = ap.parse_args()

    labels_path = os.path.join(args.clips, "labels.json")
    if not os.path.exists(labels_path):
        print(f"skipped: no real clips at {args.clips}")
        return 0
    if not os.access(args.binary, os.X_OK):
        print(f"error: {args.binary} not built; run `swift build -c release` first", file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    clips = [c for c in json.load(open(labels_path))["clips"] if not args.only or c["file"] == args.only]
    results, failures = [], []
    for k, clip in enumerate(clips, 1):
        t0 = time.time()
        doc, error = analyse(clip, args)
        if error:
            failures.append(f"{clip['file']}: {error}"); continue
        results.append((clip, doc))
        reps = doc["reps"]
        shown = " ".join(f"{r['verdict'][:4]}"
                         + (f"({r['deciding_value_deg']:+.1f}±{r['deciding_uncertainty_deg']:.1f})" if r["deciding_value_deg"] is not None else "")
                         + (f"[{r['verdict_reason']}]" if r["verdict_reason"] else "") for r in reps)
        count = "?" if clip.get("reps") is None else clip["reps"]
        print(f"[{k}/{len(clips)}] {clip['file'][:44]:44} {clip['view'][:5]:5} {clip['rounding']:7} reps {len(reps)}/{count}  {shown}  ({time.time() - t0:.1f} s)",
              flush=True)

    by_view = defaultdict(lambda: (Counter(), Counter()))
    by_lifter = defaultdict(Counter)
    rep_mismatch = []
    for clip, doc in results:
        reps, view = doc["reps"], clip["view"]
        for r in reps:
            by_view[view][0][(clip["rounding"], r["verdict"])] += 1
            by_lifter[(view, clip["lifter"], clip["rounding"])][r["verdict"]] += 1
        if reps:
            by_view[view][1][(clip["rounding"], clip_verdict(reps))] += 1
        if clip.get("reps") is not None and len(reps) != clip["reps"]:
            rep_mismatch.append(f"{clip['file']} {len(reps)}/{clip['reps']}" + ("" if clip.get("reps_exact", True) else " (label approximate)"))
    print("\nin-sample, with the analyzer's defaults:")
    for view in sorted(by_view):
        reps, clip_counts = by_view[view]
        print(f"view {view}:")
        print(table("reps", reps))
        print(table("clips (lost if any rep lost, else held if any held)", clip_counts))
    print("\nper lifter (view, lifter, label: held / lost / can't tell reps):")
    for (view, lifter, label), c in sorted(by_lifter.items()):
        print(f"  {view:8} {lifter:32} {label:7} {c['held']:3} / {c['lost']:3} / {c['cant_tell']:3}")
    exact = sum(1 for c, d in results if c.get("reps") is not None and len(d["reps"]) == c["reps"])
    labelled = sum(1 for c, _ in results if c.get("reps") is not None)
    print(f"\nrep counts: {exact} of {labelled} labelled clips exact" + (f"; differ: {'; '.join(rep_mismatch)}" if rep_mismatch else ""))
    side = [(c, d) for c, d in results if c["view"] == "side" and c["rounding"] in ("yes", "no")]
    wrong = [f"{c['file']} rep {r['index']}" for c, d in side for r in d["reps"]
             if (r["verdict"] == "lost" and c["rounding"] == "no") or (r["verdict"] == "held" and c["rounding"] == "yes")]
    off_view = [f"{c['file']} rep {r['index']}" for c, d in results if c["view"] in ("oblique", "front", "back")
                for r in d["reps"] if r["verdict"] != "cant_tell"]
    print(f"in-sample wrong verdicts on side views: {len(wrong)}" + (f" ({'; '.join(wrong)})" if wrong else ""))
    print(f"reps judged on clips labelled oblique/front (should be can't tell unless the rep itself is side-on): {len(off_view)}"
          + (f" ({'; '.join(off_view)})" if off_view else ""))
    ok = not failures
    if args.lolo:
        ok = lolo(results) and ok
    for f in failures:
        print("  FAILED " + f)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
