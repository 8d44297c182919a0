#!/usr/bin/env python3
"""Reference landmarks from MediaPipe's own Python pose solution, for comparing with HingeCheck.

    python mediapipe_reference.py VIDEO -o reference.jsonl [--smooth] [--static] [--max-frames N]
    python mediapipe_reference.py FRAMES_DIR -o reference.jsonl [--fps 30]
    python mediapipe_reference.py VIDEO --dump-frames FRAMES_DIR   (decode only, lossless PNGs)

Runs `mediapipe.solutions.pose.Pose` of mediapipe==0.10.14 (model_complexity=1, i.e. the same
pose_landmark_full model HingeCheck converts; static_image_mode=False, i.e. detect once and track)
on every frame of VIDEO (an image file is treated as a one-frame video) and writes JSON Lines:

  line 1:  {"format": "mediapipe-reference", "version": 1, "mediapipe": "0.10.14", "input": ...,
            "width": W, "height": H, "fps": F, "options": {...}}
  then one line per frame:
           {"i": index, "t": seconds, "found": true|false,
            "lm": [[x, y, z, visibility, presence], ... 33 of them]}   (only when found)
  and a last line {"summary": {"frames": N, "found": K, "seconds": S, "fps": N / S}}.

x and y are pixels (MediaPipe's normalised coordinates times the frame width and height, origin
top-left), z is MediaPipe's normalised z times the width (same pixel scale as x).

Decoders differ: the opencv-python wheel that mediapipe pulls in bundles its own FFmpeg, whose
YUV->BGR conversion differs from Debian's OpenCV 4.6 (max 12 grey levels, mean 0.36 on
barbell-good.mp4), which alone moves landmarks by about a pixel. To compare the pipelines on
identical pixels, decode once with --dump-frames (lossless PNGs) and run both this script and
`hingecheck landmarks FRAMES_DIR` on the folder (the same --fps for both).

Landmark smoothing is OFF by default (smooth_landmarks=False): HingeCheck's `landmarks` output is
unsmoothed too (smoothing is a separate filter stage), so the comparison measures the extractor,
not two different filters. The ROI-tracking filter on MediaPipe's auxiliary points is always on in
MediaPipe (it is not switched by smooth_landmarks); HingeCheck reproduces it. Note that the Python
solution timestamps frames at a simulated 30 fps whatever the video's rate.

Timing: the summary's fps covers decoding (OpenCV/FFmpeg) plus MediaPipe's processing, the same
span `hingecheck landmarks` reports. Set the thread count of both the same way when comparing
speed (MediaPipe's XNNPACK delegate picks its own threads; run both on the same otherwise idle
machine).

Needs a Python 3.11 venv with `pip install mediapipe==0.10.14` (it brings opencv-contrib-python
and numpy). Never copy the videos you run this on into the repository.
"""

import argparse
import json
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="video file, one image, or a folder of frames")
    ap.add_argument("-o", "--output", help="JSON Lines file to write (required unless --dump-frames)")
    ap.add_argument("--smooth", action="store_true", help="smooth_landmarks=True (MediaPipe's default)")
    ap.add_argument("--static", action="store_true", help="static_image_mode=True (detect on every frame)")
    ap.add_argument("--max-frames", type=int, default=0, help="stop after N frames (0 = all)")
    ap.add_argument("--fps", type=float, default=30.0, help="frame rate of a frames folder (timestamps only)")
    ap.add_argument("--dump-frames", metavar="DIR", help="only decode VIDEO into DIR/000000.png ... and exit")
    args = ap.parse_args()
    if not args.dump_frames and not args.output:
        ap.error("-o/--output is required")

    import os
    import cv2

    if args.dump_frames:
        os.makedirs(args.dump_frames, exist_ok=True)
        cap = cv2.VideoCapture(args.input, cv2.CAP_FFMPEG)
        n = 0
        while True:
            ok, frame = cap.read()
            if not ok:
                break
            cv2.imwrite(os.path.join(args.dump_frames, f"{n:06d}.png"), frame)
            n += 1
        print(f"{args.input}: {n} frames written to {args.dump_frames}", file=sys.stderr)
        return 0 if n else 1

    import mediapipe as mp

    folder = sorted(os.path.join(args.input, f) for f in os.listdir(args.input)
                    if f.lower().endswith((".png", ".jpg", ".jpeg", ".bmp"))) if os.path.isdir(args.input) else None
    if folder is None and args.input.lower().endswith((".jpg", ".jpeg", ".png", ".bmp")):
        folder = [args.input]
    cap = None
    if folder is not None:
        if not folder:
            print(f"{args.input}: no images", file=sys.stderr)
            return 1
        first = cv2.imread(folder[0])
        fps, height, width = (args.fps if len(folder) > 1 else 0.0), first.shape[0], first.shape[1]
    else:
        cap = cv2.VideoCapture(args.input, cv2.CAP_FFMPEG)
        if not cap.isOpened():
            print(f"{args.input}: cannot open as a video", file=sys.stderr)
            return 1
        fps = cap.get(cv2.CAP_PROP_FPS) or 0.0
        width = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))

    options = dict(static_image_mode=args.static, model_complexity=1, smooth_landmarks=args.smooth,
                   enable_segmentation=False, min_detection_confidence=0.5, min_tracking_confidence=0.5)
    pose = mp.solutions.pose.Pose(**options)
    out = open(args.output, "w")
    header = {"format": "mediapipe-reference", "version": 1, "mediapipe": mp.__version__,
              "input": args.input, "width": width, "height": height, "fps": fps, "options": options}
    out.write(json.dumps(header) + "\n")

    frames = found = 0
    start = time.perf_counter()
    while True:
        if cap is not None:
            ok, frame = cap.read()
            if not ok:
                break
        else:
            if frames == len(folder):
                break
            frame = cv2.imread(folder[frames])
        h, w = frame.shape[:2]
        result = pose.process(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
        record = {"i": frames, "t": frames / fps if fps > 0 else 0.0, "found": result.pose_landmarks is not None}
        if result.pose_landmarks is not None:
            found += 1
            record["lm"] = [[round(l.x * w, 3), round(l.y * h, 3), round(l.z * w, 3),
                             round(l.visibility, 4), round(l.presence, 4)]
                            for l in result.pose_landmarks.landmark]
        out.write(json.dumps(record) + "\n")
        frames += 1
        if args.max_frames and frames >= args.max_frames:
            break
    seconds = time.perf_counter() - start
    out.write(json.dumps({"summary": {"frames": frames, "found": found, "seconds": round(seconds, 3),
                                      "fps": round(frames / seconds, 2) if seconds > 0 else None}}) + "\n")
    out.close()
    print(f"{args.input}: {frames} frames, pose found on {found}, {frames / max(seconds, 1e-9):.1f} fps "
          f"(decode + MediaPipe)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
