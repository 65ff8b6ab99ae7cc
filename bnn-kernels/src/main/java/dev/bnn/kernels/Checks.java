package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import java.util.Objects;

/**
 * Argument checks shared by the kernel facades; every message names the operation, the argument
 * and the shapes.
 */
final class Checks {
    private Checks() {}

    /** {@code t}, or a NullPointerException naming the operation and the argument. */
    static <T> T notNull(String op, String name, T t) {
        return Objects.requireNonNull(t, () -> op + ": " + name + " is null");
    }

    /** Non-null and of rank 2; a view at any offset is fine. */
    static Tensor rank2(String op, String name, Tensor t) {
        notNull(op, name, t);
        if (t.rank() != 2) {
            throw new ShapeMismatchException(op + ": " + name + " must be a matrix but has shape "
                    + ShapeMismatchException.format(t.shape()));
        }
        return t;
    }

    static void output(String op, Tensor c, int m, int n) {
        if (!c.hasShape(m, n)) {
            throw new ShapeMismatchException(op + ": output C has shape " + ShapeMismatchException.format(c.shape())
                    + " but the product has shape [" + m + ", " + n + "]");
        }
    }

    static void bias(String op, Tensor bias, int n) {
        if (bias != null && !bias.hasShape(n)) {
            throw new ShapeMismatchException(op + ": bias has shape " + ShapeMismatchException.format(bias.shape())
                    + " but the output has " + n + " columns, so expected [" + n + "]");
        }
    }

    static void length(String op, String name, int actual, long expected) {
        if (actual != expected) {
            throw new ShapeMismatchException(op + ": " + name + " has " + actual + " entries but " + expected
                    + " are needed");
        }
    }

    /**
     * Rejects an output tensor whose entries overlap those of an input: same backing array and
     * intersecting windows (a reshape or a second view of the same entries aliases; two disjoint
     * slices of one array do not). {@code inputs} alternates names and inputs, each a Tensor, a
     * whole float[] or null (skipped).
     */
    static void notAliased(String op, String outName, Tensor out, Object... inputs) {
        for (int i = 0; i < inputs.length; i += 2) {
            Object in = inputs[i + 1];
            boolean shared = in instanceof Tensor t ? overlap(out, t) : in == out.data() && out.size() > 0;
            if (shared) {
                throw new IllegalArgumentException(op + ": output " + outName + " (entries " + window(out)
                        + " of its array) shares entries with input " + inputs[i]
                        + "; the output must not be the same array as an input");
            }
        }
    }

    /**
     * Rejects an output bit matrix whose words array is also an input's, however each was wrapped
     * (two BitMatrix objects over one array, or panels rearranged into it).
     */
    static void notAliased(String op, String outName, BitMatrix out, String inName, long[] in) {
        if (out.words() == in) {
            throw new IllegalArgumentException(op + ": output " + outName + " is backed by the same words as input "
                    + inName + "; the output must not be the same array as an input");
        }
    }

    private static boolean overlap(Tensor x, Tensor y) {
        return x.data() == y.data() && x.size() > 0 && y.size() > 0
                && x.offset() < y.offset() + y.size() && y.offset() < x.offset() + x.size();
    }

    private static String window(Tensor t) {
        return t.offset() + ".." + (t.offset() + t.size() - 1);
    }
}
