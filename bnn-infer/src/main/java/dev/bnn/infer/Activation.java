package dev.bnn.infer;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Tensor;

/**
 * The output of a layer for one batch: floats {@code [batch, ...shape]}, or bits with one row per
 * sample (a vector shape) or per pixel (an H x W x C shape, rows in NHWC order). Held by the
 * layer's scratch, so a call allocates none.
 */
final class Activation {
    Tensor floats;
    BitMatrix bits;

    static Activation of(Tensor floats) {
        Activation a = new Activation();
        a.floats = floats;
        return a;
    }

    static Activation of(BitMatrix bits) {
        Activation a = new Activation();
        a.bits = bits;
        return a;
    }
}
