#!/usr/bin/env python3
"""HingeCheck's TFLite -> ONNX converter for MediaPipe's two BlazePose models.

    python convert_blazepose.py IN.tflite OUT.onnx [--portable]

Written for, and only tested on, two files from the PyPI wheel mediapipe==0.10.14:
    mediapipe/modules/pose_detection/pose_detection.tflite
    mediapipe/modules/pose_landmark/pose_landmark_full.tflite
The target is OpenCV 4.6's DNN module (cv::dnn::readNetFromONNX). OpenCV 4.6 cannot read TFLite, and
tflite2onnx 0.4.1 fails on both models. Needs the PyPI packages `tflite` (flatbuffer schema), `onnx`
and `numpy<2`; install-models.sh pins the versions.

What it does
  * FP16 DEQUANTIZE and sparse (CSR) DENSIFY weights are folded into dense float32 initializers.
  * Every 4-D tensor is NHWC in TFLite and NCHW in the ONNX file; weights are transposed to match.
  * TFLite SAME padding becomes explicit (sometimes uneven) pads; a standalone zero PAD that only feeds
    convolutions is folded into their pads.
  * Fused ReLU6 is written as `Clip` with min/max ATTRIBUTES. OpenCV 4.6's Clip importer insists on one
    input (it turns the node into a ReLU6 layer and fuses it into the convolution), while opset 11
    wants min/max as inputs. The file declares opset 11 (needed for half-pixel bilinear Resize), so by
    default it is NOT strictly valid ONNX: onnx.checker and onnxruntime reject those Clip nodes.
    `--portable` writes the spec form (min/max as constant inputs) instead: valid ONNX for
    onnxruntime and others, identical maths, but OpenCV 4.6 refuses to load it.
  * RESIZE_BILINEAR (half_pixel_centers) -> Resize linear, coordinate_transformation_mode half_pixel.
  * The output is deterministic: the same input gives the same bytes.

Input (both models): name "input", float32 NCHW, RGB.
  pose_detection:      [1, 3, 224, 224], values in [-1, 1] (pixel / 127.5 - 1), letterboxed image.
  pose_landmark_full:  [1, 3, 256, 256], values in [0, 1]  (pixel / 255), rotated ROI crop.

Outputs of pose_detection.onnx (graph order):
  "regressors"    [1, 2254, 12]  per anchor: box dx, dy, w, h, then 4 keypoints (x, y), in input pixels
                                 (224 scale), relative to the anchor centre. Anchor order: stride 8
                                 (28x28 cells x 2 anchors = 1568), stride 16 (14x14x2 = 392), stride 32
                                 (7x7x6 = 294); within a stride row-major y, x, then anchor.
  "score_logits"  [1, 2254, 1]   raw classifier logits, same anchor order (score = sigmoid(logit)).

Outputs of pose_landmark_full.onnx (graph order):
  "landmarks"        [1, 195]            39 x 5 row-major: x, y, z (crop pixels, 256 scale),
                                         visibility logit, presence logit. 33 body points + 6 auxiliary.
  "pose_flag"        [1, 1]              pose presence, already a probability (sigmoid applied).
  "segmentation"     [1, 1, 256, 256]    NCHW (= plain 256x256 row-major) segmentation logits.
  "heatmap"          [1, 39, 64, 64]     NCHW: one contiguous 64x64 row-major plane per landmark
                                         (TFLite's own output is NHWC [1, 64, 64, 39]).
  "world_landmarks"  [1, 117]            39 x 3 row-major: x, y, z in metres, hip-centred.

OpenCV returns outputs in the order of the names you pass to forward(); ask for them by name.
"""

import argparse
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto
import tflite

OPSET = 11
IR_VERSION = 6  # IR version that goes with opset 11; kept low for old importers.

OUTPUT_NAMES = {
    # TFLite output tensor name -> ONNX output name, per model (recognised by input size).
    224: {"Identity": "regressors", "Identity_1": "score_logits"},
    256: {"Identity": "landmarks", "Identity_1": "pose_flag", "Identity_2": "segmentation",
          "Identity_3": "heatmap", "Identity_4": "world_landmarks"},
}

