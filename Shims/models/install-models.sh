#!/usr/bin/env bash
# install-models.sh [DEST] -- fetch MediaPipe's BlazePose models and convert them to ONNX for OpenCV 4.6.
#
# DEST defaults to ${HINGECHECK_MODELS_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/hingecheck/models}.
# Idempotent: when DEST already holds the three .onnx files with the expected SHA-256 it says so and exits 0.
# Otherwise it
#   1. makes a Python venv at DEST/../venv with pinned tflite, onnx, numpy<2 (only used for conversion),
#   2. downloads the wheel mediapipe==0.10.14 (cp311 manylinux x86_64; it works from any python, the
#      wheel is only unzipped) into DEST/../cache,
#   3. extracts pose_detection.tflite and pose_landmark_full.tflite and checks their SHA-256,
#   4. converts them with convert_blazepose.py (next to this script) and checks the ONNX SHA-256;
#      the landmark model is written twice: whole, and without its segmentation head
#      (pose_landmark_full_nomask.onnx, used when no mask is asked for: OpenCV runs every layer),
#   5. writes the three .onnx files, LICENSE and SHA256SUMS into DEST, each through a temporary
#      file and mv.
# Network: PyPI only (pip honours PIP_INDEX_URL and pip.conf). Environment: PYTHON (default python3).
set -euo pipefail

PROG=install-models
say() { printf '%s: %s\n' "$PROG" "$*"; }
die() { printf '%s: ERROR: %s\n' "$PROG" "$*" >&2; exit 1; }

MEDIAPIPE_VERSION=0.10.14
WHEEL=mediapipe-0.10.14-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
WHEEL_SHA256=a807328339e7356fda0bb14df12fedbf1d33bdf81649c5f8666b0026b1cc30b4
DET_TFLITE=mediapipe/modules/pose_detection/pose_detection.tflite
DET_TFLITE_SHA256=9ba9dd3d42efaaba86b4ff0122b06f29c4122e756b329d89dca1e297fd8f866c
LMK_TFLITE=mediapipe/modules/pose_landmark/pose_landmark_full.tflite
LMK_TFLITE_SHA256=e9a5c5cb17f736fafd4c2ec1da3b3d331d6edbe8a0d32395855aeb2cdfd64b9f
DET_ONNX_SHA256=975243058038005ab7d0755cc8fcd97d0b7f30689b51a94aa3b5336c7c073ff9
LMK_ONNX_SHA256=c142d09acd065bb64a63c3604536bccf862a9bae251dce9aae2b619a14828930
LMK_NOMASK_ONNX_SHA256=aab0a33f643276e8aabc27ad9095e819447c88bb8d8f1a7338ffe9476af195da
# Exact versions the checksums above were produced with (the ONNX bytes depend on onnx/protobuf).
PIP_PINS=(tflite==2.18.0 flatbuffers==25.12.19 onnx==1.23.2 protobuf==7.36.2 numpy==1.26.4
          ml_dtypes==0.5.4 typing_extensions==4.16.0)

DEST=${1:-${HINGECHECK_MODELS_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/hingecheck/models}}
[ $# -le 1 ] || die "usage: $0 [DEST]"
PYTHON=${PYTHON:-python3}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CONVERTER=$HERE/convert_blazepose.py

command -v sha256sum >/dev/null || die "sha256sum not found (apt-get install coreutils)"
sha() { sha256sum "$1" | cut -d' ' -f1; }
check_sha() { # file expected what
    local got; got=$(sha "$1")
    [ "$got" = "$2" ] || die "$3: SHA-256 mismatch for $1
    expected $2
    got      $got"
}

# ------------------------------------------------------------------ already installed?
if [ -f "$DEST/pose_detection.onnx" ] && [ -f "$DEST/pose_landmark_full.onnx" ] &&
   [ "$(sha "$DEST/pose_detection.onnx")" = "$DET_ONNX_SHA256" ] &&
   [ -f "$DEST/pose_landmark_full_nomask.onnx" ] &&
   [ "$(sha "$DEST/pose_landmark_full.onnx")" = "$LMK_ONNX_SHA256" ] &&
   [ "$(sha "$DEST/pose_landmark_full_nomask.onnx")" = "$LMK_NOMASK_ONNX_SHA256" ]; then
    say "models already installed and verified in $DEST"
    exit 0
fi
say "installing BlazePose ONNX models into $DEST"
[ -f "$CONVERTER" ] || die "converter not found at $CONVERTER (run this script from the HingeCheck checkout)"

mkdir -p "$DEST" || die "cannot create $DEST"
DEST=$(cd "$DEST" && pwd)
BASE=$(dirname "$DEST")
VENV=$BASE/venv
CACHE=$BASE/cache
mkdir -p "$CACHE"
STAGE=$(mktemp -d "$DEST/.staging.XXXXXX") || die "cannot write to $DEST"
trap 'rm -rf "$STAGE"' EXIT

# ------------------------------------------------------------------ 1. venv
command -v "$PYTHON" >/dev/null || die "$PYTHON not found; install Python 3.9-3.12 (apt-get install python3 python3-venv)"
"$PYTHON" -c 'import sys; sys.exit(0 if (3, 9) <= sys.version_info[:2] <= (3, 12) else 1)' ||
    die "$PYTHON is Python $("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])'); the pinned numpy 1.26.4 needs Python 3.9-3.12 (set PYTHON=/path/to/python3.11)"
STAMP=$VENV/.hingecheck-pins
PINS_TEXT=$(printf '%s\n' "${PIP_PINS[@]}")
if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$PINS_TEXT" ] &&
   "$VENV/bin/python" -c 'import tflite, onnx, numpy' 2>/dev/null; then
    say "[1/5] reusing converter venv $VENV"
