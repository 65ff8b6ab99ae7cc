package dev.bnn.kernels;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;

/** Argument checks shared by the kernel facades; every message names the operation and the shapes. */
final class Checks {
    private Checks() {}

    static void rank2(String op, String name, Tensor t) {
        if (t.rank() != 2) {
            throw new ShapeMismatchException(op + ": " + name + " must be a matrix but has shape "
                    + ShapeMismatchException.format(t.shape()));
        }
        wholeArray(op, name, t);
    }

    /** Kernels read tensors from array index 0; a view over part of an array is copied first by the caller. */
    static void wholeArray(String op, String name, Tensor t) {
        if (!t.isWholeArray()) {
            throw new IllegalArgumentException(op + ": " + name + " is a view (offset " + t.offset() + ", "
                    + t.size() + " of " + t.data().length + " entries); this kernel needs a tensor over a whole array");
        }
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

    static void notAliased(String op, Object out, Object... inputs) {
        for (Object in : inputs) {
            if (in == out) {
                throw new IllegalArgumentException(op + ": the output must not be the same array as an input");
            }
        }
    }
}
