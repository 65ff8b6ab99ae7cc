package dev.bnn.train.optim;

import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * The learning rate of each epoch as a factor on the optimizer's base rate: the trainer calls
 * {@link Optimizer#setLearningRateFactor} with {@code factor(epoch, epochs)} at the start of every
 * epoch (epoch = 0 .. epochs-1). A schedule is a pure function, so a resumed run gets the rates
 * of the uninterrupted one. {@link #config()} describes it as data, read back by
 * {@link LearningRateSchedules#fromConfig}.
 */
public interface LearningRateSchedule {

    /** The factor for {@code epoch} of a run of {@code epochs} epochs. */
    double factor(int epoch, int epochs);

    /** {"type": name, parameters...}, read back by {@link LearningRateSchedules#fromConfig}. */
    Map<String, Object> config();

    /** Factor 1 throughout. */
    static LearningRateSchedule constant() {
        return new Constant();
    }

    /**
     * The BinaryConnect and BNN papers' schedule: exponential decay from LR_start at the first
     * epoch towards LR_fin = LR_start * {@code finalFactor} after the last, i.e.
     * factor(e) = finalFactor^(e / epochs), as {@code LR *= LR_decay} with
     * LR_decay = (LR_fin / LR_start)^(1 / epochs) in the papers' code. With {@code --lr-start}
     * and {@code --lr-end}, finalFactor = lrEnd / lrStart.
     */
    static LearningRateSchedule exponential(double finalFactor) {
        return new Exponential(finalFactor);
    }

    /** Multiplies the rate by {@code gamma} every {@code everyEpochs} epochs: factor(e) = gamma^floor(e / everyEpochs). */
    static LearningRateSchedule step(int everyEpochs, double gamma) {
        return new Step(everyEpochs, gamma);
    }

    /**
     * Cosine annealing without restarts (Loshchilov and Hutter 2017) from 1 down to
     * {@code minFactor}: factor(e) = min + (1 - min) (1 + cos(pi e / epochs)) / 2.
     */
    static LearningRateSchedule cosine(double minFactor) {
        return new Cosine(minFactor);
    }

    /** x to 6 significant digits for a description: 3e-7 / 0.003 prints as 0.0001, not 9.999999999999999E-5. */
    private static String number(double x) {
        return new BigDecimal(x).round(new MathContext(6)).stripTrailingZeros().toString();
    }

    /** Factor 1 throughout; config {"type": "Constant"}. */
    record Constant() implements LearningRateSchedule {
        @Override
        public double factor(int epoch, int epochs) {
            return 1;
        }

        @Override
        public Map<String, Object> config() {
            return Config.of("Constant");
        }

        @Override
        public String toString() {
            return "constant";
        }

        /** Registers {@code "Constant"}. */
        public static final class Type extends ConfigType<LearningRateSchedule> {
            public Type() {
                super("Constant", LearningRateSchedule.class, c -> new Constant());
            }
        }
    }

    /** factor(e) = finalFactor^(e / epochs), see {@link #exponential}; config {"type": "Exponential", "final_factor": ...}. */
    record Exponential(double finalFactor) implements LearningRateSchedule {
        public Exponential {
            if (!(finalFactor > 0) || Double.isInfinite(finalFactor)) {
                throw new IllegalArgumentException("exponential schedule: final factor must be positive and finite, got "
                        + finalFactor);
            }
        }

        @Override
        public double factor(int epoch, int epochs) {
            return Math.pow(finalFactor, (double) epoch / epochs);
        }

        @Override
        public Map<String, Object> config() {
            return Config.of("Exponential", "final_factor", finalFactor);
        }

        @Override
        public String toString() {
            return "exponential(to x" + number(finalFactor) + ")";
        }

        /** Registers {@code "Exponential"}. */
        public static final class Type extends ConfigType<LearningRateSchedule> {
            public Type() {
                super("Exponential", LearningRateSchedule.class, c -> new Exponential(Config.number(c, "final_factor")));
            }
        }
    }

    /** factor(e) = gamma^floor(e / everyEpochs); config {"type": "Step", "every_epochs": ..., "gamma": ...}. */
    record Step(int everyEpochs, double gamma) implements LearningRateSchedule {
        public Step {
            if (everyEpochs < 1) {
                throw new IllegalArgumentException("step schedule: period must be at least one epoch, got " + everyEpochs);
            }
            if (!(gamma > 0) || Double.isInfinite(gamma)) {
                throw new IllegalArgumentException("step schedule: gamma must be positive and finite, got " + gamma);
            }
        }

        @Override
        public double factor(int epoch, int epochs) {
            return Math.pow(gamma, epoch / everyEpochs);
        }

        @Override
        public Map<String, Object> config() {
            return Config.of("Step", "every_epochs", everyEpochs, "gamma", gamma);
        }

        @Override
        public String toString() {
            return "step(x" + number(gamma) + " every " + everyEpochs + " epochs)";
        }

        /** Registers {@code "Step"}. */
        public static final class Type extends ConfigType<LearningRateSchedule> {
            public Type() {
                super("Step", LearningRateSchedule.class, c -> new Step(Config.integer(c, "every_epochs"), Config.number(c, "gamma")));
            }
        }
    }

    /**
     * factor(e) = min + (1 - min) (1 + cos(pi e / epochs)) / 2, see {@link #cosine}; config
     * {"type": "Cosine", "min_factor": ...}.
     */
    record Cosine(double minFactor) implements LearningRateSchedule {
        public Cosine {
            if (!(minFactor >= 0 && minFactor <= 1)) {
                throw new IllegalArgumentException("cosine schedule: minimum factor must be in [0, 1], got " + minFactor);
            }
        }

        @Override
        public double factor(int epoch, int epochs) {
            return minFactor + (1 - minFactor) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
        }

        @Override
        public Map<String, Object> config() {
            return Config.of("Cosine", "min_factor", minFactor);
        }

        @Override
        public String toString() {
            return "cosine(to x" + number(minFactor) + ")";
        }

        /** Registers {@code "Cosine"}. */
        public static final class Type extends ConfigType<LearningRateSchedule> {
            public Type() {
                super("Cosine", LearningRateSchedule.class, c -> new Cosine(Config.number(c, "min_factor")));
            }
        }
    }
}
