package dev.bnn.train.loss;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.core.config.ConfigType;
import java.util.Map;

/**
 * The squared hinge loss of the BinaryConnect and BNN papers' L2-SVM output layer (Tang 2013),
 * on ±1 targets t (one-hot with -1 elsewhere):
 * L = (1/N) sum_i sum_k max(0, 1 - t_ik y_ik)^2, dL/dy_ik = -(2/N) t_ik max(0, 1 - t_ik y_ik).
 */
public final class SquaredHinge implements Loss {
    private Tensor margin;

    @Override
    public float evaluate(Tensor prediction, Tensor target, Tensor gradient) {
        int n = LossChecks.check(this, prediction, target, gradient);
        margin = margin != null && margin.hasShape(prediction.shape()) ? margin : Tensor.zeros(prediction.shape());
        TensorOps.multiply(target, prediction, margin);
        TensorOps.affine(-1f, margin, 1f, margin);
        TensorOps.clip(margin, 0f, Float.POSITIVE_INFINITY, margin);
        if (gradient != null) {
            TensorOps.multiply(target, margin, gradient);
            TensorOps.scale(-2f / n, gradient, gradient);
        }
        return (float) (TensorOps.dot(margin, margin) / n);
    }

    /** +1 at the label, -1 elsewhere. */
    @Override
    public void encodeTargets(int[] labels, Tensor targets) {
        LossChecks.encode(this, labels, 1f, -1f, targets);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("type", "SquaredHinge");
    }

    @Override
    public String toString() {
        return "SquaredHinge";
    }

    /** Registers {@code "SquaredHinge"}. */
    public static final class Type extends ConfigType<Loss> {
        public Type() {
            super("SquaredHinge", Loss.class, c -> new SquaredHinge());
        }
    }
}
