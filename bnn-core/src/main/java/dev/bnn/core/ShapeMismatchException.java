package dev.bnn.core;

import java.util.Arrays;

/**
 * Thrown when an argument's shape does not fit the operation. The message names what was being
 * checked and both shapes, e.g. {@code "mult: B has shape [3, 5] but A has shape [4, 2]"}.
 */
public final class ShapeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ShapeMismatchException(String message) {
        super(message);
    }

    /** Formats a shape as {@code [d0, d1, ...]}. */
    public static String format(int... shape) {
        return Arrays.toString(shape);
    }

    /**
     * Throws unless {@code found} equals {@code expected}.
     *
     * @param what names the argument, e.g. {@code "mult: output C"}
     */
    public static void require(String what, int[] expected, int[] found) {
        if (!Arrays.equals(expected, found)) {
            throw new ShapeMismatchException(
                    what + ": expected shape " + format(expected) + " but found " + format(found));
        }
    }
}
