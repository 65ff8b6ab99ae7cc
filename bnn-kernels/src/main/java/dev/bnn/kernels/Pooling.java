package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import java.util.Arrays;

/**
 * Max pooling over NHWC images and its backward: a window x window square moved by
 * {@code stride}, no padding, so outHeight = (height - window) / stride + 1 (likewise the width).
 * Forward records, per output element, the index (within the input) of the maximum it took, the
 * first one on ties; backward routes each output gradient to that element. Data movement and
 * comparisons only: one implementation for every platform. Views are accepted.
 */
public final class Pooling {
    private Pooling() {}

    /** The output size along an axis of {@code size} for this window and stride. */
    public static int outputSize(int size, int window, int stride) {
        if (window < 1 || stride < 1 || size < window) {
            throw new IllegalArgumentException("max pooling: window " + window + " and stride " + stride
                    + " do not fit an axis of " + size);
        }
        return (size - window) / stride + 1;
    }

    /**
     * out[b, oy, ox, c] = max over ky, kx &lt; window of in[b, oy stride + ky, ox stride + kx, c];
     * {@code argmax} (one entry per output element) receives the input element's flat index.
     */
    public static void maxPool(Tensor in, int window, int stride, Tensor out, int[] argmax) {
        if (in.rank() != 4) {
            throw new ShapeMismatchException("maxPool: input must be [N, H, W, C] but has shape "
                    + ShapeMismatchException.format(in.shape()));
        }
        int n = in.dim(0), h = in.dim(1), w = in.dim(2), c = in.dim(3);
        int oh = outputSize(h, window, stride), ow = outputSize(w, window, stride);
        out.requireShape("maxPool: output", n, oh, ow, c);
        Checks.length("maxPool", "argmax", argmax.length, out.size());
        float[] src = in.data(), dst = out.data();
        int o = 0;
        for (int b = 0; b < n; b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int first = ((b * h + oy * stride) * w + ox * stride) * c;
                    for (int ch = 0; ch < c; ch++, o++) {
                        int best = first + ch;
                        for (int ky = 0; ky < window; ky++) {
                            for (int kx = 0; kx < window; kx++) {
                                int idx = first + (ky * w + kx) * c + ch;
                                if (src[in.offset() + idx] > src[in.offset() + best]) {
                                    best = idx;
                                }
                            }
                        }
                        argmax[o] = best;
                        dst[out.offset() + o] = src[in.offset() + best];
                    }
                }
            }
        }
    }

    /** gradIn = 0, then gradIn[argmax[o]] += gradOut[o] for every output element o. */
    public static void maxPoolBackward(Tensor gradOut, int[] argmax, Tensor gradIn) {
        Checks.length("maxPoolBackward", "argmax", argmax.length, gradOut.size());
        float[] g = gradOut.data(), dst = gradIn.data();
        Arrays.fill(dst, gradIn.offset(), gradIn.offset() + gradIn.size(), 0f);
        for (int o = 0; o < argmax.length; o++) {
            int target = java.util.Objects.checkIndex(argmax[o], gradIn.size());
            dst[gradIn.offset() + target] += g[gradOut.offset() + o];
        }
    }

    /**
     * Max pooling of packed ±1 feature maps, for sign bits a threshold produced: {@code in} has one
     * row of C channel bits per pixel (batch x height x width rows, NHWC), {@code out} one per
     * output pixel. With bit 1 meaning -1, the max of ±1 values is -1 only when all are, so a
     * pooled bit is the AND of the window's bits; for the channels set in {@code orMask} (column j
     * at bit j &amp; 63 of word j / 64) it is the OR instead: the bits of a negated threshold
     * (gamma &lt; 0), where the larger dot gives the -1. Pooling the dots and then thresholding
     * gives the same bits (the threshold is monotone), so this is exact. Padding bits stay 0.
     */
    public static void maxPoolBits(BitMatrix in, int batch, int height, int width, int window, int stride,
                                   long[] orMask, BitMatrix out) {
        int oh = outputSize(height, window, stride);
        int ow = outputSize(width, window, stride);
        int wpr = in.wordsPerRow();
        if ((long) batch * height * width != in.rows() || (long) batch * oh * ow != out.rows() || out.cols() != in.cols()
                || orMask.length != wpr) {
            throw new ShapeMismatchException("maxPoolBits: " + batch + " images of " + height + " x " + width + " x "
                    + in.cols() + " bits need input [" + (long) batch * height * width + ", " + in.cols() + "] and output ["
                    + (long) batch * oh * ow + ", " + in.cols() + "] and a mask of " + wpr + " words; got [" + in.rows()
                    + ", " + in.cols() + "], [" + out.rows() + ", " + out.cols() + "], " + orMask.length);
        }
        long[] src = in.words();
        long[] dst = out.words();
        int o = 0;
        for (int b = 0; b < batch; b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, o += wpr) {
                    int first = (b * height + oy * stride) * width + ox * stride;
                    for (int k = 0; k < wpr; k++) {
                        long all = -1L;
                        long any = 0L;
                        for (int ky = 0; ky < window; ky++) {
                            for (int kx = 0; kx < window; kx++) {
                                long v = src[(first + ky * width + kx) * wpr + k];
                                all &= v;
                                any |= v;
                            }
                        }
                        dst[o + k] = (all & ~orMask[k]) | (any & orMask[k]);
                    }
                }
            }
        }
    }
}
