#!/usr/bin/env bash
# Per-layer times of the BlazePose networks with the shim's layers and with OpenCV's own
# (Benchmarks/layer_profile/layer_profile.cpp; docs/benchmarks.md, "Where the time goes").
#
#   bash Benchmarks/layer_profile.sh [OUT_DIR]          # both landmark networks, 1 and 2 threads
#   LAYERS=1 bash Benchmarks/layer_profile.sh out/prof  # also every layer with its shapes
#
# Builds the harness with clang++ against the shim's layer sources (no Swift build needed) into
# OUT_DIR (default out/layer_profile). Needs the models (`hingecheck models install`). Times vary
# with the machine's load: compare runs made one after the other, on an otherwise idle machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/out/layer_profile}
models=${HINGECHECK_MODELS:-$HOME/.local/share/hingecheck/models}
src=$root/Shims/CPoseShim/src
sources=()
for layer in depthwise_conv pointwise_conv direct_conv strided_conv dense_conv bilinear_upsample sum_layer shim_layers; do
    sources+=("$src/$layer.cpp")
done
mkdir -p "$out"
echo "building $out/layer_profile" >&2
# shellcheck disable=SC2046  # pkg-config prints several flags
clang++ -O2 -std=c++17 $(pkg-config --cflags opencv4) -I"$root/Shims/CPoseShim/include" -I"$src" \
    "$root/Benchmarks/layer_profile/layer_profile.cpp" "${sources[@]}" \
    -o "$out/layer_profile" -lopencv_dnn -lopencv_imgproc -lopencv_core
extra=()
[ "${LAYERS:-0}" = 1 ] && extra+=(--layers)
for net in pose_landmark_full pose_landmark_full_nomask; do
    file=$models/$net.onnx
    if [ ! -f "$file" ]; then
        echo "missing $file: run 'hingecheck models install' (or set HINGECHECK_MODELS)" >&2
        exit 1
    fi
    for threads in 1 2; do
        for which in "" --stock; do
            "$out/layer_profile" "$file" --threads "$threads" ${which:+"$which"} "${extra[@]}"
        done
    done
done
