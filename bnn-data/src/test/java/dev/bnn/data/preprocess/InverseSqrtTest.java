package dev.bnn.data.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.kernels.FloatGemm;
import dev.bnn.kernels.Parallelism;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/** Newton-Schulz M^(-1/2) against V diag(lambda^(-1/2)) V^T from Apache Commons Math, in double. */
class InverseSqrtTest {

    /** M = Q diag(lambda) Q^T with lambda spread geometrically over [1, kappa] times 1000 and Q random orthogonal. */
    private static double[] spd(long seed, int n, double kappa) {
        RandomGenerator rng = Seeds.generator(seed);
        double[][] a = new double[n][n];
        for (double[] row : a) {
            for (int j = 0; j < n; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        RealMatrix q = new EigenDecomposition(new Array2DRowRealMatrix(a).add(new Array2DRowRealMatrix(a).transpose())).getV();
        double[] m = new double[n * n];
        for (int k = 0; k < n; k++) {
            double lambda = 1000 * Math.pow(kappa, n == 1 ? 0 : (double) k / (n - 1)) / kappa;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    m[i * n + j] += lambda * q.getEntry(i, k) * q.getEntry(j, k);
                }
            }
        }
        // Exactly symmetric, or Commons Math takes the non-symmetric path.
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                m[i * n + j] = m[j * n + i];
            }
        }
        return m;
    }

    private static double[][] reference(double[] m, int n) {
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                g[i][j] = m[i * n + j];
            }
        }
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(g, false));
        RealMatrix v = e.getV();
        double[] lambda = e.getRealEigenvalues();
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    p[i][j] += v.getEntry(i, k) * v.getEntry(j, k) / Math.sqrt(lambda[k]);
                }
            }
        }
        return p;
    }

    /**
     * Relative Frobenius error against the double reference. Float products round at
     * u = 2^-24 ~ 6e-8 and the small eigenvalues amplify that to first order by the condition
     * number: about kappa u = 6e-4 for kappa = 1e4 (observed: at most 1.4e-4 for n up to 400),
     * so 3e-4 for kappa = 1e4 and 1e-5 for kappa &lt;= 10.
     */
    @Test
    void matchesTheEigendecompositionOverSizesAndConditionNumbers() {
        int checked = 0;
        try (Parallelism p = Parallelism.threads(2)) {
            FloatGemm gemm = new FloatGemm(p);
            for (int n : new int[] {1, 2, 7, 64, 129}) {
                for (double kappa : new double[] {1, 10, 1e4}) {
                    double[] m = spd(n * 31L + (long) kappa, n, kappa);
                    InverseSqrt.Result r = InverseSqrt.of(m, n, gemm);
                    double[][] ref = reference(m, n);
                    double err = 0;
                    double norm = 0;
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            double d = r.value().get(i, j) - ref[i][j];
                            err += d * d;
                            norm += ref[i][j] * ref[i][j];
                        }
                    }
                    double rel = Math.sqrt(err / norm);
                    assertTrue(rel < (kappa > 10 ? 3e-4 : 1e-5), "n " + n + ", kappa " + kappa + ": relative error " + rel + " after "
                            + r.steps() + " steps");
                    assertTrue(r.steps() <= 30, "steps " + r.steps());
                    checked++;
                }
            }
        }
        assertEquals(15, checked);
    }

    @Test
    void handComputedDiagonal() {
        InverseSqrt.Result r = InverseSqrt.of(new double[] {4, 0, 0, 0.25}, 2, new FloatGemm(Parallelism.singleThread()));
        assertEquals(0.5, r.value().get(0, 0), 1e-6);
        assertEquals(2, r.value().get(1, 1), 1e-5);
        assertEquals(0, r.value().get(0, 1), 1e-7);
    }

    @Test
    void indefiniteOrNonFiniteMatricesAreRejected() {
        FloatGemm gemm = new FloatGemm(Parallelism.singleThread());
        assertThrows(IllegalArgumentException.class, () -> InverseSqrt.of(new double[] {1, 0, 0, -1}, 2, gemm));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InverseSqrt.of(new double[] {Double.NaN}, 1, gemm));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
