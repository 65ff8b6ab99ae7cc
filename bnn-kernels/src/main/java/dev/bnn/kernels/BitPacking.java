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

    private static float pack(Tensor t, BitMatrix out) {
        float maxAbs = KernelProvider.get().bitPacking().pack(t.data(), t.offset(), out, 0, out.rows());
        assert out.checkPadding();
        return maxAbs;
    }
}
