package dev.bnn.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The shared tolerance rule fails where it should: the helper every float suite relies on can fail. */
class FloatToleranceTest {

    @Test
    void theBoundGrowsWithTermsAndMagnitude() {
        assertEquals(2 * 12 * 0x1p-24 * 3.0 + Float.MIN_NORMAL, FloatTolerance.bound(10, 3.0));
        assertTrue(FloatTolerance.bound(1000, 1.0) > FloatTolerance.bound(10, 1.0));
    }

    @Test
    void errorsWithinTheBoundPassAndBeyondItFail() {
        double bound = FloatTolerance.bound(100, 50.0);
        FloatTolerance.assertClose("exact", 25.0, 25f, 100, 50.0);
        FloatTolerance.assertClose("within", 25.0, (float) (25.0 + bound / 2), 100, 50.0);
        AssertionError e = assertThrows(AssertionError.class,
                () -> FloatTolerance.assertClose("C[1, 2]", 25.0, Math.nextUp((float) (25.0 + 2 * bound)), 100, 50.0));
        assertTrue(e.getMessage().startsWith("C[1, 2]"), e.getMessage());
        assertThrows(AssertionError.class, () -> FloatTolerance.assertClose("NaN", 25.0, Float.NaN, 100, 50.0));
    }

    @Test
    void assertionsAreEnabledForTheTests() {
        // Production code asserts invariants (padding bits after packed writes); tests must run them.
        boolean enabled = false;
        assert enabled = true;
        assertTrue(enabled, "run the tests with -ea (surefire enableAssertions)");
    }
}
