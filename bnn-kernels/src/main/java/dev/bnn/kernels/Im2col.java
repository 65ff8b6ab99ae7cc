package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;

/**
 * im2col: turns a convolution into a matrix product. Images are NHWC (batch, height, width,
 * channels); the patch matrix has one row per output position (b, oy, ox), row-major over
 * (b, oy, ox), and one column per (ky, kx, c), so a convolution with weights W (outChannels x
 * kernelHeight*kernelWidth*channels, same column order) is patches . W^T.
 *
 * <h2>Padding</h2>
 * Float patches pad with 0. Packed patches pad with bit 0, i.e. <b>+1</b>, because a bit has no
 * zero. Packing a zero-padded float patch matrix gives exactly the +1-padded packed one (sign(0)
 * = +1). A binary convolution that must match zero padding subtracts
 * {@link #paddingCorrection}: a padded tap contributes +1 * w_j[tap, c] to the +1-padded dot
 * product and 0 to the zero-padded one, so
 * dot_zero(p, j) = dot_plus1(p, j) - sum over the taps t of p that fall in the padding of
 * sum_c w_j[t, c].
 *
 * <p>This is data movement (array copies and word shifts), not arithmetic, so it has one
 * implementation for every platform.
 */
public final class Im2col {
    private Im2col() {}

    /** Float patches of an NHWC batch: a (batch * outPositions) x patchSize tensor, zero-padded. */
    public static Tensor patches(Tensor images, ConvGeometry g) {
        int batch = checkImages(images, g);
        Tensor out = Tensor.zeros(batch * g.outPositions(), g.patchSize());
        float[] src = images.data();
        float[] dst = out.data();
        int c = g.channels();
        forEachTap(batch, g, (row, tap, pixel) -> {
            if (pixel >= 0) {
                System.arraycopy(src, pixel * c, dst, row * g.patchSize() + tap * c, c);
            }
        });
        return out;
    }

    /**
     * The adjoint of {@link #patches} (col2im), for backprop: adds each patch entry back onto the
     * image element it was copied from, so grad_input += col2im(grad_patches). Entries that came
     * from padding are dropped.
     */
    public static void addPatches(Tensor patchGrad, ConvGeometry g, Tensor imageGrad) {
        int batch = checkImages(imageGrad, g);
        patchGrad.requireShape("addPatches: patch gradient", batch * g.outPositions(), g.patchSize());
        float[] src = patchGrad.data();
        float[] dst = imageGrad.data();
        int c = g.channels();
        forEachTap(batch, g, (row, tap, pixel) -> {
            if (pixel >= 0) {
                int from = row * g.patchSize() + tap * c;
                for (int ch = 0; ch < c; ch++) {
                    dst[pixel * c + ch] += src[from + ch];
                }
            }
        });
    }

    /**
     * Packed patches: {@code pixels} holds one row of {@code channels} sign bits per pixel
     * (batch * height * width rows, NHWC order); the result has one row of patchSize bits per
     * output position, padded with +1 (bit 0). Bits are packed along channels: tap (ky, kx)
     * occupies bits [(ky * kernelWidth + kx) * channels, ... + channels) of the row.
     */
    public static BitMatrix patches(BitMatrix pixels, int batch, ConvGeometry g) {
        if (pixels.cols() != g.channels() || (long) batch * g.height() * g.width() != pixels.rows()) {
            throw new ShapeMismatchException("patches: pixel bits have shape [" + pixels.rows() + ", " + pixels.cols()
                    + "] but " + batch + " images of " + g + " need [" + (long) batch * g.height() * g.width()
                    + ", " + g.channels() + "]");
        }
        BitMatrix out = new BitMatrix(batch * g.outPositions(), g.patchSize());
        long[] src = pixels.words();
        long[] dst = out.words();
        int c = g.channels();
        forEachTap(batch, g, (row, tap, pixel) -> {
            if (pixel >= 0) {
                copyBits(src, pixel * pixels.wordsPerRow(), c, dst, row * out.wordsPerRow(), tap * c);
            }
        });
        return out;
    }

