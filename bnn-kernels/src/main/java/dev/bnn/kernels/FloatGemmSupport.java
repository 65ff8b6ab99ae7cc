package dev.bnn.kernels;

/**
 * Float GEMM kernel family: one tile of c_ij = [c_ij if accumulate] + sum_k opA_ik * opB_kj
 * [+ bias_j], with opA = A or A^T and opB = B or B^T. Arguments are validated by
 * {@link FloatGemm}; implementations assume they fit.
 *
 * <p>Layouts (row-major, no leading-dimension padding): A is m x k, or k x m when
 * {@code transA}; B is k x n, or n x k when {@code transB}; C is m x n; bias (nullable) has n
 * entries.
 *
 * <p>Only the tile rows [rowStart, rowEnd) x columns [colStart, colEnd) of C are written. The
 * value written for an element must not depend on the tile bounds (so results do not depend on
 * how {@link FloatGemm} splits the work over threads): each element accumulates over k in one
 * fixed order, starting from c_ij when accumulating (else 0), and the bias is added last.
 */
interface FloatGemmSupport {
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float[] a, float[] b, float[] c, float[] bias, boolean accumulate,
              int rowStart, int rowEnd, int colStart, int colEnd);
}
