package dev.bnn.train.loss;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.core.config.ConfigType;
import java.util.Map;

/**
 * Softmax cross-entropy on logits y against target distributions t (one-hot rows, or any rows
 * that sum to 1): with p = softmax(y) per row, L = -(1/N) sum_i sum_k t_ik log p_ik and
 * dL/dy = (p - t) / N. The loss is computed as (1/N) (sum_i logsumexp(y_i) - sum_ik t_ik y_ik),
 * using sum_k t_ik = 1, so it stays finite when a p underflows.
 */
public final class SoftmaxCrossEntropy implements Loss {
    private Tensor rowWork;

    @Override
    public float evaluate(Tensor prediction, Tensor target, Tensor gradient) {
        int n = LossChecks.check(this, prediction, target, gradient);
        rowWork = rowWork != null && rowWork.size() == n ? rowWork : Tensor.zeros(n);
        TensorOps.rowSums(target, rowWork);
        TensorOps.affine(1f, rowWork, -1f, rowWork);
        if (!(TensorOps.maxAbs(rowWork) <= 1e-3f)) {
            throw new IllegalArgumentException(this + ": target rows must sum to 1 (distributions, e.g. one-hot); "
                    + "a row of the target of shape [" + n + ", " + prediction.dim(1) + "] is off by "
                    + TensorOps.maxAbs(rowWork));
        }
        TensorOps.logSumExpRows(prediction, rowWork);
        double loss = (TensorOps.sum(rowWork) - TensorOps.dot(target, prediction)) / n;
        if (gradient != null) {
            TensorOps.softmaxRows(prediction, gradient);
            TensorOps.axpy(-1f, target, gradient);
            TensorOps.scale(1f / n, gradient, gradient);
        }
        return (float) loss;
    }

    /** One-hot: 1 at the label, 0 elsewhere. */
    @Override
    public void encodeTargets(int[] labels, Tensor targets) {
        LossChecks.encode(this, labels, 1f, 0f, targets);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("type", "SoftmaxCrossEntropy");
    }

    @Override
    public String toString() {
        return "SoftmaxCrossEntropy";
    }

    /** Registers {@code "SoftmaxCrossEntropy"}. */
    public static final class Type extends ConfigType<Loss> {
        public Type() {
            super("SoftmaxCrossEntropy", Loss.class, c -> new SoftmaxCrossEntropy());
        }
    }
}
