package dev.bnn.train;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.train.loss.Loss;

/**
 * The reused buffers that score one batch of outputs against its labels: the encoded targets,
 * the loss gradient and the arg-max of each row, reallocated only when the batch shape changes.
 */
final class LossBuffers {
    private final Loss loss;
    private Tensor targets;
    private Tensor gradient;
    private int[] predicted = new int[0];

    LossBuffers(Loss loss) {
        this.loss = loss;
    }

    /** The mean loss of {@code output} (N x K) on {@code labels}; with {@code withGradient}, also d loss / d output into {@link #gradient()}. */
    float evaluate(Tensor output, int[] labels, boolean withGradient) {
        int n = output.dim(0);
        int k = output.dim(1);
        if (targets == null || !targets.hasShape(n, k)) {
            targets = Tensor.zeros(n, k);
            gradient = Tensor.zeros(n, k);
        }
        loss.encodeTargets(labels, targets);
        return loss.evaluate(output, targets, withGradient ? gradient : null);
    }

    /** The gradient written by the last {@link #evaluate} with a gradient. */
    Tensor gradient() {
        return gradient;
    }

    /** Rows of {@code output} whose arg-max (the first on ties) differs from the label. */
    int misclassified(Tensor output, int[] labels) {
        if (predicted.length != labels.length) {
            predicted = new int[labels.length];
        }
        TensorOps.argmaxRows(output, predicted);
        int wrong = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] != labels[i]) {
                wrong++;
            }
        }
        return wrong;
    }
}
