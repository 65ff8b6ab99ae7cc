package dev.bnn.train;

import dev.bnn.train.optim.LearningRateSchedule;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides a training run besides the network, the loss and the optimizer; the
 * trainer logs it whole at the start and stores it in every model file it writes.
 *
 * @param epochs                 epochs to train (a resumed run continues up to this count)
 * @param batchSize              examples per mini-batch (the papers: 100 on MNIST, 50 on CIFAR-10)
 * @param seed                   the seed of the shuffling (epoch e is shuffled by a generator
 *                               seeded from (seed, e), so a resumed run shuffles as the
 *                               uninterrupted one)
 * @param threads                the kernels' and the optimizer's thread count
 * @param validationSize         examples held out from the end of the training set by
 *                               {@link Trainer#fit(dev.bnn.core.Dataset, dev.bnn.core.Dataset)}
 *                               (the papers: the last 10,000 of MNIST); 0 for none
 * @param earlyStoppingPatience  stop after this many epochs without a new best validation error;
 *                               0 never stops early
 * @param schedule               the learning-rate factor per epoch
 * @param outputDir              where the checkpoint, the best model and the epoch CSV go; null
 *                               writes nothing
 */
public record TrainerConfig(int epochs, int batchSize, long seed, int threads, int validationSize,
        int earlyStoppingPatience, LearningRateSchedule schedule, Path outputDir) {

    public TrainerConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (validationSize < 0) {
            throw new IllegalArgumentException("validation size must not be negative, got " + validationSize);
        }
        if (earlyStoppingPatience < 0) {
            throw new IllegalArgumentException("early-stopping patience must not be negative, got " + earlyStoppingPatience);
        }
        Objects.requireNonNull(schedule, "schedule");
    }

    /**
     * Defaults: 10 epochs, batch 100, seed 1, all processors, no validation split, no early
     * stopping, constant learning rate, no output folder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration as JSON-able data (the schedule as its configuration). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("seed", seed);
        m.put("threads", threads);
        m.put("validation_size", validationSize);
        m.put("early_stopping_patience", earlyStoppingPatience);
        m.put("schedule", schedule.config());
        m.put("output_dir", outputDir == null ? null : outputDir.toString());
        return m;
    }

    /** Builds a {@link TrainerConfig}; see {@link #builder()} for the defaults. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 100;
        private long seed = 1;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int validationSize;
        private int earlyStoppingPatience;
        private LearningRateSchedule schedule = LearningRateSchedule.constant();
        private Path outputDir;

        private Builder() {}

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder validationSize(int validationSize) {
            this.validationSize = validationSize;
            return this;
        }

        public Builder earlyStoppingPatience(int epochs) {
            this.earlyStoppingPatience = epochs;
            return this;
        }

        public Builder schedule(LearningRateSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        public Builder outputDir(Path outputDir) {
            this.outputDir = outputDir;
            return this;
        }

        public TrainerConfig build() {
            return new TrainerConfig(epochs, batchSize, seed, threads, validationSize, earlyStoppingPatience, schedule, outputDir);
        }
    }
}
