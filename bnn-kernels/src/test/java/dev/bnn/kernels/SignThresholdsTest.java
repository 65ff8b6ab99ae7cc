package dev.bnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SignThresholdsTest {

    /**
     * Batch norm of one value in float as bnn-train's BatchNorm evaluates it (TensorOps.inverseSqrt,
     * then xhat = x invStd + (-(mean invStd)), then xhat gamma + beta, no FMA).
     */
    private static float batchNorm(int dot, float gamma, float beta, float mean, float variance, float eps) {
        float invStd = (float) (1 / Math.sqrt(variance + eps));
        float shift = -(mean * invStd);
        float xhat = (float) dot * invStd + shift;
        return xhat * gamma + beta;
    }

    /** sign(batchNorm(dot)) as an output bit: true means -1 (sign(0) = +1). */
    private static boolean signBitOfBatchNorm(int dot, float gamma, float beta, float mean, float variance, float eps) {
        return !(batchNorm(dot, gamma, beta, mean, variance, eps) >= 0f);
    }

    @Test
    void bitIsTheThresholdComparisonXorNegate() {
        SignThresholds t = new SignThresholds(new int[] {3, 3, Integer.MIN_VALUE, Integer.MIN_VALUE},
                new boolean[] {false, true, false, true});
        assertFalse(t.bit(0, 3));   // dot 3 >= 3: +1, bit 0
        assertTrue(t.bit(0, 2));    // dot 2 < 3: -1, bit 1
        assertTrue(t.bit(1, 3));    // negated: dot 3 >= 3 gives -1
        assertFalse(t.bit(1, 2));   // negated: dot 2 < 3 gives +1
        assertFalse(t.bit(2, Integer.MIN_VALUE)); // always +1
        assertTrue(t.bit(3, 0));    // always -1
        assertThrows(IllegalArgumentException.class, () -> new SignThresholds(new int[2], new boolean[3]));
    }

    @Test
    void arraysAreCopiedIn() {
        int[] threshold = {5};
        boolean[] negate = {false};
        SignThresholds t = new SignThresholds(threshold, negate);
        threshold[0] = -5;
        negate[0] = true;
        assertEquals(5, t.threshold(0));
        assertFalse(t.negated(0));
        assertEquals(0L, t.negateWords()[0]);
    }

    @Test
    void foldMatchesSignOfFloatBatchNormForEveryDot() {
        RandomGenerator rng = Seeds.generator(5);
        int k = 300;
        int columns = 4000;
        float[] gamma = new float[columns];
        float[] beta = new float[columns];
        float[] mean = new float[columns];
        float[] variance = new float[columns];
        float eps = 1e-3f;
        int ties = 0;
        for (int j = 0; j < columns; j++) {
            mean[j] = rng.nextFloat(-k, k);
            variance[j] = rng.nextFloat(0f, 50f);
            beta[j] = rng.nextFloat(-3f, 3f);
            gamma[j] = rng.nextFloat(-2f, 2f);
            switch (j % 8) {
                case 0 -> gamma[j] = 0f;                 // constant sign(beta)
                case 1 -> gamma[j] = -gamma[j] * gamma[j] - 0.5f; // gamma < 0
                case 2 -> {                              // a tie: y = 0 exactly at an integer dot
                    mean[j] = rng.nextInt(-k, k + 1);
                    beta[j] = 0f;
                }
                case 3 -> {                              // a tie at a random dot d0, with beta != 0 in general
                    int d0 = rng.nextInt(-k, k + 1);
                    float xhat0 = batchNorm(d0, 1f, 0f, mean[j], variance[j], eps);
                    beta[j] = -(xhat0 * gamma[j]);
                }
                case 4 -> beta[j] = 1e6f * (rng.nextBoolean() ? 1 : -1); // a constant sign through a huge tau
                default -> { }
            }
        }
        SignThresholds t = SignThresholds.fold(gamma, beta, mean, variance, eps);
        int checked = 0;
        for (int j = 0; j < columns; j++) {
            for (int dot = -k - 2; dot <= k + 2; dot++) {
                boolean expected = signBitOfBatchNorm(dot, gamma[j], beta[j], mean[j], variance[j], eps);
                if (batchNorm(dot, gamma[j], beta[j], mean[j], variance[j], eps) == 0f) {
                    ties++;
                }
                if (expected != t.bit(j, dot)) {
                    assertEquals(expected, t.bit(j, dot), "column " + j + " dot " + dot + " gamma " + gamma[j]
                            + " beta " + beta[j] + " mean " + mean[j] + " variance " + variance[j]
                            + " threshold " + t.threshold(j) + " negated " + t.negated(j));
                }
                checked++;
            }
            // Far outside any dot of this k, too: the threshold is exact over the whole int range.
            for (int dot : new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}) {
                assertEquals(signBitOfBatchNorm(dot, gamma[j], beta[j], mean[j], variance[j], eps), t.bit(j, dot));
            }
        }
        assertEquals(columns * (2 * k + 5), checked);
        assertTrue(ties >= 1000, "ties checked: " + ties);
    }

    @Test
    void foldOfTheIdentityBatchNormIsSignOfTheDot() {
        // gamma 1, beta 0, mean 0, variance 1 - eps: y = dot, so +1 iff dot >= 0.
        SignThresholds t = SignThresholds.fold(new float[] {1f, -1f}, new float[2], new float[2],
                new float[] {0.75f, 0.75f}, 0.25f);
        assertEquals(0, t.threshold(0));
        assertFalse(t.negated(0));
        // gamma -1: +1 iff -dot >= 0 iff dot <= 0: -1 iff dot >= 1.
        assertEquals(1, t.threshold(1));
        assertTrue(t.negated(1));
        // gamma 0: always sign(beta).
        assertEquals(new SignThresholds(new int[] {Integer.MIN_VALUE, Integer.MIN_VALUE}, new boolean[] {false, true}),
                SignThresholds.fold(new float[] {0f, 0f}, new float[] {2f, -2f}, new float[2], new float[] {1f, 1f}, 0f));
    }

    @Test
    void foldRejectsBadParameters() {
        float[] one = {1f};
        assertThrows(IllegalArgumentException.class, () -> SignThresholds.fold(one, one, one, new float[] {0f}, 0f));
        assertThrows(IllegalArgumentException.class, () -> SignThresholds.fold(new float[] {Float.NaN}, one, one, one, 0f));
        assertThrows(IllegalArgumentException.class, () -> SignThresholds.fold(one, one, one, new float[] {-1f}, 0.5f));
        var e = assertThrows(dev.bnn.core.ShapeMismatchException.class,
                () -> SignThresholds.fold(one, new float[2], one, one, 0f));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
    }
    /** With a bias before the batch norm: the threshold of the float expression (float) dot + bias, for every dot. */
    @Test
    void foldWithABiasMatchesTheFloatExpressionForEveryDot() {
        RandomGenerator rng = Seeds.generator(17);
        int n = 200;
        float[] bias = new float[n], inv = new float[n], shift = new float[n], gamma = new float[n], beta = new float[n];
        for (int j = 0; j < n; j++) {
            bias[j] = (float) rng.nextGaussian() * 3;
            inv[j] = 0.01f + rng.nextFloat();
            shift[j] = (float) rng.nextGaussian() * 5;
            gamma[j] = j % 7 == 0 ? 0f : (float) rng.nextGaussian();
            beta[j] = (float) rng.nextGaussian();
        }
        SignThresholds t = SignThresholds.fold(bias, inv, shift, gamma, beta);
        for (int j = 0; j < n; j++) {
            for (int dot = -300; dot <= 300; dot++) {
                float y = BatchNormArithmetic.apply((float) dot + bias[j], inv[j], shift[j], gamma[j], beta[j]);
                assertEquals(y < 0f, t.bit(j, dot), "column " + j + ", dot " + dot);
            }
        }
    }
    /**
     * gamma = 0 gives the constant sign(beta); with a normalized value that overflows to infinity at
     * the ends of the int range (invStd 1e38), 0 * inf is NaN there: still the constant, by definition.
     */
    @Test
    void zeroGammaIsTheConstantSignOfBetaEvenWhereTheFloatExpressionIsNaN() {
        float[] one = {1f};
        SignThresholds minus = SignThresholds.fold(null, new float[] {1e38f}, new float[] {0f}, new float[] {0f},
                new float[] {-0.5f});
        SignThresholds plus = SignThresholds.fold(null, new float[] {1e38f}, new float[] {0f}, new float[] {0f}, one);
        for (int dot : new int[] {Integer.MIN_VALUE, -5, 0, 5, Integer.MAX_VALUE}) {
            assertTrue(minus.bit(0, dot), "always -1 at " + dot);
            assertFalse(plus.bit(0, dot), "always +1 at " + dot);
        }
        assertTrue(Float.isNaN(BatchNormArithmetic.apply(Integer.MAX_VALUE, 1e38f, 0f, 0f, -0.5f)), "the case is real");
    }
}