else
    say "[1/5] creating converter venv $VENV"
    rm -rf "$VENV"
    if ! "$PYTHON" -m venv "$VENV" >"$STAGE/venv.log" 2>&1; then
        cat "$STAGE/venv.log" >&2
        rm -rf "$VENV"
        die "'$PYTHON -m venv' failed; on Debian/Ubuntu run: apt-get install python3-venv"
    fi
    say "      pip install ${PIP_PINS[*]}"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "${PIP_PINS[@]}" ||
        die "pip install into $VENV failed (needs access to PyPI; check network/proxy or PIP_INDEX_URL)"
    printf '%s\n' "$PINS_TEXT" >"$STAMP"
fi
PY=$VENV/bin/python

# ------------------------------------------------------------------ 2. wheel
if [ -f "$CACHE/$WHEEL" ] && [ "$(sha "$CACHE/$WHEEL")" = "$WHEEL_SHA256" ]; then
    say "[2/5] using cached $CACHE/$WHEEL"
else
    rm -f "$CACHE/$WHEEL"
    say "[2/5] downloading mediapipe==$MEDIAPIPE_VERSION wheel (about 36 MB) from PyPI"
    "$PY" -m pip download --quiet --disable-pip-version-check --no-input --no-deps \
        --python-version 311 --implementation cp --abi cp311 --platform manylinux_2_17_x86_64 \
        --only-binary=:all: --dest "$CACHE" "mediapipe==$MEDIAPIPE_VERSION" ||
        die "pip download mediapipe==$MEDIAPIPE_VERSION failed (needs access to PyPI; check network/proxy or PIP_INDEX_URL)"
    [ -f "$CACHE/$WHEEL" ] || die "pip download did not produce $CACHE/$WHEEL"
    check_sha "$CACHE/$WHEEL" "$WHEEL_SHA256" "downloaded wheel (delete $CACHE and retry; if it persists the index serves a different file)"
fi

# ------------------------------------------------------------------ 3. extract
say "[3/5] extracting the two .tflite models and the license"
"$PY" - "$CACHE/$WHEEL" "$STAGE" "$DET_TFLITE" "$LMK_TFLITE" <<'EOF' || die "cannot extract the models from the wheel"
import os, sys, zipfile
whl, stage, *members = sys.argv[1:]
with zipfile.ZipFile(whl) as z:
    for m in members:
        with open(os.path.join(stage, os.path.basename(m)), "wb") as f:
            f.write(z.read(m))
    with open(os.path.join(stage, "wheel-LICENSE"), "wb") as f:
        f.write(z.read("mediapipe-0.10.14.dist-info/LICENSE"))
EOF
check_sha "$STAGE/pose_detection.tflite" "$DET_TFLITE_SHA256" "extracted pose_detection.tflite"
check_sha "$STAGE/pose_landmark_full.tflite" "$LMK_TFLITE_SHA256" "extracted pose_landmark_full.tflite"

# ------------------------------------------------------------------ 4. convert
say "[4/5] converting to ONNX"
for m in pose_detection pose_landmark_full; do
    "$PY" "$CONVERTER" "$STAGE/$m.tflite" "$STAGE/$m.onnx" >"$STAGE/convert.log" 2>&1 || {
        cat "$STAGE/convert.log" >&2
        die "converting $m.tflite failed (see above)"
    }
    sed "s|^|      |" "$STAGE/convert.log"
done
"$PY" "$CONVERTER" "$STAGE/pose_landmark_full.tflite" "$STAGE/pose_landmark_full_nomask.onnx" \
    --without-output segmentation >"$STAGE/convert.log" 2>&1 || {
    cat "$STAGE/convert.log" >&2
    die "converting pose_landmark_full.tflite without its segmentation head failed (see above)"
}
sed "s|^|      |" "$STAGE/convert.log"
conv_sha() { check_sha "$1" "$2" "converted $(basename "$1") (the converter or its pinned packages changed; re-pin or update the checksum in $0)"; }
conv_sha "$STAGE/pose_detection.onnx" "$DET_ONNX_SHA256"
conv_sha "$STAGE/pose_landmark_full.onnx" "$LMK_ONNX_SHA256"
conv_sha "$STAGE/pose_landmark_full_nomask.onnx" "$LMK_NOMASK_ONNX_SHA256"

# ------------------------------------------------------------------ 5. install
say "[5/5] writing files"
{
    cat <<EOF
pose_detection.onnx, pose_landmark_full.onnx and pose_landmark_full_nomask.onnx (the same
network without its segmentation head) were converted by HingeCheck's
Shims/models/convert_blazepose.py from
    $DET_TFLITE
    $LMK_TFLITE
found in the PyPI wheel $WHEEL
(sha256 $WHEEL_SHA256).
The models are MediaPipe's (Copyright Google LLC), licensed under the Apache License 2.0;
the wheel's LICENSE file follows verbatim.

EOF
    cat "$STAGE/wheel-LICENSE"
} >"$STAGE/LICENSE"
(cd "$STAGE" && sha256sum pose_detection.onnx pose_landmark_full.onnx pose_landmark_full_nomask.onnx LICENSE) >"$STAGE/SHA256SUMS"
for f in pose_detection.onnx pose_landmark_full.onnx pose_landmark_full_nomask.onnx LICENSE SHA256SUMS; do
    mv -f "$STAGE/$f" "$DEST/$f" || die "cannot write $DEST/$f"   # same filesystem: atomic rename
done
say "done: $DEST/pose_detection.onnx $DEST/pose_landmark_full.onnx $DEST/pose_landmark_full_nomask.onnx (check with: cd $DEST && sha256sum -c SHA256SUMS)"
