package dev.bnn.train.optim;

import dev.bnn.core.config.Config;
import java.util.Map;

/** Argument checks, configuration and description shared by the moment-based optimizers (Adam, AdaMax, ShiftAdaMax). */
final class Moments {
    private Moments() {}

    /** The constructor {@code (learningRate, beta1, beta2, epsilon, glorotScale)} of a moment-based optimizer. */
    @FunctionalInterface
    interface Factory {
        Optimizer create(double learningRate, double beta1, double beta2, double epsilon, boolean glorotScale);
    }

    static double checkBeta(String optimizer, String name, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be in [0, 1), got " + beta);
        }
        return beta;
    }

    static double checkEpsilon(String optimizer, double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException(optimizer + ": epsilon must be positive and finite, got " + epsilon);
        }
        return epsilon;
    }

    /** {"type": type, "learning_rate", "beta1", "beta2", "epsilon", "glorot_scale"}. */
    static Map<String, Object> config(String type, ElementwiseOptimizer o, double beta1, double beta2, double epsilon) {
        return Config.of(type, "learning_rate", o.learningRate(), "beta1", beta1, "beta2", beta2, "epsilon", epsilon,
                "glorot_scale", o.glorotScale());
    }

    /** The optimizer of a {@link #config}. */
    static Optimizer fromConfig(Map<String, ?> c, Factory factory) {
        return factory.create(Config.number(c, "learning_rate"), Config.number(c, "beta1"), Config.number(c, "beta2"),
                Config.number(c, "epsilon"), Config.bool(c, "glorot_scale"));
    }

    /** type(lr ..., beta1 ..., beta2 ..., epsilon ..., Glorot scale on|off). */
    static String describe(String type, ElementwiseOptimizer o, double beta1, double beta2, double epsilon) {
        return type + "(lr " + o.learningRate() + ", beta1 " + beta1 + ", beta2 " + beta2 + ", epsilon " + epsilon
                + ", Glorot scale " + (o.glorotScale() ? "on" : "off") + ")";
    }
}
