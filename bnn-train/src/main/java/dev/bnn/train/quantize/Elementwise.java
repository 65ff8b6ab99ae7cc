package dev.bnn.train.quantize;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;

/** The shape check of the quantizers that define their own element-wise function. */
final class Elementwise {
    private Elementwise() {}

    static void check(String op, Tensor x, Tensor y, Tensor out) {
        if (!x.hasShape(y.shape()) || !x.hasShape(out.shape())) {
            throw new ShapeMismatchException(op + ": input has shape " + ShapeMismatchException.format(x.shape())
                    + " but the other operands have shapes " + ShapeMismatchException.format(y.shape()) + " and "
                    + ShapeMismatchException.format(out.shape()));
        }
    }
}
