#!/usr/bin/env python3
"""Folds the PP-OCR models' elementwise steps into their convolutions: the same functions, fewer passes.

PP-OCRv4's backbone (PP-LCNetV3) follows every convolution with a learnable affine step (a scalar
multiply and add) and a hard-swish written out as five elementwise nodes, and the next convolution
starts with another scalar affine step. ONNX Runtime runs each of these nodes as a pass over the
whole feature map and fuses none of them; on an A4 page they were 44% of the detector's time.

Rewrites, each exact up to float rounding:
  * Conv → Mul(a) → Add(b)                     becomes Conv with W·a and B·a + b;
  * Add(x, 3) → Clip(0, 6) → Mul(x, ·) → Div(6) becomes HardSwish(x) (ONNX opset 14; ONNX Runtime
    then fuses it into the convolution before it);
  * Mul(c) → Add(d) → 1×1 Conv without padding becomes that Conv with W·c and B + d·ΣW;
  * Mul(c) → Add(d) → depthwise Conv           becomes a 1×1 depthwise Conv (one pass, and it stays
    in ONNX Runtime's blocked NCHWc layout; folding d into a padded 3×3 conv would not be exact at
    the borders, where the padding is 0 and not d).

Then it checks, with ONNX Runtime on random inputs, that each model's outputs are unchanged (within
1e-3), and writes the models. (ONNX's own reference evaluator is no oracle here: on the original
recogniser it already differs from ONNX Runtime by 0.17.) Deterministic: products of float32 values are exact
in float64, sums use math.fsum; scripts/setup-ocr.sh pins the SHA-256 of what this writes.

    fold-ocr-models.py IN.onnx OUT.onnx HxW[,HxW...] [IN.onnx OUT.onnx HxW ...]

HxW: the input sizes to check with (a batch of two random images each).
"""

import math
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, version_converter
import onnxruntime

OPSET = 14  # HardSwish
USAGE = "usage: fold-ocr-models.py IN.onnx OUT.onnx HxW[,HxW...] [IN.onnx OUT.onnx HxW ...]"


