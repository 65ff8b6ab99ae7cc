package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;

/**
 * Bit packing kernel family: rows of floats to sign bits in the {@link BitMatrix} encoding
 * (bit 1 where x &lt; 0, so sign(0) = +1 and -0.0 packs to +1; padding bits 0).
 */
interface BitPackingSupport {
    /**
     * Packs rows [rowStart, rowEnd) of the row-major {@code out.rows() x out.cols()} float matrix
     * that starts at {@code src[srcOffset]} into {@code out}, overwriting every word of those rows
     * (padding bits 0), and returns the largest |x| of those values (+0 for none, NaN when one is
     * NaN), found in the same pass.
     */
    float pack(float[] src, int srcOffset, BitMatrix out, int rowStart, int rowEnd);
}
