package dev.bnn.train.optim;

import dev.bnn.core.config.Config;
import java.util.Map;

/**
 * What the moment-based optimizers (Adam, AdaMax, ShiftAdaMax) share: a first moment m and a
 * second-moment slot, their decay rates beta1 and beta2 in [0, 1), epsilon in the denominator,
 * argument checks, configuration {"type", "learning_rate", "beta1", "beta2", "epsilon",
 * "glorot_scale"} and description. Subclasses give the bias correction and the update rule.
 */
abstract sealed class MomentOptimizer extends ElementwiseOptimizer permits Adam, AdaMax, ShiftAdaMax {
    /** The constructor {@code (learningRate, beta1, beta2, epsilon, glorotScale)} of a moment-based optimizer. */
    @FunctionalInterface
    interface Factory {
        Optimizer create(double learningRate, double beta1, double beta2, double epsilon, boolean glorotScale);
    }

    protected final double beta1;
    protected final double beta2;
    protected final double epsilon;

    /**
     * @param secondSlot the name of the second-moment state slot ("v" for Adam, "u" for AdaMax)
     */
    MomentOptimizer(double learningRate, double beta1, double beta2, double epsilon, boolean glorotScale, String secondSlot) {
        super(learningRate, glorotScale, "m", secondSlot);
        this.beta1 = checkBeta("beta1", beta1);
        this.beta2 = checkBeta("beta2", beta2);
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException(name() + ": epsilon must be positive and finite, got " + epsilon);
        }
        this.epsilon = epsilon;
    }

    private double checkBeta(String which, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(name() + ": " + which + " must be in [0, 1), got " + beta);
        }
        return beta;
    }

    private String name() {
        return getClass().getSimpleName();
    }

    @Override
    public final Map<String, Object> config() {
        return Config.of(name(), "learning_rate", learningRate(), "beta1", beta1, "beta2", beta2, "epsilon", epsilon,
                "glorot_scale", glorotScale());
    }

    /** The optimizer of a {@link #config()}, built by {@code factory}. */
    static Optimizer fromConfig(Map<String, ?> c, Factory factory) {
        return factory.create(Config.number(c, "learning_rate"), Config.number(c, "beta1"), Config.number(c, "beta2"),
                Config.number(c, "epsilon"), Config.bool(c, "glorot_scale"));
    }

    @Override
    public final String toString() {
        return name() + "(lr " + learningRate() + ", beta1 " + beta1 + ", beta2 " + beta2 + ", epsilon " + epsilon
                + ", Glorot scale " + (glorotScale() ? "on" : "off") + ")";
    }
}