    /**
     * The zero-padding correction of a binary convolution, per output position of one image and
     * output channel: {@code corr[p * n + j]} = sum over the taps t of position p that fall in the
     * padding of sum_c w_j[t, c]; subtract it from the +1-padded dot products. It is the same for
     * every image of a batch. {@code weights} has one row of patchSize bits per output channel.
     */
    public static int[] paddingCorrection(ConvGeometry g, BitMatrix weights) {
        if (weights.cols() != g.patchSize()) {
            throw new ShapeMismatchException("paddingCorrection: weight rows have " + weights.cols()
                    + " bits but patches of " + g + " have " + g.patchSize());
        }
        int n = weights.rows();
        int taps = g.kernelHeight() * g.kernelWidth();
        int c = g.channels();
        // tapSum[j * taps + t] = sum_c w_j[t, c] = c - 2 * (number of -1 bits among the tap's channels)
        int[] tapSum = new int[n * taps];
        for (int j = 0; j < n; j++) {
            for (int t = 0; t < taps; t++) {
                int negative = 0;
                for (int ch = 0; ch < c; ch++) {
                    negative += weights.get(j, t * c + ch) < 0 ? 1 : 0;
                }
                tapSum[j * taps + t] = c - 2 * negative;
            }
        }
        int[] corr = new int[g.outPositions() * n];
        forEachTap(1, g, (p, tap, pixel) -> {
            if (pixel < 0) {
                for (int j = 0; j < n; j++) {
                    corr[p * n + j] += tapSum[j * taps + tap];
                }
            }
        });
        return corr;
    }

    /** Receives one tap of one output position: the patch row, the tap index ky * kernelWidth + kx, and the input pixel (-1 in the padding). */
    @FunctionalInterface
    private interface TapVisitor {
        void visit(int row, int tap, int pixel);
    }

    /** Visits every tap of every output position of a batch, rows in (b, oy, ox) order; pixel index (b * height + y) * width + x. */
    private static void forEachTap(int batch, ConvGeometry g, TapVisitor visitor) {
        int row = 0;
        for (int b = 0; b < batch; b++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++, row++) {
                    for (int ky = 0; ky < g.kernelHeight(); ky++) {
                        int y = oy * g.stride() - g.padding() + ky;
                        for (int kx = 0; kx < g.kernelWidth(); kx++) {
                            int x = ox * g.stride() - g.padding() + kx;
                            boolean inside = y >= 0 && y < g.height() && x >= 0 && x < g.width();
                            visitor.visit(row, ky * g.kernelWidth() + kx, inside ? (b * g.height() + y) * g.width() + x : -1);
                        }
                    }
                }
            }
        }
    }

    /** ORs {@code bits} bits starting at word {@code srcWord} into dst starting at bit {@code dstBit} of word {@code dstBase}. */
    private static void copyBits(long[] src, int srcWord, int bits, long[] dst, int dstBase, int dstBit) {
        int shift = dstBit & 63;
        int d = dstBase + (dstBit >>> 6);
        int words = BitMatrix.wordsFor(bits);
        for (int w = 0; w < words; w++) {
            long v = src[srcWord + w]; // bits past `bits` are zero padding, so whole words can be ORed
            dst[d + w] |= v << shift;
            // A shifted word spills into the next one, unless aligned (Java shifts are mod 64) or nothing spills.
            if (shift != 0 && (v >>> (64 - shift)) != 0) {
                dst[d + w + 1] |= v >>> (64 - shift);
            }
        }
    }

    private static int checkImages(Tensor images, ConvGeometry g) {
        if (images.rank() != 4 || images.dim(1) != g.height() || images.dim(2) != g.width()
                || images.dim(3) != g.channels()) {
            throw new ShapeMismatchException("im2col: images have shape " + ShapeMismatchException.format(images.shape())
                    + " but " + g + " needs [batch, " + g.height() + ", " + g.width() + ", " + g.channels() + "]");
        }
        return images.dim(0);
    }
}
