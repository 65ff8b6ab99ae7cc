package dev.bnn.train.loss;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import java.util.Arrays;

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

    /**
     * targets_ik = on if labels_i = k, else off, with the checks of {@link Loss#encodeTargets};
     * allocation-free.
     */
    static void encode(Object loss, int[] labels, float on, float off, Tensor targets) {
        if (targets.rank() != 2 || targets.dim(0) != labels.length) {
            throw new ShapeMismatchException(loss + ": " + labels.length + " labels need targets of shape [" + labels.length
                    + ", K] but the targets have shape " + ShapeMismatchException.format(targets.shape()));
        }
        int k = targets.dim(1);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException(loss + ": label " + labels[i] + " at index " + i + " is not a class in 0.."
                        + (k - 1));
            }
        }
        float[] t = targets.data();
        int o = targets.offset();
        Arrays.fill(t, o, o + labels.length * k, off);
        for (int i = 0; i < labels.length; i++) {
            t[o + i * k + labels[i]] = on;
        }
    }
}