OPNAMES = {v: k for k, v in vars(tflite.BuiltinOperator).items() if not k.startswith("_")}
NP_TYPES = {
    tflite.TensorType.FLOAT32: np.float32,
    tflite.TensorType.FLOAT16: np.float16,
    tflite.TensorType.INT32: np.int32,
    tflite.TensorType.INT64: np.int64,
    tflite.TensorType.UINT8: np.uint8,
    tflite.TensorType.INT8: np.int8,
}
ACT_NONE, ACT_RELU, ACT_RELU6 = (tflite.ActivationFunctionType.NONE,
                                 tflite.ActivationFunctionType.RELU,
                                 tflite.ActivationFunctionType.RELU6)
NHWC_TO_NCHW_AXIS = {0: 0, 1: 2, 2: 3, 3: 1}


class ConvertError(Exception):
    pass


def options(op, cls):
    tab = op.BuiltinOptions()
    if tab is None:
        return None
    o = cls()
    o.Init(tab.Bytes, tab.Pos)
    return o


def _index_vector(dm, which):
    """Return the segments or indices array of a sparse dimension as int64."""
    if which == "segments":
        kind, tab = dm.ArraySegmentsType(), dm.ArraySegments()
    else:
        kind, tab = dm.ArrayIndicesType(), dm.ArrayIndices()
    cls = {tflite.SparseIndexVector.Int32Vector: tflite.Int32Vector,
           tflite.SparseIndexVector.Uint16Vector: tflite.Uint16Vector,
           tflite.SparseIndexVector.Uint8Vector: tflite.Uint8Vector}.get(kind)
    if cls is None or tab is None:
        raise ConvertError("sparse tensor with unsupported %s vector type %d" % (which, kind))
    v = cls()
    v.Init(tab.Bytes, tab.Pos)
    return np.asarray(v.ValuesAsNumpy(), dtype=np.int64)


