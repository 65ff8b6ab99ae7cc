package dev.bnn.train.optim;

import dev.bnn.core.config.Registry;
import java.util.Map;

/** Rebuilds a learning-rate schedule from its {@link LearningRateSchedule#config()}, by the types registered beside their classes. */
public final class LearningRateSchedules {
    private static final Registry<LearningRateSchedule> REGISTRY = Registry.of("learning-rate schedule", LearningRateSchedule.class);

    private LearningRateSchedules() {}

    /** The registry: {@code register} adds a schedule type of one's own. */
    public static Registry<LearningRateSchedule> registry() {
        return REGISTRY;
    }

    /** The schedule described by {@code config}; an unknown type names the known ones. */
    public static LearningRateSchedule fromConfig(Map<String, ?> config) {
        return REGISTRY.fromConfig(config);
    }
}
