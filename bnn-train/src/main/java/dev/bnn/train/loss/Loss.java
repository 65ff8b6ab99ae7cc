package dev.bnn.train.loss;

import dev.bnn.core.Tensor;
import java.util.Map;

/**
 * A loss over a batch: the mean over the N samples of a per-sample loss of the network's output
 * (shape {@code N x K}) against targets of the same shape, which {@link #encodeTargets} makes
 * from class labels.
 */
public interface Loss {

    /**
     * The loss averaged over the batch; when {@code gradient} is not null, also writes
     * d loss / d prediction into it (same shape as the prediction), ready for the network's
     * backward.
     *
     * @throws dev.bnn.core.ShapeMismatchException naming the loss and both shapes
     */
    float evaluate(Tensor prediction, Tensor target, Tensor gradient);

    /**
     * Writes the targets this loss trains towards for class {@code labels[i]} into row i of
     * {@code targets} ({@code N x K}, N = labels.length), overwriting it; allocates nothing (it runs
     * per batch).
     *
     * @throws dev.bnn.core.ShapeMismatchException if {@code targets} is not {@code labels.length x K}
     * @throws IllegalArgumentException naming the first label outside 0 .. K-1 and its index
     */
    void encodeTargets(int[] labels, Tensor targets);

    /** {"type": name, parameters...}, read back by {@link Losses#fromConfig}. */
    Map<String, Object> config();
}