def densify(shape, sparsity, values):
    """Decode a TFLite sparse tensor (DENSE/CSR dims, no block map) into a dense array."""
    if sparsity.BlockMapLength():
        raise ConvertError("sparse tensors with block maps are not supported")
    order = [int(x) for x in sparsity.TraversalOrderAsNumpy()]
    if sorted(order) != list(range(len(shape))):
        raise ConvertError("unexpected sparse traversal order %s" % order)
    pos = np.zeros(1, dtype=np.int64)       # position of each partial path in the next level
    coords = np.zeros((1, 0), dtype=np.int64)
    for level in range(len(order)):
        dm = sparsity.DimMetadata(level)
        if dm.Format() == tflite.DimensionType.DENSE:
            n = dm.DenseSize()
            coords = np.concatenate([np.repeat(coords, n, axis=0),
                                     np.tile(np.arange(n, dtype=np.int64), len(pos))[:, None]], axis=1)
            pos = (pos[:, None] * n + np.arange(n, dtype=np.int64)[None, :]).reshape(-1)
        else:
            seg = _index_vector(dm, "segments")
            idx = _index_vector(dm, "indices")
            starts, ends = seg[pos], seg[pos + 1]
            counts = ends - starts
            parent = np.repeat(np.arange(len(pos)), counts)
            offs = np.arange(counts.sum(), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
            newpos = starts[parent] + offs
            coords = np.concatenate([coords[parent], idx[newpos][:, None]], axis=1)
            pos = newpos
    if len(pos) != values.size:
        raise ConvertError("sparse tensor: %d positions but %d values" % (len(pos), values.size))
    dense = np.zeros(shape, dtype=values.dtype)
    full = np.zeros_like(coords)
    full[:, order] = coords                 # traversal order -> tensor dims
    dense[tuple(full.T)] = values.reshape(-1)[pos]   # values are stored in traversal order
    return dense


def same_pads(in_size, k, stride, dilation):
    out = -(-in_size // stride)
    total = max((out - 1) * stride + (k - 1) * dilation + 1 - in_size, 0)
    return total // 2, total - total // 2


class Converter:
    def __init__(self, buf, portable=False):
        self.m = tflite.Model.GetRootAsModel(buf, 0)
        if self.m.SubgraphsLength() != 1:
            raise ConvertError("expected 1 subgraph, found %d" % self.m.SubgraphsLength())
        self.g = self.m.Subgraphs(0)
        self.portable = portable
        self.nodes = []
        self.inits = []
        self.init_values = {}
        self.const = {}      # tflite tensor index -> numpy value (TFLite layout)
        self.names = {}      # tflite tensor index -> onnx name
        self.pending_pad = {}  # tflite tensor index -> (source tensor, [t, b, l, r]) for folded PAD
        self.counter = 0

    # ---------------------------------------------------------------- tensors
    def tensor(self, i):
        return self.g.Tensors(i)

    def shape(self, i):
        t = self.tensor(i)
        return [int(x) for x in t.ShapeAsNumpy()] if t.ShapeLength() else []

    def raw_const(self, i):
        t = self.tensor(i)
        buf = self.m.Buffers(t.Buffer())
        if buf is None or buf.DataLength() == 0:
            return None
        dt = NP_TYPES.get(t.Type())
        if dt is None:
            raise ConvertError("tensor %d has unsupported type %d" % (i, t.Type()))
        data = np.frombuffer(buf.DataAsNumpy().tobytes(), dtype=np.dtype(dt).newbyteorder("<"))
        data = data.astype(dt)
        if t.Sparsity() is not None:
            return ("sparse", data, t.Sparsity())
        return data.reshape(self.shape(i))

    def get_const(self, i):
        if i in self.const:
            return self.const[i]
        v = self.raw_const(i)
        if isinstance(v, tuple):
            raise ConvertError("sparse tensor %d used without DENSIFY" % i)
        if v is not None:
            self.const[i] = v
        return v

    def fresh(self, base):
        self.counter += 1
        return "%s_%d" % (base, self.counter)

    def add_init(self, name, arr):
        arr = np.ascontiguousarray(arr)
        if name in self.init_values:     # a weight shared by two ops: store it once
            prev = self.init_values[name]
            if prev.shape != arr.shape or not np.array_equal(prev, arr):
                raise ConvertError("initializer %s reused with different contents" % name)
            return name
        self.init_values[name] = arr
        self.inits.append(numpy_helper.from_array(arr, name))
        return name

    def name_of(self, i):
        if i not in self.names:
            if self.get_const(i) is not None:
                raise ConvertError("constant tensor %d used as an activation" % i)
            raise ConvertError("tensor %d used before it is produced" % i)
        return self.names[i]

    def out_name(self, i):
        n = self.tensor(i).Name().decode()
        return self.output_map.get(n, "t%d" % i)

    def node(self, op_type, inputs, outputs, **attrs):
        self.nodes.append(helper.make_node(op_type, inputs, outputs,
                                           name="%s_%d" % (op_type, len(self.nodes)), **attrs))

    def activation(self, act, pre, final):
        """Emit the fused activation `act` from onnx tensor `pre` to `final`."""
        if act == ACT_RELU6:
            if self.portable:
                lo = self.add_init("relu6_min", np.array(0.0, np.float32))
                hi = self.add_init("relu6_max", np.array(6.0, np.float32))
                self.node("Clip", [pre, lo, hi], [final])
            else:
                self.node("Clip", [pre], [final], min=0.0, max=6.0)
        elif act == ACT_RELU:
            self.node("Relu", [pre], [final])
        else:
            raise ConvertError("unsupported fused activation %d" % act)

    def with_act(self, act, out_idx):
        """Name for the raw op output, and a callback that emits the activation."""
        final = self.out_name(out_idx)
        self.names[out_idx] = final
        if act == ACT_NONE:
            return final, lambda: None
        pre = self.fresh("pre")
        return pre, lambda: self.activation(act, pre, final)

    # --------------------------------------------------------------- convert
    def convert(self):
        g = self.g
        in_idx = [g.Inputs(k) for k in range(g.InputsLength())]
        out_idx = [g.Outputs(k) for k in range(g.OutputsLength())]
        if len(in_idx) != 1:
            raise ConvertError("expected one input")
        ishape = self.shape(in_idx[0])
        if len(ishape) != 4 or ishape[3] != 3:
            raise ConvertError("expected an NHWC RGB input, got %s" % ishape)
        self.output_map = OUTPUT_NAMES.get(ishape[1], {})
        self.names[in_idx[0]] = "input"

        # consumers, for PAD folding
        consumers = {}
        ops = [g.Operators(k) for k in range(g.OperatorsLength())]
        for k, op in enumerate(ops):
            for j in range(op.InputsLength()):
                consumers.setdefault(op.Inputs(j), []).append(k)
        self.ops = ops
        self.consumers = consumers
        self.graph_outputs = set(out_idx)

        for k, op in enumerate(ops):
            oc = self.m.OperatorCodes(op.OpcodeIndex())
            code = max(oc.BuiltinCode(), oc.DeprecatedBuiltinCode())
            opname = OPNAMES.get(code, str(code))
            fn = getattr(self, "op_" + opname, None)
            if fn is None:
                raise ConvertError("operator %s (op #%d) is not supported" % (opname, k))
            ins = [op.Inputs(j) for j in range(op.InputsLength())]
            outs = [op.Outputs(j) for j in range(op.OutputsLength())]
            fn(op, ins, outs)

        inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                                [1, ishape[3], ishape[1], ishape[2]])]
        outputs = []
        for i in out_idx:
            s = self.shape(i)
            if len(s) == 4:
                s = [s[0], s[3], s[1], s[2]]
            outputs.append(helper.make_tensor_value_info(self.name_of(i), TensorProto.FLOAT, s))
        graph = helper.make_graph(self.nodes, "blazepose", inputs, outputs, initializer=self.inits)
        model = helper.make_model(graph, producer_name="hingecheck-convert_blazepose",
                                  producer_version="1",
                                  opset_imports=[helper.make_opsetid("", OPSET)])
        model.ir_version = IR_VERSION
        return model

    # ---------------------------------------------------------- constant ops
    def op_DEQUANTIZE(self, op, ins, outs):
        v = self.get_const(ins[0])
        if v is None:
            raise ConvertError("DEQUANTIZE of a non-constant tensor")
        t = self.tensor(ins[0])
        if v.dtype == np.float16:
            self.const[outs[0]] = v.astype(np.float32)
        elif v.dtype in (np.int8, np.uint8):
            q = t.Quantization()
            scale = q.ScaleAsNumpy()
            zp = q.ZeroPointAsNumpy()
            if np.size(scale) != 1:
                raise ConvertError("per-channel int8 DEQUANTIZE is not supported")
            self.const[outs[0]] = ((v.astype(np.float32) - float(zp[0])) * float(scale[0])).astype(np.float32)
        else:
            raise ConvertError("DEQUANTIZE from %s is not supported" % v.dtype)

    def op_DENSIFY(self, op, ins, outs):
        v = self.raw_const(ins[0])
        if not isinstance(v, tuple):
            raise ConvertError("DENSIFY of a tensor without sparsity")
        _, values, sparsity = v
        self.const[outs[0]] = densify(self.shape(outs[0]), sparsity, values)

    # ------------------------------------------------------------ layer ops
    def conv_input(self, x_idx, pads):
        """Resolve a folded PAD in front of a conv: returns (onnx input name, pads t,l,b,r)."""
        if x_idx in self.pending_pad:
            src, (pt, pb, pl, pr) = self.pending_pad[x_idx]
            return self.name_of(src), [pads[0] + pt, pads[1] + pl, pads[2] + pb, pads[3] + pr]
        return self.name_of(x_idx), pads

    def op_CONV_2D(self, op, ins, outs, depthwise=False):
        o = options(op, tflite.DepthwiseConv2DOptions if depthwise else tflite.Conv2DOptions)
        w = self.get_const(ins[1])
        if w is None:
            raise ConvertError("convolution with non-constant weights")
        b = self.get_const(ins[2]) if len(ins) > 2 and ins[2] >= 0 else None
        h, wd = self.shape(ins[0])[1:3]          # size after any folded PAD (TFLite's view)
        kh, kw = w.shape[1], w.shape[2]
        sh, sw = o.StrideH(), o.StrideW()
        dh, dw = o.DilationHFactor(), o.DilationWFactor()
        if o.Padding() == tflite.Padding.SAME:
            pt, pb = same_pads(h, kh, sh, dh)
            pl, pr = same_pads(wd, kw, sw, dw)
        else:
            pt = pb = pl = pr = 0
        x, pads = self.conv_input(ins[0], [pt, pl, pb, pr])
        cin = self.shape(ins[0])[3]
        if depthwise:
            weight = np.transpose(w, (3, 0, 1, 2))          # [1,kh,kw,C*m] -> [C*m,1,kh,kw]
            group = cin
        else:
            weight = np.transpose(w, (0, 3, 1, 2))          # [O,kh,kw,I] -> [O,I,kh,kw]
            group = 1
        wname = self.add_init("w%d" % ins[1], weight.astype(np.float32))
        cin_names = [x, wname]
        if b is not None:
            cin_names.append(self.add_init("b%d" % ins[2], b.astype(np.float32).reshape(-1)))
        pre, act = self.with_act(o.FusedActivationFunction(), outs[0])
        attrs = dict(kernel_shape=[kh, kw], strides=[sh, sw], dilations=[dh, dw], pads=pads)
        if group != 1:
            attrs["group"] = group
        self.node("Conv", cin_names, [pre], **attrs)
        act()

    def op_DEPTHWISE_CONV_2D(self, op, ins, outs):
        self.op_CONV_2D(op, ins, outs, depthwise=True)

    def op_MAX_POOL_2D(self, op, ins, outs):
        o = options(op, tflite.Pool2DOptions)
        h, w = self.shape(ins[0])[1:3]
        kh, kw, sh, sw = o.FilterHeight(), o.FilterWidth(), o.StrideH(), o.StrideW()
        if o.Padding() == tflite.Padding.SAME:
            pt, pb = same_pads(h, kh, sh, 1)
            pl, pr = same_pads(w, kw, sw, 1)
        else:
            pt = pb = pl = pr = 0
        pre, act = self.with_act(o.FusedActivationFunction(), outs[0])
        self.node("MaxPool", [self.name_of(ins[0])], [pre], kernel_shape=[kh, kw],
                  strides=[sh, sw], pads=[pt, pl, pb, pr])
        act()

    def op_PAD(self, op, ins, outs):
        p = self.get_const(ins[1])
        if p is None:
            raise ConvertError("PAD with non-constant paddings")
        p = np.asarray(p).reshape(-1, 2).astype(np.int64)
        if len(p) != 4:
            raise ConvertError("PAD of a non 4-D tensor")
        users = self.consumers.get(outs[0], [])
        foldable = (p[0].sum() == 0 and p[3].sum() == 0 and users
                    and outs[0] not in self.graph_outputs)
        if foldable:
            for k in users:
                oc = self.m.OperatorCodes(self.ops[k].OpcodeIndex())
                code = max(oc.BuiltinCode(), oc.DeprecatedBuiltinCode())
                if OPNAMES.get(code) not in ("CONV_2D", "DEPTHWISE_CONV_2D") or self.ops[k].Inputs(0) != outs[0]:
                    foldable = False
        if foldable:
            # zero padding folded into the pads of every consuming convolution
            self.pending_pad[outs[0]] = (ins[0], [int(p[1, 0]), int(p[1, 1]), int(p[2, 0]), int(p[2, 1])])
            return
        # explicit Pad, NCHW order: [n0, c0, h0, w0, n1, c1, h1, w1]
        begin = [p[0, 0], p[3, 0], p[1, 0], p[2, 0]]
        end = [p[0, 1], p[3, 1], p[1, 1], p[2, 1]]
        pads = self.add_init(self.fresh("pads"), np.array(begin + end, dtype=np.int64))
        self.names[outs[0]] = self.out_name(outs[0])
        self.node("Pad", [self.name_of(ins[0]), pads], [self.names[outs[0]]], mode="constant")

    def op_ADD(self, op, ins, outs):
        o = options(op, tflite.AddOptions)
        names = []
        for i in ins:
            c = self.get_const(i)
            if c is not None:
                c = c.astype(np.float32)
                if c.ndim == 4:
                    c = np.transpose(c, (0, 3, 1, 2))
                elif c.ndim >= 1 and len(self.shape(outs[0])) == 4:
                    # broadcast over the channel axis (last in NHWC) -> [C,1,1]
                    c = c.reshape(-1, 1, 1)
                names.append(self.add_init(self.fresh("addc"), c))
            else:
                names.append(self.name_of(i))
        pre, act = self.with_act(o.FusedActivationFunction() if o else ACT_NONE, outs[0])
        self.node("Add", names, [pre])
        act()

    def op_LOGISTIC(self, op, ins, outs):
        self.names[outs[0]] = self.out_name(outs[0])
        self.node("Sigmoid", [self.name_of(ins[0])], [self.names[outs[0]]])

    def op_RESIZE_BILINEAR(self, op, ins, outs):
        o = options(op, tflite.ResizeBilinearOptions)
        h, w = self.shape(ins[0])[1:3]
        oh, ow = self.shape(outs[0])[1:3]
        if o.AlignCorners():
            mode = "align_corners"
        elif o.HalfPixelCenters():
            mode = "half_pixel"
        else:
            mode = "asymmetric"
        roi = self.add_init(self.fresh("roi"), np.zeros((0,), np.float32))
        scales = self.add_init(self.fresh("scales"),
                               np.array([1.0, 1.0, oh / h, ow / w], dtype=np.float32))
        self.names[outs[0]] = self.out_name(outs[0])
        self.node("Resize", [self.name_of(ins[0]), roi, scales], [self.names[outs[0]]],
                  mode="linear", coordinate_transformation_mode=mode)

    def op_DEPTH_TO_SPACE(self, op, ins, outs):
        o = options(op, tflite.DepthToSpaceOptions)
        self.names[outs[0]] = self.out_name(outs[0])
        # TFLite's channel order (dy, dx, c) is ONNX's DCR mode.
        self.node("DepthToSpace", [self.name_of(ins[0])], [self.names[outs[0]]],
                  blocksize=o.BlockSize(), mode="DCR")

    def op_RESHAPE(self, op, ins, outs):
        src = self.shape(ins[0])
        dst = self.shape(outs[0])
        x = self.name_of(ins[0])
        if len(src) == 4 and not (src[1] == 1 and src[2] == 1):
            # NCHW -> NHWC first so the flattening order is TFLite's
            t = self.fresh("nhwc")
            self.node("Transpose", [x], [t], perm=[0, 2, 3, 1])
            x = t
        if len(dst) == 4:
            raise ConvertError("RESHAPE to a 4-D tensor is not supported")
        shp = self.add_init(self.fresh("shape"), np.array(dst, dtype=np.int64))
        self.names[outs[0]] = self.out_name(outs[0])
        self.node("Reshape", [x, shp], [self.names[outs[0]]])

    def op_CONCATENATION(self, op, ins, outs):
        o = options(op, tflite.ConcatenationOptions)
        rank = len(self.shape(outs[0]))
        axis = o.Axis() % rank
        if rank == 4:
            axis = NHWC_TO_NCHW_AXIS[axis]
        pre, act = self.with_act(o.FusedActivationFunction(), outs[0])
        self.node("Concat", [self.name_of(i) for i in ins], [pre], axis=axis)
        act()


