package dev.bnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.FloatGemm;
import dev.bnn.kernels.Parallelism;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The netlib baseline must compute the same row-major product as our FloatGemm (no transposition slip). */
class RowMajorSgemmTest {
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 7}, {7, 3, 5}, {1, 33, 17}, {17, 64, 1}, {13, 29, 31}};

    @Test
    void multMatchesFloatGemmMultForEveryJavaBlas() {
        int checked = 0;
        for (BLAS blas : new BLAS[] {NetlibBlas.f2j(), JavaBLAS.getInstance()}) {
            RandomGenerator rng = Seeds.generator(7);
            try (Parallelism p = Parallelism.singleThread()) {
                FloatGemm gemm = new FloatGemm(p);
                for (int[] s : SHAPES) {
                    int m = s[0];
                    int k = s[1];
                    int n = s[2];
                    Tensor a = Tensor.uniform(rng, -1f, 1f, m, k);
                    Tensor b = Tensor.uniform(rng, -1f, 1f, k, n);
                    Tensor expected = Tensor.zeros(m, n);
                    gemm.mult(a, b, expected);
                    float[] c = new float[m * n];
                    RowMajorSgemm.mult(blas, m, k, n, a.data(), b.data(), c);
                    assertClose(expected.data(), c, k, blas + " mult " + m + "x" + k + "x" + n);

                    Tensor w = Tensor.uniform(rng, -1f, 1f, n, k);
                    gemm.multTransB(a, w, expected);
                    RowMajorSgemm.multTransB(blas, m, k, n, a.data(), w.data(), c);
                    assertClose(expected.data(), c, k, blas + " multTransB " + m + "x" + k + "x" + n);
                    checked++;
                }
            }
        }
        assertEquals(2 * SHAPES.length, checked);
    }

    @Test
    void handComputedProduct() {
        // A = [[1, 2, 3], [4, 5, 6]], B = [[1, 0], [0, 1], [1, 1]]: A B = [[4, 5], [10, 11]].
        float[] c = new float[4];
        RowMajorSgemm.mult(NetlibBlas.f2j(), 2, 3, 2, new float[] {1, 2, 3, 4, 5, 6}, new float[] {1, 0, 0, 1, 1, 1}, c);
        assertEquals(java.util.List.of(4f, 5f, 10f, 11f), java.util.List.of(c[0], c[1], c[2], c[3]));
    }

    private static void assertClose(float[] expected, float[] actual, int k, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            // Different summation orders: a few ulps of a sum of k terms below 1 in magnitude.
            assertEquals(expected[i], actual[i], 1e-6f * k + 1e-6f, what + " at " + i);
        }
    }
}
