package dev.bnn.train.optim;

/**
 * The learning rate of each epoch as a factor on the optimizer's base rate: the trainer calls
 * {@link Optimizer#setLearningRateFactor} with {@code factor(epoch, epochs)} at the start of every
 * epoch (epoch = 0 .. epochs-1). A schedule is a pure function, so a resumed run gets the rates
 * of the uninterrupted one.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The factor for {@code epoch} of a run of {@code epochs} epochs. */
    double factor(int epoch, int epochs);

    /** Factor 1 throughout. */
    static LearningRateSchedule constant() {
        return named((epoch, epochs) -> 1, "constant");
    }

    /**
     * The BinaryConnect and BNN papers' schedule: exponential decay from LR_start at the first
     * epoch towards LR_fin = LR_start * {@code finalFactor} after the last, i.e.
     * factor(e) = finalFactor^(e / epochs), as {@code LR *= LR_decay} with
     * LR_decay = (LR_fin / LR_start)^(1 / epochs) in the papers' code. With {@code --lr-start}
     * and {@code --lr-end}, finalFactor = lrEnd / lrStart.
     */
    static LearningRateSchedule exponential(double finalFactor) {
        if (!(finalFactor > 0) || Double.isInfinite(finalFactor)) {
            throw new IllegalArgumentException("exponential schedule: final factor must be positive and finite, got " + finalFactor);
        }
        return named((epoch, epochs) -> Math.pow(finalFactor, (double) epoch / epochs), "exponential(to x" + finalFactor + ")");
    }

    /** Multiplies the rate by {@code gamma} every {@code everyEpochs} epochs: factor(e) = gamma^floor(e / everyEpochs). */
    static LearningRateSchedule step(int everyEpochs, double gamma) {
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("step schedule: period must be at least one epoch, got " + everyEpochs);
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("step schedule: gamma must be positive and finite, got " + gamma);
        }
        return named((epoch, epochs) -> Math.pow(gamma, epoch / everyEpochs), "step(x" + gamma + " every " + everyEpochs + " epochs)");
    }

    /**
     * Cosine annealing without restarts (Loshchilov and Hutter 2017) from 1 down to
     * {@code minFactor}: factor(e) = min + (1 - min) (1 + cos(pi e / epochs)) / 2.
     */
    static LearningRateSchedule cosine(double minFactor) {
        if (!(minFactor >= 0 && minFactor <= 1)) {
            throw new IllegalArgumentException("cosine schedule: minimum factor must be in [0, 1], got " + minFactor);
        }
        return named((epoch, epochs) -> minFactor + (1 - minFactor) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2,
                "cosine(to x" + minFactor + ")");
    }

    /** {@code schedule} with a {@code toString()} of {@code name}, for the logged configuration. */
    static LearningRateSchedule named(LearningRateSchedule schedule, String name) {
        return new LearningRateSchedule() {
            @Override
            public double factor(int epoch, int epochs) {
                return schedule.factor(epoch, epochs);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
