package dev.bnn.train.optim;

import dev.bnn.core.config.Registry;
import java.util.Map;

/** Rebuilds an optimizer from its {@link Optimizer#config()}, by the types registered beside their classes. */
public final class Optimizers {
    private static final Registry<Optimizer> REGISTRY = Registry.of("optimizer", Optimizer.class);

    private Optimizers() {}

    /** The registry: {@code register} adds an optimizer type of one's own. */
    public static Registry<Optimizer> registry() {
        return REGISTRY;
    }

    /** The (unbound) optimizer described by {@code config}; an unknown type names the known ones. */
    public static Optimizer fromConfig(Map<String, ?> config) {
        return REGISTRY.fromConfig(config);
    }
}
