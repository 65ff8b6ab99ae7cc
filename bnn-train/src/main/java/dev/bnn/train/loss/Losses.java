package dev.bnn.train.loss;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import java.util.Map;

/** Rebuilding a loss from its config, and target encodings. */
public final class Losses {
    private Losses() {}

    /** The loss described by {@link Loss#config()}. */
    public static Loss fromConfig(Map<String, ?> config) {
        Object type = config.get("type");
        if ("SquaredHinge".equals(type)) {
            return new SquaredHinge();
        }
        if ("SoftmaxCrossEntropy".equals(type)) {
            return new SoftmaxCrossEntropy();
        }
        throw new IllegalArgumentException("unknown loss type '" + type + "'; known: SquaredHinge, SoftmaxCrossEntropy");
    }

    /**
     * out_ik = on if labels_i = k, else off: one-hot targets (on 1, off 0) for cross-entropy, or
     * the ±1 targets of the squared hinge (on 1, off -1). {@code out} is {@code N x K}.
     */
    public static void encode(int[] labels, float on, float off, Tensor out) {
        if (out.rank() != 2 || out.dim(0) != labels.length) {
            throw new ShapeMismatchException("encode: " + labels.length + " labels need a target of shape ["
                    + labels.length + ", K] but the target has shape " + ShapeMismatchException.format(out.shape()));
        }
        int k = out.dim(1);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("encode: label " + labels[i] + " at " + i + " is not in 0.." + (k - 1));
            }
            Tensor row = out.slice(i, i + 1);
            dev.bnn.core.TensorOps.fill(off, row);
            row.set(on, 0, labels[i]);
        }
    }
}
