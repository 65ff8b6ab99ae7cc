package dev.bnn.bench;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Seeds;
import dev.bnn.kernels.SignThresholds;
import java.util.random.RandomGenerator;

/** Random benchmark inputs (fixed seeds) and a spot check of the products computed from them. */
final class BenchInputs {
    static final long SEED = 20260101L;
    /** Entries of C compared against a plain loop after setup: enough to catch a layout mistake. */
    private static final int SPOT_CHECKS = 64;

    private BenchInputs() {}

    static RandomGenerator rng(long salt) {
        return Seeds.generator(SEED + salt);
    }

    /** Uniformly random bits, padding bits zero as {@link BitMatrix} requires. */
    static BitMatrix randomBits(RandomGenerator rng, int rows, int cols) {
        int wpr = BitMatrix.wordsFor(cols);
        long[] words = new long[rows * wpr];
        long mask = BitMatrix.lastWordMask(cols);
        for (int r = 0; r < rows; r++) {
            for (int w = 0; w < wpr; w++) {
                words[r * wpr + w] = rng.nextLong();
            }
            words[r * wpr + wpr - 1] &= mask;
        }
        return BitMatrix.wrap(words, rows, cols);
    }

    /** Uniform floats in [-1, 1). */
    static float[] randomFloats(RandomGenerator rng, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = rng.nextFloat(-1f, 1f);
        }
        return x;
    }

    /** Spot-checks c = op(a) (m x k; a stored k x m when transA) b (k x n, row-major) against a double-precision loop. */
    static void checkFloatProduct(String what, int m, int k, int n, boolean transA, float[] a, float[] b, float[] c) {
        RandomGenerator rng = rng(99);
        for (int t = 0; t < SPOT_CHECKS; t++) {
            int i = rng.nextInt(m);
            int j = rng.nextInt(n);
            double ref = 0;
            for (int p = 0; p < k; p++) {
                ref += (double) a[transA ? p * m + i : i * k + p] * b[p * n + j];
            }
            // k products of magnitude < 1 rounded in float: far below this for random signs.
            double tolerance = 1e-5 * k;
            if (Math.abs(ref - c[i * n + j]) > tolerance) {
                throw new IllegalStateException(what + ": C[" + i + "][" + j + "] = " + c[i * n + j]
                        + " but the reference is " + ref);
            }
        }
    }

    /** Spot-checks c[i * n + j] = dot(a_i, b_j) for bit matrices a (m x k) and b (n x k). */
    static void checkBinaryProduct(String what, BitMatrix a, BitMatrix b, int[] c) {
        RandomGenerator rng = rng(98);
        int n = b.rows();
        for (int t = 0; t < SPOT_CHECKS; t++) {
            int i = rng.nextInt(a.rows());
            int j = rng.nextInt(n);
            int ref = a.dot(i, b, j);
            if (c[i * n + j] != ref) {
                throw new IllegalStateException(what + ": C[" + i + "][" + j + "] = " + c[i * n + j]
                        + " but the reference is " + ref);
            }
        }
    }

    /**
     * Spot-checks the fused outputs against the int32 dots c (m x n, already checked):
     * scaled_ij = (float) c_ij * scale_j + bias_j and bit (i, j) = thresholds.bit(j, c_ij).
     */
    static void checkFusedOutputs(String what, int[] c, float[] scale, float[] bias, float[] scaled,
                                  SignThresholds thresholds, BitMatrix bits) {
        RandomGenerator rng = rng(97);
        int n = bits.cols();
        for (int t = 0; t < SPOT_CHECKS; t++) {
            int i = rng.nextInt(bits.rows());
            int j = rng.nextInt(n);
            int dot = c[i * n + j];
            if (scaled[i * n + j] != (float) dot * scale[j] + bias[j] || (bits.get(i, j) < 0) != thresholds.bit(j, dot)) {
                throw new IllegalStateException(what + ": fused outputs at [" + i + "][" + j + "] = " + scaled[i * n + j]
                        + " and " + bits.get(i, j) + " do not follow dot " + dot);
            }
        }
    }
}
