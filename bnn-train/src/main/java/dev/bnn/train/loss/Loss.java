package dev.bnn.train.loss;

import dev.bnn.core.Tensor;
import java.util.Map;

/**
 * A loss over a batch: the mean over the N samples of a per-sample loss of the network's output
 * (shape {@code N x K}) against targets of the same shape.
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

    /** {"type": name}. */
    Map<String, Object> config();
}
