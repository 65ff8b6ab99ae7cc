package dev.bnn.kernels;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-column integer thresholds that turn binary dot products straight into sign bits:
 * y_ij = +1 when dot_ij &gt;= threshold_j, else -1; when {@code negate_j} the sign is flipped
 * (y_ij = +1 when dot_ij &lt; threshold_j). So the output bit (1 = -1) is
 * {@code (dot < threshold_j) XOR negate_j}. A constant output uses threshold
 * {@link Integer#MIN_VALUE} (always +1, or always -1 when negated).
 *
 * <p>This is what a batch norm followed by sign becomes ({@link #fold}). In exact arithmetic, with
 * x = dot, sigma = sqrt(variance + epsilon), y = sign(gamma (x - mu) / sigma + beta) and
 * tau = mu - beta sigma / gamma: for gamma &gt; 0, y = +1 iff x &gt;= tau iff dot &gt;= ceil(tau);
 * for gamma &lt; 0, y = +1 iff x &lt;= tau iff NOT dot &gt;= floor(tau) + 1 (threshold
 * floor(tau) + 1, negated); for gamma = 0, y = sign(beta) for every x (also for the dots whose
 * normalized value overflows to infinity, where the float expression 0 * inf is NaN: the constant
 * is defined by the finite ones). {@code fold} does not
 * round tau itself: it finds the threshold of the float computation a layer performs, so the two
 * agree bit for bit even where float rounding moves the boundary by one.
 *
 * <p>Immutable: the arrays are copied in.
 */
public final class SignThresholds {
    private final int[] threshold;
    private final boolean[] negate;
    /** {@code negate} as bits, column j at bit (j &amp; 63) of word j / 64: read by the vector kernels. */
    private final long[] negateWords;

    /**
     * @param threshold threshold_j per output column
     * @param negate    negate_j per output column
     */
    public SignThresholds(int[] threshold, boolean[] negate) {
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(negate, "negate");
        if (threshold.length != negate.length) {
            throw new IllegalArgumentException("threshold has " + threshold.length + " columns but negate has "
                    + negate.length);
        }
        this.threshold = threshold.clone();
        this.negate = negate.clone();
        this.negateWords = new long[(negate.length + 63) >>> 6];
        for (int j = 0; j < negate.length; j++) {
            if (negate[j]) {
                negateWords[j >>> 6] |= 1L << j;
            }
        }
    }

    /** Thresholds with no negated column. */
    public static SignThresholds of(int... threshold) {
        return new SignThresholds(threshold, new boolean[threshold.length]);
    }

    /**
     * The thresholds of sign(batch norm(dot)) per column j, with batch norm evaluated in float by
     * {@link BatchNormArithmetic} (as the BatchNorm layer of bnn-train does in evaluation mode) on
     * {@code x = (float) dot}, and sign(0) = sign(-0) = +1.
     *
     * <p>Every step of that expression is monotone in x (non-increasing when gamma_j &lt; 0), so the
     * dots whose output is -1 form a range that ends (gamma &gt; 0) or starts (gamma &lt; 0) at one
     * integer; a binary search over the int range evaluates the same float expression to find it.
     * Ties (y exactly 0) and boundaries moved by rounding are therefore exact.
     *
     * @throws IllegalArgumentException if a parameter is not finite or variance_j + epsilon is not positive
     * @throws dev.bnn.core.ShapeMismatchException if the arrays differ in length
     */
    public static SignThresholds fold(float[] gamma, float[] beta, float[] mean, float[] variance, float epsilon) {
        int n = gamma.length;
        Checks.length("fold", "beta", beta.length, n);
        Checks.length("fold", "mean", mean.length, n);
        Checks.length("fold", "variance", variance.length, n);
        float[] invStd = new float[n];
        float[] shift = new float[n];
        for (int j = 0; j < n; j++) {
            if (!Float.isFinite(mean[j]) || !Float.isFinite(variance[j]) || !(variance[j] + epsilon > 0f)
                    || !Float.isFinite(epsilon)) {
                throw new IllegalArgumentException("fold: column " + j + " has mean " + mean[j] + ", variance "
                        + variance[j] + ", epsilon " + epsilon + ": need finite values and variance + epsilon > 0");
            }
            invStd[j] = BatchNormArithmetic.invStd(variance[j], epsilon);
            shift[j] = BatchNormArithmetic.shift(mean[j], invStd[j]);
        }
        return fold(null, invStd, shift, gamma, beta);
    }

    /**
     * The thresholds of sign(y_j) with y_j = {@link BatchNormArithmetic#apply}(x, invStd_j,
     * shift_j, gamma_j, beta_j) on x = (float) dot + bias_j (x = (float) dot when {@code bias} is
     * null): a batch norm whose float factors are already computed (e.g. the shift-based one's
     * powers of two), after a layer that adds a bias to its integer dot products. Each step is
     * monotone in dot, so the search of {@link #fold(float[], float[], float[], float[], float)}
     * applies unchanged.
     *
     * @throws IllegalArgumentException if a value is not finite
     * @throws dev.bnn.core.ShapeMismatchException if the arrays differ in length
     */
    public static SignThresholds fold(float[] bias, float[] invStd, float[] shift, float[] gamma, float[] beta) {
        int n = gamma.length;
        if (bias != null) {
            Checks.length("fold", "bias", bias.length, n);
        }
        Checks.length("fold", "invStd", invStd.length, n);
        Checks.length("fold", "shift", shift.length, n);
        Checks.length("fold", "beta", beta.length, n);
        for (int j = 0; j < n; j++) {
            float b = bias == null ? 0f : bias[j];
            if (!Float.isFinite(gamma[j]) || !Float.isFinite(beta[j]) || !Float.isFinite(invStd[j])
                    || !Float.isFinite(shift[j]) || !Float.isFinite(b)) {
                throw new IllegalArgumentException("fold: column " + j + " has bias " + b + ", 1/sigma " + invStd[j]
                        + ", shift " + shift[j] + ", gamma " + gamma[j] + ", beta " + beta[j] + ": need finite values");
            }
        }
        return search(n, j -> gamma[j] < 0f, (j, dot) -> {
            if (gamma[j] == 0f) {
                // y = 0 * (x invStd + shift) + beta = beta for every finite normalized value; where that
                // value overflows to +-infinity the float expression is NaN, which no sign is: defined
                // here as the constant sign(beta), the value at every dot where it is defined
                return beta[j] < 0f;
            }
            float x = bias != null ? (float) dot + bias[j] : (float) dot;
            return BatchNormArithmetic.apply(x, invStd[j], shift[j], gamma[j], beta[j]) < 0f;
        });
    }

    /** Whether the output of column j is -1 at an integer dot: monotone in the dot for each column. */
    @FunctionalInterface
    public interface Negative {
        boolean at(int column, long dot);
    }

    /**
     * The thresholds of any output that is -1 on a downward closed set of dots (a non-decreasing
     * pre-activation), or, for the columns where {@code decreasing} holds, on an upward closed one
     * (gamma &lt; 0): a binary search over the int range finds each column's boundary, so the
     * thresholds reproduce {@code negative} exactly wherever it is monotone.
     */
    public static SignThresholds search(int columns, java.util.function.IntPredicate decreasing, Negative negative) {
        int[] threshold = new int[columns];
        boolean[] negate = new boolean[columns];
        for (int j = 0; j < columns; j++) {
            boolean upward = decreasing.test(j);
            long first = firstOf(j, upward, negative);
            boolean never = first > Integer.MAX_VALUE;
            threshold[j] = never ? Integer.MIN_VALUE : (int) first;
            // upward: -1 iff dot >= first, i.e. NOT (dot < first); else -1 iff dot < first.
            // No such dot in the int range: a constant output (MIN_VALUE, negated for always -1).
            negate[j] = upward != never;
        }
        return new SignThresholds(threshold, negate);
    }

    /**
     * The first int dot at which the predicate turns true (Integer.MAX_VALUE + 1 if never): the
     * output is -1 when {@code upward}, else +1. The predicate is monotone in dot.
     */
    private static long firstOf(int j, boolean upward, Negative negative) {
        long lo = Integer.MIN_VALUE;
        long hi = (long) Integer.MAX_VALUE + 1;
        while (lo < hi) {
            long mid = (lo + hi) >> 1;
            boolean neg = negative.at(j, mid);
            if (upward == neg) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Number of output columns. */
    public int columns() {
        return threshold.length;
    }

    /** threshold_j. */
    public int threshold(int j) {
        return threshold[j];
    }

    /** negate_j. */
    public boolean negated(int j) {
        return negate[j];
    }

    /** The output bit for column j (1 means -1). */
    public boolean bit(int j, int dot) {
        return (dot < threshold[j]) ^ negate[j];
    }

    /** The thresholds, not copied: for the kernels only. */
    int[] thresholdArray() {
        return threshold;
    }

    /** The negate flags packed 64 to a word (column j at bit j &amp; 63 of word j / 64): for the kernels only. */
    long[] negateWords() {
        return negateWords;
    }

    /** The negated columns as a mask, column j at bit j &amp; 63 of word j / 64 (a copy): e.g. to pool thresholded bits. */
    public long[] negatedMask() {
        return negateWords.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignThresholds t && Arrays.equals(threshold, t.threshold) && Arrays.equals(negate, t.negate);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(threshold) + Arrays.hashCode(negate);
    }

    @Override
    public String toString() {
        return "SignThresholds[" + threshold.length + " columns]";
    }
}
