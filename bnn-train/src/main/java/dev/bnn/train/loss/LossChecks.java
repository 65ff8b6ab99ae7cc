package dev.bnn.train.loss;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;

final class LossChecks {
    private LossChecks() {}

    /** Returns the batch size after checking prediction, target and gradient shapes. */
    static int check(Object loss, Tensor prediction, Tensor target, Tensor gradient) {
        if (prediction.rank() != 2 || prediction.dim(0) == 0 || prediction.dim(1) == 0) {
            throw new ShapeMismatchException(loss + ": prediction has shape " + ShapeMismatchException.format(prediction.shape())
                    + " but expected [N, K] with N, K >= 1");
        }
        if (!target.hasShape(prediction.shape())) {
            throw new ShapeMismatchException(loss + ": target has shape " + ShapeMismatchException.format(target.shape())
                    + " but the prediction has shape " + ShapeMismatchException.format(prediction.shape()));
        }
        if (gradient != null && !gradient.hasShape(prediction.shape())) {
            throw new ShapeMismatchException(loss + ": gradient has shape " + ShapeMismatchException.format(gradient.shape())
                    + " but the prediction has shape " + ShapeMismatchException.format(prediction.shape()));
        }
        return prediction.dim(0);
    }
}
