#!/usr/bin/env python3
"""Whole pipeline, HingeCheck against MediaPipe's Python pose solution, on the same video files.

    python3 Benchmarks/peers/pipeline_vs_mediapipe.py [VIDEO ...] [--threads N] [--json out.json]
    python3 Benchmarks/peers/pipeline_vs_mediapipe.py --batch FOLDER [--jobs N] [--json out.json]
    python3 Benchmarks/peers/pipeline_vs_mediapipe.py --contention 1 [--repeat 3] ...

For each VIDEO (default: SampleVideos/deadlift-fatigue.mp4 and, when ../shared/realclips is there,
the real clips kb-correct-side.mp4 and barbell-white-neutral.mp4, read in place and never copied)
it runs, one after the other on the otherwise idle machine, each under /usr/bin/time -v:

  hingecheck   `hingecheck analyze VIDEO --json`: decode (FFmpeg through OpenCV 4.6), BlazePose
               full (ONNX, OpenCV DNN) with the segmentation mask and dorsal contour, every
               analyzer, the JSON document. Process start to exit: model loading included.
  mediapipe    mediapipe==0.10.14 `solutions.pose.Pose(model_complexity=1, static_image_mode=False)`
               (video mode: detect once, then track) on frames decoded by its bundled OpenCV, with
               enable_segmentation=True (HingeCheck's analysis computes the mask too) and a minimal
               analysis (trunk inclination per frame, as a stand-in: MediaPipe has no lumbar analysis).
               Process start to exit, imports and model loading included.
  mediapipe-nomask   the same with enable_segmentation=False (MediaPipe's default).

and prints frames per second for each, the ratio HingeCheck / MediaPipe (above 1 = HingeCheck
faster) and the peak resident memory (max RSS) of each process.

--batch FOLDER measures batch throughput over every video in FOLDER instead: `hingecheck batch
FOLDER --out TMP --force [--jobs N]` (a whole report folder per video: report.html with charts,
JSON, CSV, TRC/MOT, OpenPose files, rep pictures) against one MediaPipe process that runs the same
videos one after the other (mask on, imports and models loaded once: MediaPipe's best case).
Throughput = all frames / wall time. Ratios, not absolute claims: run
both on the same machine in one go.

Needs: .build/release/hingecheck (`swift build -c release`), the models (`hingecheck models
install`), /usr/bin/time, and a Python 3.11 venv with mediapipe==0.10.14: MP_VENV (default
~/.cache/hingecheck/mediapipe-venv) is created with `python3.11 -m venv` and pip when missing.
Threads: HingeCheck's blazepose.threads default ("auto") unless --threads; MediaPipe's XNNPACK
picks its own.

--contention N runs N CPU-bound processes (a busy Python loop each) beside both programs for the
whole comparison: the shared machine a batch worker on a cluster node or a laptop running a
browser is. --repeat K runs every measurement K times, interleaved, and keeps the median wall
time (the spread is printed), since a ratio from single runs on a small machine carries noise.
"""

import argparse
import statistics
import time
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

MP_PROGRAM = r'''
import json, math, sys, time
start = time.perf_counter()
import cv2
import mediapipe as mp
path, segmentation = sys.argv[1], sys.argv[2] == "on"
cap = cv2.VideoCapture(path, cv2.CAP_FFMPEG)
if not cap.isOpened():
    sys.exit(f"{path}: cannot open")
pose = mp.solutions.pose.Pose(static_image_mode=False, model_complexity=1, smooth_landmarks=True,
                              enable_segmentation=segmentation, min_detection_confidence=0.5,
                              min_tracking_confidence=0.5)
frames = found = 0
inclinations = []
while True:
    ok, frame = cap.read()
    if not ok:
        break
    h, w = frame.shape[:2]
    result = pose.process(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
    frames += 1
    if result.pose_landmarks is not None:
        found += 1
        l = result.pose_landmarks.landmark
        sx, sy = (l[11].x + l[12].x) / 2 * w, (l[11].y + l[12].y) / 2 * h
        hx, hy = (l[23].x + l[24].x) / 2 * w, (l[23].y + l[24].y) / 2 * h
        inclinations.append(math.degrees(math.atan2(abs(sx - hx), hy - sy)))
print(json.dumps({"frames": frames, "found": found, "peak_inclination": max(inclinations, default=None),
                  "seconds_in_process": time.perf_counter() - start}))
'''


