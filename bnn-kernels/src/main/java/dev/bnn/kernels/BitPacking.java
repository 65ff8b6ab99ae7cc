package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;

/**
 * Packs float rows into sign bits ({@link BitMatrix} encoding: bit 1 where x &lt; 0, sign(0) = +1,
 * padding bits 0), vectorized where the Vector API is available. The one public way to pack
 * signs. Packing is linear in the input, so it runs on the calling thread. The input may be a
 * view ({@link Tensor#slice}): only its window is read.
 */
public final class BitPacking {
    private BitPacking() {}

    /** The sign bits of a matrix, as a new rows x cols bit matrix. */
    public static BitMatrix packSigns(Tensor t) {
        Checks.rank2("packSigns", "input", t);
        BitMatrix out = new BitMatrix(t.dim(0), t.dim(1));
        pack(t, out);
        return out;
    }

    /** Overwrites {@code out} with the sign bits of {@code t}, which must have out's shape. */
    public static void packSigns(Tensor t, BitMatrix out) {
        packSignsMaxAbs(t, out);
    }

    /**
     * As {@link #packSigns(Tensor, BitMatrix)}, and returns max |t_ij| (+0 for an empty t, NaN if
     * an entry is NaN), found in the same pass: a binary layer re-packing its latent weights
     * checks them with it (the straight-through bound, NaN) without reading them a second time.
     */
    public static float packSignsMaxAbs(Tensor t, BitMatrix out) {
        Checks.notNull("packSigns", "input", t);
        Checks.notNull("packSigns", "output", out);
        if (!t.hasShape(out.rows(), out.cols())) {
            throw new ShapeMismatchException("packSigns: input has shape " + ShapeMismatchException.format(t.shape())
                    + " but the bit matrix has shape [" + out.rows() + ", " + out.cols() + "]");
        }
        return pack(t, out);
    }

    /**
     * Joins every {@code group} consecutive rows of {@code rows} into one row of {@code out}: row r
     * of out is rows r * group, ..., r * group + group - 1 one after the other. This is how NHWC
     * pixel rows (one row of channel bits per pixel) become one row per image, in the order a
     * flatten of the N x H x W x C tensor gives. Overwrites {@code out}, which must be
     * (rows / group) x (group * cols) bits. Whole words are copied when cols is a multiple of 64.
     */
    public static void joinRows(BitMatrix rows, int group, BitMatrix out) {
        Checks.notNull("joinRows", "rows", rows);
        Checks.notNull("joinRows", "out", out);
        if (group < 1 || rows.rows() % group != 0 || out.rows() != rows.rows() / group
                || (long) out.cols() != (long) group * rows.cols()) {
            throw new ShapeMismatchException("joinRows: " + rows.rows() + " x " + rows.cols() + " bits in groups of "
                    + group + " cannot fill an output of " + out.rows() + " x " + out.cols() + " bits");
        }
        Checks.notAliased("joinRows", "out", out, "rows", rows.words());
        long[] src = rows.words();
        long[] dst = out.words();
        int srcWords = rows.wordsPerRow();
        if ((rows.cols() & 63) == 0) {
            System.arraycopy(src, 0, dst, 0, src.length); // the same words, read in groups
            return;
        }
        java.util.Arrays.fill(dst, 0L);
        int dstWords = out.wordsPerRow();
        for (int r = 0; r < rows.rows(); r++) {
            copyBits(src, r * srcWords, rows.cols(), dst, (r / group) * dstWords, (r % group) * rows.cols());
        }
        assert out.checkPadding();
    }

    /** ORs {@code bits} bits starting at word {@code srcWord} into dst starting at bit {@code dstBit} of word {@code dstBase}. */
    static void copyBits(long[] src, int srcWord, int bits, long[] dst, int dstBase, int dstBit) {
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

    private static float pack(Tensor t, BitMatrix out) {
        float maxAbs = KernelProvider.get().bitPacking().pack(t.data(), t.offset(), out, 0, out.rows());
        assert out.checkPadding();
        return maxAbs;
    }
}
