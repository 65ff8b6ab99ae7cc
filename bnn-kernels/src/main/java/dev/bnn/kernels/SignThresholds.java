package dev.bnn.kernels;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-column integer thresholds that turn binary dot products straight into sign bits:
 * y_ij = +1 when dot_ij &gt;= threshold_j, else -1; when {@code negate_j} the sign is flipped
 * (y_ij = +1 when dot_ij &lt; threshold_j). So the output bit (1 = -1) is
 * {@code (dot < threshold_j) XOR negate_j}.
 *
 * <p>This is what a folded batch norm followed by sign becomes. With x = dot,
 * y = sign(gamma (x - mu) / sigma + beta) and tau = mu - beta sigma / gamma:
 * for gamma &gt; 0, y = +1 iff x &gt;= tau iff dot &gt;= ceil(tau) (threshold ceil(tau));
 * for gamma &lt; 0, y = +1 iff x &lt;= tau iff NOT dot &gt;= floor(tau) + 1 (threshold
 * floor(tau) + 1, negated). A constant output uses threshold Integer.MIN_VALUE (always +1, or
 * always -1 when negated).
 */
public record SignThresholds(int[] threshold, boolean[] negate) {

    public SignThresholds {
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(negate, "negate");
        if (threshold.length != negate.length) {
            throw new IllegalArgumentException("threshold has " + threshold.length + " columns but negate has "
                    + negate.length);
        }
    }

    /** Thresholds with no negated column. */
    public static SignThresholds of(int... threshold) {
        return new SignThresholds(threshold, new boolean[threshold.length]);
    }

    /** Number of output columns. */
    public int columns() {
        return threshold.length;
    }

    /** The output bit for column j (1 means -1). */
    public boolean bit(int j, int dot) {
        return (dot < threshold[j]) ^ negate[j];
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
