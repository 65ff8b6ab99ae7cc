package dev.bnn.bench;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Row-major products through column-major netlib {@code sgemm}.
 *
 * <p>A row-major m x n matrix is, read column-major, its n x m transpose. So row-major
 * C = A B is computed as the column-major C^T = B^T A^T: {@code sgemm("N", "N", n, m, k, 1,
 * B, n, A, k, 0, C, n)}, where B (k x n row-major) is the column-major n x k matrix B^T with
 * leading dimension n, and A (m x k) is the column-major k x m matrix A^T with leading dimension k.
 */
public final class RowMajorSgemm {
    private RowMajorSgemm() {}

    /**
     * c_ij = sum_p a_ip b_pj for row-major A (m x k), B (k x n), C (m x n). Only {@code c} is modified.
     */
    public static void mult(BLAS blas, int m, int k, int n, float[] a, float[] b, float[] c) {
        check("a", a, (long) m * k);
        check("b", b, (long) k * n);
        check("c", c, (long) m * n);
        blas.sgemm("N", "N", n, m, k, 1f, b, n, a, k, 0f, c, n);
    }

    /**
     * c_ij = sum_p a_ip b_jp (C = A B^T) for row-major A (m x k), B (n x k), C (m x n): the dense
     * layer with weights stored out x in. Column-major: C^T = B A^T, {@code sgemm("T", "N", n, m,
     * k, 1, B, k, A, k, 0, C, n)}. Only {@code c} is modified.
     */
    public static void multTransB(BLAS blas, int m, int k, int n, float[] a, float[] b, float[] c) {
        check("a", a, (long) m * k);
        check("b", b, (long) n * k);
        check("c", c, (long) m * n);
        blas.sgemm("T", "N", n, m, k, 1f, b, k, a, k, 0f, c, n);
    }

    private static void check(String name, float[] x, long expected) {
        if (x.length != expected) {
            throw new IllegalArgumentException(name + " has " + x.length + " entries, expected " + expected);
        }
    }
}
