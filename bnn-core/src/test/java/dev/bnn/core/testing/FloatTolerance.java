package dev.bnn.core.testing;

/**
 * The one tolerance rule for comparing a float result with a double-precision reference, derived
 * rather than guessed.
 *
 * <p>A float computed as a chain of n roundings (n adds or fused multiply-adds, in any order)
 * over terms whose absolute values sum to S commits at most n roundings, each at most
 * u = 2^-24 times a partial sum bounded by S, so |error| &lt;= n u S. We allow
 * 2 (n + 2) u S (the factor 2 and the +2 cover a final add of a bias or a start value and
 * reorderings inside vector lanes) plus {@link Float#MIN_NORMAL} for results in the denormal
 * range.
 */
public final class FloatTolerance {
    /** Unit roundoff of float32: half an ulp of 1, 2^-24. */
    public static final double UNIT_ROUNDOFF = 0x1p-24;

    private FloatTolerance() {}

    /** The bound for a sum of {@code terms} terms whose absolute values sum to {@code magnitude}. */
    public static double bound(int terms, double magnitude) {
        return 2 * (terms + 2) * UNIT_ROUNDOFF * magnitude + Float.MIN_NORMAL;
    }

    /**
     * Fails unless |actual - expected| &lt;= {@link #bound}(terms, magnitude); NaN fails.
     *
     * @param what names the value in the failure message (operation, shape, element)
     */
    public static void assertClose(String what, double expected, float actual, int terms, double magnitude) {
        double tolerance = bound(terms, magnitude);
        double error = Math.abs(actual - expected);
        if (!(error <= tolerance)) {
            throw new AssertionError(what + ": " + actual + " but expected " + expected + " (error " + error
                    + " > tolerance " + tolerance + " for " + terms + " terms of magnitude " + magnitude + ")");
        }
    }
}
