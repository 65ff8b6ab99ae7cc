package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;

/**
 * BinaryConnect product kernel family: float activations times binary weights with no
 * multiplications, c_ij = [c_ij if accumulate] + sum_k a_ik * w_jk [+ bias_j] with w_jk = ±1
 * read from the sign bits of W (n x k bits, {@link BitMatrix} encoding): a_ik is added where the
 * bit is 0 and subtracted where it is 1. A is m x k row-major, C is m x n. Validated by
 * {@link BinaryWeightGemm}.
 *
 * <p>Writes only the tile rows [rowStart, rowEnd) x columns [colStart, colEnd); the value
 * written for an element does not depend on the tile bounds.
 */
interface BinaryWeightGemmSupport {
    void gemm(float[] a, int m, int k, BitMatrix w, float[] c, float[] bias, boolean accumulate,
              int rowStart, int rowEnd, int colStart, int colEnd);
}
