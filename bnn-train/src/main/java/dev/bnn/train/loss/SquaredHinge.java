package dev.bnn.train.loss;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
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

    @Override
    public Map<String, Object> config() {
        return Map.of("type", "SquaredHinge");
    }

    @Override
    public String toString() {
        return "SquaredHinge";
    }
}
