"""Runs a bnn model file with numpy alone (docs/model-format.md).

usage: python3 model_reader.py MODEL.safetensors IMAGES.npy [--preprocessed] [--scores]

IMAGES.npy: a batch, first axis the examples, NHWC for images (MNIST: N x 28 x 28 x 1 or N x 784),
raw dataset values (0..255) unless --preprocessed. Prints one line per example: the predicted
class, and with --scores the last layer's outputs after it.
"""
import hashlib
import json
import struct
import sys

import numpy as np

F32 = np.float32


def read_bnn_model(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    meta = header.pop("__metadata__")
    assert meta["format"] == "bnn-model" and meta["format_version"] in ("1", "2")
    data = blob[8 + n:]
    if meta["format_version"] == "2":  # the whole file, its own 64 hex digits read as '0's
        key = b'"file_sha256":"'
        at = blob.index(key, 8, 8 + n) + len(key)
        assert hashlib.sha256(blob[:at] + b"0" * 64 + blob[at + 64:]).hexdigest() == meta["file_sha256"], "corrupt file"
    else:  # version 1: the data section only
        assert hashlib.sha256(data).hexdigest() == meta["tensors_sha256"], "corrupt file"
    tensors = {}
    for name, e in header.items():
        assert e["dtype"] == "F32"
        begin, end = e["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(e["shape"])
    return tensors, meta


def sign(x):                                  # +1 for x >= 0 (and -0.0), else -1
    return np.where(x >= 0, F32(1), F32(-1))


def quantize(q, x):
    """A quantizer's test-time (deterministic) forward; x is float32."""
    t = q["type"]
    if t in ("SteSign", "ApproxSign", "StochasticSign"):
        return sign(x)
    if t == "SteTern":
        th = F32(q["threshold"])
        return np.where(x > th, F32(1), np.where(x < -th, F32(-1), F32(0)))
    if t == "MagnitudeAwareSign":             # rank 2: one alpha per row
        alpha = np.abs(x.astype(np.float64)).mean(axis=1, keepdims=True).astype(F32)
        return np.where(x >= 0, alpha, -alpha)
    if t == "DoReFa":
        levels = F32(2 ** q["bits"] - 1)
        return (np.rint(np.clip(x, F32(0), F32(1)) * levels) / levels).astype(F32)
    raise ValueError("unknown quantizer " + t)


def layer_weights(layer, w):
    """The weights a layer multiplies with at test time: W, q(W), or the latent W (real_valued_at_test)."""
    q = layer.get("weights")
    if q is None or q.get("real_valued_at_test", False):
        return w
    return quantize(q, w)


def product(x, w, b):                         # x @ w^T + b, summed in float64, rounded once
    y = (x.astype(np.float64) @ w.astype(np.float64).T).astype(F32)
    return y if b is None else y + b


def pow2(x):                                  # AP2 of shift-based batch norm (normal floats)
    a = np.abs(x)
    m, e = np.frexp(a)                        # a = m 2^e, m in [0.5, 1)
    p = np.ldexp(F32(1), e - 1).astype(F32)
    r = np.where(a == 0, F32(0), np.where(a >= p * F32(np.sqrt(2)), 2 * p, p))
    return np.copysign(r, x).astype(F32)


def conv(layer, x, w, b):
    k, s, p = layer["kernel"], layer["stride"], layer["padding"]
    plus_one = layer["type"] == "BinaryConv2d" and layer["binary_input"] and layer["padding_mode"] == "plus_one"
    x = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)), constant_values=1 if plus_one else 0)
    n, h, wd, c = x.shape
    oh, ow = (h - k) // s + 1, (wd - k) // s + 1
    cols = [x[:, ky:ky + s * (oh - 1) + 1:s, kx:kx + s * (ow - 1) + 1:s, :] for ky in range(k) for kx in range(k)]
    patches = np.stack(cols, axis=3).reshape(n * oh * ow, k * k * c)   # columns in (ky, kx, c) order
    return product(patches, w, b).reshape(n, oh, ow, -1)


def forward(architecture, tensors, x):
    """The network's test-time output (the scores) for a preprocessed batch x."""
    assert architecture["type"] == "Sequential"
    for i, layer in enumerate(architecture["layers"]):
        t = layer["type"]
        get = lambda name: tensors.get("%d.%s" % (i, name))
        if t == "Flatten":
            x = x.reshape(x.shape[0], -1)
        elif t in ("Dense", "BinaryDense"):
            x = product(x, layer_weights(layer, get("weight")), get("bias"))
        elif t in ("Conv2d", "BinaryConv2d"):
            x = conv(layer, x, layer_weights(layer, get("weight")), get("bias"))
        elif t == "BatchNorm":
            inv = (1 / np.sqrt((get("running_var") + F32(layer["epsilon"])).astype(np.float64))).astype(F32)
            gamma = get("gamma")
            if layer["shift_based"]:
                inv, gamma = pow2(inv), pow2(gamma)
            shift = -(get("running_mean") * inv)
            x = (x * inv + shift) * gamma + get("beta")
        elif t == "SignActivation":
            x = quantize(layer["quantizer"], x)
        elif t == "HardTanh":
            x = np.clip(x, F32(-1), F32(1))
        elif t == "Dropout":
            pass                              # identity at test time
        elif t == "MaxPool2d":
            w, s = layer["window"], layer["stride"]
            oh, ow = (x.shape[1] - w) // s + 1, (x.shape[2] - w) // s + 1
            x = np.max([x[:, dy:dy + s * (oh - 1) + 1:s, dx:dx + s * (ow - 1) + 1:s, :]
                        for dy in range(w) for dx in range(w)], axis=0)
        else:
            raise ValueError("layer %d: unknown type %s" % (i, t))
    return x


def preprocess(meta, tensors, x):
    """The dataset transform recorded under preprocessing.* (raw values in, network input out)."""
    x = x.astype(F32)
    kind = meta.get("preprocessing.kind")
    if kind == "pixel-scale":
        return F32(meta["preprocessing.scale"]) * x + F32(meta["preprocessing.offset"])
    if kind == "gcn-zca":
        shape, d = x.shape, int(np.prod(x.shape[1:]))
        x = x.reshape(-1, d)
        m = x.astype(np.float64).mean(axis=1, keepdims=True).astype(F32)
        c = x - m
        norm = np.sqrt((c.astype(np.float64) ** 2).sum(axis=1, keepdims=True)) / float(meta["preprocessing.gcn_scale"])
        f = (1 / np.where(norm < 1e-8, 1, norm)).astype(F32)
        z = c * f - tensors["preprocessing.mean"]
        return (z.astype(np.float64) @ tensors["preprocessing.whitening"].astype(np.float64)).astype(F32).reshape(shape)
    if kind is None:
        return x
    raise ValueError("unknown preprocessing " + kind)


def main(argv):
    tensors, meta = read_bnn_model(argv[1])
    x = np.load(argv[2])
    if "--preprocessed" not in argv:
        x = preprocess(meta, tensors, x)
    scores = forward(json.loads(meta["architecture"]), tensors, x.astype(F32))
    predicted = scores.argmax(axis=1)          # ties go to the first (lowest) class, as in bnn
    for row, c in zip(scores, predicted):
        print(c, *(["%.9g" % v for v in row] if "--scores" in argv else []))


if __name__ == "__main__":
    main(sys.argv)
