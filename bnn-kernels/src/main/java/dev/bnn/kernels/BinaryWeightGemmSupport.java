package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Tensor;

/**
 * Float-by-sign-bits product kernel family: products of a float matrix with ±1 values read from
 * sign bits ({@link BitMatrix} encoding), with no multiplication by a ±1 value: a float is added
 * where the bit is 0 and subtracted where it is 1. Validated by {@link BinaryWeightGemm};
 * implementations assume the arguments fit.
 *
 * <p>Tensors are row-major from their {@link Tensor#offset()} (views are fine; nothing outside
 * them is touched). Each method writes only the tile rows [rowStart, rowEnd) x columns
 * [colStart, colEnd) of C, and the value written for an element does not depend on the tile
 * bounds.
 */
interface BinaryWeightGemmSupport {
    /**
     * BinaryConnect forward: c_ij = [c_ij if accumulate] + sum_p a_ip w_jp [+ bias_j], A m x k,
     * W n x k bits, C m x n, bias null or n entries.
     */
    void multTransB(Tensor a, BitMatrix w, Tensor bias, boolean accumulate, Tensor c,
                    int rowStart, int rowEnd, int colStart, int colEnd);

    /**
     * c_ij = [c_ij if accumulate] + sum_p opA_ip b_pj, with opA = A (m x k) or A^T (A k x m when
     * {@code transA}), B k x n bits, C m x n; each element is the sum over p = 0 .. k-1 in order,
     * starting from c_ij or +0 (one rounding per term, the same as a chain of fma(a, ±1, acc)).
     */
    void mult(boolean transA, Tensor a, BitMatrix b, boolean accumulate, Tensor c,
              int rowStart, int rowEnd, int colStart, int colEnd);
}