def fold(model: onnx.ModelProto) -> tuple[onnx.ModelProto, dict]:
    default = [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")][0]
    if default < OPSET:
        model = version_converter.convert_version(model, OPSET)
    graph = model.graph
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    nodes = []
    for n in graph.node:
        if n.op_type == "Constant" and len(n.attribute) == 1 and n.attribute[0].name == "value":
            inits[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
        else:
            nodes.append(n)
    outputs = {o.name for o in graph.output}
    stats = {"conv+affine": 0, "hard-swish": 0, "affine+1x1": 0, "affine→depthwise 1x1": 0}

    def consumers(name):
        return [n for n in nodes if name in n.input]

    def only_consumer(name, op):
        cs = consumers(name)
        return cs[0] if len(cs) == 1 and cs[0].op_type == op and name not in outputs else None

    def scalar(name):
        v = inits.get(name)
        return None if v is None or v.size != 1 else float(v.reshape(()))

    def other(node, name):
        return node.input[1] if node.input[0] == name else node.input[0]

    def attrs(node):
        return {a.name: helper.get_attribute_value(a) for a in node.attribute}

    def weights(conv):
        w = inits[conv.input[1]].astype(np.float64)
        b = inits[conv.input[2]].astype(np.float64) if len(conv.input) > 2 else np.zeros(w.shape[0])
        return w, b

    def scalar_affine(mul):
        """(x, c, d, add) when `mul` is x·c followed by + d, else None."""
        if mul.op_type != "Mul":
            return None
        var = [i for i in mul.input if scalar(i) is None]
        if len(var) != 1:
            return None
        add = only_consumer(mul.output[0], "Add")
        if add is None or scalar(other(add, mul.output[0])) is None:
            return None
        return var[0], scalar(other(mul, var[0])), scalar(other(add, mul.output[0])), add

    # Conv → Mul(a) → Add(b)
    for conv in [n for n in nodes if n.op_type == "Conv"]:
        mul = only_consumer(conv.output[0], "Mul")
        affine = mul and scalar_affine(mul)
        if not affine or affine[0] != conv.output[0]:
            continue
        _, a, b, add = affine
        w, bias = weights(conv)
        wn, bn = conv.output[0] + ".folded_w", conv.output[0] + ".folded_b"
        inits[wn], inits[bn] = (w * a).astype(np.float32), (bias * a + b).astype(np.float32)
        del conv.input[1:]
        conv.input.extend([wn, bn])
        conv.output[0] = add.output[0]
        nodes.remove(mul)
        nodes.remove(add)
        stats["conv+affine"] += 1

    # x·clip(x + 3, 0, 6)/6
    for add in [n for n in nodes if n.op_type == "Add"]:
        three = [i for i in add.input if scalar(i) == 3.0]
        if not three:
            continue
        x = other(add, three[0])
        clip = only_consumer(add.output[0], "Clip")
        if clip is None or len(clip.input) != 3 or scalar(clip.input[1]) != 0.0 or scalar(clip.input[2]) != 6.0:
            continue
        mul = only_consumer(clip.output[0], "Mul")
        if mul is None or other(mul, clip.output[0]) != x:
            continue
        div = only_consumer(mul.output[0], "Div")
        if div is None or div.input[0] != mul.output[0] or scalar(div.input[1]) != 6.0:
            continue
        at = nodes.index(add)
        for n in (add, clip, mul, div):
            nodes.remove(n)
        nodes.insert(at, helper.make_node("HardSwish", [x], [div.output[0]], name=div.output[0] + ".hard_swish"))
        stats["hard-swish"] += 1

    # Mul(c) → Add(d) → Conv
    for mul in [n for n in nodes if n.op_type == "Mul"]:
        affine = scalar_affine(mul)
        if not affine:
            continue
        x, c, d, add = affine
        conv = only_consumer(add.output[0], "Conv")
        if conv is None or conv.input[0] != add.output[0]:
            continue
        w, bias = weights(conv)
        a = attrs(conv)
        channels_out = w.shape[0]
        if w.shape[2:] == (1, 1) and not any(a.get("pads", [0])) and a.get("group", 1) == 1:
            sums = np.array([math.fsum(w[k].ravel()) for k in range(channels_out)])
            wn, bn = conv.output[0] + ".pre_w", conv.output[0] + ".pre_b"
            inits[wn], inits[bn] = (w * c).astype(np.float32), (bias + d * sums).astype(np.float32)
            del conv.input[:]
            conv.input.extend([x, wn, bn])
            stats["affine+1x1"] += 1
        elif a.get("group", 1) == channels_out and w.shape[1] == 1:
            wn, bn = add.output[0] + ".dw_w", add.output[0] + ".dw_b"
            inits[wn] = np.full((channels_out, 1, 1, 1), c, np.float32)
            inits[bn] = np.full((channels_out,), d, np.float32)
            dw = helper.make_node(
                "Conv", [x, wn, bn], [add.output[0]], group=channels_out, kernel_shape=[1, 1],
                name=add.output[0] + ".affine",
            )
            nodes.insert(nodes.index(mul), dw)
            stats["affine→depthwise 1x1"] += 1
        else:
            continue
        nodes.remove(mul)
        nodes.remove(add)

    used = {i for n in nodes for i in n.input}
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(numpy_helper.from_array(v, k) for k, v in inits.items() if k in used)
    onnx.checker.check_model(model)
    return model, stats


def same_outputs(before: onnx.ModelProto, after: onnx.ModelProto, sizes: list[tuple[int, int]]) -> float:
    """Largest difference between the two models' outputs on random images of `sizes`."""
    rng = np.random.default_rng(20231108)
    name = before.graph.input[0].name
    worst = 0.0
    for h, w in sizes:
        x = rng.uniform(-1, 1, (2, 3, h, w)).astype(np.float32)
        a, b = (
            onnxruntime.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, {name: x})[0]
            for m in (before, after)
        )
        worst = max(worst, float(np.abs(a - b).max()))
    return worst


def main(args: list[str]) -> int:
    try:
        if len(args) % 3 or not args:
            raise ValueError("three arguments per model")
        jobs = [
            (src, dst, [tuple(int(v) for v in size.split("x")) for size in sizes.split(",")])
            for src, dst, sizes in zip(args[0::3], args[1::3], args[2::3])
        ]
    except ValueError as e:
        print(f"fold-ocr-models: {e}\n{USAGE}", file=sys.stderr)
        return 2
    for src, dst, sizes in jobs:
        before = onnx.load(src)
        after, stats = fold(onnx.load(src))
        diff = same_outputs(before, after, sizes)
        nodes = (len(before.graph.node), len(after.graph.node))
        print(f"fold-ocr-models: {src}: {stats}, nodes {nodes[0]} → {nodes[1]}, largest output difference {diff:.2e}")
        if not diff < 1e-3:
            print(f"fold-ocr-models: {src}: the folded model computes something else ({diff})", file=sys.stderr)
            return 1
        onnx.save(after, dst)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
