#!/usr/bin/env python3
"""Runs a frozen bnn model (docs/deploy-format.md) with numpy alone.

usage: python3 deploy_reader.py MODEL IMAGES [--scores]

IMAGES is a raw file of little-endian float32 pixel values (e.g. 0..255), N x the model's
input_shape, row-major (NHWC), or a .npy array of that shape. Prints one predicted class per
image (the first arg-max of its scores), or with --scores the scores, one row per image.
"""
import hashlib
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": np.dtype("<f4"), "I32": np.dtype("<i4"), "U64": np.dtype("<u8"), "U8": np.dtype("u1")}


def load(path):
    """The graph (a dict) and the tensors by name, after checking format, version and SHA-256."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__")
    if meta.get("format") != "bnn-frozen" or meta.get("format_version") != "1":
        raise ValueError(f"{path}: not a bnn-frozen file of version 1: {meta.get('format')} {meta.get('format_version')}")
    body = data[8 + n:]
    stored = meta["file_sha256"]  # the SHA-256 of the whole file, its own 64 hex digits read as '0's
    key = b'"file_sha256":"'
    at = data.index(key, 8, 8 + n) + len(key)
    if hashlib.sha256(data[:at] + b"0" * 64 + data[at + 64:]).hexdigest() != stored:
        raise ValueError(f"{path}: the file does not match file_sha256 (a byte changed)")
    tensors = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        tensors[name] = np.frombuffer(body[begin:end], dtype=DTYPES[e["dtype"]]).reshape(e["shape"])
    return json.loads(meta["graph"]), tensors


def signs(words, cols):
    """±1 int32 values of a U64 bit matrix [rows, words]: bit c of a row is bit c % 64 of word c // 64, 1 means -1."""
    bits = np.unpackbits(words.astype("<u8").view(np.uint8), axis=1, bitorder="little")[:, :cols]
    return 1 - 2 * bits.astype(np.int32)


def thresholded(dots, t):
    """±1 from integer dots: -1 where (dot < threshold) XOR negate."""
    minus = (dots < t["threshold"]) ^ (t["negate"] == 1)
    return np.where(minus, -1, 1).astype(np.int32)


def patches(x, k, stride, pad, fill):
    """[N, OH, OW, k*k*C] patches of NHWC x, columns in (ky, kx, c) order, padded with `fill`."""
    n, h, w, c = x.shape
    xp = np.full((n, h + 2 * pad, w + 2 * pad, c), fill, dtype=x.dtype)
    xp[:, pad:pad + h, pad:pad + w, :] = x
    oh = (h + 2 * pad - k) // stride + 1
    ow = (w + 2 * pad - k) // stride + 1
    cols = [xp[:, ky:ky + stride * oh:stride, kx:kx + stride * ow:stride, :] for ky in range(k) for kx in range(k)]
    return np.concatenate(cols, axis=3)


def max_pool(x, window, stride):
    n, h, w, c = x.shape
    oh = (h - window) // stride + 1
    ow = (w - window) // stride + 1
    out = None
    for ky in range(window):
        for kx in range(window):
            v = x[:, ky:ky + stride * oh:stride, kx:kx + stride * ow:stride, :]
            out = v if out is None else np.maximum(out, v)
    return out


def run(graph, tensors, x):
    """Scores [N, classes] of raw inputs x [N, *input_shape] (float32)."""
    shape = graph["input_shape"]
    x = x.astype(np.float32).reshape([-1] + shape)
    for i, layer in enumerate(graph["layers"]):
        t = {k[len(f"{i}."):]: v for k, v in tensors.items() if k.startswith(f"{i}.")}
        kind = layer["type"]
        if kind == "input_scale":
            x = np.float32(layer["scale"]) * x + np.float32(layer["offset"])
        elif kind == "bitplane_dense":
            pixels = x.reshape(len(x), -1).astype(np.int64)
            w = signs(t["weight"], pixels.shape[1])
            x = thresholded(pixels @ w.T.astype(np.int64), t)
        elif kind == "real_input_dense":
            flat = x.reshape(len(x), -1)
            w = signs(t["weight"], flat.shape[1]).astype(np.float32) if layer["binary_weights"] else t["weight"]
            x = (flat.astype(np.float64) @ w.T.astype(np.float64)).astype(np.float32)  # Java adds in another order
            if layer["bias"]:
                x = x + t["bias"]
        elif kind == "real_input_conv":
            k, stride, pad = layer["kernel"], layer["stride"], layer["padding"]
            p = patches(x, k, stride, pad, 0.0)
            w = signs(t["weight"], p.shape[3]).astype(np.float32) if layer["binary_weights"] else t["weight"]
            x = (p.astype(np.float64) @ w.T.astype(np.float64)).astype(np.float32)
            if layer["bias"]:
                x = x + t["bias"]
        elif kind == "xnor_dense":
            flat = x.reshape(len(x), -1)
            dots = flat @ signs(t["weight"], flat.shape[1]).T
            if layer["bits_out"]:
                x = thresholded(dots, t)
            else:
                x = dots.astype(np.float32) + (t["bias"] if layer["bias"] else np.float32(0))
        elif kind == "xnor_conv":
            k, stride, pad = layer["kernel"], layer["stride"], layer["padding"]
            p = patches(x, k, stride, pad, 1)  # +1 padding: a bit has no zero
            dots = p @ signs(t["weight"], p.shape[3]).T
            if layer["zero_padding"] and pad > 0:
                n, oh, ow, c = dots.shape
                dots = dots - t["correction"].reshape(oh, ow, c)  # the zero-padded convolution
            if layer["pool"] > 0:
                dots = max_pool(dots, layer["pool"], layer["pool_stride"])  # pool the dots, then threshold
            x = thresholded(dots, t)
        elif kind == "batch_norm":
            x = (x * t["inv_std"] + t["shift"]) * t["gamma"] + t["beta"]  # float32, no fused multiply-add
        elif kind == "sign":
            x = np.where(x < 0, -1, 1).astype(np.int32)
        elif kind == "hard_tanh":
            x = np.clip(x, np.float32(-1), np.float32(1))
        elif kind == "max_pool":
            x = max_pool(x, layer["window"], layer["stride"])
        elif kind == "flatten":
            x = x.reshape(len(x), -1)
        elif kind == "unpack":
            x = x.astype(np.float32)
        else:
            raise ValueError(f"layer {i}: unknown type {kind}")
    return x.reshape(len(x), -1)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    graph, tensors = load(argv[1])
    per = int(np.prod(graph["input_shape"]))
    x = np.load(argv[2]) if argv[2].endswith(".npy") else np.fromfile(argv[2], dtype="<f4")
    scores = run(graph, tensors, x.reshape(-1, per))
    if "--scores" in argv:
        np.savetxt(sys.stdout, scores, fmt="%.9g")
    else:
        for c in scores.argmax(axis=1):
            print(int(c))


if __name__ == "__main__":
    main(sys.argv)
