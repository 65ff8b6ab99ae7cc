package dev.bnn.kernels;

import dev.bnn.core.Tensor;

/**
 * Float GEMM kernel family: one tile of c_ij = [c_ij if accumulate] + sum_k opA_ik * opB_kj
 * [+ bias_j], with opA = A or A^T and opB = B or B^T. Arguments are validated by
 * {@link FloatGemm}; implementations assume they fit.
 *
 * <p>Layouts: every tensor is row-major from its {@link Tensor#offset()} (a view may sit anywhere
 * in its array; nothing outside it is read or written). A is m x k, or k x m when
 * {@code transA}; B is k x n, or n x k when {@code transB}; C is m x n; bias (nullable) has n
 * entries.
 *
 * <p>Only the tile rows [rowStart, rowEnd) x columns [colStart, colEnd) of C are written. The
 * value written for an element must not depend on the tile bounds (so results do not depend on
 * how {@link FloatGemm} splits the work over threads): each element accumulates over k in one
 * fixed order, starting from c_ij when accumulating (else 0), and the bias is added last.
 */
interface FloatGemmSupport {
    void gemm(boolean transA, boolean transB, Tensor a, Tensor b, Tensor bias, boolean accumulate, Tensor c,
              int rowStart, int rowEnd, int colStart, int colEnd);
}