def drop_outputs(model, names):
    """Removes graph outputs and every node and initializer that only they needed.

    OpenCV 4.6 DNN runs every layer of a network whatever outputs are asked for, so the landmark
    model without its segmentation head is a separate file: about a third less work per frame
    when no mask is wanted (Shims/models/README.md)."""
    g = model.graph
    unknown = set(names) - {o.name for o in g.output}
    if unknown:
        raise ConvertError("no output named %s" % ", ".join(sorted(unknown)))
    keep = [o for o in g.output if o.name not in names]
    needed = {o.name for o in keep}
    nodes = []
    for n in reversed(list(g.node)):
        if any(o in needed for o in n.output):
            nodes.append(n)
            needed.update(n.input)
    nodes.reverse()
    inits = [i for i in g.initializer if i.name in needed]
    del g.output[:]
    g.output.extend(keep)
    del g.node[:]
    g.node.extend(nodes)
    del g.initializer[:]
    g.initializer.extend(inits)
    return model


def convert_file(src, dst, portable=False, without=()):
    with open(src, "rb") as f:
        buf = f.read()
    model = Converter(buf, portable=portable).convert()
    if without:
        drop_outputs(model, without)
    if portable:
        onnx.checker.check_model(model)
    data = model.SerializeToString(deterministic=True)
    with open(dst, "wb") as f:
        f.write(data)
    return model


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src", help="input .tflite")
    ap.add_argument("dst", help="output .onnx")
    ap.add_argument("--portable", action="store_true",
                    help="spec-valid Clip (min/max inputs) for onnxruntime; OpenCV 4.6 cannot load it")
    ap.add_argument("--without-output", action="append", default=[], metavar="NAME",
                    help="drop this output and the nodes only it needs (e.g. segmentation); repeatable")
    a = ap.parse_args(argv)
    try:
        model = convert_file(a.src, a.dst, a.portable, a.without_output)
    except ConvertError as e:
        sys.exit("convert_blazepose: %s: %s" % (a.src, e))
    g = model.graph
    print("convert_blazepose: %s -> %s (%d nodes, %d initializers; outputs %s)" % (
        a.src, a.dst, len(g.node), len(g.initializer), ", ".join(o.name for o in g.output)))


if __name__ == "__main__":
    main()