MP_BATCH_PROGRAM = r'''
import json, sys, time
start = time.perf_counter()
import cv2
import mediapipe as mp
frames = found = 0
for path in sys.argv[1:]:
    cap = cv2.VideoCapture(path, cv2.CAP_FFMPEG)
    pose = mp.solutions.pose.Pose(static_image_mode=False, model_complexity=1, smooth_landmarks=True,
                                  enable_segmentation=True)
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        result = pose.process(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
        frames += 1
        found += result.pose_landmarks is not None
    pose.close()
print(json.dumps({"frames": frames, "found": found, "seconds_in_process": time.perf_counter() - start}))
'''


def batch_comparison(args, python):
    folder = args.batch
    videos = sorted(os.path.join(folder, n) for n in os.listdir(folder)
                    if n.lower().endswith((".mp4", ".mov", ".avi", ".mkv", ".webm")))
    if not videos:
        sys.exit(f"{folder}: no videos")
    with tempfile.TemporaryDirectory() as out:
        command = [args.hingecheck, "batch", folder, "--out", out, "--force", "--quiet"]
        if args.jobs:
            command += ["--jobs", str(args.jobs)]
        for assignment in args.set:
            command += ["--set", assignment]
        _, hc_s, hc_mb = timed(command)
        with open(os.path.join(out, "summary.csv")) as f:
            failed = [line for line in f.read().splitlines()[1:] if ",failed," in line]
    out, mp_s, mp_mb = timed([python, "-c", MP_BATCH_PROGRAM] + videos)
    mp = json.loads(out.strip().splitlines()[-1])
    frames = mp["frames"]
    row = {"folder": folder, "videos": len(videos), "frames": frames,
           "hingecheck": {"seconds": hc_s, "fps": frames / hc_s, "max_rss_mb": hc_mb, "jobs": args.jobs or "auto",
                          "failed": len(failed)},
           "mediapipe": {"seconds": mp_s, "fps": frames / mp_s, "max_rss_mb": mp_mb, "found": mp["found"]}}
    print(f"{folder}: {len(videos)} videos, {frames} frames")
    print(f"  hingecheck batch (jobs {row['hingecheck']['jobs']}): {hc_s:6.1f} s  {frames / hc_s:6.1f} fps  "
          f"peak RSS {hc_mb:5.0f} MB  failed {len(failed)}")
    print(f"  MediaPipe, one process:        {mp_s:6.1f} s  {frames / mp_s:6.1f} fps  peak RSS {mp_mb:5.0f} MB")
    print(f"  ratio (HingeCheck / MediaPipe throughput): {mp_s / hc_s:.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"batch": row, "cores": os.cpu_count(), "contention": args.contention}, f, indent=2)
    return 0


def timed(command):
    """Runs command under /usr/bin/time -v; returns (stdout, wall seconds, max RSS in MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        done = subprocess.run(["/usr/bin/time", "-v", "-o", report.name] + command,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        text = report.read()
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return done.stdout, seconds, rss_kb / 1024


class Contention:
    """N busy processes for the duration of a `with` block (none when N is 0)."""

    def __init__(self, count):
        self.count = count
        self.procs = []

    def __enter__(self):
        self.procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(self.count)]
        if self.procs:
            time.sleep(1.0)  # let the scheduler settle on them
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            p.kill()
            p.wait()


def repeated(command, repeat):
    """timed() `repeat` times; (stdout of the last run, median seconds, max RSS MB, [all seconds])."""
    runs = [timed(command) for _ in range(repeat)]
    seconds = sorted(r[1] for r in runs)
    return runs[-1][0], statistics.median(seconds), max(r[2] for r in runs), seconds


def ensure_venv(venv):
    python = os.path.join(venv, "bin", "python")
    ok = os.path.exists(python) and subprocess.run([python, "-c", "import mediapipe"],
                                                   capture_output=True).returncode == 0
    if not ok:
        print(f"creating {venv} with mediapipe==0.10.14", file=sys.stderr)
        subprocess.run(["python3.11", "-m", "venv", venv], check=True)
        subprocess.run([os.path.join(venv, "bin", "pip"), "install", "--quiet", "mediapipe==0.10.14"], check=True)
    return python


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("videos", nargs="*", help="video files (default: deadlift-fatigue and, when present, the real kb-correct-side and barbell-white-neutral)")
    ap.add_argument("--hingecheck", default=os.environ.get("HINGECHECK", os.path.join(ROOT, ".build/release/hingecheck")))
    ap.add_argument("--venv", default=os.environ.get("MP_VENV", os.path.expanduser("~/.cache/hingecheck/mediapipe-venv")))
    ap.add_argument("--threads", type=int, default=0, help="HingeCheck's blazepose.threads (0 = its default, auto)")
    ap.add_argument("--set", action="append", default=[], metavar="PLUGIN.PARAM=VALUE",
                    help="passed to hingecheck analyze/batch, e.g. blazepose.segments=auto")
    ap.add_argument("--contention", type=int, default=0, metavar="N", help="CPU-bound processes running beside both programs")
    ap.add_argument("--repeat", type=int, default=1, metavar="K", help="runs per measurement; the median is reported")
    ap.add_argument("--no-nomask", action="store_true", help="skip the MediaPipe run without segmentation")
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--batch", metavar="FOLDER", help="batch throughput over every video in FOLDER (see above)")
    ap.add_argument("--jobs", type=int, default=0, help="with --batch: hingecheck batch --jobs (0 = its default)")
    args = ap.parse_args()
    videos = args.videos or default_videos()
    if not os.access(args.hingecheck, os.X_OK):
        sys.exit(f"{args.hingecheck} not found; build it with: swift build -c release")
    python = ensure_venv(args.venv)
    with Contention(args.contention):
        if args.batch:
            return batch_comparison(args, python)
        return video_comparison(args, python, videos)


def default_videos():
    """The issue's three clips: the generated fatigue set, and two real phone clips when present."""
    videos = [os.path.join(ROOT, "SampleVideos", "deadlift-fatigue.mp4")]
    real = os.path.join(ROOT, "..", "shared", "realclips")
    for name in ("kb-correct-side.mp4", "barbell-white-neutral.mp4"):
        if os.path.exists(os.path.join(real, name)):
            videos.append(os.path.normpath(os.path.join(real, name)))
        else:
            print(f"skipping {name}: {real} is not here", file=sys.stderr)
    return videos


def video_comparison(args, python, videos):
    rows = []
    for video in videos:
        hc_command = [args.hingecheck, "analyze", video, "--json"]
        if args.threads:
            hc_command += ["--set", f"blazepose.threads={args.threads}"]
        for assignment in args.set:
            hc_command += ["--set", assignment]
        out, hc_s, hc_mb, hc_all = repeated(hc_command, args.repeat)
        doc = json.loads(out)
        frames = doc["frame_count"]
        row = {"video": video, "frames": frames, "contention": args.contention,
               "hingecheck": {"seconds": hc_s, "runs": hc_all, "fps": frames / hc_s, "max_rss_mb": hc_mb,
                              "reps": len(doc["reps"])}}
        for name, seg in [("mediapipe", "on")] + ([] if args.no_nomask else [("mediapipe-nomask", "off")]):
            out, mp_s, mp_mb, mp_all = repeated([python, "-c", MP_PROGRAM, video, seg], args.repeat)
            mp = json.loads(out.strip().splitlines()[-1])
            row[name] = {"seconds": mp_s, "runs": mp_all, "fps": mp["frames"] / mp_s, "max_rss_mb": mp_mb, "found": mp["found"]}
            if mp["frames"] != frames:
                row[name]["note"] = f"decoded {mp['frames']} frames (HingeCheck {frames})"
        rows.append(row)

    print(f"{'video':28} {'frames':>6} | {'HingeCheck fps':>14} {'RSS MB':>7} | {'MediaPipe fps':>13} {'RSS MB':>7} "
          f"{'ratio':>6} | {'MP no-mask fps':>14} {'ratio':>6}")
    for r in rows:
        hc, mp = r["hingecheck"], r["mediapipe"]
        line = (f"{os.path.basename(r['video']):28} {r['frames']:6d} | {hc['fps']:14.1f} {hc['max_rss_mb']:7.0f} | "
                f"{mp['fps']:13.1f} {mp['max_rss_mb']:7.0f} {hc['fps'] / mp['fps']:6.2f}")
        if "mediapipe-nomask" in r:
            nm = r["mediapipe-nomask"]
            line += f" | {nm['fps']:14.1f} {hc['fps'] / nm['fps']:6.2f}"
        print(line)
    print("fps = frames / process wall time (start to exit: imports, model loading, decode, pose, analysis); "
          "ratio = HingeCheck fps / MediaPipe fps" + (f"; median of {args.repeat} runs" if args.repeat > 1 else "")
          + (f"; {args.contention} CPU-bound process(es) running beside" if args.contention else "; no other load started")
          + "".join(f"; hingecheck --set {a}" for a in args.set))
    if args.repeat > 1:
        for r in rows:
            spread = "  ".join(f"{k} {min(v['runs']):.2f}-{max(v['runs']):.2f} s" for k, v in r.items()
                               if isinstance(v, dict) and "runs" in v)
            print(f"  {os.path.basename(r['video'])}: {spread}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": rows, "cores": os.cpu_count(), "contention": args.contention, "repeat": args.repeat,
                       "set": args.set}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
